"""Why a scenario has no portfolio: the smallest set of rules that conflict, and which of them
alone, relaxed, would let a portfolio through.

A deletion filter over the planners' rules (not over solver rows): drop rules, in groups
halved until single, and keep them out while the rest still has no portfolio. What is left
conflicts and every rule in it matters: take any one away and a portfolio exists. For a
budget in the set, the least extra money that would make the whole scenario feasible is
measured too.
"""

from __future__ import annotations

from dataclasses import dataclass

from duikou.planning.problem import Problem, Rule
from duikou.planning.solver import Model, Settings


@dataclass
class Conflict:
    rules: list[Rule]  # together they leave no portfolio; each one is needed for that
    enough_alone: list[Rule]  # relaxing one of these alone lets the scenario through
    budget_short: dict[int, float]  # year → the least extra 万元 that would be enough


def _has_portfolio(problem: Problem, rules: frozenset, time_limit: float) -> bool | None:
    outcome = Model(problem, rules).solve(Settings(time_limit=time_limit), objective=False)
    if outcome.status == "infeasible":
        return False
    return True if outcome.solved else None  # None: not found out within the time limit


def conflict(problem: Problem, *, time_limit: float = 5.0) -> Conflict | None:
    """The conflicting rules of an infeasible problem; None when it has a portfolio."""
    every = problem.rules()
    if _has_portfolio(problem, frozenset(every), time_limit) is not False:
        return None
    kept = _needed(problem, every, time_limit)
    enough = [
        rule
        for rule in kept
        if _has_portfolio(problem, frozenset(r for r in every if r != rule), time_limit)
    ]
    short = {
        rule[1]: _budget_short(problem, rule[1])
        for rule in enough
        if rule[0] == "budget" and not problem.carry_over
    }
    return Conflict(kept, enough, {year: value for year, value in short.items() if value})


def _needed(problem: Problem, every: list[Rule], time_limit: float) -> list[Rule]:
    """The deletion filter, by halves: a whole group of rules goes at once when the rest
    still has no portfolio, else the group is split, down to single rules, which stay. A few
    rules in conflict among hundreds take a few dozen solves, not hundreds."""
    kept = list(every)
    groups = [every]
    while groups:
        group = groups.pop()
        trial = [rule for rule in kept if rule not in group]
        if _has_portfolio(problem, frozenset(trial), time_limit) is False:
            kept = trial
        elif len(group) > 1:
            middle = len(group) // 2
            groups += [group[middle:], group[:middle]]
    return kept


def _budget_short(problem: Problem, year: int, *, time_limit: float = 5.0) -> float | None:
    """The least money to add to ``year``'s budget for a portfolio to exist."""
    model = Model(problem, frozenset(problem.rules()), stretch=year)
    outcome = model.solve(Settings(time_limit=time_limit, gap=0.0), objective=False)
    return outcome.value if outcome.status == "optimal" else None
