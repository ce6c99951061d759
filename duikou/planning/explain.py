"""What a solved scenario means, as data to keep and to put in words: the cash flow by year,
every rule with its margin, what each chosen project brings, the binding reason each candidate
was left out, and what 10 % more budget would add.

Options are named by their keys and rules by ``[kind, key]`` lists (option keys, share labels,
years), so the result can be stored as JSON and read without the problem.
"""

from __future__ import annotations

from dataclasses import replace

from duikou.planning.checks import TOLERANCE, checks
from duikou.planning.ledger import Ledger
from duikou.planning.problem import Portfolio, Problem, Rule

TIGHT = 0.01  # a money rule with less than 1 % of its limit left is binding


def rule_name(problem: Problem, rule: Rule) -> list:
    """A rule as JSON: option indices become keys, a dependency its two keys and lag."""
    kind, key = rule
    if kind in ("required", "refused", "continuing"):
        option = problem.options[key]
        return [kind, option.key, option.start] if kind == "continuing" else [kind, option.key]
    if kind == "dependency":
        dep = problem.dependencies[key]
        keys = problem.options[dep.dependent].key, problem.options[dep.prerequisite].key
        return [kind, *keys, dep.lag]
    if kind in ("share_min", "share_max"):
        share = problem.shares[key]
        bound = share.minimum if kind == "share_min" else share.maximum
        return [kind, share.label, bound]
    if kind in ("livelihood", "grassroots"):
        bound = problem.livelihood_min if kind == "livelihood" else problem.grassroots_min
        return [kind, key, bound]
    return [kind, key]


def cash_flow(problem: Problem, portfolio: Portfolio) -> list[dict]:
    """Each year of the horizon, then each year after it the portfolio still needs money in
    (``after``: checked against the money expected then, no shares)."""
    rows, carried = [], 0.0
    for year in problem.all_years:
        spent = portfolio.spending(problem, year)
        budget = problem.budget_of(year)
        available = budget + (carried if problem.carry_over else 0.0)
        after = year > problem.last
        rows.append(
            {
                "year": year,
                "after": after,
                "budget": budget,
                "available": available,
                "spent": spent,
                "left": available - spent,
                "livelihood": None if after else _share_of(problem, portfolio, year, "livelihood"),
                "grassroots": None if after else _share_of(problem, portfolio, year, "grassroots"),
            }
        )
        carried = available - spent
    while rows and rows[-1]["after"] and rows[-1]["spent"] <= TOLERANCE:
        rows.pop()  # years after the horizon with nothing committed
    return rows


def _share_of(problem: Problem, portfolio: Portfolio, year: int, flag: str) -> float | None:
    total = portfolio.spending(problem, year)
    members = {i for i, o in enumerate(problem.options) if getattr(o, flag)}
    return portfolio.spending(problem, year, members) / total if total > TOLERANCE else None


def after_horizon(problem: Problem, portfolio: Portfolio) -> float:
    """Money the portfolio commits to years after the horizon."""
    return sum(
        cost
        for i, start in portfolio.starts.items()
        for offset, cost in enumerate(problem.options[i].costs)
        if start + offset > problem.last
    )


def compliance(problem: Problem, portfolio: Portfolio) -> list[dict]:
    """Every rule: the figure, its limit, the margin, whether it is kept and whether it binds
    (a money rule with less than 1 % of its scale left)."""
    rows = []
    for c in checks(problem, portfolio):
        if c.rule[0] == "commitment" and not portfolio.spending(problem, c.rule[1]):
            continue  # a year after the horizon the portfolio needs no money in
        scale = _scale(problem, c.rule)
        binding = c.kept and scale is not None and c.margin <= TIGHT * scale
        rows.append(
            {
                "rule": rule_name(problem, c.rule),
                "actual": c.actual,
                "limit": c.limit,
                "margin": c.margin if scale is not None else None,
                "kept": c.kept,
                "binding": bool(binding),
            }
        )
    return rows


def _scale(problem: Problem, rule: Rule) -> float | None:
    """The money a rule's margin is measured against; None for a yes-or-no rule."""
    kind, key = rule
    if kind in ("budget", "commitment", "livelihood", "grassroots"):
        return problem.budget_of(key)
    if kind in ("share_min", "share_max"):
        return sum(problem.budgets)
    return None


def contributions(problem: Problem, portfolio: Portfolio) -> list[dict]:
    rows = []
    for i, start in sorted(portfolio.starts.items(), key=lambda item: item[1]):
        option = problem.options[i]
        synergy = sum(
            s.bonus / 2
            for s in problem.synergies
            if i in (s.first, s.second)
            and s.first in portfolio.starts
            and s.second in portfolio.starts
        )
        cost = sum(option.costs)
        within = sum(option.cost_in(start, year) for year in problem.years)
        worth = problem.worth(i, start)
        rows.append(
            {
                "key": option.key,
                "start": start,
                "worth": worth,
                "synergy": synergy,
                "cost": cost,
                "cost_in_horizon": within,
                "per_wan": (worth + synergy) / cost if cost > TOLERANCE else None,
            }
        )
    return rows


