"""The results pages where values are entered (per project and period, or a grid of many
projects or regions), submitted, approved or returned by the recipient government, reopened,
imported from a spreadsheet and exported.

Every write goes through ``duikou.results.services``; a page that saves several values saves
all of them or none (each error is shown at its input, naming the value)."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from duikou.accounts.models import Role
from duikou.common.editing import StaleVersion
from duikou.common.spreadsheets import xlsx_response
from duikou.geo.models import Region
from duikou.projects.models import ProjectRegion
from duikou.projects.selectors import projects_editable_by, projects_visible_to
from duikou.results import services
from duikou.results.models import DataElement, DataValue
from duikou.results.periods import parse_period
from duikou.results.selectors import (
    may_approve_any,
    may_enter,
    regions_enterable_by,
    values_approvable_by,
    values_enterable_by,
    values_visible_to,
)
from duikou.results.spreadsheet import values_import, values_template, values_workbook
from duikou.web.forms_results import (
    GRID_REGIONS,
    KIND_LABELS,
    ApprovalFilterForm,
    EntryPeriodForm,
    EntryRow,
    GridFilterForm,
    GridRow,
    GridValuesForm,
    ProjectValuesForm,
    ValuesExportForm,
    ValueStepForm,
    ValuesUploadForm,
)
from duikou.web.params import query_without_page
from duikou.web.templatetags.duikou import local

PAGE_SIZE = 50
GRID_PAGE_SIZE = 100
RELATED = ("element", "period", "region", "project")


def _ensure_not_public(user) -> None:
    if user.role == Role.PUBLIC and not user.is_superuser:
        raise PermissionDenied(_("公众用户只能查看已审核的成效数据,不能查看填报页面。"))


def _ensure_may_enter_any(user) -> None:
    if not user.may_edit_projects:
        raise PermissionDenied(_("您的角色不能填报成效数据。"))


# ------------------------------------------------------------------ saving many values


@dataclass
class Outcome:
    saved: int = 0
    flagged: int = 0
    errors: list[str] = field(default_factory=list)  # "the value: what is wrong", in order
    conflict: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _messages_of(error: Exception) -> list[str]:
    if isinstance(error, StaleVersion):
        return [_("有人同时修改了该数值。") + str(error.message)]
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error) or _("您没有执行此操作的权限。")]


def save_entries(user, form, entries) -> Outcome:
    """Save every entry through ``value_save`` in one transaction: when one is refused none is
    kept, and each refusal goes to the form field of its entry."""
    outcome = Outcome()
    with transaction.atomic():
        for entry in entries:
            try:
                record = services.value_save(
                    by=user,
                    **entry.key,
                    value=entry.value,
                    comment=entry.comment,
                    expected_version=entry.version,
                )
            except (ValidationError, PermissionDenied, StaleVersion) as error:
                outcome.conflict |= isinstance(error, StaleVersion)
                for message in _messages_of(error):
                    form.add_error(entry.field, message)
                    outcome.errors.append(f"{entry.label}:{message}")
                continue
            if record.version != entry.version:  # created, or changed
                outcome.saved += 1
                outcome.flagged += int(record.follow_up)
        if outcome.errors:
            transaction.set_rollback(True)
            outcome.saved = outcome.flagged = 0
    return outcome


def _saved_message(request, outcome: Outcome) -> None:
    if outcome.saved:
        messages.success(
            request,
            _("已保存 %(n)s 个数值,其中 %(m)s 个需核实。")
            % {"n": outcome.saved, "m": outcome.flagged},
        )
    else:
        messages.info(request, _("没有需要保存的修改。"))


# ------------------------------------------------------------------ one project, one period


def _entry_rows(visible, project, values) -> list[EntryRow]:
    """A row per element and region the project has values for (in any period), with this
    period's values; ordered by element code and region code."""
    pairs = (
        visible.filter(project=project).order_by().values_list("element_id", "region_id").distinct()
    )
    pairs = set(pairs)
    elements = DataElement.objects.in_bulk({e for e, _r in pairs})
    regions = Region.objects.in_bulk({r for _e, r in pairs})
    rows = {
        (e, r): EntryRow(prefix=f"e{e}-r{r}", element=elements[e], region=regions[r])
        for e, r in pairs
    }
    for value in values:
        rows[value.element_id, value.region_id].values[value.kind] = value
    return sorted(rows.values(), key=lambda row: (row.element.code, row.region.code))


