"""Results under /api/v1/results/: the library (data elements, indicators), data values with
their approval, and the questions: roll-ups, by region, an indicator, over time, rankings."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from duikou.common.api import (
    ERRORS,
    READ_ERRORS,
    Id,
    Pagination,
    choices,
    ensure_can_write,
    if_match_version,
    set_etag,
)
from duikou.common.errors import field_error
from duikou.geo.models import Region
from duikou.geo.selectors import XINJIANG, region_by_code
from duikou.projects.selectors import projects_visible_to
from duikou.results import analysis, rollup, schemas, services
from duikou.results.models import DataElement, DataValue, Indicator
from duikou.results.periods import parse_period, period_named
from duikou.results.selectors import (
    element_by_code,
    indicator_by_code,
    value_for,
    values_visible_to,
)

router = Router(tags=["results"])
APPROVED_HELP = "只计已审核的数值"
MAX_SERIES = 20


# ------------------------------------------------------------------ the library


@router.get("/results/elements", response={200: list[schemas.ElementOut], **READ_ERRORS})
def list_elements(request):
    """The data elements: the built-in library and those the units added."""
    return DataElement.objects.order_by("code")


@router.post("/results/elements", response={201: schemas.ElementOut, **ERRORS})
def create_element(request, response: HttpResponse, payload: schemas.ElementIn):
    ensure_can_write(request)
    element = services.element_create(by=request.user, **payload.dict())
    set_etag(response, element)
    return Status(201, element)


@router.patch("/results/elements/{code}", response={200: schemas.ElementOut, **ERRORS})
def update_element(request, response: HttpResponse, code: str, payload: schemas.ElementPatch):
    """Change a data element; needs ``If-Match``. Built-in ones: HQ only."""
    ensure_can_write(request)
    element = get_object_or_404(DataElement, code=code)
    services.element_update(
        by=request.user,
        element=element,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, element)
    return element


@router.get("/results/indicators", response={200: list[schemas.IndicatorOut], **READ_ERRORS})
def list_indicators(request):
    return Indicator.objects.order_by("code")


@router.post("/results/indicators", response={201: schemas.IndicatorOut, **ERRORS})
def create_indicator(request, response: HttpResponse, payload: schemas.IndicatorIn):
    """A formula over data elements: ``numerator`` / ``denominator`` × ``factor``, terms
    written ``#{code}`` or ``#{code.target}``."""
    ensure_can_write(request)
    indicator = services.indicator_create(by=request.user, **payload.dict())
    set_etag(response, indicator)
    return Status(201, indicator)


@router.patch("/results/indicators/{code}", response={200: schemas.IndicatorOut, **ERRORS})
def update_indicator(request, response: HttpResponse, code: str, payload: schemas.IndicatorPatch):
    ensure_can_write(request)
    indicator = get_object_or_404(Indicator, code=code)
    services.indicator_update(
        by=request.user,
        indicator=indicator,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, indicator)
    return indicator


# ------------------------------------------------------------------ values


class ValueFilters(Schema):
    element: str | None = Field(None, max_length=50, description="数据元素代码")
    period: str | None = Field(None, max_length=10, description="期间:列出落在其中的数值")
    region: str | None = Field(None, max_length=12, description="区划代码,含下级")
    project: Id | None = Field(None, description="项目 id")
    kind: choices(DataValue.Kind) | None = None
    status: choices(DataValue.Status) | None = None
    follow_up: bool | None = Field(None, description="只看待核实(true)或不需核实(false)")


def values_filtered(user, filters: ValueFilters):
    values = values_visible_to(user).select_related("element", "period", "region")
    if filters.element:
        values = values.filter(element=element_by_code(filters.element))
    if filters.period:
        _code, _kind, start, end = parse_period(filters.period)
        values = values.filter(period_start__gte=start, period_end__lte=end)
    if filters.region:
        values = values.filter(region_path__startswith=region_by_code(filters.region).path)
    if filters.project is not None:
        values = values.filter(project_id=filters.project)
    for name in ("kind", "status", "follow_up"):
        if getattr(filters, name) is not None:
            values = values.filter(**{name: getattr(filters, name)})
    return values.order_by("period_start", "region_path", "element__code", "kind", "pk")


@router.get("/results/values", response={200: list[schemas.ValueOut], **READ_ERRORS})
@paginate(Pagination)
def list_values(request, filters: Query[ValueFilters]):
    """Data values the caller may see (the public: approved ones)."""
    return values_filtered(request.user, filters)


