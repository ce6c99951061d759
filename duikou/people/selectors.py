"""Reads of people, postings, batches, teams and their records, scoped to what the user may
see. Pages, the API and exports all go through these.

Who sees whom (``postings_visible_to`` and ``people_visible_to``):

- province HQ, auditors and administrators: everyone;
- dispatching-unit HR: the people its own organisation (with its sub-units) sent, and all
  their postings;
- an aid working group (a front command or a city group): the people its own organisation
  subtree sent, and the postings made under a pairing it sees (its pairings with all their
  sub-pairings, as ``pairings_visible_to``), with the people holding them;
- a recipient government: the postings in its region (with the regions below) or at one of its
  own units, with the people holding them;
- the public and anonymous users: no one. The public reads counts only (``on_duty``).

Sensitive fields are a second, narrower rule: see ``privacy.py``.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Role
from duikou.common.errors import field_error
from duikou.geo.models import Region
from duikou.geo.selectors import region_by_code
from duikou.partners.models import Organisation, Pairing
from duikou.partners.selectors import pairings_editable_by, pairings_visible_to
from duikou.people.models import (
    PROFESSIONAL_CATEGORIES,
    Batch,
    CareRecord,
    Category,
    Duration,
    Education,
    MentoringPair,
    Person,
    Posting,
    Team,
    TermRule,
)

# The planned term when no TermRule says otherwise: (months, days). ⚠ Reported, not read in a
# regulation: cadres serve 3 years, professionals 1 to 1.5 years, short-term talent days.
DEFAULT_TERMS = {
    (category, Duration.LONG_TERM): (36, 0) if category == Category.CADRE else (18, 0)
    for category in Category.values
} | {(category, Duration.SHORT_TERM): (0, 180) for category in Category.values}

LIVE_STATUSES = [Posting.Status.ON_DUTY, Posting.Status.EXTENDED]


# ------------------------------------------------------------------ scoping


def _own_subtree(user) -> Q:
    return Q(person__dispatching_unit__path__startswith=user.organisation.path)


def postings_visible_to(user) -> QuerySet[Posting]:
    postings = Posting.objects.all()
    if not user.is_authenticated:
        return postings.none()
    if user.sees_everything:
        return postings
    if user.organisation is None or user.role == Role.PUBLIC:
        return postings.none()
    if user.role == Role.DISPATCHING_HR:
        return postings.filter(_own_subtree(user))
    if user.role == Role.AID_WORKING_GROUP:
        return postings.filter(_own_subtree(user) | Q(pairing__in=pairings_visible_to(user)))
    if user.role == Role.RECIPIENT_GOVERNMENT:
        organisation = user.organisation
        return postings.filter(
            Q(region__path__startswith=organisation.region.path)
            | Q(recipient_organisation__path__startswith=organisation.path)
        )
    return postings.none()


def people_visible_to(user) -> QuerySet[Person]:
    people = Person.objects.all()
    if not user.is_authenticated:
        return people.none()
    if user.sees_everything:
        return people
    if user.organisation is None or user.role == Role.PUBLIC:
        return people.none()
    own = Q(dispatching_unit__path__startswith=user.organisation.path)
    if user.role == Role.DISPATCHING_HR:
        return people.filter(own)
    posted = Q(pk__in=postings_visible_to(user).values("person"))
    if user.role == Role.AID_WORKING_GROUP:
        return people.filter(own | posted)
    return people.filter(posted)


def people_editable_by(user) -> QuerySet[Person]:
    """HQ changes everyone; dispatching-unit HR and aid working groups change the people
    their organisation subtree sent; aid working groups also those posted under a pairing
    whose projects they may change."""
    people = Person.objects.all()
    if user is None or user.is_superuser or user.role == Role.PROVINCE_HQ:
        return people
    if user.organisation is None or user.role not in {
        Role.DISPATCHING_HR,
        Role.AID_WORKING_GROUP,
    }:
        return people.none()
    own = Q(dispatching_unit__path__startswith=user.organisation.path)
    if user.role == Role.AID_WORKING_GROUP:
        under = Posting.objects.filter(pairing__in=pairings_editable_by(user)).values("person")
        return people.filter(own | Q(pk__in=under))
    return people.filter(own)


def may_edit_person(user, person: Person) -> bool:
    if user is None or user.is_superuser or user.role == Role.PROVINCE_HQ:
        return True
    return people_editable_by(user).filter(pk=person.pk).exists()


def units_user_may_dispatch_for(user) -> Q | None:
    """The dispatching units whose people the user may register (None: any unit)."""
    if user is None or user.is_superuser or user.role == Role.PROVINCE_HQ:
        return None
    if user.organisation is None or user.role not in {
        Role.DISPATCHING_HR,
        Role.AID_WORKING_GROUP,
    }:
        return Q(pk__in=[])
    return Q(path__startswith=user.organisation.path)


def teams_visible_to(user) -> QuerySet[Team]:
    teams = Team.objects.all()
    if not user.is_authenticated:
        return teams.none()
    if user.sees_everything:
        return teams
    if user.organisation is None or user.role == Role.PUBLIC:
        return teams.none()
    organisation = user.organisation
    scope = (
        Q(pairing__in=pairings_visible_to(user))
        | Q(supporter__path__startswith=organisation.path)
        | Q(recipient_organisation__path__startswith=organisation.path)
    )
    if user.role == Role.RECIPIENT_GOVERNMENT:
        scope |= Q(recipient_organisation__region__path__startswith=organisation.region.path)
    return teams.filter(scope)


def mentoring_visible_to(user) -> QuerySet[MentoringPair]:
    return MentoringPair.objects.filter(mentor__in=people_visible_to(user))


def care_records_visible_to(user) -> QuerySet[CareRecord]:
    """Care and family matters: HQ (and administrators) and the dispatching unit's HR and aid
    working group, for the people their organisation subtree sent."""
    records = CareRecord.objects.all()
    if not user.is_authenticated:
        return records.none()
    if user.is_superuser or user.role == Role.PROVINCE_HQ:
        return records
    if user.organisation is None or user.role not in {
        Role.DISPATCHING_HR,
        Role.AID_WORKING_GROUP,
    }:
        return records.none()
    return records.filter(person__dispatching_unit__path__startswith=user.organisation.path)


def person_for(user, person_id: int, *, edit: bool = False) -> Person:
    """The person if the user may see them (else 404) and, with ``edit``, change them (403)."""
    person = people_visible_to(user).select_related("dispatching_unit").filter(pk=person_id).first()
    if person is None:
        raise Http404
    if edit and not may_edit_person(user, person):
        raise PermissionDenied(_("您没有修改该人员信息的权限。"))
    return person


def posting_for(user, posting_id: int, *, edit: bool = False) -> Posting:
    posting = postings_visible_to(user).filter(pk=posting_id).first()
    if posting is None:
        raise Http404
    if edit and not may_edit_person(user, posting.person):
        raise PermissionDenied(_("您没有修改该任职信息的权限。"))
    return posting


# ------------------------------------------------------------------ terms


def planned_term(category: str, duration: str) -> tuple[int, int]:
    """(months, days) of the planned term: the TermRule, else the default."""
    rule = TermRule.objects.filter(category=category, duration=duration).first()
    if rule is not None:
        return rule.months, rule.days
    return DEFAULT_TERMS[(category, duration)]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def planned_end_of(start: datetime.date, category: str, duration: str) -> datetime.date:
    """The last day of the planned term: a 3-year term from 2023-02-01 ends 2026-01-31."""
    months, days = planned_term(category, duration)
    return add_months(start, months) + datetime.timedelta(days=days) - datetime.timedelta(days=1)


# ------------------------------------------------------------------ lists


def posting_list(postings: QuerySet[Posting], *, long: bool = False) -> QuerySet[Posting]:
    """What a posting list shows, with no query per row. A ``long`` list (thousands of rows)
    joins only the person and reads the rows postings share (dispatching units, batches,
    regions, recipient units, teams) once each, one query per kind (at most five more): one
    object per shared row rather than per posting, which is where a long list spends its
    time."""
    if long:
        # On SQLite, Django 5.2 writes each of these as id = ? OR id = ? ..., which SQLite
        # refuses past about a thousand terms: fine for these kinds, not for the people.
        return postings.select_related("person").prefetch_related(
            "person__dispatching_unit", "batch", "region", "recipient_organisation", "team"
        )
    return postings.select_related(
        "person__dispatching_unit", "batch", "region", "recipient_organisation", "team"
    )


def postings_filtered(
    postings: QuerySet[Posting],
    *,
    region: str | None = None,
    on: datetime.date | None = None,
    batch: int | None = None,
    category: str | None = None,
    duration: str | None = None,
    status: str | None = None,
    dispatching_unit: int | None = None,
    team: int | None = None,
    q: str | None = None,
) -> QuerySet[Posting]:
    """Narrow a scoped set of postings. ``region`` takes its subtree, ``on`` keeps the
    postings running that day, ``dispatching_unit`` takes the unit's subtree."""
    if region:
        area = region_by_code(region, field="region")
        postings = postings.filter(region__path__startswith=area.path)
    if on is not None:
        postings = postings.filter(start_date__lte=on, end_date__gte=on)
    if batch is not None:
        postings = postings.filter(batch_id=batch)
    if category:
        if category not in Category.values:
            raise field_error("category", _("未知的人才类别:%(value)s"), value=category)
        postings = postings.filter(category=category)
    if duration:
        postings = postings.filter(duration=duration)
    if status:
        postings = postings.filter(status=status)
    if dispatching_unit is not None:
        unit = Organisation.objects.filter(pk=dispatching_unit).values_list("path", flat=True)
        path = unit.first()
        postings = (
            postings.filter(person__dispatching_unit__path__startswith=path)
            if path
            else postings.none()
        )
    if team is not None:
        postings = postings.filter(team_id=team)
    if q:
        q = q.strip()
        postings = postings.filter(Q(person__name__icontains=q) | Q(position__icontains=q))
    return postings


