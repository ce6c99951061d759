"""The planner's spreadsheet method, as a baseline: take projects by value per 万元, best first,
each in the earliest year it fits every rule.

Required and continuing projects go first. Minimum shares of a category or region are not
chased (a greedy pass cannot plan for them); the result says whether it keeps every rule.
Synergies count in its value but not in its order. Also the solver's first portfolio.
"""

from __future__ import annotations

from duikou.planning.ledger import Ledger
from duikou.planning.problem import Portfolio, Problem


def greedy(problem: Problem) -> Portfolio:
    ledger = Ledger(problem)
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

    def fits(index: int, start: int) -> bool:
        return not ledger.breaches(index, start, minimums=False)

    def take(index: int, start: int) -> None:
        ledger.place(index, start)
        starts[index] = start
        if problem.options[index].group:
            used_groups.add(problem.options[index].group)

    for index, option in enumerate(problem.options):
        if option.start is not None:  # continuing: fixed where it is
            take(index, option.start)
    required = [i for i, o in enumerate(problem.options) if o.required and i not in starts]
    order = required + [i for i in _by_value_per_wan(problem) if i not in required]
    added = True
    while added:  # again while a pass adds something: a dependent may follow its prerequisite
        added = False
        for index in order:
            option = problem.options[index]
            if index in starts or option.refused or (option.group and option.group in used_groups):
                continue
            for start in problem.starts(index):
                if ready(index, start) and fits(index, start):
                    take(index, start)
                    added = True
                    break
    return Portfolio(starts)


def _by_value_per_wan(problem: Problem) -> list[int]:
    def ratio(index: int) -> float:
        option = problem.options[index]
        return option.value / max(sum(option.costs), 1e-9)

    return sorted(range(len(problem.options)), key=ratio, reverse=True)
