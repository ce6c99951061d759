"""Reads of organisations and pairings, with the scoping rules every view and API uses."""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from duikou.accounts.models import Role
from duikou.geo.models import Region
from duikou.partners.models import Organisation, Pairing


def _scope_roots(user) -> Q | None:
    """The pairings a unit takes part in directly (as supporter or recipient)."""
    organisation = user.organisation
    if organisation is None:
        return None
    roots = Q(supporter__path__startswith=organisation.path) | Q(
        recipient_organisation__path__startswith=organisation.path
    )
    if user.role == Role.RECIPIENT_GOVERNMENT:
        roots |= Q(recipient_region__path__startswith=organisation.region.path)
    return roots


def pairings_visible_to(user) -> QuerySet[Pairing]:
    """Every pairing the user may see: HQ and auditors see all; a unit sees the pairings it
    takes part in with all their sub-pairings; the public sees the pairing tree (it is public)."""
    pairings = Pairing.objects.all()
    if not user.is_authenticated:
        return pairings.none()
    if user.sees_everything or user.role == Role.PUBLIC:
        return pairings
    roots = _scope_roots(user)
    if roots is None:
        return pairings.none()
    root_paths = list(Pairing.objects.filter(roots).values_list("path", flat=True))
    if not root_paths:
        return pairings.none()
    return pairings.filter(reduce(or_, (Q(path__startswith=path) for path in root_paths)))


def pairings_editable_by(user) -> QuerySet[Pairing]:
    """The pairings whose projects and funds the user may change."""
    if not user.is_authenticated or not user.may_edit_projects:
        return Pairing.objects.none()
    if user.sees_everything:
        return Pairing.objects.all()
    return pairings_visible_to(user)


def in_force_on(day: datetime.date) -> Q:
    """Pairings that have started by ``day`` and not ended before it."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def pairings_active_on(day: datetime.date) -> QuerySet[Pairing]:
    return Pairing.objects.filter(in_force_on(day))


def supporters_of(region: Region, on: datetime.date) -> QuerySet[Pairing]:
    """The pairings that supported ``region`` directly on a given day."""
    return (
        pairings_active_on(on)
        .filter(recipient_region=region)
        .select_related("supporter", "recipient_region")
    )


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """HQ, auditors and the public see the directory of units; any other unit sees its own
    subtree and the units of the pairings it sees; a recipient government also sees the units
    located in its region (its hospitals and schools)."""
    organisations = Organisation.objects.all()
    if not user.is_authenticated:
        return organisations.none()
    if user.sees_everything or user.role == Role.PUBLIC:
        return organisations
    pairings = pairings_visible_to(user)
    own = Q(path__startswith=user.organisation.path) if user.organisation else Q(pk__in=[])
    scope = (
        own
        | Q(pk__in=pairings.values("supporter"))
        | Q(pk__in=pairings.values("recipient_organisation"))
    )
    if user.role == Role.RECIPIENT_GOVERNMENT and user.organisation:
        scope |= Q(region__path__startswith=user.organisation.region.path)
    return organisations.filter(scope)


def pairings_of_region(pairings: QuerySet[Pairing], region: Region) -> QuerySet[Pairing]:
    """Pairings that reach ``region``'s subtree, as recipient or through the supporter's seat,
    past ones included: the region's history of who supported it (and whom it supports)."""
    inside = region.path
    return pairings.filter(
        Q(recipient_region__path__startswith=inside)
        | Q(recipient_organisation__region__path__startswith=inside)
        | Q(supporter__region__path__startswith=inside)
    )


def pairings_of_organisation(
    pairings: QuerySet[Pairing], organisation: Organisation
) -> QuerySet[Pairing]:
    """Pairings the unit or one of its sub-units takes part in, as supporter or recipient."""
    inside = organisation.path
    return pairings.filter(
        Q(supporter__path__startswith=inside) | Q(recipient_organisation__path__startswith=inside)
    )


def pairing_rows(pairings: QuerySet[Pairing]) -> QuerySet[Pairing]:
    """Pairings with what a list shows, in tree order, without N+1 queries."""
    return pairings.select_related(
        "supporter", "recipient_region", "recipient_organisation", "parent"
    ).order_by("path")


def pairings_filtered(
    pairings: QuerySet[Pairing],
    *,
    today: datetime.date,
    level: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Pairing]:
    """Narrow a (scoped) set of pairings: by level, by whether they are in force today
    (``active`` / ``ended``) and by the name of either side."""
    if level:
        pairings = pairings.filter(level=level)
    if status == "active":
        pairings = pairings.filter(in_force_on(today))
    elif status == "ended":
        pairings = pairings.filter(end_date__lt=today)
    if q:
        text = q.strip()
        pairings = pairings.filter(
            Q(supporter__name__contains=text)
            | Q(supporter__short_name__contains=text)
            | Q(recipient_region__name__contains=text)
            | Q(recipient_organisation__name__contains=text)
        )
    return pairings


def pairings_for_new_projects(user, today: datetime.date) -> QuerySet[Pairing]:
    """The pairings in force that the user may add projects under."""
    return (
        pairings_editable_by(user)
        .filter(in_force_on(today))
        .select_related("supporter", "recipient_region", "recipient_organisation")
    )