def people_filtered(
    people: QuerySet[Person],
    *,
    q: str | None = None,
    dispatching_unit: int | None = None,
    batch: int | None = None,
) -> QuerySet[Person]:
    if q:
        people = people.filter(name__icontains=q.strip())
    if dispatching_unit is not None:
        path = Organisation.objects.filter(pk=dispatching_unit).values_list("path", flat=True)
        path = path.first()
        people = people.filter(dispatching_unit__path__startswith=path) if path else people.none()
    if batch is not None:
        people = people.filter(pk__in=Posting.objects.filter(batch_id=batch).values("person"))
    return people


def person_postings(person: Person, user) -> QuerySet[Posting]:
    """A person's postings, oldest first, as far as the user may see them."""
    return posting_list(postings_visible_to(user).filter(person=person)).order_by(
        "start_date", "pk"
    )


# ------------------------------------------------------------------ questions


def _on_duty_postings(region: Region | None, day: datetime.date, user) -> QuerySet[Posting]:
    if user.is_authenticated and user.role == Role.PUBLIC:
        postings = Posting.objects.all()  # counts only: no one is named
    else:
        postings = postings_visible_to(user)
    postings = postings.filter(start_date__lte=day, end_date__gte=day)
    if region is not None:
        postings = postings.filter(region__path__startswith=region.path)
    return postings


