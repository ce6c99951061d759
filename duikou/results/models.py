"""Results (成效), after DHIS2's ideas kept small: data elements (what is counted, its unit and
how it adds up), indicators (formulas over data elements), periods (month, quarter, year,
five-year plan) and data values (a number for an element, period, region and optionally a
project, as a baseline, target or actual), approved by the recipient government.

A value is stored where it was reported. Roll-ups over the region tree and from shorter to
longer periods are computed in SQL (``rollup.py``); to make them fast, each value carries a
copy of its region's path and its period's dates.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from duikou.common.models import Editable, tracked_history


class Aggregation(models.TextChoices):
    SUM = "sum", _("求和")
    AVERAGE = "average", _("平均")
    LAST = "last", _("期末值")


class ValueType(models.TextChoices):
    COUNT = "count", _("计数(非负整数)")
    NUMBER = "number", _("数值")
    PERCENT = "percent", _("百分比")


class DataElement(Editable):
    """What is counted: jobs created, patient visits, sales… with its unit and how values add
    up over regions and time (``aggregation``: a stock such as households covered is
    ``last``, not summed over months). Values outside ``[min_value, max_value]`` are kept but
    flagged for follow-up."""

    code = models.CharField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    unit = models.CharField(pgettext_lazy("measure", "单位"), max_length=30, blank=True)
    unit_en = models.CharField(_("英文单位"), max_length=30, blank=True)
    value_type = models.CharField(
        _("数值类型"), max_length=10, choices=ValueType.choices, default=ValueType.COUNT
    )
    aggregation = models.CharField(
        _("汇总方式"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    min_value = models.DecimalField(
        _("合理下限"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("合理上限"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    description = models.TextField(_("说明"), blank=True)
    is_builtin = models.BooleanField(_("内置"), default=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("数据元素")
        verbose_name_plural = _("数据元素")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=F("min_value")),
                name="results_element_bounds_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(Editable):
    """A formula over data elements: ``numerator`` / ``denominator`` × ``factor``. Terms are
    written ``#{code}`` (the value of the kind asked for) or ``#{code.target}`` (a given kind:
    baseline, target or actual), with + − × ÷, numbers and brackets; e.g. achievement
    ``#{jobs_created.actual}`` / ``#{jobs_created.target}`` × 100."""

    code = models.CharField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    numerator = models.CharField(_("分子"), max_length=500)
    denominator = models.CharField(_("分母"), max_length=500, default="1")
    factor = models.DecimalField(_("系数"), max_digits=12, decimal_places=4, default=1)
    unit = models.CharField(pgettext_lazy("measure", "单位"), max_length=30, blank=True)
    unit_en = models.CharField(_("英文单位"), max_length=30, blank=True)
    description = models.TextField(_("说明"), blank=True)
    is_builtin = models.BooleanField(_("内置"), default=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """A reporting period by its code: ``202403`` (month), ``2024Q1`` (quarter), ``2024``
    (year), ``十四五`` (five-year plan). Made on first use (``periods.period_for``)."""

    class Kind(models.TextChoices):
        MONTH = "month", _("月")
        QUARTER = "quarter", _("季度")
        YEAR = "year", _("年")
        PLAN = "plan", _("五年规划")

    code = models.CharField(_("代码"), max_length=10, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("期间")
        verbose_name_plural = _("期间")
        ordering = ["start", "-end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="results_period_order")
        ]

    def __str__(self) -> str:
        return self.code


class DataValue(Editable):
    """One number: element, period, region, optional project, and kind. Unique on that key.
    Entered → submitted → approved by the recipient government (or returned with a reason);
    an approved value is locked until it is reopened (recorded, with a reason)."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("基线值")
        TARGET = "target", _("目标值")
        ACTUAL = "actual", _("实际值")

    class Status(models.TextChoices):
        ENTERED = "entered", _("已填报")
        SUBMITTED = "submitted", _("已提交")
        APPROVED = "approved", _("已审核")
        RETURNED = "returned", _("已退回")

    element = models.ForeignKey(
        DataElement, verbose_name=_("数据元素"), on_delete=models.PROTECT, related_name="values"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("期间"), on_delete=models.PROTECT, related_name="values"
    )
    region = models.ForeignKey(
        "geo.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="result_values",
    )
    kind = models.CharField(_("数值种类"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    comment = models.TextField(_("备注"), blank=True)
    follow_up = models.BooleanField(_("需核实"), default=False)
    follow_up_reason = models.CharField(_("核实原因"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.ENTERED
    )
    status_reason = models.CharField(_("退回或重新打开的原因"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    # Copies for the roll-ups (set by the services from the region and the period).
    region_path = models.CharField(max_length=255, editable=False)
    period_start = models.DateField(editable=False)
    period_end = models.DateField(editable=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("数据值")
        verbose_name_plural = _("数据值")
        ordering = ["period_start", "region_path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["element", "period", "region", "project", "kind"],
                condition=Q(project__isnull=False, deleted_at__isnull=True),
                name="results_value_unique_with_project",
                violation_error_message=_("该项目在此期间、地区已有同一数值。"),
            ),
            models.UniqueConstraint(
                fields=["element", "period", "region", "kind"],
                condition=Q(project__isnull=True, deleted_at__isnull=True),
                name="results_value_unique_without_project",
                violation_error_message=_("该地区在此期间已有同一数值。"),
            ),
        ]
        indexes = [
            models.Index(
                fields=["element", "kind", "period_start", "period_end", "region_path"],
                name="results_value_rollup",
                condition=Q(deleted_at__isnull=True),
            ),
            models.Index(fields=["project", "element"], name="results_value_project"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id} {self.period_id} {self.region_id} {self.kind}"
