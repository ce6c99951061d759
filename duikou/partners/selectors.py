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


def pairings_active_on(day: datetime.date) -> QuerySet[Pairing]:
    return Pairing.objects.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def supporters_of(region: Region, on: datetime.date) -> QuerySet[Pairing]:
    """The pairings that supported ``region`` directly on a given day."""
    return (
        pairings_active_on(on)
        .filter(recipient_region=region)
        .select_related("supporter", "recipient_region")
    )


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """HQ, auditors and the public see the directory of units; any other unit sees its own
    subtree and the units of the pairings it sees."""
    organisations = Organisation.objects.all()
    if not user.is_authenticated:
        return organisations.none()
    if user.sees_everything or user.role == Role.PUBLIC:
        return organisations
    pairings = pairings_visible_to(user)
    own = Q(path__startswith=user.organisation.path) if user.organisation else Q(pk__in=[])
    return organisations.filter(
        own
        | Q(pk__in=pairings.values("supporter"))
        | Q(pk__in=pairings.values("recipient_organisation"))
    )
