"""Reads of reserve projects and scenarios, scoped like the pairings they belong to.

Planning is internal: the public sees none of it; every other role sees the candidates and
scenarios of the pairings it sees, and changes those of the pairings whose projects it may
change."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Role
from duikou.common.errors import field_error
from duikou.partners.selectors import pairings_editable_by, pairings_visible_to
from duikou.planning.models import (
    Candidate,
    CandidateOutcome,
    Dependency,
    Scenario,
    ScenarioChoice,
    Synergy,
)


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
