from django.contrib import admin

from duikou.common.admin import EditableAdmin
from duikou.partners.models import Organisation, Pairing


@admin.register(Organisation)
class OrganisationAdmin(EditableAdmin):
    list_display = ["name", "short_name", "kind", "region", "parent", "is_illustrative"]
    list_filter = ["kind", "is_illustrative"]
    search_fields = ["name", "name_en", "short_name", "region__name", "region__code"]
    autocomplete_fields = ["region", "parent"]
    readonly_fields = ["path"]
    list_select_related = ["region", "parent"]


@admin.register(Pairing)
class PairingAdmin(EditableAdmin):
    list_display = ["__str__", "level", "start_date", "end_date", "parent", "is_illustrative"]
    list_filter = ["level", "is_illustrative"]
    search_fields = [
        "supporter__name",
        "recipient_region__name",
        "recipient_organisation__name",
        "notes",
    ]
    autocomplete_fields = ["supporter", "recipient_region", "recipient_organisation", "parent"]
    readonly_fields = ["path"]
    list_select_related = [
        "supporter",
        "recipient_region",
        "recipient_organisation",
        "parent__supporter",
        "parent__recipient_region",
        "parent__recipient_organisation",
    ]
