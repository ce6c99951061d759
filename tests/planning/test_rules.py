"""Every kind of rule binds: on a small case worked out by hand, the solver's portfolio keeps
the rule, and without the rule the best portfolio is a different one."""

import pytest

from duikou.planning.problem import Dependency, Option, Problem, Share
from duikou.planning.solver import Model, Settings

EXACT = Settings(gap=0.0)


def _problem(*options, years=(2026,), budgets=(100.0,), **rules) -> Problem:
    rules.setdefault("livelihood_min", None)
    rules.setdefault("grassroots_min", None)
    return Problem(years=years, budgets=budgets, options=list(options), **rules)


def best(problem: Problem, without=None) -> dict[str, int]:
    rules = None if without is None else frozenset(r for r in problem.rules() if r != without)
    outcome = Model(problem, rules).solve(EXACT)
    assert outcome.status == "optimal"
    return {problem.options[i].key: start for i, start in outcome.portfolio.starts.items()}


def test_budget():
    problem = _problem(
        Option("A", (60.0,), 60.0), Option("B", (50.0,), 40.0), Option("C", (50.0,), 40.0)
    )
    assert best(problem) == {"B": 2026, "C": 2026}
    assert best(problem, ("budget", 2026)) == {"A": 2026, "B": 2026, "C": 2026}


def test_carry_over_lets_a_later_year_use_what_is_left():
    late = Option("A", (80.0,), 50.0, earliest=2027)
    without = _problem(late, years=(2026, 2027), budgets=(100.0, 50.0))
    carried = _problem(late, years=(2026, 2027), budgets=(100.0, 50.0), carry_over=True)
    assert best(without) == {}
    assert best(carried) == {"A": 2027}


def test_money_after_the_horizon():
    problem = _problem(Option("A", (50.0, 90.0), 50.0), future_budget=60.0)
    assert best(problem) == {}  # its second year (2027) needs 90 where 60 is expected
    assert best(problem, ("commitment", 2027)) == {"A": 2026}
    assert best(_problem(Option("A", (50.0, 90.0), 50.0))) == {"A": 2026}  # 2027 like 2026


@pytest.mark.parametrize("flag", ["livelihood", "grassroots"])
def test_the_two_80_percent_floors(flag):
    outside = Option("A", (50.0,), 100.0, **{flag: False})
    inside = Option("B", (50.0,), 10.0)
    problem = _problem(outside, inside, **{f"{flag}_min": 0.8})
    assert best(problem) == {"B": 2026}
    assert best(problem, (flag, 2026)) == {"A": 2026, "B": 2026}


def test_minimum_share_of_a_category():
    a, b = Option("A", (60.0,), 60.0), Option("B", (20.0,), 5.0, category="education")
    problem = _problem(a, b, shares=[Share("education", frozenset({1}), minimum=0.5)])
    assert best(problem) == {"B": 2026}
    assert best(problem, ("share_min", 0)) == {"A": 2026, "B": 2026}


def test_maximum_share_of_a_region():
    a, b = Option("A", (60.0,), 60.0), Option("B", (20.0,), 5.0)
    problem = _problem(a, b, shares=[Share("654004", frozenset({0}), maximum=0.5)])
    assert best(problem) == {"B": 2026}
    assert best(problem, ("share_max", 0)) == {"A": 2026, "B": 2026}


def test_required_by_the_recipient():
    problem = _problem(Option("A", (60.0,), 60.0), Option("B", (50.0,), 10.0, required=True))
    assert best(problem) == {"B": 2026}
    assert best(problem, ("required", 1)) == {"A": 2026}


def test_refused_by_the_recipient():
    problem = _problem(Option("A", (10.0,), 100.0, refused=True), Option("B", (50.0,), 10.0))
    assert best(problem) == {"B": 2026}
    assert best(problem, ("refused", 0)) == {"A": 2026, "B": 2026}


def test_continuing_project_is_fixed():
    continuing = Option("A", (40.0, 40.0), 1.0, start=2025)
    problem = _problem(continuing, Option("B", (70.0,), 50.0))
    assert best(problem) == {"A": 2025}  # its 2026 money leaves no room for B
    assert best(problem, ("continuing", 0)) == {"B": 2026}


def test_dependency():
    a, b, c = Option("A", (60.0,), 1.0), Option("B", (30.0,), 50.0), Option("C", (40.0,), 40.0)
    problem = _problem(a, b, c, dependencies=[Dependency(1, 0)])
    assert best(problem) == {"A": 2026, "B": 2026}
    assert best(problem, ("dependency", 0)) == {"B": 2026, "C": 2026}


def test_dependency_with_a_lag_moves_the_start():
    a, b = Option("A", (10.0,), 10.0), Option("B", (10.0,), 50.0)
    problem = _problem(
        a,
        b,
        years=(2026, 2027),
        budgets=(100.0, 100.0),
        discount=0.1,
        dependencies=[Dependency(1, 0, lag=1)],
    )
    assert best(problem) == {"A": 2026, "B": 2027}
    assert best(problem, ("dependency", 0)) == {"A": 2026, "B": 2026}


def test_alternatives():
    a, b = (
        Option("A", (40.0,), 40.0, group="hospital"),
        Option("B", (40.0,), 35.0, group="hospital"),
    )
    problem = _problem(a, b)
    assert best(problem) == {"A": 2026}
    assert best(problem, ("alternative", "hospital")) == {"A": 2026, "B": 2026}


def test_later_starts_lose_the_discount():
    problem = _problem(
        Option("A", (60.0,), 100.0),
        Option("B", (60.0,), 90.0),
        years=(2026, 2027),
        budgets=(100.0, 100.0),
        discount=0.2,
    )
    # one of them must wait a year: the more valuable starts first
    assert best(problem) == {"A": 2026, "B": 2027}