def _submit_all(request, project, period: str) -> None:
    """Submit the project's entered and returned values of the period, all or none."""
    waiting = (
        DataValue.objects.filter(
            project=project,
            period__code=period,
            status__in=[DataValue.Status.ENTERED, DataValue.Status.RETURNED],
        )
        .select_related(*RELATED)
        .order_by("element__code", "region__code", "kind")
    )
    done = 0
    with transaction.atomic():
        for value in waiting:
            try:
                services.value_submit(by=request.user, value=value)
            except (ValidationError, PermissionDenied, StaleVersion) as error:
                transaction.set_rollback(True)
                for message in _messages_of(error):
                    messages.error(request, f"{_value_label(value)}:{message}")
                return
            done += 1
    if done:
        messages.success(request, _("已提交 %(n)s 个数值,等待受援地政府审核。") % {"n": done})
    else:
        messages.info(request, _("该项目在此期间没有待提交的数值。"))


@login_required
def project_entry(request, project_id: int):
    """The values of one project and period: entered, changed and submitted here."""
    user = request.user
    _ensure_not_public(user)
    project = get_object_or_404(projects_visible_to(user), pk=project_id)
    can_enter = may_enter(user, region_path="", project=project)
    if request.method == "POST" and not can_enter:
        raise PermissionDenied(_("您没有填报该项目成效数据的权限。"))
    period_form = EntryPeriodForm(request.GET)
    context = {"project": project, "period_form": period_form, "can_enter": can_enter}
    if not period_form.is_valid():
        return render(request, "web/results/entry.html", context, status=400)
    period = period_form.cleaned_data["period"]
    visible = values_visible_to(user)
    values = visible.filter(project=project, period__code=period).select_related(
        "element", "region"
    )
    regions = [share.region for share in project.region_shares.select_related("region")]
    form = ProjectValuesForm(
        request.POST or None,
        rows=_entry_rows(visible, project, values),
        elements=DataElement.objects.order_by("code"),
        regions=sorted(regions, key=lambda region: region.code),
        can_enter=can_enter,
    )
    outcome = Outcome()
    if request.method == "POST" and form.is_valid():
        outcome = save_entries(user, form, form.entries(project=project, period=period))
        if outcome.ok:
            _saved_message(request, outcome)
            if request.POST.get("action") == "submit":
                _submit_all(request, project, period)
            return redirect(f"{request.path}?period={period}")
    context.update({"period": period, "form": form, "outcome": outcome})
    return render(
        request, "web/results/entry.html", context, status=409 if outcome.conflict else 200
    )


# ------------------------------------------------------------------ the grid


def _grid_rows(user, pairs, element, period: str, kind: str) -> list[GridRow]:
    """A row per (project, region) of the page, ``project`` None for a region's own value,
    with its stored value: one query for the page."""
    projects = {project.pk for project, _region in pairs if project is not None}
    regions = {region.pk for project, region in pairs if project is None}
    values = values_visible_to(user).filter(
        Q(project_id__in=projects) | Q(project__isnull=True, region_id__in=regions),
        element=element,
        period__code=period,
        kind=kind,
    )
    stored = {(v.project_id, v.region_id): v for v in values}
    return [
        GridRow(project, region, stored.get((project.pk if project else None, region.pk)))
        for project, region in pairs
    ]


