"""Random planning problems with every kind of rule, for the property tests and the benchmark."""

from __future__ import annotations

import random
from dataclasses import replace

from duikou.planning.problem import Dependency, Option, Problem, Share, Synergy

CATEGORIES = ("industry", "education", "medical", "employment")


def random_problem(
    rng: random.Random,
    n: int,
    years: int,
    *,
    synergies: float = 0.5,
    dependencies: float = 0.2,
    rules: bool = True,
    required: float = 0.05,
) -> Problem:
    """``n`` options over ``years`` years; a budget that funds about half of them."""
    first = 2026
    options = []
    for k in range(n):
        length = rng.randint(1, min(3, years + 1))
        costs = tuple(float(rng.randint(5, 60)) for _ in range(length))
        earliest = first + rng.randint(0, years - 1) if rng.random() < 0.2 else None
        options.append(
            Option(
                key=f"P{k}",
                costs=costs,
                value=float(rng.randint(0, 100)),
                category=rng.choice(CATEGORIES),
                livelihood=rng.random() < 0.8,
                grassroots=rng.random() < 0.8,
                earliest=earliest,
                group=f"G{rng.randint(0, n // 3)}" if rules and rng.random() < 0.2 else "",
                required=rules and rng.random() < required,
                refused=rules and rng.random() < required,
            )
        )
    if rules and n and rng.random() < 0.3:
        k = rng.randrange(n)
        options[k] = _continuing(options[k], first + rng.randint(-1, years - 1))
    spend = sum(sum(o.costs) for o in options)
    budgets = tuple(round(spend / (2 * years), 1) for _ in range(years))
    problem = Problem(
        years=tuple(range(first, first + years)),
        budgets=budgets,
        options=options,
        carry_over=rng.random() < 0.5,
        livelihood_min=0.8 if rules else None,
        grassroots_min=0.8 if rules else None,
    )
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    rng.shuffle(pairs)
    count = int(synergies * n)
    problem.synergies = [Synergy(a, b, float(rng.randint(5, 40))) for a, b in pairs[:count]]
    count = int(dependencies * n)
    problem.dependencies = [
        Dependency(b, a, rng.randint(0, 1)) for a, b in pairs[count : 2 * count]
    ]
    if rules:
        category = rng.choice(CATEGORIES)
        members = frozenset(i for i, o in enumerate(options) if o.category == category)
        problem.shares = [Share(category, members, minimum=0.1, maximum=0.5)]
    return problem


def _continuing(option: Option, start: int) -> Option:
    return replace(option, start=start, required=False, refused=False)