def _value_out(user, value: DataValue) -> DataValue:
    return value_for(user, value.pk)


@router.put("/results/values", response={200: schemas.ValueOut, 201: schemas.ValueOut, **ERRORS})
def save_value(request, response: HttpResponse, payload: schemas.ValueIn):
    """Enter a value, or change the one with the same key (element, period, region, project,
    kind): 201 when created, 200 when changed. A value more than 10× the previous period's or
    outside the element's bounds is kept and flagged (``follow_up``, ``follow_up_reason``);
    an approved value is locked (403) until reopened."""
    ensure_can_write(request)
    version = if_match_version(request) if request.headers.get("If-Match") else None
    fields = payload.dict()
    if fields["project"] is not None:
        fields["project"] = _visible_project(request.user, fields["project"])
    value = services.value_save(by=request.user, expected_version=version, **fields)
    set_etag(response, value)
    return Status(201 if value.created else 200, _value_out(request.user, value))


def _visible_project(user, project_id: int):
    project = projects_visible_to(user).filter(pk=project_id).first()
    if project is None:
        raise field_error("project", _("项目不存在或不在您的权限范围内。"))
    return project


@router.get("/results/values/{int:value_id}", response={200: schemas.ValueOut, **READ_ERRORS})
def get_value(request, response: HttpResponse, value_id: int):
    value = value_for(request.user, value_id)
    set_etag(response, value)
    return value


@router.delete("/results/values/{int:value_id}", response={204: None, **ERRORS})
def delete_value(request, value_id: int):
    """Delete a value that is not approved (soft: it stays in the history). Needs If-Match."""
    ensure_can_write(request)
    value = value_for(request.user, value_id)
    services.value_delete(by=request.user, value=value, expected_version=if_match_version(request))
    return Status(204, None)


def _step(request, response, value_id: int, step, **extra):
    ensure_can_write(request)
    value = value_for(request.user, value_id)
    version = if_match_version(request) if request.headers.get("If-Match") else None
    step(by=request.user, value=value, expected_version=version, **extra)
    set_etag(response, value)
    return _value_out(request.user, value)


@router.post("/results/values/{int:value_id}/submit", response={200: schemas.ValueOut, **ERRORS})
def submit_value(request, response: HttpResponse, value_id: int):
    """Submit an entered (or returned) value for approval."""
    return _step(request, response, value_id, services.value_submit)


@router.post("/results/values/{int:value_id}/approve", response={200: schemas.ValueOut, **ERRORS})
def approve_value(request, response: HttpResponse, value_id: int):
    """Approve a submitted value (the recipient government of its region, or HQ); it is then
    locked."""
    return _step(request, response, value_id, services.value_approve)


@router.post("/results/values/{int:value_id}/return", response={200: schemas.ValueOut, **ERRORS})
def return_value(request, response: HttpResponse, value_id: int, payload: schemas.ReasonIn):
    """Return a submitted value with a reason."""
    return _step(request, response, value_id, services.value_return, reason=payload.reason)


@router.post("/results/values/{int:value_id}/reopen", response={200: schemas.ValueOut, **ERRORS})
def reopen_value(request, response: HttpResponse, value_id: int, payload: schemas.ReasonIn):
    """Reopen an approved value for a correction; the reason is kept in its history."""
    return _step(request, response, value_id, services.value_reopen, reason=payload.reason)


# ------------------------------------------------------------------ questions


class RollupParams(Schema):
    element: str = Field(..., min_length=1, max_length=50, description="数据元素代码")
    period: str = Field(..., min_length=1, max_length=10, description="2024、2024Q1、十四五…")
    region: str | None = Field(None, max_length=12, description="区划代码(含下级);不填为全部")
    kind: choices(DataValue.Kind) = DataValue.Kind.ACTUAL
    approved_only: bool = Field(False, description=APPROVED_HELP)


def _region(code: str | None) -> Region | None:
    return region_by_code(code) if code else None


@router.get("/results/rollup", response={200: schemas.RollupOut, **READ_ERRORS})
def get_rollup(request, params: Query[RollupParams]):
    """One number: the element rolled up over the period and the region's subtree, by its
    aggregation type (sum; average; last value per series for stocks)."""
    element = element_by_code(params.element)
    period, region = period_named(params.period), _region(params.region)
    value = rollup.rollup(
        values_visible_to(request.user),
        element,
        period,
        params.kind,
        region=region,
        approved_only=params.approved_only,
    )
    return {
        "element": element.code,
        "period": period.code,
        "region": region.code if region else None,
        "kind": params.kind,
        "value": value,
        "unit": element.unit,
        "aggregation": element.aggregation,
        "approved_only": params.approved_only,
    }