def on_duty_postings(region: Region | None, day: datetime.date, user) -> QuerySet[Posting]:
    """The postings running on ``day`` in ``region`` (with its subtree), as the user sees
    them. The public sees no one (it gets counts from ``on_duty``)."""
    if user.is_authenticated and user.role == Role.PUBLIC:
        return Posting.objects.none()
    return posting_list(_on_duty_postings(region, day, user)).order_by("region__code", "pk")


def on_duty(region: Region | None, day: datetime.date, user) -> dict:
    """Who is on duty on ``day`` in ``region`` (subtree): a count, by category and by
    dispatching unit (its name). Two queries whatever the data: a person's postings never
    overlap, so on one day each person holds at most one posting and postings count people.
    """
    by_category, by_unit = _by_category_and_unit(
        _on_duty_postings(region, day, user).order_by(), Count("pk")
    )
    return {
        "count": sum(by_category.values()),
        "by_category": by_category,
        "by_dispatching_unit": by_unit,
    }


def _by_category_and_unit(postings: QuerySet[Posting], counted) -> tuple[dict, dict]:
    """``counted`` (postings, or distinct people) by category in the categories' order, and
    by dispatching unit (its name) in name order: two grouped queries."""
    by_category = dict(postings.values_list("category").annotate(n=counted))
    by_unit = dict(postings.values_list("person__dispatching_unit__name").annotate(n=counted))
    return (
        {c: by_category[c] for c in Category.values if c in by_category},
        dict(sorted(by_unit.items())),
    )


