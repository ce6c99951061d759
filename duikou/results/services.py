"""Writes of results: the library (data elements, indicators) and data values with their
approval. Validated (errors name the field), permission-checked, atomic, recorded in the
history.

A value's plausibility is checked on every save: a negative count is refused; a value outside
its element's bounds, or more than ten times the previous period's, is kept but flagged for
follow-up with the reason.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.common.editing import lock_for_edit, save_as, save_edit, soft_delete
from duikou.common.errors import field_error
from duikou.common.permissions import is_hq
from duikou.common.services import apply_changes
from duikou.geo.models import Region
from duikou.geo.selectors import region_by_code
from duikou.projects.models import Project
from duikou.projects.selectors import projects_visible_to
from duikou.results import expressions
from duikou.results.models import DataElement, DataValue, Indicator, Period, ValueType
from duikou.results.periods import period_for, previous_period_code
from duikou.results.selectors import (
    element_by_code,
    ensure_may_edit_library,
    may_approve,
    may_enter,
)

# What a user sets on a data element or an indicator, in the order forms show it; the
# built-in mark is set by HQ (and the library loader) only.
ELEMENT_FIELDS = [
    "code",
    "name",
    "name_en",
    "unit",
    "unit_en",
    "value_type",
    "aggregation",
    "min_value",
    "max_value",
    "description",
]
INDICATOR_FIELDS = [
    "code",
    "name",
    "name_en",
    "numerator",
    "denominator",
    "factor",
    "unit",
    "unit_en",
    "description",
]
MAX_VALUE = Decimal("1e15")
JUMP = 10  # a value more than 10× the previous period's is flagged
LONGEST_PERIOD = datetime.timedelta(days=5 * 366)


def plain(number: Decimal) -> str:
    """A number as people write it: ``30``, ``12.5`` (never ``3E+1``)."""
    return format(number.normalize(), "f")


def parse_number(value, *, field: str = "value", required: bool = True) -> Decimal | None:
    if value is None or str(value).strip() == "":
        if required:
            raise field_error(field, _("请填写数值。"))
        return None
    text = str(value).strip().replace(",", "").replace(",", "")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise field_error(field, _("“%(value)s”不是有效的数字。"), value=value) from None
    if not number.is_finite() or abs(number) >= MAX_VALUE:
        raise field_error(field, _("“%(value)s”不是有效的数字。"), value=value)
    if number != number.quantize(Decimal("0.0001")):
        raise field_error(field, _("数值最多保留四位小数。"))
    return number


# ------------------------------------------------------------------ the library


def _check_code(code: str) -> None:
    if not code or not all(c.isalnum() or c in "_-" for c in code) or not code.isascii():
        raise field_error("code", _("代码只能包含英文字母、数字、下划线和连字符。"))


def _check_element(element: DataElement) -> None:
    _check_code(element.code)
    for name in ("min_value", "max_value"):
        setattr(element, name, parse_number(getattr(element, name), field=name, required=False))
    if (
        element.min_value is not None
        and element.max_value is not None
        and element.max_value < element.min_value
    ):
        raise field_error("max_value", _("合理上限不能小于合理下限。"))
    taken = DataElement.all_objects.filter(code=element.code).exclude(pk=element.pk)
    if taken.exists():
        raise field_error("code", _("数据元素代码“%(code)s”已被使用。"), code=element.code)


@transaction.atomic
def element_create(*, by, **fields) -> DataElement:
    ensure_may_edit_library(by)
    if not is_hq(by):
        fields["is_builtin"] = False
    element = DataElement()
    apply_changes(element, fields, {*ELEMENT_FIELDS, "is_builtin"})
    _check_element(element)
    save_as(element, by=by)
    return element


@transaction.atomic
def element_update(*, by, element: DataElement, expected_version=None, **changes) -> DataElement:
    ensure_may_edit_library(by, element)
    lock_for_edit(element, expected_version)
    if "aggregation" in changes and changes["aggregation"] != element.aggregation:
        if element.values.exists():
            raise field_error(
                "aggregation", _("该数据元素已有数值,不能再改变汇总方式(会改变已有的汇总结果)。")
            )
    if apply_changes(element, changes, set(ELEMENT_FIELDS)):
        _check_element(element)
        save_edit(element, by=by)
    return element


def _check_indicator(indicator: Indicator) -> None:
    _check_code(indicator.code)
    terms = [
        *expressions.check(indicator.numerator, "numerator"),
        *expressions.check(indicator.denominator or "1", "denominator"),
    ]
    known = set(
        DataElement.objects.filter(code__in={t.code for t in terms}).values_list("code", flat=True)
    )
    for term in terms:
        if term.code not in known:
            field = (
                "numerator" if term in expressions.terms_of(indicator.numerator) else "denominator"
            )
            raise field_error(field, _("公式中的数据元素“%(code)s”不存在。"), code=term.code)
    indicator.factor = parse_number(indicator.factor, field="factor")
    if indicator.factor == 0:
        raise field_error("factor", _("系数不能为零。"))
    taken = Indicator.all_objects.filter(code=indicator.code).exclude(pk=indicator.pk)
    if taken.exists():
        raise field_error("code", _("指标代码“%(code)s”已被使用。"), code=indicator.code)


@transaction.atomic
def indicator_create(*, by, **fields) -> Indicator:
    ensure_may_edit_library(by)
    if not is_hq(by):
        fields["is_builtin"] = False
    indicator = Indicator()
    apply_changes(indicator, fields, {*INDICATOR_FIELDS, "is_builtin"})
    _check_indicator(indicator)
    save_as(indicator, by=by)
    return indicator


@transaction.atomic
def indicator_update(*, by, indicator: Indicator, expected_version=None, **changes) -> Indicator:
    ensure_may_edit_library(by, indicator)
    lock_for_edit(indicator, expected_version)
    if apply_changes(indicator, changes, set(INDICATOR_FIELDS)):
        _check_indicator(indicator)
        save_edit(indicator, by=by)
    return indicator


# ------------------------------------------------------------------ data values


def _project(by, value) -> Project | None:
    """The project by its code (or id); one the user may not see reads as unknown."""
    if value in (None, ""):
        return None
    if isinstance(value, Project):
        project = value
    else:
        project = Project.objects.filter(code=str(value).strip()).first()
        if project is None and str(value).strip().isdigit():
            project = Project.objects.filter(pk=int(str(value).strip())).first()
    if project is None or not (is_hq(by) or projects_visible_to(by).filter(pk=project.pk).exists()):
        raise field_error("project", _("项目“%(value)s”不存在或不在您的权限范围内。"), value=value)
    return project


def _check_project_region(project: Project, region: Region) -> None:
    paths = [share.region.path for share in project.region_shares.select_related("region")]
    if paths and not any(region.path.startswith(path) for path in paths):
        raise field_error(
            "region", _("地区“%(region)s”不在该项目的受援地区内。"), region=region.name
        )


def _check_value(element: DataElement, number: Decimal) -> None:
    if element.value_type == ValueType.COUNT:
        if number < 0:
            raise field_error("value", _("“%(element)s”是计数,不能为负数。"), element=element.name)
        if number != number.to_integral_value():
            raise field_error("value", _("“%(element)s”是计数,须为整数。"), element=element.name)


def _same_series(value: DataValue) -> Q:
    project = Q(project=value.project) if value.project else Q(project__isnull=True)
    return Q(element=value.element, kind=value.kind) & project


def _check_overlap(value: DataValue) -> None:
    """Nothing may be counted twice: in a series (element, kind, project) a value may not
    overlap another at a different period length in the same region, nor one in a region
    above or below it in an overlapping period."""
    region = value.region
    above = [code for code in region.path.strip("/").split("/")[:-1]]
    clash = (
        DataValue.objects.filter(_same_series(value))
        .filter(period_start__lte=value.period_end, period_end__gte=value.period_start)
        # no period is longer than a five-year plan: this bounds the index range read
        .filter(period_start__gte=value.period_start - LONGEST_PERIOD)
        .filter(
            (Q(region=region) & ~Q(period=value.period))
            | (Q(region_path__startswith=region.path) & ~Q(region=region))
            | Q(region__code__in=above)
        )
        .exclude(pk=value.pk)
        .select_related("region", "period")
        .first()
    )
    if clash is None:
        return
    field = "period" if clash.region_id == region.pk else "region"
    raise field_error(
        field,
        _(
            "与已填报的“%(region)s %(period)s”重叠:同一数据在一个地区层级、"
            "一种期间长度上只填报一次,汇总时才不会重复计算。"
        ),
        region=clash.region.name,
        period=clash.period.code,
    )


def _plausibility(value: DataValue) -> list[str]:
    """Why the value should be checked (empty when it looks plausible)."""
    element, number, reasons = value.element, value.value, []
    if element.min_value is not None and number < element.min_value:
        reasons.append(_("低于合理下限 %(min)s。") % {"min": plain(element.min_value)})
    if element.max_value is not None and number > element.max_value:
        reasons.append(_("高于合理上限 %(max)s。") % {"max": plain(element.max_value)})
    previous_code = previous_period_code(value.period)
    if previous_code:
        previous = (
            DataValue.objects.filter(_same_series(value), region=value.region)
            .filter(period__code=previous_code)
            .values_list("value", flat=True)
            .first()
        )
        if previous is not None and previous > 0 and number > previous * JUMP:
            reasons.append(
                _("是上一期(%(period)s:%(previous)s)的 %(times)s 倍。")
                % {
                    "period": previous_code,
                    "previous": plain(previous),
                    "times": (number / previous).quantize(Decimal("0.1")),
                }
            )
    return [str(reason) for reason in reasons]


def _resolve_key(by, element, period, region, project, kind) -> dict:
    element = element if isinstance(element, DataElement) else element_by_code(element)
    period = period if isinstance(period, Period) else period_for(period)
    region = region if isinstance(region, Region) else region_by_code(str(region or ""))
    project = _project(by, project)
    if kind not in DataValue.Kind.values:
        raise field_error("kind", _("数值种类应为 baseline、target 或 actual。"))
    if project is not None:
        _check_project_region(project, region)
    return {
        "element": element,
        "period": period,
        "region": region,
        "project": project,
        "kind": kind,
    }


@transaction.atomic
def value_save(
    *,
    by,
    element,
    period,
    region,
    kind,
    value,
    project=None,
    comment: str | None = None,
    follow_up: bool | None = None,
    is_illustrative: bool | None = None,
    expected_version=None,
) -> DataValue:
    """Enter or change the value for its key (element, period, region, project, kind).
    ``comment``, ``follow_up`` (a flag set by hand) and ``is_illustrative`` left as None keep
    what is stored. Saving what is already there changes nothing, even when it is approved.
    The record returned has ``created`` set: whether it is new."""
    key = _resolve_key(by, element, period, region, project, kind)
    if not may_enter(by, region_path=key["region"].path, project=key["project"]):
        raise PermissionDenied(_("您没有填报该项目或地区成效数据的权限。"))
    number = parse_number(value)
    _check_value(key["element"], number)
    record = DataValue.objects.filter(**key).first()
    created = record is None
    if created:
        record = DataValue(**key, comment="", is_illustrative=False)
    else:
        lock_for_edit(record, expected_version)
    record.created = created
    before = (record.value, record.comment, record.follow_up, record.is_illustrative)
    manual_flag = record.follow_up and not record.follow_up_reason
    record.value = number
    record.comment = record.comment if comment is None else str(comment)
    record.is_illustrative = (
        record.is_illustrative if is_illustrative is None else bool(is_illustrative)
    )
    record.region_path = key["region"].path
    record.period_start, record.period_end = key["period"].start, key["period"].end
    reasons = _plausibility(record)
    record.follow_up = bool(reasons) or (manual_flag if follow_up is None else follow_up)
    record.follow_up_reason = " ".join(reasons)[:500]
    if not created and before == (
        record.value,
        record.comment,
        record.follow_up,
        record.is_illustrative,
    ):
        return record  # nothing to change
    if record.status == DataValue.Status.APPROVED:
        raise PermissionDenied(_("该数值已审核锁定;如需更正,请先由受援地政府重新打开。"))
    if record.status == DataValue.Status.SUBMITTED:
        raise PermissionDenied(_("该数值已提交待审核,不能修改;如需更正,请由审核方退回。"))
    _check_overlap(record)
    if created:
        save_as(record, by=by)
        return record
    if record.status == DataValue.Status.RETURNED:
        record.status = DataValue.Status.ENTERED
    save_edit(record, by=by)
    return record


def _step(by, value: DataValue, *, to: str, allowed_from: set[str], reason="", expected=None):
    lock_for_edit(value, expected)
    if value.status not in allowed_from:
        raise field_error(
            "status",
            _("当前状态为“%(status)s”,不能执行此操作。"),
            status=value.get_status_display(),
        )
    value.status = to
    value.status_reason = str(reason or "")[:500]
    if to in {DataValue.Status.APPROVED, DataValue.Status.RETURNED}:
        value.decided_by = by
        value.decided_at = timezone.now()
    save_edit(value, by=by)
    return value


@transaction.atomic
def value_submit(*, by, value: DataValue, expected_version=None) -> DataValue:
    if not may_enter(by, region_path=value.region_path, project=value.project):
        raise PermissionDenied(_("您没有提交该成效数据的权限。"))
    return _step(
        by,
        value,
        to=DataValue.Status.SUBMITTED,
        allowed_from={DataValue.Status.ENTERED, DataValue.Status.RETURNED},
        expected=expected_version,
    )


def _ensure_approver(by, value: DataValue) -> None:
    if not may_approve(by, value):
        raise PermissionDenied(_("只有该地区的受援地政府(或省援疆总部)可以审核成效数据。"))


@transaction.atomic
def value_approve(*, by, value: DataValue, expected_version=None) -> DataValue:
    _ensure_approver(by, value)
    return _step(
        by,
        value,
        to=DataValue.Status.APPROVED,
        allowed_from={DataValue.Status.SUBMITTED},
        expected=expected_version,
    )


def _reason(reason) -> str:
    if not str(reason or "").strip():
        raise field_error("reason", _("请填写原因。"))
    return str(reason).strip()


@transaction.atomic
def value_return(*, by, value: DataValue, reason, expected_version=None) -> DataValue:
    _ensure_approver(by, value)
    return _step(
        by,
        value,
        to=DataValue.Status.RETURNED,
        allowed_from={DataValue.Status.SUBMITTED},
        reason=_reason(reason),
        expected=expected_version,
    )


@transaction.atomic
def value_reopen(*, by, value: DataValue, reason, expected_version=None) -> DataValue:
    """Unlock an approved value for a correction; the reason stays in the history."""
    _ensure_approver(by, value)
    return _step(
        by,
        value,
        to=DataValue.Status.ENTERED,
        allowed_from={DataValue.Status.APPROVED},
        reason=_reason(reason),
        expected=expected_version,
    )


@transaction.atomic
def value_delete(*, by, value: DataValue, expected_version=None) -> None:
    if not may_enter(by, region_path=value.region_path, project=value.project):
        raise PermissionDenied(_("您没有删除该成效数据的权限。"))
    if value.status == DataValue.Status.APPROVED:
        raise PermissionDenied(_("该数值已审核锁定;如需更正,请先由受援地政府重新打开。"))
    soft_delete(value, by=by, expected_version=expected_version)
