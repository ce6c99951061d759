"""The planning pages that read: the scenarios, the reserve (储备库), a scenario with its
rules and its result in words (cash flow, rule margins, chosen and rejected projects, what
more budget would add, the rules that conflict), its progress while it is solved, and 2–4
scenarios side by side. Planning is internal: the public sees none of it."""

from decimal import Decimal
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from duikou.accounts.models import Role
from duikou.common import history
from duikou.geo.selectors import recipient_region_options
from duikou.partners.models import Pairing
from duikou.partners.selectors import pairing_rows
from duikou.planning import words
from duikou.planning.compare import compare
from duikou.planning.models import Candidate, Scenario
from duikou.planning.selectors import (
    candidate_rows,
    candidates_editable_by,
    candidates_filtered,
    candidates_of,
    candidates_visible_to,
    may_edit_scenario,
    scenarios_editable_by,
    scenarios_visible_to,
    synergies_of,
)
from duikou.projects.models import Category
from duikou.web.editing import add_service_errors
from duikou.web.forms_planning import AdoptForm, CandidateFilterForm, ScenarioCopyForm
from duikou.web.params import query_without_page
from duikou.web.templatetags.duikou import local

PAGE_SIZE = 50
BUSY = {Scenario.Status.QUEUED, Scenario.Status.RUNNING}
FRACTION_RULES = {"livelihood", "grassroots", *words.SHARE_KINDS}
COMPARE_MAX = 4


def decimal(value, places: int = 2) -> Decimal | None:
    """A figure of a result (a float) as the ``number`` filter shows it: 55,773 or 4.61."""
    return None if value is None else round(Decimal(str(value)), places)


def _decimals(row: dict, places: dict[str, int]) -> dict:
    return {**row, **{key: decimal(row.get(key), n) for key, n in places.items()}}


MONEY_COLUMNS = {"budget": 2, "available": 2, "spent": 2, "left": 2}
CHOSEN_COLUMNS = {"cost": 2, "cost_in_horizon": 2, "worth": 0, "synergy": 0, "per_wan": 2}


