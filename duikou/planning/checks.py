"""How a portfolio stands against each rule: the actual figure, the limit and the margin.

A money rule's margin is in 万元 (negative: broken by that much); a logical rule's margin is 0
when kept and -1 when broken. The solver never sees this module; the explanations, the greedy
baseline and the brute-force tests do.
"""

from __future__ import annotations

from dataclasses import dataclass

from duikou.planning.problem import Portfolio, Problem, Rule, active

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Check:
    rule: Rule
    actual: float | None  # money or a share (0..1), None when nothing is spent
    limit: float | None
    margin: float  # ≥ 0 when the rule is kept

    @property
    def kept(self) -> bool:
        return self.margin >= -TOLERANCE


def _total(problem: Problem, portfolio: Portfolio, members=None) -> float:
    """Money over the horizon (the years after it are commitments, not shares)."""
    return sum(portfolio.spending(problem, year, members) for year in problem.years)


def _share_check(rule, part: float, total: float, bound: float, *, floor: bool) -> Check:
    margin = part - bound * total if floor else bound * total - part
    return Check(rule, part / total if total > TOLERANCE else None, bound, margin)


def _budget_check(problem: Problem, portfolio: Portfolio, rule) -> Check:
    year = rule[1]
    upto = [y for y in problem.all_years if y <= year] if problem.carry_over else [year]
    spent = sum(portfolio.spending(problem, y) for y in upto)
    available = sum(problem.budget_of(y) for y in upto)
    return Check(rule, spent, available, available - spent)


def check(problem: Problem, portfolio: Portfolio, rule: Rule) -> Check:
    kind, key = rule
    starts = portfolio.starts
    if kind in ("budget", "commitment"):
        return _budget_check(problem, portfolio, rule)
    if kind in ("livelihood", "grassroots"):
        flagged = {i for i, o in enumerate(problem.options) if getattr(o, kind)}
        bound = problem.livelihood_min if kind == "livelihood" else problem.grassroots_min
        part = portfolio.spending(problem, key, flagged)
        return _share_check(rule, part, portfolio.spending(problem, key), bound, floor=True)
    if kind in ("share_min", "share_max"):
        share = problem.shares[key]
        part = _total(problem, portfolio, share.members)
        bound = share.minimum if kind == "share_min" else share.maximum
        total = _total(problem, portfolio)
        return _share_check(rule, part, total, bound, floor=kind == "share_min")
    if kind == "required":
        kept = key in starts
    elif kind == "refused":
        kept = key not in starts
    elif kind == "continuing":
        kept = starts.get(key) == problem.options[key].start
    elif kind == "dependency":
        dep = problem.dependencies[key]
        kept = dep.dependent not in starts or (
            dep.prerequisite in starts
            and starts[dep.dependent] >= starts[dep.prerequisite] + dep.lag
        )
    elif kind == "alternative":
        kept = sum(1 for i in problem.groups()[key] if i in starts) <= 1
    else:
        raise ValueError(f"unknown rule {rule!r}")
    return Check(rule, None, None, 0.0 if kept else -1.0)


def checks(problem: Problem, portfolio: Portfolio, rules: frozenset | None = None) -> list[Check]:
    return [check(problem, portfolio, rule) for rule in problem.rules() if active(rule, rules)]


def feasible(problem: Problem, portfolio: Portfolio, rules: frozenset | None = None) -> bool:
    """Every rule in force is kept and every option starts in a year it may start in."""
    for index, start in portfolio.starts.items():
        if start not in problem.starts(index, rules):
            return False
    return all(c.kept for c in checks(problem, portfolio, rules))
