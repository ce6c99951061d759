from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from duikou.common.admin import EditableAdmin
from duikou.projects.models import (
    BudgetLine,
    Category,
    ComplianceThreshold,
    Milestone,
    Project,
    ProjectRegion,
    StageEvent,
    Transaction,
)


@admin.register(Category)
class CategoryAdmin(EditableAdmin):
    list_display = ["code", "name", "name_en", "parent", "is_banned", "sort_order"]
    list_filter = ["is_banned"]
    search_fields = ["code", "name", "name_en"]


class ProjectRegionInline(admin.TabularInline):
    model = ProjectRegion
    autocomplete_fields = ["region"]
    extra = 0


class StageEventInline(admin.TabularInline):
    model = StageEvent
    extra = 0
    readonly_fields = ["recorded_by", "recorded_at"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class TransactionInline(admin.TabularInline):
    model = Transaction
    extra = 0
    readonly_fields = ["recorded_by", "recorded_at"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(EditableAdmin):
    list_display = [
        "code",
        "title",
        "category",
        "pairing",
        "stage",
        "delivery_mode",
        "total_investment",
        "is_livelihood",
        "is_grassroots",
        "is_illustrative",
    ]
    list_filter = [
        "stage",
        "category",
        "delivery_mode",
        "implementation_level",
        "construction_type",
        "is_livelihood",
        "is_grassroots",
        "is_fixed_asset",
        "is_illustrative",
    ]
    search_fields = ["code", "title", "title_en", "description"]
    autocomplete_fields = ["category", "pairing"]
    list_select_related = [
        "category",
        "pairing__supporter",
        "pairing__recipient_region",
        "pairing__recipient_organisation",
    ]
    inlines = [
        ProjectRegionInline,
        StageEventInline,
        BudgetLineInline,
        TransactionInline,
        MilestoneInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "title",
                    "title_en",
                    "description",
                    "description_en",
                    "category",
                    "pairing",
                ]
            },
        ),
        (
            _("政策属性"),
            {
                "fields": [
                    "is_livelihood",
                    "is_grassroots",
                    "implementation_level",
                    "delivery_mode",
                    "construction_type",
                    "is_fixed_asset",
                ]
            },
        ),
        (
            _("进度与投资"),
            {
                "fields": [
                    "stage",
                    "total_investment",
                    "currency",
                    "planned_start",
                    "planned_end",
                    "actual_start",
                    "actual_end",
                ]
            },
        ),
        (_("来源"), {"fields": ["source_note", "is_illustrative"]}),
    ]


@admin.register(Transaction)
class TransactionAdmin(EditableAdmin):
    list_display = ["date", "project", "kind", "amount", "currency", "source", "is_illustrative"]
    list_filter = ["kind", "source", "currency", "is_illustrative"]
    search_fields = ["project__code", "project__title", "description"]
    autocomplete_fields = ["project"]
    date_hierarchy = "date"
    list_select_related = ["project"]


@admin.register(BudgetLine)
class BudgetLineAdmin(EditableAdmin):
    list_display = ["project", "year", "source", "amount", "currency", "is_illustrative"]
    list_filter = ["year", "source", "is_illustrative"]
    search_fields = ["project__code", "project__title"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]


@admin.register(ComplianceThreshold)
class ComplianceThresholdAdmin(admin.ModelAdmin):
    list_display = ["year", "livelihood_min_share", "grassroots_min_share", "note"]


@admin.register(StageEvent)
class StageEventAdmin(admin.ModelAdmin):
    list_display = ["project", "stage", "date", "recorded_by", "is_illustrative"]
    list_filter = ["stage", "is_illustrative"]
    search_fields = ["project__code", "project__title", "note"]
    autocomplete_fields = ["project"]
    readonly_fields = ["recorded_by", "recorded_at"]
    list_select_related = ["project", "recorded_by"]


@admin.register(Milestone)
class MilestoneAdmin(EditableAdmin):
    list_display = ["title", "project", "planned_date", "actual_date", "is_illustrative"]
    list_filter = ["is_illustrative"]
    search_fields = ["title", "project__code", "project__title"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]


@admin.register(ProjectRegion)
class ProjectRegionAdmin(admin.ModelAdmin):
    list_display = ["project", "region", "share"]
    search_fields = ["project__code", "project__title", "region__name", "region__code"]
    autocomplete_fields = ["project", "region"]
    list_select_related = ["project", "region"]
