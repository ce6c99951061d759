"""A planning problem in plain numbers, with no database: what the solver, the greedy baseline,
the explanations and the conflict finder all read.

Money is in 万元 (floats); years are calendar years. A *rule* is one constraint a planner set
and may relax: a year's budget, a year's livelihood or grassroots share, a category's or region's
share, a project the recipient government requires or refuses, a continuing project's start,
a dependency, an alternatives group. Rules are named by tuples (``("budget", 2027)``) so that
an infeasible scenario can be answered with the rules that conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

Rule = tuple


@dataclass(frozen=True)
class Option:
    """One candidate project as the solver sees it."""

    key: str
    costs: tuple[float, ...]  # 万元 in each year from its start
    value: float  # weighted expected results (points)
    category: str = ""
    livelihood: bool = True
    grassroots: bool = True
    earliest: int | None = None  # the first year it may start
    group: str = ""  # alternatives: at most one option of a group
    start: int | None = None  # a continuing project (续建): its start year, fixed
    required: bool = False
    refused: bool = False

    def cost_in(self, start: int, year: int) -> float:
        offset = year - start
        return self.costs[offset] if 0 <= offset < len(self.costs) else 0.0


@dataclass(frozen=True)
class Share:
    """At least ``minimum`` and at most ``maximum`` of the money over the horizon goes to
    ``members`` (the options of a category or of a region)."""

    label: str
    members: frozenset[int]
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Dependency:
    """``dependent`` may start only ``lag`` years or more after ``prerequisite`` has started."""

    dependent: int
    prerequisite: int
    lag: int = 0


@dataclass(frozen=True)
class Synergy:
    """``bonus`` points when both options are chosen (相互支撑)."""

    first: int
    second: int
    bonus: float


@dataclass
class Problem:
    years: tuple[int, ...]
    budgets: tuple[float, ...]
    options: list[Option]
    carry_over: bool = False
    livelihood_min: float | None = 0.8
    grassroots_min: float | None = 0.8
    shares: list[Share] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)
    synergies: list[Synergy] = field(default_factory=list)
    discount: float = 0.0  # value lost per year of a later start
    # money each year after the horizon for the projects started within it (None: the
    # horizon's last budget): later years' costs are not free
    future_budget: float | None = None

    @property
    def first(self) -> int:
        return self.years[0]

    @property
    def last(self) -> int:
        return self.years[-1]

    @cached_property
    def tail(self) -> tuple[int, ...]:
        """The years after the horizon that projects started within it still need money in."""
        longest = max((len(o.costs) for o in self.options), default=1)
        return tuple(range(self.last + 1, self.last + longest))

    @cached_property
    def all_years(self) -> tuple[int, ...]:
        return self.years + self.tail

    def budget_of(self, year: int) -> float:
        if year in self.years:
            return self.budgets[self.years.index(year)]
        return self.budgets[-1] if self.future_budget is None else self.future_budget

    def starts(self, index: int, rules: frozenset | None = None) -> list[int]:
        """The years option ``index`` may start in (before any rule but its continuing start)."""
        option = self.options[index]
        if option.start is not None and active(("continuing", index), rules):
            return [option.start]
        earliest = max(self.first, option.earliest or self.first)
        return list(range(earliest, self.last + 1))

    def worth(self, index: int, start: int) -> float:
        """The option's value when it starts in ``start``: later starts lose ``discount``."""
        delay = max(0, start - self.first)
        return self.options[index].value * (1 - self.discount) ** delay

    def rules(self) -> list[Rule]:
        """Every rule of the problem, budgets and shares last so that conflicts name them."""
        rules: list[Rule] = []
        for index, option in enumerate(self.options):
            if option.start is not None:
                rules.append(("continuing", index))
            if option.required:
                rules.append(("required", index))
            if option.refused:
                rules.append(("refused", index))
        rules += [("dependency", k) for k in range(len(self.dependencies))]
        rules += [("alternative", group) for group in sorted(self.groups())]
        rules += [("share_min", k) for k, s in enumerate(self.shares) if s.minimum is not None]
        rules += [("share_max", k) for k, s in enumerate(self.shares) if s.maximum is not None]
        for year in self.years:
            if self.livelihood_min is not None:
                rules.append(("livelihood", year))
            if self.grassroots_min is not None:
                rules.append(("grassroots", year))
        rules += [("budget", year) for year in self.years]
        rules += [("commitment", year) for year in self.tail]
        return rules

    def groups(self) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = {}
        for index, option in enumerate(self.options):
            if option.group:
                groups.setdefault(option.group, []).append(index)
        return {group: members for group, members in groups.items() if len(members) > 1}


def active(rule: Rule, rules: frozenset | None) -> bool:
    """Whether ``rule`` is in force: every rule is when ``rules`` is None."""
    return rules is None or rule in rules


@dataclass
class Portfolio:
    """The options chosen and the year each starts."""

    starts: dict[int, int]

    def spending(self, problem: Problem, year: int, members=None) -> float:
        return sum(
            problem.options[i].cost_in(start, year)
            for i, start in self.starts.items()
            if members is None or i in members
        )

    def value(self, problem: Problem) -> float:
        total = sum(problem.worth(i, start) for i, start in self.starts.items())
        return total + sum(
            s.bonus for s in problem.synergies if s.first in self.starts and s.second in self.starts
        )
