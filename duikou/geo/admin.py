from django.contrib import admin

from duikou.geo.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "linked_city"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["parent", "linked_city"]
    readonly_fields = ["path"]
    list_select_related = ["parent", "linked_city"]
