"""Solving a scenario: queued as a background task, its progress kept on the scenario while
HiGHS searches, then the result with its explanations, or the rules that conflict."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from duikou.planning import explain
from duikou.planning.build import build
from duikou.planning.checks import feasible
from duikou.planning.conflicts import conflict
from duikou.planning.explain import rule_name
from duikou.planning.greedy import greedy
from duikou.planning.models import Scenario
from duikou.planning.services import ensure_runnable
from duikou.planning.solver import Model, Progress, Settings

Status = Scenario.Status


def scenario_queue(*, by, scenario: Scenario):
    """Queue the scenario for the background worker; the page follows its progress."""
    from duikou.planning.tasks import solve_scenario

    with transaction.atomic():
        ensure_runnable(by, scenario)
        Scenario.objects.filter(pk=scenario.pk).update(status=Status.QUEUED, progress={})
    solve_scenario.enqueue(scenario.pk)
    scenario.refresh_from_db()
    return scenario


def _saver(scenario: Scenario, every: float = 1.0) -> Callable[[Progress], bool]:
    """Keep the search's progress on the scenario, at most every ``every`` seconds."""
    last = [0.0]
    limit = scenario.time_limit

    def save(progress: Progress) -> bool:
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            Scenario.objects.filter(pk=scenario.pk).update(
                progress={
                    "seconds": round(progress.seconds, 1),
                    "limit": limit,
                    "value": progress.value,
                    "bound": progress.bound,
                    "gap": progress.gap,
                }
            )
        return False

    return save


def scenario_run(
    scenario: Scenario, *, progress: Callable[[Progress], bool | None] | None = None
) -> Scenario:
    """Solve now (the worker's task, and ``duikou plan``) and keep the result."""
    Scenario.objects.filter(pk=scenario.pk).update(status=Status.RUNNING, progress={})
    built = build(scenario)
    problem = built.problem
    settings = Settings(time_limit=scenario.time_limit, gap=float(scenario.gap) / 100)
    save = _saver(scenario)

    def report(step: Progress) -> bool:
        save(step)
        return bool(progress(step)) if progress else False

    baseline = greedy(problem)
    outcome = Model(problem).solve(settings, progress=report, hint=baseline)
    result = {"status": outcome.status, "seconds": outcome.seconds}
    if outcome.solved:
        richer = Model(explain.more(problem)).solve(settings, hint=outcome.portfolio)
        result |= {
            "value": outcome.value,
            "bound": outcome.bound,
            "gap": outcome.gap,
            "greedy_value": baseline.value(problem),
            "greedy_keeps_rules": feasible(problem, baseline),
            **explain.explain(problem, outcome.portfolio),
            "more_budget": explain.more_budget(problem, outcome.portfolio, richer.portfolio),
        }
        status = Status.SOLVED
    elif outcome.status == "infeasible":
        found = conflict(problem)
        result["conflict"] = found and {
            "rules": [rule_name(problem, r) for r in found.rules],
            "enough_alone": [rule_name(problem, r) for r in found.enough_alone],
            "budget_short": {str(year): extra for year, extra in found.budget_short.items()},
        }
        status = Status.INFEASIBLE
    else:
        status = Status.FAILED
    Scenario.objects.filter(pk=scenario.pk).update(
        status=status, result=result, solved_at=timezone.now(), progress={}
    )
    scenario.refresh_from_db()
    return scenario