class _Reasons:
    """The binding reason for each candidate left out, tried in the order a planner asks."""

    def __init__(self, problem: Problem, portfolio: Portfolio) -> None:
        self.problem = problem
        self.portfolio = portfolio
        self.chosen = portfolio.starts
        self.ledger = Ledger(problem, portfolio)
        self.groups = problem.groups()
        self.needs: dict[int, list] = {}
        for dep in problem.dependencies:
            self.needs.setdefault(dep.dependent, []).append(dep)
        self.last = self._last_chosen()

    def _last_chosen(self) -> dict | None:
        """The chosen project the solver was free to drop with the lowest value per 万元."""
        keys = {o.key: i for i, o in enumerate(self.problem.options)}
        free = [
            row
            for row in contributions(self.problem, self.portfolio)
            if row["per_wan"] is not None and not self._forced(keys[row["key"]])
        ]
        if not free:
            return None
        row = min(free, key=lambda r: r["per_wan"])
        return {"key": row["key"], "per_wan": row["per_wan"]}

    def _forced(self, index: int) -> bool:
        option = self.problem.options[index]
        return option.required or option.start is not None

    def reason(self, index: int) -> dict:
        problem, option = self.problem, self.problem.options[index]
        if option.refused:
            return {"code": "refused"}
        starts = problem.starts(index)
        if not starts:
            return {"code": "too_late", "earliest": option.earliest}
        for other in self.groups.get(option.group, []):
            if other in self.chosen:
                return {"code": "alternative", "other": problem.options[other].key}
        starts, blocked = self._ready_starts(index, starts)
        if blocked is not None:
            return blocked
        if option.value <= TOLERANCE:
            return {"code": "no_value"}
        return self._cheapest_breach(index, starts)

    def _ready_starts(self, index: int, starts: list[int]) -> tuple[list[int], dict | None]:
        for dep in self.needs.get(index, ()):
            other = self.problem.options[dep.prerequisite].key
            if dep.prerequisite not in self.chosen:
                return starts, {"code": "needs", "other": other}
            ready = self.chosen[dep.prerequisite] + dep.lag
            starts = [t for t in starts if t >= ready]
            if not starts:
                return starts, {"code": "needs_earlier", "other": other, "year": ready}
        return starts, None

    def _cheapest_breach(self, index: int, starts: list[int]) -> dict:
        """Add the candidate in each year it could start: the smallest breach is the reason."""
        best = None
        for start in starts:
            broken = self.ledger.breaches(index, start)
            if not broken:
                return {"code": "within_gap", "start": start}
            worst = min(broken, key=lambda b: b[1])
            if best is None or worst[1] > best[1][1]:
                best = (start, worst)
        start, (rule, margin, actual) = best
        reason = self._breach(rule, margin, actual)
        per_wan = self._per_wan(index, start)
        if self.last is not None and per_wan is not None and per_wan < self.last["per_wan"]:
            reason["per_wan"] = per_wan
            reason["last"] = self.last
        return reason

    def _breach(self, rule: Rule, margin: float, actual: float) -> dict:
        kind, key = rule
        if kind in ("budget", "commitment"):
            return {"code": f"over_{kind}", "year": key, "amount": -margin}
        if kind in ("livelihood", "grassroots"):
            bound = getattr(self.problem, f"{kind}_min")
            return {"code": kind, "year": key, "share": actual, "bound": bound}
        share = self.problem.shares[key]
        bound = share.minimum if kind == "share_min" else share.maximum
        return {"code": kind, "label": share.label, "share": actual, "bound": bound}

    def _per_wan(self, index: int, start: int) -> float | None:
        cost = sum(self.problem.options[index].costs)
        return self.problem.worth(index, start) / cost if cost > TOLERANCE else None


def rejected(problem: Problem, portfolio: Portfolio) -> list[dict]:
    reasons = _Reasons(problem, portfolio)
    return [
        {"key": option.key, "reason": reasons.reason(i)}
        for i, option in enumerate(problem.options)
        if i not in portfolio.starts
    ]


def more_budget(problem: Problem, portfolio: Portfolio, richer: Portfolio | None) -> dict | None:
    """What the portfolio with 10 % more budget adds: value and the projects that change."""
    if richer is None:
        return None
    keys = {i: problem.options[i].key for i in range(len(problem.options))}
    return {
        "value": richer.value(more(problem)) - portfolio.value(problem),
        "added": sorted(keys[i] for i in richer.starts if i not in portfolio.starts),
        "dropped": sorted(keys[i] for i in portfolio.starts if i not in richer.starts),
    }


def more(problem: Problem, factor: float = 1.1) -> Problem:
    """The same problem with 10 % more budget every year."""
    return replace(problem, budgets=tuple(b * factor for b in problem.budgets))


def explain(problem: Problem, portfolio: Portfolio) -> dict:
    return {
        "cash_flow": cash_flow(problem, portfolio),
        "after_horizon": after_horizon(problem, portfolio),
        "compliance": compliance(problem, portfolio),
        "chosen": contributions(problem, portfolio),
        "rejected": rejected(problem, portfolio),
    }
