"""Reads of reserve projects and scenarios, scoped like the pairings they belong to.

Planning is internal: the public sees none of it; every other role sees the candidates and
scenarios of the pairings it sees, and changes those of the pairings whose projects it may
change."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Role
from duikou.common.errors import field_error
from duikou.geo.selectors import region_by_code
from duikou.partners.models import Pairing
from duikou.partners.selectors import pairings_editable_by, pairings_visible_to
from duikou.planning.models import (
    Candidate,
    CandidateOutcome,
    Dependency,
    Scenario,
    ScenarioChoice,
    Synergy,
)
from duikou.projects.selectors import category_ids_under


def _planning_pairings(user) -> QuerySet:
    if not user.is_authenticated or user.role == Role.PUBLIC:
        return pairings_visible_to(user).none()
    return pairings_visible_to(user)


def candidates_visible_to(user) -> QuerySet[Candidate]:
    return Candidate.objects.filter(pairing__in=_planning_pairings(user))


def candidates_editable_by(user) -> QuerySet[Candidate]:
    return Candidate.objects.filter(pairing__in=pairings_editable_by(user))


def scenarios_visible_to(user) -> QuerySet[Scenario]:
    return Scenario.objects.filter(pairing__in=_planning_pairings(user))


def scenarios_editable_by(user) -> QuerySet[Scenario]:
    return Scenario.objects.filter(pairing__in=pairings_editable_by(user))


def may_edit_scenario(user, scenario: Scenario) -> bool:
    return scenarios_editable_by(user).filter(pk=scenario.pk).exists()


def may_edit_candidate(user, candidate: Candidate) -> bool:
    return candidates_editable_by(user).filter(pk=candidate.pk).exists()


def ensure_may_edit(user, record, *, field: str = "id") -> None:
    """A candidate or scenario ``user`` may change, or an error that does not tell whether it
    exists out of scope."""
    if user is None or user.is_superuser:
        return  # loaders, and the superuser
    may_edit = may_edit_scenario if isinstance(record, Scenario) else may_edit_candidate
    if not may_edit(user, record):
        raise field_error(field, _("记录不存在或不在您的权限范围内。"))


def candidate_rows(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Candidates with everything a list or the solver reads, in a fixed number of queries."""
    return candidates.select_related("pairing", "category", "region", "project").prefetch_related(
        "costs",
        Prefetch("outcomes", CandidateOutcome.objects.select_related("element")),
        Prefetch("dependencies", Dependency.objects.select_related("requires")),
    )


def candidates_of(scenario: Scenario) -> QuerySet[Candidate]:
    """The reserve a scenario chooses from: its pairing's and every sub-pairing's."""
    return Candidate.objects.filter(pairing__path__startswith=scenario.pairing.path)


def synergies_among(candidates: QuerySet[Candidate]) -> QuerySet[Synergy]:
    return Synergy.objects.filter(first__in=candidates, second__in=candidates).select_related(
        "first", "second"
    )


def choices_of(scenario: Scenario) -> dict[int, ScenarioChoice]:
    return {choice.candidate_id: choice for choice in scenario.choices.all()}


def candidates_filtered(
    user, *, q: str = "", pairing=None, category: str = "", region: str = ""
) -> QuerySet[Candidate]:
    """The reserve the user sees, by text, pairing (with its sub-pairings), category (with its
    sub-categories) and region subtree; an unknown region code is a validation error."""
    candidates = candidates_visible_to(user)
    if q:
        candidates = candidates.filter(Q(code__icontains=q) | Q(title__icontains=q))
    if pairing:
        root = Pairing.objects.filter(pk=pairing).first()
        candidates = candidates.filter(pairing__path__startswith=root.path if root else "-")
    if category:
        candidates = candidates.filter(category_id__in=category_ids_under(category))
    if region:
        candidates = candidates.filter(region__path__startswith=region_by_code(region).path)
    return candidates


def synergies_of(candidates: list[Candidate]) -> dict[int, list[dict]]:
    """Each candidate's synergies: partner, bonus and note, in one query."""
    ids = [c.pk for c in candidates]
    found: dict[int, list[dict]] = {pk: [] for pk in ids}
    pairs = Synergy.objects.filter(
        Q(first_id__in=ids) | Q(second_id__in=ids),
        first__deleted_at__isnull=True,
        second__deleted_at__isnull=True,
    ).select_related("first", "second")
    for pair in pairs.order_by("first__code", "second__code"):
        for mine, partner in ((pair.first, pair.second), (pair.second, pair.first)):
            if mine.pk in found:
                found[mine.pk].append({"partner": partner, "bonus": pair.bonus, "note": pair.note})
    return found
