"""The policy figures of a year: the "two 80 %" rule, banned uses, funds arrival, start rate.

Shares are computed on aid funds (援疆资金) in CNY, planned (budget lines of the year) and
in place (funds in place dated in the year), for any set of projects: one pairing with its
sub-pairings, or everything a user may see.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from duikou.partners.models import Pairing
from duikou.projects.models import (
    BudgetLine,
    ComplianceThreshold,
    Currency,
    FundingSource,
    Project,
    Transaction,
)
from duikou.projects.selectors import banned_category_ids

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def percentage(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, cut (not rounded) to two decimals, so that
    79.999 % shows as 79.99 % and fails an 80 % floor; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part or 0) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class Thresholds:
    livelihood: Decimal
    grassroots: Decimal
    configured: bool


def thresholds_for(year: int) -> Thresholds:
    row = ComplianceThreshold.objects.filter(year=year).first()
    if row is not None:
        return Thresholds(row.livelihood_min_share, row.grassroots_min_share, True)
    return Thresholds(
        Decimal(settings.DUIKOU_DEFAULT_LIVELIHOOD_SHARE),
        Decimal(settings.DUIKOU_DEFAULT_GRASSROOTS_SHARE),
        False,
    )


@dataclass(frozen=True)
class ShareCheck:
    """One of the two 80 % checks on one money basis (planned or in place)."""

    amount: Decimal
    total: Decimal
    share: Decimal | None
    threshold: Decimal

    @property
    def meets(self) -> bool | None:
        """True or False; None when there are no funds to judge."""
        return None if self.share is None else self.share >= self.threshold


@dataclass(frozen=True)
class Compliance:
    year: int
    thresholds: Thresholds
    planned_total: Decimal
    in_place_total: Decimal
    livelihood_planned: ShareCheck
    livelihood_in_place: ShareCheck
    grassroots_planned: ShareCheck
    grassroots_in_place: ShareCheck
    funds_arrival_rate: Decimal | None
    projects_planned: int
    projects_started: int
    start_rate: Decimal | None
    banned_projects: list[Project] = field(default_factory=list)

    @property
    def meets_two_80(self) -> bool | None:
        """Both floors met on planned funds; None when nothing is planned."""
        checks = [self.livelihood_planned.meets, self.grassroots_planned.meets]
        if None in checks:
            return None
        return all(checks)


def _split(rows: QuerySet, amount_field: str = "amount") -> dict[str, Decimal]:
    totals = rows.aggregate(
        total=Sum(amount_field),
        livelihood=Sum(amount_field, filter=Q(project__is_livelihood=True)),
        grassroots=Sum(amount_field, filter=Q(project__is_grassroots=True)),
    )
    return {key: value or Decimal(0) for key, value in totals.items()}


def compliance(
    projects: QuerySet[Project], year: int, *, today: datetime.date | None = None
) -> Compliance:
    """The compliance figures of ``year`` for a set of projects (four queries)."""
    today = today or datetime.date.today()
    thresholds = thresholds_for(year)
    aid = {"project__in": projects, "source": FundingSource.AID, "currency": Currency.CNY}
    budget = BudgetLine.objects.filter(year=year, **aid)
    planned = _split(budget)
    in_place_rows = Transaction.objects.filter(
        kind=Transaction.Kind.IN_PLACE, date__year=year, **aid
    )
    in_place = _split(in_place_rows)

    planned_projects = projects.filter(pk__in=budget.filter(amount__gt=0).values("project"))
    cutoff = min(today, datetime.date(year, 12, 31))
    counts = planned_projects.aggregate(
        planned=Count("pk"), started=Count("pk", filter=Q(actual_start__lte=cutoff))
    )
    n_planned, n_started = counts["planned"] or 0, counts["started"] or 0

    def check(basis: dict, key: str, threshold: Decimal) -> ShareCheck:
        return ShareCheck(
            basis[key], basis["total"], percentage(basis[key], basis["total"]), threshold
        )

    return Compliance(
        year=year,
        thresholds=thresholds,
        planned_total=planned["total"],
        in_place_total=in_place["total"],
        livelihood_planned=check(planned, "livelihood", thresholds.livelihood),
        livelihood_in_place=check(in_place, "livelihood", thresholds.livelihood),
        grassroots_planned=check(planned, "grassroots", thresholds.grassroots),
        grassroots_in_place=check(in_place, "grassroots", thresholds.grassroots),
        funds_arrival_rate=percentage(in_place["total"], planned["total"]),
        projects_planned=n_planned,
        projects_started=n_started,
        start_rate=percentage(n_started, n_planned),
        banned_projects=list(
            projects.filter(category_id__in=banned_category_ids())
            .filter(Q(pk__in=budget.values("project")) | Q(pk__in=in_place_rows.values("project")))
            .select_related("category")
            .order_by("code")
        ),
    )


def pairing_projects(pairing: Pairing) -> QuerySet[Project]:
    """The projects of a pairing and of all its sub-pairings."""
    return Project.objects.filter(pairing__path__startswith=pairing.path)


def pairing_compliance(pairing: Pairing, year: int, **kwargs) -> Compliance:
    return compliance(pairing_projects(pairing), year, **kwargs)