def term_ends(within_days: int, user, today: datetime.date) -> QuerySet[Posting]:
    """Postings still running whose end falls in the next ``within_days`` days, soonest
    first, each with ``replacement_needed``: no later posting to the same post (same region,
    recipient unit or none, and position) is planned yet. A fixed number of queries, read
    as a ``long`` posting list."""
    last = today + datetime.timedelta(days=within_days)
    # Later postings to the same post: one index search each (people_posting_same_post).
    # A posting is never later than itself. The unit is matched with = or IS NULL, not
    # through a COALESCE that no index serves.
    later = Posting.objects.filter(
        region=OuterRef("region"),
        position=OuterRef("position"),
        start_date__gt=OuterRef("start_date"),
    )
    replacement_needed = Case(
        When(
            recipient_organisation__isnull=True,
            then=~Exists(later.filter(recipient_organisation__isnull=True)),
        ),
        default=~Exists(later.filter(recipient_organisation=OuterRef("recipient_organisation"))),
        output_field=BooleanField(),
    )
    postings = (
        postings_visible_to(user)
        .filter(end_date__gte=today, end_date__lte=last, status__in=LIVE_STATUSES)
        .annotate(replacement_needed=replacement_needed)
    )
    return posting_list(postings, long=True).order_by("end_date", "pk")


@dataclass
class BatchStatistics:
    batch: Batch
    size: int
    average_age: Decimal | None
    education: dict[str, int]
    by_category: dict[str, int]
    professionals: int
    professional_share: Decimal | None
    early_returns: int


def batch_statistics(batch: Batch, user) -> BatchStatistics:
    """A batch as the user sees it: its size (people), average age in the batch's first year,
    education mix, professionals (people with a non-cadre posting) and their share (%), and
    early returns (people who came back early). Four queries."""
    postings = postings_visible_to(user).filter(batch=batch).order_by()
    people = Person.objects.filter(pk__in=postings.values("person")).order_by()
    summary = people.aggregate(
        size=Count("pk"),
        age=Avg(
            Value(batch.start_year, output_field=IntegerField()) - ExtractYear("birth_date"),
        ),
    )
    education = dict(people.values_list("education").annotate(n=Count("pk")))
    by_category = dict(postings.values_list("category").annotate(n=Count("person", distinct=True)))
    counts = postings.aggregate(
        professionals=Count(
            "person", distinct=True, filter=Q(category__in=PROFESSIONAL_CATEGORIES)
        ),
        early=Count("person", distinct=True, filter=Q(status=Posting.Status.RETURNED_EARLY)),
    )
    size = summary["size"]
    share = (
        (Decimal(counts["professionals"]) * 100 / size).quantize(Decimal("0.01")) if size else None
    )
    age = summary["age"]
    return BatchStatistics(
        batch=batch,
        size=size,
        average_age=Decimal(str(age)).quantize(Decimal("0.1")) if age is not None else None,
        education={e: education[e] for e in Education.values if e in education},
        by_category={c: by_category[c] for c in Category.values if c in by_category},
        professionals=counts["professionals"],
        professional_share=share,
        early_returns=counts["early"],
    )


