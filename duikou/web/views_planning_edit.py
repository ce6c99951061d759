"""The planning pages that write: a reserve project (new, edited, with its synergies), a
scenario (new, edited, copied), solving it in the background and adopting its result into
the annual plan. Every write goes through ``duikou.planning``'s services; a form saves all
or nothing, each error shown at the field (or the part of the form) the service names."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duikou.common.editing import StaleVersion
from duikou.common.spreadsheets import xlsx_response
from duikou.geo.selectors import recipient_region_options
from duikou.partners.models import Pairing
from duikou.partners.selectors import pairing_rows, pairings_editable_by
from duikou.planning.adoption import scenario_adopt
from duikou.planning.models import Candidate, Scenario
from duikou.planning.runs import scenario_queue
from duikou.planning.selectors import (
    candidate_rows,
    candidates_filtered,
    candidates_of,
    candidates_visible_to,
    choices_of,
    synergies_among,
)
from duikou.planning.services import (
    candidate_create,
    candidate_update,
    pairing_for,
    scenario_copy,
    scenario_create,
    scenario_update,
    synergy_set,
)
from duikou.planning.spreadsheet import reserve_import, reserve_workbook
from duikou.projects.models import Category
from duikou.results.models import DataElement
from duikou.web.forms_planning import (
    AdoptForm,
    CandidateForm,
    ReserveUploadForm,
    ScenarioCopyForm,
    ScenarioForm,
)
from duikou.web.views_planning import candidate_for, planning_page, scenario_for

CANDIDATE_PARTS = {"outcomes", "synergy", "bonus"}
SCENARIO_PARTS = {"budgets", "weights", "choices", "shares"}


def _ensure_planner(user) -> None:
    if not user.may_edit_projects:
        raise PermissionDenied(_("您的角色不能编制规划。"))


def show_errors(form, error: ValidationError, parts: set[str]) -> None:
    """A service's errors on the form: at the field it names, at a row (``shares[2]``,
    ``choices[KZ27-01]``), at a part of the form (costs, budgets…), or above the form."""
    for name, found in getattr(error, "message_dict", {NON_FIELD_ERRORS: error.messages}).items():
        row = form.row_of(name) if hasattr(form, "row_of") else None
        for message in found:
            if name in form.fields and name != NON_FIELD_ERRORS:
                form.add_error(name, message)
            elif row is not None:
                row.errors.append(message)
            elif name.split("[")[0] in parts:
                form.part_error("synergy" if name == "bonus" else name.split("[")[0], message)
            else:
                form.add_error(None, message)


# ------------------------------------------------------------------ reserve projects


def _others(user, candidate: Candidate | None, synergies: list) -> list[Candidate]:
    """The candidates one may need first or support: those of the same programme tree the
    user sees (for a new one, all the user sees), and those the candidate already needs or
    supports (kept as they are even when the user does not see them)."""
    others = candidates_visible_to(user)
    if candidate is None:
        return list(others.order_by("code"))
    root = "/" + candidate.pairing.path.strip("/").split("/")[0] + "/"
    found = {c.pk: c for c in others.filter(pairing__path__startswith=root)}
    found.update({d.requires.pk: d.requires for d in candidate.dependencies.all()})
    found.update({partner.pk: partner for partner, _pair in synergies})
    return sorted(found.values(), key=lambda c: c.code)


def _synergies(candidate: Candidate) -> list:
    """The candidate's synergies as (partner, synergy), by the partner's code."""
    pairs = synergies_among(Candidate.objects.all()).filter(
        first__deleted_at__isnull=True, second__deleted_at__isnull=True
    )
    found = [
        (pair.second if pair.first_id == candidate.pk else pair.first, pair)
        for pair in pairs.filter(first=candidate) | pairs.filter(second=candidate)
    ]
    return sorted(found, key=lambda item: item[0].code)


def _save_synergies(user, candidate: Candidate, form: CandidateForm, before: list) -> None:
    """Set each synergy filled in and remove those cleared (a bonus of 0 removes too)."""
    wanted = form.synergies()
    old = {partner.code: pair for partner, pair in before}
    for code, (bonus, note) in wanted.items():
        pair = old.get(code)
        if pair is not None and f"{pair.bonus.normalize():f}" == bonus and pair.note == note:
            continue
        synergy_set(by=user, first=candidate, second=form.others[code], bonus=bonus, note=note)
    for code, pair in old.items():
        if code not in wanted:
            partner = pair.second if pair.first_id == candidate.pk else pair.first
            synergy_set(by=user, first=candidate, second=partner, bonus=0)


def _candidate_page(request, candidate: Candidate | None):
    user = request.user
    _ensure_planner(user)
    synergies = _synergies(candidate) if candidate else []
    form = CandidateForm(
        request.POST or None,
        candidate=candidate,
        pairings=pairing_rows(pairings_editable_by(user)),
        categories=Category.objects.filter(is_banned=False),
        elements=DataElement.objects.order_by("code"),
        others=_others(user, candidate, synergies),
        synergies=synergies,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            with transaction.atomic():
                if candidate is None:
                    saved = candidate_create(by=user, **fields)
                else:
                    saved = candidate_update(
                        by=user,
                        candidate=candidate,
                        expected_version=form.cleaned_data["version"],
                        **fields,
                    )
                _save_synergies(user, saved, form, synergies)
        except StaleVersion as stale:
            conflict = stale
        except ValidationError as error:
            show_errors(form, error, CANDIDATE_PARTS)
        else:
            messages.success(request, _("已保存储备项目“%(code)s”。") % {"code": saved.code})
            return redirect(f"{reverse('planning-candidates')}?{urlencode({'q': saved.code})}")
    return render(
        request,
        "web/planning/candidate_form.html",
        {
            "form": form,
            "candidate": candidate,
            "conflict": conflict,
            "region_options": recipient_region_options(),
        },
        status=409 if conflict else 200,
    )


@planning_page
def candidate_new(request):
    return _candidate_page(request, None)


@planning_page
def candidate_edit(request, candidate_id: int):
    return _candidate_page(request, candidate_for(request.user, candidate_id))


# ------------------------------------------------------------------ scenarios


def _reserve(scenario: Scenario | None, pairing: Pairing | None):
    """The candidates a scenario of ``pairing`` chooses from (its pairing and below)."""
    if pairing is None:
        return Candidate.objects.none()
    probe = Scenario(pairing=pairing)
    return candidate_rows(candidates_of(probe)).order_by("code")


def _pairing_sent(source, pairings, fallback: Pairing | None) -> Pairing | None:
    value = (source or {}).get("pairing")
    if value and str(value).isdigit():
        return pairings.filter(pk=int(value)).first()
    return fallback


def _scenario_form(request, scenario: Scenario | None, refresh=None) -> ScenarioForm:
    user = request.user
    pairings = pairing_rows(pairings_editable_by(user))
    data = request.POST if request.method == "POST" else None
    pairing = _pairing_sent(data or refresh, pairings, scenario.pairing if scenario else None)
    return ScenarioForm(
        data,
        scenario=scenario,
        pairings=pairings,
        elements=DataElement.objects.order_by("code"),
        reserve=_reserve(scenario, pairing),
        shares=scenario.shares.select_related("category", "region") if scenario else (),
        weights={w.element_id: w.weight for w in scenario.weights.all()} if scenario else {},
        choices=choices_of(scenario) if scenario else {},
        budgets={b.year: b.amount for b in scenario.budgets.all()} if scenario else {},
        refresh=refresh,
    )


def _scenario_page(request, scenario: Scenario | None):
    user = request.user
    _ensure_planner(user)
    refresh = request.GET if request.method == "GET" and request.GET.get("refresh") else None
    form = _scenario_form(request, scenario, refresh)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if scenario is None:
                saved = scenario_create(by=user, **fields)
            else:
                saved = scenario_update(
                    by=user,
                    scenario=scenario,
                    expected_version=form.cleaned_data["version"],
                    **fields,
                )
        except StaleVersion as stale:
            conflict = stale
        except ValidationError as error:
            show_errors(form, error, SCENARIO_PARTS)
        else:
            messages.success(request, _("已保存方案“%(name)s”。") % {"name": saved.name})
            return redirect("planning-scenario", saved.pk)
    return render(
        request,
        "web/planning/scenario_form.html",
        {
            "form": form,
            "scenario": scenario,
            "conflict": conflict,
            "adopted": scenario is not None and scenario.status == Scenario.Status.ADOPTED,
            "share_targets": _share_targets(),
        },
        status=409 if conflict else 200,
    )


def _share_targets() -> list[tuple[str, str]]:
    """The codes a share rule names: the categories, then the recipient regions."""
    targets = [(c.code, c.name) for c in Category.objects.filter(is_banned=False)]
    return targets + [(r.code, r.name) for r in recipient_region_options()]


@planning_page
def scenario_new(request):
    return _scenario_page(request, None)


@planning_page
def scenario_edit(request, scenario_id: int):
    return _scenario_page(request, scenario_for(request.user, scenario_id, edit=True))


def _messages_of(request, error: Exception) -> None:
    if isinstance(error, StaleVersion):
        messages.error(request, _("未完成:有人同时修改了该方案。") + str(error.message))
    else:
        for message in error.messages:
            messages.error(request, message)


@planning_page
@require_POST
def scenario_copy_view(request, scenario_id: int):
    scenario = scenario_for(request.user, scenario_id)
    _ensure_planner(request.user)
    form = ScenarioCopyForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}:{' '.join(errors)}")
        return redirect("planning-scenario", scenario.pk)
    try:
        copy = scenario_copy(by=request.user, scenario=scenario, **form.cleaned_data)
    except ValidationError as error:
        _messages_of(request, error)
        return redirect("planning-scenario", scenario.pk)
    messages.success(
        request, _("已复制为新方案“%(name)s”,可修改后求解并比较。") % {"name": copy.name}
    )
    return redirect("planning-scenario-edit", copy.pk)


@planning_page
@require_POST
def scenario_run(request, scenario_id: int):
    scenario = scenario_for(request.user, scenario_id, edit=True)
    try:
        scenario_queue(by=request.user, scenario=scenario)
    except ValidationError as error:
        _messages_of(request, error)
    else:
        messages.info(request, _("已开始求解“%(name)s”。") % {"name": scenario.name})
    return redirect("planning-scenario", scenario.pk)


@planning_page
@require_POST
def scenario_adopt_view(request, scenario_id: int):
    scenario = scenario_for(request.user, scenario_id, edit=True)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("未采纳:请先勾选确认。"))
        return redirect("planning-scenario", scenario.pk)
    try:
        projects = scenario_adopt(
            by=request.user, scenario=scenario, expected_version=form.cleaned_data["version"]
        )
    except (ValidationError, StaleVersion) as error:
        _messages_of(request, error)
    else:
        messages.success(
            request,
            _("已采纳方案“%(name)s”:%(n)s 个项目已写入年度计划。")
            % {"name": scenario.name, "n": len(projects)},
        )
    return redirect("planning-scenario", scenario.pk)


# ------------------------------------------------------------------ the reserve as a spreadsheet


@planning_page
def candidates_template(request):
    return xlsx_response(reserve_workbook(), "duikou-reserve-template.xlsx")


@planning_page
def candidates_export(request):
    """The reserve of the current filters, in the import's columns."""
    filters = {k: request.GET.get(k, "") for k in ("q", "category", "region")}
    pairing = request.GET.get("pairing", "")
    filters["pairing"] = int(pairing) if pairing.isdigit() else None
    try:
        candidates = candidates_filtered(request.user, **filters)
    except ValidationError:
        candidates = candidates_visible_to(request.user).none()  # an unknown region
    return xlsx_response(reserve_workbook(candidates), "reserve", dated=True)


@planning_page
def candidates_import(request):
    _ensure_planner(request.user)
    pairings = pairing_rows(pairings_editable_by(request.user))
    result = None
    form = ReserveUploadForm(request.POST or None, request.FILES or None, pairings=pairings)
    if request.method == "POST" and form.is_valid():
        try:
            pairing = pairing_for(request.user, form.cleaned_data["pairing"])
        except ValidationError as error:
            show_errors(form, error, set())
        else:
            result = reserve_import(
                form.cleaned_data["file"].read(),
                by=request.user,
                pairing=pairing,
                valid_rows_only=form.cleaned_data["valid_rows_only"],
            )
    return render(request, "web/planning/import.html", {"form": form, "result": result})