def _grid_page(request, rows: str):
    """The page of rows: the projects the user may change by recipient region, or the regions
    whose own values it enters; and the (project, region) of each row."""
    user = request.user
    if rows == GRID_REGIONS:
        page = Paginator(regions_enterable_by(user), GRID_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return page, [(None, region) for region in page.object_list]
    shares = (
        ProjectRegion.objects.filter(project__in=projects_editable_by(user))
        .select_related("project", "region")
        .order_by("project__code", "region__code")
    )
    page = Paginator(shares, GRID_PAGE_SIZE).get_page(request.GET.get("page"))
    return page, [(share.project, share.region) for share in page.object_list]


@login_required
def values_grid(request):
    """One element, period and kind for every project (and recipient region) the user may
    change, or for every region whose own values (no project) it enters: many values entered
    at once, all saved or none."""
    user = request.user
    _ensure_not_public(user)
    _ensure_may_enter_any(user)
    elements = DataElement.objects.order_by("code")
    chosen = bool(request.GET.get("element"))
    filters = GridFilterForm(request.GET if chosen else None, elements=elements)
    context = {"filters": filters, "chosen": chosen}
    if not chosen or not filters.is_valid():
        return render(request, "web/results/grid.html", context, status=200 if not chosen else 400)
    data = filters.cleaned_data
    element = elements.get(code=data["element"])
    page, pairs = _grid_page(request, data["rows"])
    form = GridValuesForm(
        request.POST or None,
        rows=_grid_rows(user, pairs, element, data["period"], data["kind"]),
        kind_label=KIND_LABELS[data["kind"]],
    )
    outcome = Outcome()
    if request.method == "POST" and form.is_valid():
        entries = form.entries(element=element, period=data["period"], kind=data["kind"])
        outcome = save_entries(user, form, entries)
        if outcome.ok:
            _saved_message(request, outcome)
            return redirect(request.get_full_path())
    context.update(
        {
            "form": form,
            "element": element,
            "period": data["period"],
            "kind_label": KIND_LABELS[data["kind"]],
            "by_region": data["rows"] == GRID_REGIONS,
            "page": page,
            "query": query_without_page(request),
            "outcome": outcome,
        }
    )
    return render(
        request, "web/results/grid.html", context, status=409 if outcome.conflict else 200
    )


# ------------------------------------------------------------------ approval


SORTS = {
    "project": ("project__code", "region_path", "element__code", "period_start", "kind", "pk"),
    "region": ("region_path", "project__code", "element__code", "period_start", "kind", "pk"),
    "element": ("element__code", "period_start", "region_path", "project__code", "kind", "pk"),
    "period": ("-period_start", "period_end", "project__code", "region_path", "element__code"),
}
# tab → (its label, the statuses listed, the values in scope)
TABS = {
    "submitted": (_lazy("待审核"), [DataValue.Status.SUBMITTED], values_approvable_by),
    "approved": (_lazy("已审核"), [DataValue.Status.APPROVED], values_approvable_by),
    "entered": (
        _lazy("待提交(含已退回)"),
        [DataValue.Status.ENTERED, DataValue.Status.RETURNED],
        values_enterable_by,
    ),
}


def _value_label(value: DataValue) -> str:
    where = f"{value.project.code} " if value.project_id else ""
    return _("%(where)s“%(element)s”(%(region)s %(period)s)%(kind)s") % {
        "where": where,
        "element": local(value.element),
        "region": local(value.region),
        "period": value.period.code,
        "kind": value.get_kind_display(),
    }


STEP_SERVICES = {
    "approve": services.value_approve,
    "return": services.value_return,
    "reopen": services.value_reopen,
    "submit": services.value_submit,
}


def _apply_step(request, form: ValueStepForm) -> None:
    """Apply the button pressed to each value it names, one by one: each value approved (or
    returned, reopened, submitted) is kept; each refusal is told, naming the value."""
    user, action = request.user, form.action
    scope = values_enterable_by(user) if action == "submit" else values_approvable_by(user)
    values = scope.select_related(*RELATED).in_bulk(form.ids)
    done = 0
    for pk in form.ids:
        value = values.get(pk)
        if value is None:
            messages.error(request, _("数值 %(id)s 不存在或不在您的权限范围内。") % {"id": pk})
            continue
        extra = {"reason": form.reason(pk)} if action in {"return", "reopen"} else {}
        try:
            STEP_SERVICES[action](by=user, value=value, expected_version=form.version(pk), **extra)
        except StaleVersion as stale:
            messages.error(
                request,
                _("%(value)s 未处理:有人同时修改了该数值。%(detail)s")
                % {"value": _value_label(value), "detail": stale.message},
            )
        except (ValidationError, PermissionDenied) as error:
            for message in _messages_of(error):
                messages.error(request, f"{_value_label(value)}:{message}")
        else:
            done += 1
    done_messages = {
        "approve": _("已审核 %(n)s 个数值,已锁定。"),
        "return": _("已退回 %(n)s 个数值。"),
        "reopen": _("已重新打开 %(n)s 个数值,可以更正后再提交。"),
        "submit": _("已提交 %(n)s 个数值,等待审核。"),
    }
    if done:
        messages.success(request, done_messages[action] % {"n": done})


@login_required
def approval(request):
    """For the recipient government (and HQ): the submitted values to approve or return, and
    the approved ones to reopen. For the units that enter: their values to submit, with the
    reasons they were returned."""
    user = request.user
    _ensure_not_public(user)
    approver, enterer = may_approve_any(user), user.may_edit_projects
    if not (approver or enterer):
        raise PermissionDenied(_("只有填报单位、受援地政府和省援疆总部使用审核页面。"))
    if request.method == "POST":
        step = ValueStepForm(request.POST)
        if step.is_valid():
            _apply_step(request, step)
        else:
            for errors in step.errors.values():
                for message in errors:
                    messages.error(request, message)
        return redirect(request.get_full_path())
    tabs = [n for n in TABS if (n == "entered" and enterer) or (n != "entered" and approver)]
    show = request.GET.get("show") if request.GET.get("show") in tabs else tabs[0]
    filters = ApprovalFilterForm(request.GET)
    scopes = {}  # each scope once: it reads the user's pairings when it is made
    for name in tabs:
        scope = TABS[name][2]
        scopes.setdefault(scope, scope(user))
    tab_links = [
        (name, label, scopes[scope].filter(status__in=statuses).count())
        for name, (label, statuses, scope) in TABS.items()
        if name in tabs
    ]
    _label, statuses, scope = TABS[show]
    values = scopes[scope].filter(status__in=statuses)
    if filters.is_valid():
        if filters.cleaned_data["period"]:
            values = values.filter(**_period_filter(filters.cleaned_data["period"]))
        sort = filters.cleaned_data["sort"] or ("period" if show == "approved" else "project")
    else:
        values, sort = values.none(), "project"
    page = Paginator(
        values.select_related(*RELATED, "decided_by").order_by(*SORTS[sort]), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "web/results/approval.html",
        {
            "tab_links": tab_links,
            "show": show,
            "filters": filters,
            "sort": sort,
            "page": page,
            "query": query_without_page(request),
            "approver": approver,
        },
    )


def _period_filter(code: str) -> dict:
    """The values that fall within a period (the months of a year, the years of a plan…)."""
    _code, _kind, start, end = parse_period(code)
    return {"period_start__gte": start, "period_end__lte": end}


# ------------------------------------------------------------------ import and export


def _export_form(request, data=None) -> ValuesExportForm:
    return ValuesExportForm(
        data,
        elements=DataElement.objects.order_by("code"),
        projects=projects_visible_to(request.user),
    )


def _import_page(request, *, form=None, result=None, export_form=None, status=200):
    can_import = request.user.may_edit_projects
    return render(
        request,
        "web/results/import.html",
        {
            "form": form if form is not None else (ValuesUploadForm() if can_import else None),
            "result": result,
            "export_form": export_form or _export_form(request),
            "can_import": can_import,
        },
        status=status,
    )


@login_required
def values_upload(request):
    _ensure_not_public(request.user)
    _ensure_may_enter_any(request.user)
    result = None
    if request.method == "POST":
        form = ValuesUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = values_import(
                form.cleaned_data["file"].read(),
                by=request.user,
                valid_rows_only=form.cleaned_data["valid_rows_only"],
            )
    else:
        form = ValuesUploadForm()
    return _import_page(request, form=form, result=result)


@login_required
def values_template_download(request):
    return xlsx_response(values_template(), "duikou-results-template.xlsx")


@login_required
def values_export(request):
    """The values the user sees, filtered, as a spreadsheet that imports back. A wrong filter
    is named on the import and export page."""
    form = _export_form(request, request.GET)
    if not form.is_valid():
        return _import_page(request, export_form=form, status=400)
    values = (
        values_visible_to(request.user)
        .filter(**form.filters())
        .order_by("period_start", "region_path", "element__code", "kind", "pk")
    )
    return xlsx_response(values_workbook(values), "results", dated=True)
