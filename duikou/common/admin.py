"""Admin pieces shared by the editable models: history, soft-deleted rows, restore."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class DeletedFilter(admin.SimpleListFilter):
    title = _("删除状态")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", _("未删除")), ("yes", _("已删除"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.action(description=_("恢复所选的已删除记录"))
def restore_selected(modeladmin, request, queryset):
    from duikou.common.editing import restore

    for instance in queryset.filter(deleted_at__isnull=False):
        restore(instance, by=request.user)


class EditableAdmin(SimpleHistoryAdmin):
    """Shows soft-deleted rows too (filterable, restorable) and the history of each row."""

    actions = [restore_selected]
    history_list_display = ["history_channel"]

    def get_queryset(self, request):
        queryset = self.model.all_objects.all()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), DeletedFilter]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "version", "deleted_at", "deleted_by"]