def team_members(team: Team, user) -> QuerySet[Posting]:
    """The team's members over time: its postings, earliest first, as the user sees them."""
    return posting_list(postings_visible_to(user).filter(team=team)).order_by(
        "start_date", "person__name", "pk"
    )


def teams_of(organisation: Organisation, user) -> QuerySet[Team]:
    """The group-style teams working in a recipient hospital or school (its departments)."""
    return teams_visible_to(user).filter(recipient_organisation__path__startswith=organisation.path)


def pairing_for_posting(
    region: Region, organisation: Organisation | None, day: datetime.date
) -> Pairing | None:
    """The most specific pairing active on ``day`` that covers a posting: one that names the
    recipient unit (or a unit above it), else the deepest one whose region contains the
    posting's region (one naming no unit first)."""
    active = Pairing.objects.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    if organisation is not None:
        ancestors = [key for key in organisation.path.strip("/").split("/") if key]
        named = (
            active.filter(recipient_organisation_id__in=ancestors)
            .select_related("recipient_organisation")
            .order_by("-recipient_organisation__path", "-path")
            .first()
        )
        if named is not None:
            return named
    region_keys = [key for key in region.path.strip("/").split("/") if key]
    return (
        active.filter(recipient_region__code__in=region_keys)
        .order_by(
            "-recipient_region__level", F("recipient_organisation").asc(nulls_first=True), "-path"
        )
        .first()
    )


# ------------------------------------------------------------------ summaries for pages


def posting_summary(postings: QuerySet[Posting]) -> dict:
    """A set of postings counted as ``on_duty`` counts them: the people in it, by category
    and by dispatching unit. Three queries."""
    postings = postings.order_by()
    people = Count("person", distinct=True)
    by_category, by_unit = _by_category_and_unit(postings, people)
    return {
        "count": postings.aggregate(n=people)["n"],
        "by_category": by_category,
        "by_dispatching_unit": by_unit,
    }


def batch_overview(user) -> list[dict]:
    """Every batch with the people of it the user sees, the professionals among them and
    the early returns. Two queries whatever the number of batches."""
    counts = {
        row["batch"]: row
        for row in postings_visible_to(user)
        .filter(batch__isnull=False)
        .order_by()
        .values("batch")
        .annotate(
            people=Count("person", distinct=True),
            professionals=Count(
                "person", distinct=True, filter=Q(category__in=PROFESSIONAL_CATEGORIES)
            ),
            early=Count("person", distinct=True, filter=Q(status=Posting.Status.RETURNED_EARLY)),
        )
    }
    empty = {"people": 0, "professionals": 0, "early": 0}
    return [
        {"batch": batch, **{key: counts.get(batch.pk, empty)[key] for key in empty}}
        for batch in Batch.objects.order_by("-number")
    ]


def dispatching_units_seen_by(user) -> QuerySet[Organisation]:
    """The units that sent someone the user sees, for filter menus."""
    return Organisation.objects.filter(
        pk__in=people_visible_to(user).values("dispatching_unit")
    ).order_by("path")


def teams_involving(organisation: Organisation, user) -> QuerySet[Team]:
    """The group-style teams an organisation (with its sub-units) sends or receives."""
    return (
        teams_visible_to(user)
        .filter(
            Q(supporter__path__startswith=organisation.path)
            | Q(recipient_organisation__path__startswith=organisation.path)
        )
        .select_related("supporter", "recipient_organisation")
        .order_by("name", "pk")
    )
