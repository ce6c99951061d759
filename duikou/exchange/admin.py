from django.contrib import admin

from duikou.common.admin import EditableAdmin
from duikou.exchange.models import IatiActivity, ImportRun, SectorMapping


@admin.register(SectorMapping)
class SectorMappingAdmin(EditableAdmin):
    list_display = ["vocabulary", "code", "category", "note"]
    list_filter = ["vocabulary", "category"]
    search_fields = ["code", "category__name", "note"]


@admin.register(IatiActivity)
class IatiActivityAdmin(admin.ModelAdmin):
    """Written by imports only: shown, not edited."""

    list_display = ["identifier", "project", "version", "status", "source", "imported_at"]
    search_fields = ["identifier", "project__code", "project__title"]
    list_select_related = ["project"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "pairing", "status", "activities", "created_by", "created_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
