"""The planner's spreadsheet method, as a baseline: take projects by value per 万元, best first,
each in the earliest year it fits every rule.

Required and continuing projects go first. Minimum shares of a category or region are not
chased (a greedy pass cannot plan for them); the result says whether it keeps every rule.
Synergies count in its value but not in its order. Also the solver's first portfolio.
"""

from __future__ import annotations

import numpy as np

from duikou.planning.problem import Portfolio, Problem


class _Ledger:
    """Money already placed: per year in total and for each share the rules look at."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        years = len(problem.years)
        self.spent = np.zeros(years)
        self.livelihood = np.zeros(years)
        self.grassroots = np.zeros(years)
        self.members = np.zeros(len(problem.shares))
        self.budgets = np.array(problem.budgets, dtype=float)
        if problem.carry_over:
            self.budgets = np.cumsum(self.budgets)

    def profile(self, index: int, start: int) -> np.ndarray:
        option = self.problem.options[index]
        return np.array([option.cost_in(start, year) for year in self.problem.years])

    def fits(self, index: int, start: int) -> bool:
        problem, option = self.problem, self.problem.options[index]
        cost = self.profile(index, start)
        spent = self.spent + cost
        if not _within(np.cumsum(spent) if problem.carry_over else spent, self.budgets):
            return False
        for flag, placed, bound in (
            (option.livelihood, self.livelihood, problem.livelihood_min),
            (option.grassroots, self.grassroots, problem.grassroots_min),
        ):
            if bound is not None and not _within(bound * spent, placed + flag * cost):
                return False
        total = spent.sum()
        for k, share in enumerate(problem.shares):
            if share.maximum is not None:
                part = self.members[k] + (cost.sum() if index in share.members else 0)
                if part > share.maximum * total + 1e-6:
                    return False
        return True

    def place(self, index: int, start: int) -> None:
        option = self.problem.options[index]
        cost = self.profile(index, start)
        self.spent += cost
        self.livelihood += option.livelihood * cost
        self.grassroots += option.grassroots * cost
        for k, share in enumerate(self.problem.shares):
            if index in share.members:
                self.members[k] += cost.sum()


def _within(values: np.ndarray, limits: np.ndarray) -> bool:
    return bool(np.all(values <= limits + 1e-6))


def greedy(problem: Problem) -> Portfolio:
    ledger = _Ledger(problem)
    starts: dict[int, int] = {}
    used_groups: set[str] = set()
    needs: dict[int, list] = {}
    for dep in problem.dependencies:
        needs.setdefault(dep.dependent, []).append(dep)

    def ready(index: int, start: int) -> bool:
        return all(
            dep.prerequisite in starts and start >= starts[dep.prerequisite] + dep.lag
            for dep in needs.get(index, ())
        )

    def take(index: int, start: int) -> None:
        ledger.place(index, start)
        starts[index] = start
        if problem.options[index].group:
            used_groups.add(problem.options[index].group)

    forced = [i for i, o in enumerate(problem.options) if o.start is not None or o.required]
    for index in forced:
        option = problem.options[index]
        if option.start is not None:
            take(index, option.start)
        else:
            fitting = [t for t in problem.starts(index) if ledger.fits(index, t)]
            if fitting:
                take(index, fitting[0])
    for index in _by_value_per_wan(problem):
        option = problem.options[index]
        if index in starts or option.refused or option.group in used_groups and option.group:
            continue
        for start in problem.starts(index):
            if ready(index, start) and ledger.fits(index, start):
                take(index, start)
                break
    return Portfolio(starts)


def _by_value_per_wan(problem: Problem) -> list[int]:
    def ratio(index: int) -> float:
        option = problem.options[index]
        return option.value / max(sum(option.costs), 1e-9)

    return sorted(range(len(problem.options)), key=ratio, reverse=True)
