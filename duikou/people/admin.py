"""Admin for the configuration of the people module: batches, planned terms, and the
read-only log of views of unmasked ID and phone numbers. People themselves are not in the
admin: their sensitive fields are served only through the masking and logging of privacy.py."""

from django.contrib import admin

from duikou.common.admin import EditableAdmin
from duikou.people.models import Batch, SensitiveAccess, TermRule


@admin.register(Batch)
class BatchAdmin(EditableAdmin):
    list_display = ["number", "start_year", "end_year", "is_illustrative"]


@admin.register(TermRule)
class TermRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "duration", "months", "days", "note"]


@admin.register(SensitiveAccess)
class SensitiveAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "person", "fields", "context", "channel"]
    list_filter = ["channel", "context"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
