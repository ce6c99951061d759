"""The portfolio as a mixed-integer programme, solved with HiGHS.

One binary column ``x[i, t]`` per option and possible start year (1: option i starts in year t),
one continuous column ``z`` per synergy (≤ each partner's "chosen"), and one row or a few rows per
rule. Maximise Σ worth(i, t)·x[i, t] + Σ bonus·z.

Rows, with C[i, t, τ] the option's cost in year τ when it starts in t:

* one start: Σ_t x[i, t] ≤ 1 (≥ 1 when required);
* budget τ: Σ C[i, t, τ]·x ≤ B_τ, or cumulated up to τ with carry-over; the years after the
  horizon too, with the money expected then (what projects started late still cost);
* livelihood / grassroots share τ: Σ (flag_i − s)·C[i, t, τ]·x ≥ 0;
* category / region share: Σ (member_i − s)·ΣC[i, t, ·]·x ≥ 0 (≤ 0 for a maximum);
* dependency: for every τ, Σ_{t≤τ} x[b, t] ≤ Σ_{t≤τ−lag} x[a, t];
* alternatives: Σ over the group ≤ 1; refused: x = 0; continuing: x[i, start] = 1.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from duikou.planning.problem import Portfolio, Problem, Rule, active

INF = highspy.kHighsInf


def _without_banner() -> None:
    """HiGHS prints its banner on stdout when the process makes its first instance, which
    would spoil ``duikou plan --json``: make that first one here with stdout (fd 1) muted."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_without_banner()


@dataclass
class Progress:
    seconds: float
    value: float | None  # best portfolio's value so far
    bound: float | None  # best bound on the optimum
    gap: float | None


@dataclass
class Outcome:
    status: str  # optimal | stopped (a portfolio within the time limit) | infeasible | unknown
    portfolio: Portfolio | None
    value: float | None
    bound: float | None
    gap: float | None
    seconds: float

    @property
    def solved(self) -> bool:
        return self.portfolio is not None


@dataclass
class Settings:
    time_limit: float = 30.0
    gap: float = 0.005
    relax: bool = False  # the LP relaxation: fractional starts allowed