class ByRegionParams(RollupParams):
    region: str = Field(XINJIANG, min_length=1, max_length=12, description="上级区划代码")


@router.get("/results/by-region", response={200: schemas.ByRegionOut, **READ_ERRORS})
def get_by_region(request, params: Query[ByRegionParams]):
    """The roll-up for each region directly below ``region`` (for the map), in one query."""
    element = element_by_code(params.element)
    period, region = period_named(params.period), region_by_code(params.region)
    totals = rollup.rollup_by_child(
        values_visible_to(request.user),
        element,
        period,
        params.kind,
        region=region,
        approved_only=params.approved_only,
    )
    children = region.children.order_by("code")
    return {
        "element": element.code,
        "period": period.code,
        "region": region.code,
        "kind": params.kind,
        "approved_only": params.approved_only,
        "items": [
            {"region": child.code, "name": child.name, "value": totals.get(child.code)}
            for child in children
        ],
    }


class IndicatorParams(Schema):
    indicator: str = Field(..., min_length=1, max_length=50, description="指标代码")
    period: str = Field(..., min_length=1, max_length=10)
    region: str | None = Field(None, max_length=12)
    kind: choices(DataValue.Kind) = DataValue.Kind.ACTUAL
    approved_only: bool = Field(False, description=APPROVED_HELP)


@router.get("/results/indicator", response={200: schemas.IndicatorValueOut, **READ_ERRORS})
def get_indicator(request, params: Query[IndicatorParams]):
    """An indicator's value: its formula over the rolled-up data elements (null when a term
    has no value or the denominator is zero)."""
    indicator = indicator_by_code(params.indicator)
    period, region = period_named(params.period), _region(params.region)
    value = analysis.indicator_value(
        values_visible_to(request.user),
        indicator,
        period,
        params.kind,
        region=region,
        approved_only=params.approved_only,
    )
    return {
        "indicator": indicator.code,
        "period": period.code,
        "region": region.code if region else None,
        "kind": params.kind,
        "value": value,
        "unit": indicator.unit,
        "approved_only": params.approved_only,
    }


class SeriesParams(Schema):
    element: str | None = Field(None, max_length=50, description="数据元素代码(与指标二选一)")
    indicator: str | None = Field(None, max_length=50, description="指标代码(与数据元素二选一)")
    periods: str = Field(
        ..., min_length=1, max_length=250, description="以逗号分隔的期间,如 2021,2022,2023"
    )
    region: str | None = Field(None, max_length=12)
    approved_only: bool = Field(False, description=APPROVED_HELP)


@router.get("/results/series", response={200: list[schemas.SeriesPointOut], **READ_ERRORS})
def get_series(request, params: Query[SeriesParams]):
    """Target, actual and achievement (%) of a data element, or of an indicator computed on
    targets and on actuals, for each period asked for."""
    codes = [code for code in params.periods.split(",") if code.strip()]
    if len(codes) > MAX_SERIES:
        raise field_error("periods", _("一次最多查询 %(n)s 个期间。"), n=MAX_SERIES)
    if bool(params.element) == bool(params.indicator):
        raise field_error("element", _("请指定一个数据元素或一个指标。"))
    periods = [period_named(code) for code in codes]
    options = {"region": _region(params.region), "approved_only": params.approved_only}
    values = values_visible_to(request.user)
    if params.indicator:
        indicator = indicator_by_code(params.indicator)
        return analysis.indicator_series(values, indicator, periods, **options)
    return analysis.element_series(values, element_by_code(params.element), periods, **options)


class RankingParams(Schema):
    element: str = Field(..., min_length=1, max_length=50)
    period: str = Field(..., min_length=1, max_length=10)
    region: str | None = Field(None, max_length=12)
    approved_only: bool = Field(False, description=APPROVED_HELP)
    limit: int = Field(50, ge=1, le=500)


@router.get("/results/ranking", response={200: list[schemas.RankingOut], **READ_ERRORS})
def get_ranking(request, params: Query[RankingParams]):
    """Projects by achievement (actual ÷ target) of an element in a period, best first."""
    return analysis.project_ranking(
        values_visible_to(request.user),
        element_by_code(params.element),
        period_named(params.period),
        region=_region(params.region),
        approved_only=params.approved_only,
        limit=params.limit,
    )