def planning_page(view):
    """Logged in and not the public: planning is internal work (403 for the public)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.role == Role.PUBLIC:
            raise PermissionDenied(_("规划是内部工作,公众用户不能查看。"))
        return view(request, *args, **kwargs)

    return wrapped


def scenario_for(user, scenario_id: int, *, edit: bool = False) -> Scenario:
    """The scenario, if the user may see it (else 404) and, with ``edit``, change it (else
    403)."""
    scenario = (
        scenarios_visible_to(user)
        .select_related(
            "pairing__supporter",
            "pairing__recipient_region",
            "pairing__recipient_organisation",
            "adopted_by",
        )
        .filter(pk=scenario_id)
        .first()
    )
    if scenario is None:
        raise Http404
    if edit and not scenarios_editable_by(user).filter(pk=scenario.pk).exists():
        raise PermissionDenied(_("您没有修改该方案的权限。"))
    return scenario


def candidate_for(user, candidate_id: int) -> Candidate:
    """A candidate the user may change (404 when out of sight, 403 when only seen)."""
    candidate = candidates_visible_to(user).filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404
    if not candidates_editable_by(user).filter(pk=candidate.pk).exists():
        raise PermissionDenied(_("您没有修改该储备项目的权限。"))
    return candidate_rows(Candidate.objects.filter(pk=candidate.pk)).get()


# ------------------------------------------------------------------ the scenarios


@planning_page
def scenarios(request):
    user = request.user
    rows = scenarios_visible_to(user).select_related(
        "pairing__supporter", "pairing__recipient_region", "pairing__recipient_organisation"
    )
    rows = list(rows)
    for row in rows:
        row.value = decimal((row.result or {}).get("value"), 0)
    return render(
        request,
        "web/planning/scenarios.html",
        {
            "scenarios": rows,
            "can_create": bool(user.may_edit_projects),
            "reserve_size": candidates_visible_to(user).count(),
        },
    )


# ------------------------------------------------------------------ the reserve


def _filtered_candidates(user, form):
    if not form.is_valid():
        return candidates_visible_to(user).none()
    try:
        return candidates_filtered(user, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return candidates_visible_to(user).none()


@planning_page
def candidates(request):
    user = request.user
    visible = candidates_visible_to(user)
    pairings = pairing_rows(Pairing.objects.filter(pk__in=visible.values("pairing")).distinct())
    form = CandidateFilterForm(
        request.GET or None,
        pairings=pairings,
        categories=Category.objects.filter(is_banned=False),
    )
    rows = _filtered_candidates(user, form) if form.is_bound else visible
    rows = (
        candidate_rows(rows)
        .select_related(
            "pairing__supporter", "pairing__recipient_region", "pairing__recipient_organisation"
        )
        .order_by("code")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    editable = set(
        candidates_editable_by(user)
        .filter(pk__in=[c.pk for c in shown])
        .values_list("pk", flat=True)
    )
    synergies = synergies_of(shown)
    for candidate in shown:
        candidate.cost_list = [cost.amount for cost in candidate.costs.all()]
        candidate.total = sum(candidate.cost_list)
        candidate.synergy_list = synergies[candidate.pk]
        candidate.can_edit = candidate.pk in editable
    page.object_list = shown
    return render(
        request,
        "web/planning/candidates.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "region_options": recipient_region_options(),
            "can_create": bool(user.may_edit_projects),
        },
    )


# ------------------------------------------------------------------ a scenario


def _figure(kind: str, amount) -> str:
    if amount is None:
        return "—"
    return words.percent(amount) if kind in FRACTION_RULES else words.wan(amount)


def _compliance_rows(rows: list[dict]) -> list[dict]:
    shown = []
    for row in rows:
        kind = row["rule"][0]
        shown.append(
            {
                **row,
                "actual_text": _figure(kind, row["actual"]),
                "limit_text": _figure(kind, row["limit"]),
                "margin_text": "—" if row["margin"] is None else words.wan(row["margin"]),
            }
        )
    return shown


def result_context(scenario: Scenario, names: dict[str, str], projects: dict) -> dict:
    """A scenario's result as its page shows it, every rule and reason in words."""
    result = scenario.result
    if not result:
        return {}
    worded = words.result_in_words(result, names)
    context = {"result": worded}
    if "chosen" in result:
        chosen = sorted(result["chosen"], key=lambda r: -(r["per_wan"] or 0))
        context["chosen"] = [
            {
                **_decimals(row, CHOSEN_COLUMNS),
                "title": names.get(row["key"], ""),
                "project": projects.get(row["key"]),
            }
            for row in chosen
        ]
        context["rejected"] = [
            {**row, "title": names.get(row["key"], "")} for row in worded["rejected"]
        ]
        context["compliance"] = _compliance_rows(worded["compliance"])
        context["cash_flow"] = [_year_cell(row) for row in result["cash_flow"]]
        context["cash_chart"] = cash_chart(result["cash_flow"])
        context["headline"] = headline(result)
        more = result.get("more_budget")
        if more:
            context["more_budget"] = {
                **more,
                "value": decimal(more["value"], 0),
                "added": [(code, names.get(code, "")) for code in more["added"]],
                "dropped": [(code, names.get(code, "")) for code in more["dropped"]],
            }
    return context


def headline(result: dict) -> dict:
    """The figures a planner reads first: the value, how close to the best possible, how
    long it took, and how much better than picking by value per 万元 (the greedy baseline)."""
    greedy = result.get("greedy_value") or 0
    horizon = [row for row in result["cash_flow"] if not row["after"]]
    return {
        "greedy_breaks": not result.get("greedy_keeps_rules", True),
        "value": decimal(result["value"], 0),
        "gap": words.percent(result["gap"]) if result.get("gap") is not None else "—",
        "seconds": result["seconds"],
        "greedy": decimal(greedy, 0),
        "over_greedy": words.percent((result["value"] - greedy) / greedy) if greedy > 0 else "—",
        "budget": decimal(sum(row["budget"] for row in horizon)),
        "spent": decimal(sum(row["spent"] for row in horizon)),
        "after_horizon": decimal(result.get("after_horizon") or 0),
    }


def cash_chart(rows: list[dict]) -> dict:
    """Budget (money available) and spending per year, for web/charts.js; the years after
    the horizon are named so."""
    return {
        "categories": [
            _("%(year)s(规划期后)") % {"year": r["year"]} if r["after"] else str(r["year"])
            for r in rows
        ],
        "unit": _("万元"),
        "series": [
            {"name": _("可用资金"), "data": [round(r["available"], 2) for r in rows]},
            {"name": _("安排支出"), "data": [round(r["spent"], 2) for r in rows]},
        ],
    }


def scenario_history(scenario: Scenario) -> list[dict]:
    entries = history.entries("scenario", Scenario.history.filter(id=scenario.pk))
    return history.with_labels(history.newest_first([entries]), {"scenario": Scenario})


