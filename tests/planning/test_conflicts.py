"""An infeasible scenario is answered with the rules that conflict, each of them needed, and
which one relaxed alone would be enough — never with a solver error."""

import pytest

from duikou.planning.conflicts import conflict
from duikou.planning.problem import Dependency, Option, Problem
from duikou.planning.solver import Model, Settings


def test_a_required_project_over_the_budget():
    problem = Problem(
        years=(2026,),
        budgets=(100.0,),
        options=[Option("A", (130.0,), 5.0, required=True), Option("B", (20.0,), 5.0)],
    )
    assert Model(problem).solve(Settings()).status == "infeasible"
    found = conflict(problem)
    assert found.rules == [("required", 0), ("budget", 2026)]
    assert found.enough_alone == [("required", 0), ("budget", 2026)]
    assert found.budget_short == {2026: pytest.approx(30.0)}


def test_the_smallest_set_among_many_rules():
    # B is required but needs A, which the recipient refuses; the budget and floors are fine.
    problem = Problem(
        years=(2026, 2027),
        budgets=(100.0, 100.0),
        options=[
            Option("A", (10.0,), 5.0, refused=True),
            Option("B", (10.0,), 5.0, required=True),
            Option("C", (10.0,), 5.0, group="g"),
            Option("D", (10.0,), 5.0, group="g"),
        ],
        dependencies=[Dependency(1, 0)],
    )
    found = conflict(problem)
    assert sorted(found.rules) == [("dependency", 0), ("refused", 0), ("required", 1)]
    for rule in found.rules:  # each one is needed: without it a portfolio exists
        rest = frozenset(r for r in problem.rules() if r != rule)
        assert Model(problem, rest).solve(Settings()).solved


def test_a_feasible_problem_has_no_conflict():
    problem = Problem(years=(2026,), budgets=(100.0,), options=[Option("A", (50.0,), 1.0)])
    assert conflict(problem) is None


def test_a_conflict_among_hundreds_of_rules_takes_few_solves(monkeypatch):
    from duikou.planning import conflicts

    options = [Option(f"P{k}", (1.0,), 1.0, group=f"g{k // 2}") for k in range(200)]
    options += [Option("BIG", (150.0,), 1.0, required=True)]
    problem = Problem(
        years=(2026,),
        budgets=(100.0,),
        options=options,
        dependencies=[Dependency(k + 1, k) for k in range(0, 198, 2)],
    )
    calls = []
    real = conflicts._has_portfolio
    monkeypatch.setattr(
        conflicts, "_has_portfolio", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    found = conflict(problem)
    assert found.rules == [("required", 200), ("budget", 2026)]
    assert len(problem.rules()) > 200 and len(calls) < 40
