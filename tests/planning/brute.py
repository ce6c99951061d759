"""Exhaustive search: every choice of options and start years, for the solver's tests."""

import itertools

from duikou.planning.checks import feasible
from duikou.planning.problem import Portfolio, Problem


def best(problem: Problem) -> Portfolio | None:
    """The most valuable portfolio that keeps every rule, or None when there is none."""
    choices = [[None, *problem.starts(i)] for i in range(len(problem.options))]
    best_portfolio, best_value = None, float("-inf")
    for picks in itertools.product(*choices):
        portfolio = Portfolio({i: start for i, start in enumerate(picks) if start is not None})
        if feasible(problem, portfolio):
            value = portfolio.value(problem)
            if value > best_value + 1e-9:
                best_portfolio, best_value = portfolio, value
    return best_portfolio
