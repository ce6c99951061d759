"""The solver finds the best portfolio: by hand on small cases, by exhaustive search on random
ones, and keeps every rule."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duikou.planning.checks import feasible
from duikou.planning.problem import Option, Problem, Synergy
from duikou.planning.random_instances import random_problem
from duikou.planning.solver import Settings, solve
from tests.planning.brute import best

EXACT = Settings(gap=0.0, time_limit=30)


def test_by_hand_synergy_beats_the_best_ratio():
    # A alone is the best value per 万元; B and C together, with their bonus, beat A.
    problem = Problem(
        years=(2026,),
        budgets=(100.0,),
        options=[
            Option("A", (60.0,), 60.0),
            Option("B", (50.0,), 40.0),
            Option("C", (50.0,), 40.0),
        ],
        synergies=[Synergy(1, 2, 30.0)],
        livelihood_min=None,
        grassroots_min=None,
    )
    outcome = solve(problem, EXACT)
    assert outcome.status == "optimal"
    assert outcome.portfolio.starts == {1: 2026, 2: 2026}
    assert outcome.value == pytest.approx(110.0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(1, 12))
def test_one_year_matches_exhaustive_search(seed, n):
    problem = random_problem(random.Random(seed), n, 1)
    _same_as_exhaustive(problem)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(1, 7), years=st.integers(2, 3))
def test_several_years_match_exhaustive_search(seed, n, years):
    problem = random_problem(random.Random(seed), n, years)
    _same_as_exhaustive(problem)


def _same_as_exhaustive(problem):
    expected = best(problem)
    outcome = solve(problem, EXACT)
    if expected is None:
        assert outcome.status == "infeasible"
        return
    assert outcome.status == "optimal"
    assert feasible(problem, outcome.portfolio)
    assert outcome.value == pytest.approx(expected.value(problem), abs=1e-6)