def progress_of(scenario: Scenario) -> dict:
    """The search's progress as the bar shows it: seconds of the limit, best value, gap."""
    progress = scenario.progress or {}
    limit = progress.get("limit") or scenario.time_limit
    seconds = min(progress.get("seconds") or 0, limit)
    gap = progress.get("gap")
    return {
        "seconds": seconds,
        "limit": limit,
        "value": decimal(progress.get("value"), 0),
        "gap": words.percent(gap) if gap is not None and gap < 1e6 else "—",
        "busy": scenario.status in BUSY,
    }


@planning_page
def scenario_detail(request, scenario_id: int):
    user = request.user
    scenario = scenario_for(user, scenario_id)
    reserve = candidates_of(scenario).select_related("project")
    names = {c.code: local(c, "title") for c in reserve}
    projects = {c.code: c.project for c in reserve if c.project_id}
    can_edit = may_edit_scenario(user, scenario)
    context = {
        "scenario": scenario,
        "can_edit": can_edit,
        "budgets": scenario.budgets.all(),
        "shares": scenario.shares.select_related("category", "region"),
        "weights": scenario.weights.select_related("element"),
        "choices": scenario.choices.select_related("candidate"),
        "progress": progress_of(scenario),
        "busy": scenario.status in BUSY,
        "history": scenario_history(scenario),
        "copy_form": ScenarioCopyForm(
            initial={
                "code": f"{scenario.code}-b",
                "name": _("%(name)s(副本)") % {"name": scenario.name},
            }
        ),
        "adopt_form": AdoptForm(initial={"version": scenario.version}),
        **result_context(scenario, names, projects),
    }
    if scenario.status == Scenario.Status.ADOPTED and scenario.result:
        context["adopted_projects"] = [
            (row["key"], names.get(row["key"], ""), projects.get(row["key"]))
            for row in scenario.result.get("chosen", [])
        ]
    return render(request, "web/planning/scenario.html", context)


@planning_page
def scenario_progress(request, scenario_id: int):
    """The progress bar, polled every second while the scenario is queued or solved; once
    it is done, htmx is told to reload the page (which then shows the result)."""
    scenario = scenario_for(request.user, scenario_id)
    response = render(
        request,
        "web/planning/_progress.html",
        {"scenario": scenario, "progress": progress_of(scenario)},
    )
    if scenario.status not in BUSY:
        response["HX-Refresh"] = "true"
    return response


# ------------------------------------------------------------------ side by side


def _compare_ids(request) -> list[int]:
    ids = []
    for value in request.GET.getlist("s"):
        if value.isdigit() and int(value) not in ids:
            ids.append(int(value))
    return ids


def _year_cell(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {
        **_decimals(row, MONEY_COLUMNS),
        "livelihood_text": words.percent(row["livelihood"]),
        "grassroots_text": words.percent(row["grassroots"]),
    }


@planning_page
def scenarios_compare(request):
    user = request.user
    ids = _compare_ids(request)
    visible = scenarios_visible_to(user)
    chosen = {s.pk: s for s in visible.filter(pk__in=ids).select_related("pairing")}
    shown = [chosen[pk] for pk in ids if pk in chosen]
    context = {"scenarios": visible.select_related("pairing"), "chosen_ids": ids}
    if not 2 <= len(shown) <= COMPARE_MAX:
        context["problem"] = _("请选择 2 至 %(n)s 个方案进行比较。") % {"n": COMPARE_MAX}
        return render(request, "web/planning/compare.html", context)
    found = compare(shown)
    names = dict(
        Candidate.objects.filter(code__in=list(found["differences"])).values_list("code", "title")
    )
    figures = found["scenarios"]
    for figure, scenario in zip(figures, shown, strict=True):
        figure["scenario"] = scenario
        figure.update(value=decimal(figure["value"], 0))
        figure.update(budget=decimal(figure["budget"]), spent=decimal(figure["spent"]))
        figure["gap_text"] = "—" if figure["gap"] is None else words.percent(figure["gap"])
        binding = {"compliance": [{"rule": r} for r in figure["binding"]]}
        figure["binding_text"] = [
            row["text"] for row in words.result_in_words(binding, names)["compliance"]
        ]
    context.update(
        {
            "figures": figures,
            "years": [
                {
                    "year": year,
                    "cells": [_year_cell(f["cash_flow"].get(year)) for f in figures],
                    "after": any((f["cash_flow"].get(year) or {}).get("after") for f in figures),
                }
                for year in found["years"]
            ],
            "differences": [
                {"code": code, "title": names.get(code, ""), "starts": starts}
                for code, starts in found["differences"].items()
            ],
        }
    )
    return render(request, "web/planning/compare.html", context)