class _Rows:
    """Rows in compressed sparse row form, added to HiGHS at once."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = [0]
        self.index: list[np.ndarray] = []
        self.value: list[np.ndarray] = []

    def add(self, columns, coefficients, lower=-INF, upper=INF) -> None:
        columns = np.asarray(columns, dtype=np.int32)
        coefficients = np.asarray(coefficients, dtype=np.float64)
        keep = coefficients != 0
        self.index.append(columns[keep])
        self.value.append(coefficients[keep])
        self.starts.append(self.starts[-1] + int(keep.sum()))
        self.lower.append(lower)
        self.upper.append(upper)

    def pass_to(self, highs: highspy.Highs) -> None:
        if not self.lower:
            return
        index = np.concatenate(self.index) if self.index else np.zeros(0, np.int32)
        value = np.concatenate(self.value) if self.value else np.zeros(0)
        highs.addRows(
            len(self.lower),
            np.array(self.lower),
            np.array(self.upper),
            len(index),
            np.array(self.starts[:-1], dtype=np.int32),
            index.astype(np.int32),
            value,
        )


class Model:
    """The MIP of a problem with the rules in force (all of them when ``rules`` is None)."""

    def __init__(
        self, problem: Problem, rules: frozenset | None = None, *, stretch: int | None = None
    ) -> None:
        self.problem = problem
        self.rules = rules
        self.stretch = stretch  # a year whose budget may grow: the model then minimises that
        self.column_option: list[int] = []
        self.column_start: list[int] = []
        self.columns_of: list[list[int]] = []
        for index in range(len(problem.options)):
            own = []
            for start in problem.starts(index, rules):
                own.append(len(self.column_option))
                self.column_option.append(index)
                self.column_start.append(start)
            self.columns_of.append(own)
        self.options = np.array(self.column_option, dtype=np.int64)
        self.start_years = np.array(self.column_start, dtype=np.int64)
        # cost[c, k]: the column's cost in the k-th year of the horizon and the years after
        self.cost = np.zeros((len(self.column_option), len(problem.all_years)))
        for c, (i, start) in enumerate(zip(self.column_option, self.column_start, strict=True)):
            for k, year in enumerate(problem.all_years):
                self.cost[c, k] = problem.options[i].cost_in(start, year)
        self.synergies = [
            s for s in problem.synergies if self.columns_of[s.first] and self.columns_of[s.second]
        ]

    # ------------------------------------------------------------------ building

    def _on(self, rule: Rule) -> bool:
        return active(rule, self.rules)

    def highs(self, settings: Settings, objective: bool = True) -> highspy.Highs:
        problem = self.problem
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("random_seed", 1)
        highs.setOptionValue("time_limit", float(settings.time_limit))
        highs.setOptionValue("mip_rel_gap", float(settings.gap))
        n = len(self.column_option)
        worth = np.array(
            [
                problem.worth(i, t)
                for i, t in zip(self.column_option, self.column_start, strict=True)
            ]
        )
        upper = np.ones(n)
        lower = np.zeros(n)
        for index, option in enumerate(problem.options):
            if option.refused and self._on(("refused", index)):
                upper[self.columns_of[index]] = 0
            if option.start is not None and self._on(("continuing", index)):
                lower[self.columns_of[index]] = 1
        costs = worth if objective else np.zeros(n)
        highs.addCols(n, costs, lower, upper, 0, [], [], [])
        if not settings.relax:
            highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
        bonuses = np.array([s.bonus if objective else 0.0 for s in self.synergies])
        if self.synergies:
            m = len(self.synergies)
            highs.addCols(m, bonuses, np.zeros(m), np.ones(m), 0, [], [], [])
        if self.stretch is not None:  # the extra money, as small as can be
            highs.addCols(1, np.array([-1.0]), np.zeros(1), np.array([INF]), 0, [], [], [])
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        rows = _Rows()
        self._one_start(rows)
        self._budgets(rows)
        self._year_shares(rows)
        self._horizon_shares(rows)
        self._dependencies(rows)
        self._alternatives(rows)
        self._synergy_rows(rows, n)
        rows.pass_to(highs)
        return highs

    def _one_start(self, rows: _Rows) -> None:
        for index, columns in enumerate(self.columns_of):
            option = self.problem.options[index]
            required = option.required and self._on(("required", index))
            if columns:
                rows.add(columns, np.ones(len(columns)), 1.0 if required else -INF, 1.0)
            elif required:
                rows.add([], [], 1.0, 1.0)  # required but unable to start: infeasible

    def _budgets(self, rows: _Rows) -> None:
        problem = self.problem
        columns = np.arange(len(self.column_option))
        for k, year in enumerate(problem.all_years):
            if not self._on(("budget" if year <= problem.last else "commitment", year)):
                continue
            if problem.carry_over:
                coefficients = self.cost[:, : k + 1].sum(axis=1)
                limit = sum(problem.budget_of(y) for y in problem.all_years[: k + 1])
            else:
                coefficients, limit = self.cost[:, k], problem.budget_of(year)
            if year == self.stretch:
                extra = len(self.column_option) + len(self.synergies)
                rows.add([*columns, extra], [*coefficients, -1.0], -INF, limit)
            else:
                rows.add(columns, coefficients, -INF, limit)

    def _year_shares(self, rows: _Rows) -> None:
        problem = self.problem
        columns = np.arange(len(self.column_option))
        for kind, bound in (
            ("livelihood", problem.livelihood_min),
            ("grassroots", problem.grassroots_min),
        ):
            if bound is None:
                continue
            flag = np.array([getattr(o, kind) for o in problem.options], dtype=float)
            weight = flag[self.options] - bound if len(columns) else np.zeros(0)
            for k, year in enumerate(problem.years):
                if self._on((kind, year)):
                    rows.add(columns, weight * self.cost[:, k], 0.0, INF)

    def _horizon_shares(self, rows: _Rows) -> None:
        columns = np.arange(len(self.column_option))
        total = self.cost[:, : len(self.problem.years)].sum(axis=1)
        for k, share in enumerate(self.problem.shares):
            member = np.isin(self.options, list(share.members)).astype(float)
            if share.minimum is not None and self._on(("share_min", k)):
                rows.add(columns, (member - share.minimum) * total, 0.0, INF)
            if share.maximum is not None and self._on(("share_max", k)):
                rows.add(columns, (member - share.maximum) * total, -INF, 0.0)

    def _dependencies(self, rows: _Rows) -> None:
        for k, dep in enumerate(self.problem.dependencies):
            if not self._on(("dependency", k)):
                continue
            mine = self.columns_of[dep.dependent]
            theirs = self.columns_of[dep.prerequisite]
            # every year the dependent may start in: a continuing one may predate the horizon
            years = sorted({self.column_start[c] for c in mine} | set(self.problem.years))
            for year in years:
                before = [c for c in mine if self.column_start[c] <= year]
                if not before:
                    continue
                ready = [c for c in theirs if self.column_start[c] <= year - dep.lag]
                rows.add(before + ready, [1.0] * len(before) + [-1.0] * len(ready), -INF, 0.0)

    def _alternatives(self, rows: _Rows) -> None:
        for group, members in self.problem.groups().items():
            if self._on(("alternative", group)):
                columns = [c for i in members for c in self.columns_of[i]]
                rows.add(columns, np.ones(len(columns)), -INF, 1.0)

    def _synergy_rows(self, rows: _Rows, n: int) -> None:
        for k, synergy in enumerate(self.synergies):
            for partner in (synergy.first, synergy.second):
                columns = self.columns_of[partner]
                rows.add([n + k, *columns], [1.0] + [-1.0] * len(columns), -INF, 0.0)

    # ------------------------------------------------------------------ solving

    def portfolio(self, solution) -> Portfolio:
        values = np.asarray(solution)[: len(self.column_option)]
        starts = {self.column_option[c]: self.column_start[c] for c in np.flatnonzero(values > 0.5)}
        return Portfolio(starts)

    def solve(
        self,
        settings: Settings | None = None,
        *,
        objective: bool = True,
        progress: Callable[[Progress], bool | None] | None = None,
        hint: Portfolio | None = None,
    ) -> Outcome:
        """Solve; ``progress`` is called as the search improves and stops it by returning True."""
        settings = settings or Settings()
        began = time.perf_counter()
        highs = self.highs(settings, objective)
        if progress is not None:
            _follow(highs, began, progress)
        if hint is not None:
            self._hint(highs, hint)
        highs.run()
        seconds = time.perf_counter() - began
        return self._outcome(highs, settings, seconds)

    def _hint(self, highs: highspy.Highs, hint: Portfolio) -> None:
        n = len(self.column_option)
        values = np.zeros(n + len(self.synergies))
        for c in range(n):
            if hint.starts.get(self.column_option[c]) == self.column_start[c]:
                values[c] = 1.0
        for k, s in enumerate(self.synergies):
            values[n + k] = float(s.first in hint.starts and s.second in hint.starts)
        solution = highspy.HighsSolution()
        solution.col_value = list(values)
        solution.value_valid = True
        highs.setSolution(solution)

    def _outcome(self, highs: highspy.Highs, settings: Settings, seconds: float) -> Outcome:
        status = highs.getModelStatus()
        info = highs.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            return Outcome("infeasible", None, None, None, None, seconds)
        has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
        if not has_solution:
            return Outcome("unknown", None, None, None, None, seconds)
        optimal = status == highspy.HighsModelStatus.kOptimal
        if self.stretch is not None:
            extra = highs.getSolution().col_value[-1]
            return Outcome("optimal" if optimal else "stopped", None, extra, None, None, seconds)
        portfolio = self.portfolio(highs.getSolution().col_value)
        value = portfolio.value(self.problem)
        if settings.relax:
            return Outcome("optimal", portfolio, info.objective_function_value, None, 0.0, seconds)
        bound = info.mip_dual_bound
        gap = _gap(value, bound)
        return Outcome("optimal" if optimal else "stopped", portfolio, value, bound, gap, seconds)


def _gap(value: float, bound: float) -> float:
    if not np.isfinite(bound):
        return float("inf")
    return max(0.0, bound - value) / max(abs(bound), abs(value), 1e-9)


def _follow(highs: highspy.Highs, began: float, progress, every: float = 0.25) -> None:
    """Report to ``progress`` at most every ``every`` seconds (the callback comes very often)."""
    last = [0.0]

    def report(event) -> None:
        now = time.perf_counter()
        if now - last[0] < every:
            return
        last[0] = now
        out = event.data_out
        value = out.objective_function_value if np.isfinite(out.objective_function_value) else None
        bound = out.mip_dual_bound if np.isfinite(out.mip_dual_bound) else None
        gap = _gap(value, bound) if value is not None and bound is not None else None
        if progress(Progress(now - began, value, bound, gap)):
            event.interrupt()

    highs.cbMipInterrupt.subscribe(report)


def solve(problem: Problem, settings: Settings | None = None, **kwargs) -> Outcome:
    return Model(problem).solve(settings, **kwargs)
