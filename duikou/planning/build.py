"""From a scenario in the database to the plain problem the solver reads.

A candidate's value is Σ weight × expected result over the data elements the planners
weighted, raised by the recipient's priority: the first of n ranked gets ``rank_bonus`` more,
the last 1/n of it. Shares of a category count its sub-categories; shares of a region count
every candidate located in it or below it.
"""

from __future__ import annotations

from dataclasses import dataclass

from duikou.planning.models import Candidate, Scenario, ScenarioChoice
from duikou.planning.problem import Dependency, Option, Problem, Share, Synergy
from duikou.planning.selectors import candidate_rows, candidates_of, choices_of, synergies_among
from duikou.projects.models import Category
from duikou.projects.selectors import category_ids_under

Decision = ScenarioChoice.Decision


@dataclass
class Built:
    problem: Problem
    candidates: list[Candidate]  # in the order of the problem's options

    def candidate(self, key: str) -> Candidate:
        return next(c for c in self.candidates if c.code == key)


def _value(candidate: Candidate, weights: dict[int, float], bonus: float) -> float:
    base = sum(float(o.value) * weights.get(o.element_id, 0.0) for o in candidate.outcomes.all())
    return base * (1 + bonus)


def _rank_bonuses(scenario: Scenario, choices: dict) -> dict[int, float]:
    ranked = sorted(
        (c for c in choices.values() if c.priority_rank is not None),
        key=lambda c: c.priority_rank,
    )
    top = float(scenario.rank_bonus) / 100
    n = len(ranked)
    return {c.candidate_id: top * (n - k) / n for k, c in enumerate(ranked)}


def _option(candidate: Candidate, choice: ScenarioChoice | None, value: float) -> Option:
    decision = choice.decision if choice else Decision.FREE
    return Option(
        key=candidate.code,
        costs=tuple(float(cost.amount) for cost in candidate.costs.all()),
        value=value,
        category=candidate.category.code,
        livelihood=candidate.is_livelihood,
        grassroots=candidate.is_grassroots,
        earliest=candidate.earliest_start,
        group=candidate.alternative_group,
        start=choice.start_year if decision == Decision.CONTINUING else None,
        required=decision == Decision.REQUIRED,
        refused=decision == Decision.REFUSED,
    )


def _category_members(category: Category, candidates: list[Candidate]) -> frozenset[int]:
    below = set(category_ids_under(category.code))
    return frozenset(i for i, c in enumerate(candidates) if c.category_id in below)


def _shares(scenario: Scenario, candidates: list[Candidate]) -> list[Share]:
    shares = []
    for row in scenario.shares.select_related("category", "region"):
        if row.category is not None:
            label, members = row.category.code, _category_members(row.category, candidates)
        else:
            path = row.region.path
            label = row.region.code
            members = frozenset(
                i for i, c in enumerate(candidates) if c.region.path.startswith(path)
            )
        shares.append(
            Share(
                label,
                members,
                None if row.min_share is None else float(row.min_share) / 100,
                None if row.max_share is None else float(row.max_share) / 100,
            )
        )
    return shares


def build(scenario: Scenario) -> Built:
    candidates = list(candidate_rows(candidates_of(scenario)).order_by("code"))
    choices = choices_of(scenario)
    weights = {w.element_id: float(w.weight) for w in scenario.weights.all()}
    bonuses = _rank_bonuses(scenario, choices)
    options = [
        _option(c, choices.get(c.pk), _value(c, weights, bonuses.get(c.pk, 0.0)))
        for c in candidates
    ]
    index = {c.pk: i for i, c in enumerate(candidates)}
    budgets = {b.year: float(b.amount) for b in scenario.budgets.all()}
    share = scenario.livelihood_min_share, scenario.grassroots_min_share
    problem = Problem(
        years=tuple(scenario.year_list),
        budgets=tuple(budgets.get(year, 0.0) for year in scenario.year_list),
        options=options,
        carry_over=scenario.carry_over,
        livelihood_min=None if share[0] is None else float(share[0]) / 100,
        grassroots_min=None if share[1] is None else float(share[1]) / 100,
        shares=_shares(scenario, candidates),
        dependencies=[
            Dependency(index[c.pk], index[d.requires_id], d.lag_years)
            for c in candidates
            for d in c.dependencies.all()
            if d.requires_id in index
        ],
        synergies=[
            Synergy(index[s.first_id], index[s.second_id], float(s.bonus))
            for s in synergies_among(candidates_of(scenario))
        ],
        discount=float(scenario.discount_rate) / 100,
    )
    return Built(problem, candidates)
