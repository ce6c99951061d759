"""Money already placed in a portfolio, by year and by every share a rule looks at, so that
adding one more project is checked in a few array operations: what the greedy baseline and
the reasons for leaving a candidate out both need, for thousands of candidates."""

from __future__ import annotations

import numpy as np

from duikou.planning.problem import Portfolio, Problem

TOLERANCE = 1e-6


class Ledger:
    def __init__(self, problem: Problem, portfolio: Portfolio | None = None) -> None:
        self.problem = problem
        years = len(problem.all_years)
        self.horizon = len(problem.years)
        self.spent = np.zeros(years)
        self.livelihood = np.zeros(years)
        self.grassroots = np.zeros(years)
        self.members = np.zeros(len(problem.shares))
        self.budgets = np.array([problem.budget_of(y) for y in problem.all_years])
        if problem.carry_over:
            self.budgets = np.cumsum(self.budgets)
        for index, start in (portfolio.starts if portfolio else {}).items():
            self.place(index, start)

    def profile(self, index: int, start: int) -> np.ndarray:
        option = self.problem.options[index]
        return np.array([option.cost_in(start, year) for year in self.problem.all_years])

    def breaches(self, index: int, start: int, *, minimums: bool = True) -> list[tuple]:
        """The money rules broken if option ``index`` started in ``start`` as well:
        (rule, margin in 万元 (negative), share or spending after the addition).

        A floor (livelihood, grassroots, a minimum share) is broken only by a project that
        does not count towards it and leaves it short: one that counts raises it, so a
        portfolio still below a floor can grow towards it."""
        problem, option = self.problem, self.problem.options[index]
        cost = self.profile(index, start)
        spent = self.spent + cost
        broken = []
        used = np.cumsum(spent) if problem.carry_over else spent
        for k, year in enumerate(problem.all_years):
            if used[k] > self.budgets[k] + TOLERANCE:
                kind = "budget" if k < self.horizon else "commitment"
                broken.append(((kind, year), self.budgets[k] - used[k], used[k]))
        for kind, flag, placed, bound in (
            ("livelihood", option.livelihood, self.livelihood, problem.livelihood_min),
            ("grassroots", option.grassroots, self.grassroots, problem.grassroots_min),
        ):
            if bound is None:
                continue
            if flag:
                continue  # a project that counts towards a floor never lowers it
            for k, year in enumerate(problem.years):
                margin = placed[k] - bound * spent[k]
                if cost[k] > 0 and margin < -TOLERANCE:
                    broken.append(((kind, year), margin, placed[k] / spent[k]))
        total = spent[: self.horizon].sum()
        within = cost[: self.horizon].sum()
        for k, share in enumerate(problem.shares):
            part = self.members[k] + (within if index in share.members else 0.0)
            if share.maximum is not None and part > share.maximum * total + TOLERANCE:
                broken.append((("share_max", k), share.maximum * total - part, part / total))
            below = part < share.minimum * total - TOLERANCE if share.minimum is not None else False
            if minimums and below and index not in share.members:
                broken.append((("share_min", k), part - share.minimum * total, part / total))
        return broken

    def place(self, index: int, start: int) -> None:
        option = self.problem.options[index]
        cost = self.profile(index, start)
        self.spent += cost
        self.livelihood += option.livelihood * cost
        self.grassroots += option.grassroots * cost
        for k, share in enumerate(self.problem.shares):
            if index in share.members:
                self.members[k] += cost[: self.horizon].sum()
