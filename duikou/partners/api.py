"""Organisations and dated pairings."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from duikou.common.api import (
    ERRORS,
    READ_ERRORS,
    Id,
    Pagination,
    choices,
    ensure_can_write,
    if_match_version,
    set_etag,
)
from duikou.geo.models import Region
from duikou.partners import services
from duikou.partners.models import Organisation, Pairing
from duikou.partners.selectors import (
    in_force_on,
    organisations_visible_to,
    pairings_visible_to,
)

router = Router()
OrganisationKind = choices(Organisation.Kind)
PairingLevel = choices(Pairing.Level)


# ------------------------------------------------------------------ organisations


class OrganisationOut(Schema):
    id: int
    name: str
    name_en: str
    short_name: str
    kind: str
    region: str | None
    parent: int | None
    version: int

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id


class OrganisationIn(Schema):
    name: str = Field(max_length=200)
    kind: OrganisationKind
    region: str = Field(description="区划代码", max_length=12)
    parent: Id | None = None
    name_en: str = Field("", max_length=250)
    short_name: str = Field("", max_length=50)


class OrganisationPatch(Schema):
    name: str | None = Field(None, max_length=200)
    kind: OrganisationKind | None = None
    region: str | None = Field(None, max_length=12)
    parent: Id | None = None
    name_en: str | None = Field(None, max_length=250)
    short_name: str | None = Field(None, max_length=50)


def _organisation_fields(user, payload) -> dict:
    fields = payload.dict(exclude_unset=True)
    if fields.get("parent") is not None:
        fields["parent"] = get_object_or_404(organisations_visible_to(user), pk=fields["parent"])
    return fields


@router.get(
    "/organisations", response={200: list[OrganisationOut], **READ_ERRORS}, tags=["organisations"]
)
@paginate(Pagination)
def list_organisations(request, q: str | None = None, kind: OrganisationKind | None = None):
    organisations = organisations_visible_to(request.user).select_related("region")
    if q:
        organisations = organisations.filter(name__contains=q.strip())
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("path")


@router.get(
    "/organisations/{int:organisation_id}",
    response={200: OrganisationOut, **READ_ERRORS},
    tags=["organisations"],
)
def get_organisation(request, response: HttpResponse, organisation_id: int):
    organisation = get_object_or_404(
        organisations_visible_to(request.user).select_related("region"), pk=organisation_id
    )
    set_etag(response, organisation)
    return organisation


@router.post("/organisations", response={201: OrganisationOut, **ERRORS}, tags=["organisations"])
def create_organisation(request, response: HttpResponse, payload: OrganisationIn):
    ensure_can_write(request)
    organisation = services.organisation_create(
        by=request.user, **_organisation_fields(request.user, payload)
    )
    set_etag(response, organisation)
    return Status(201, organisation)


@router.patch(
    "/organisations/{int:organisation_id}",
    response={200: OrganisationOut, **ERRORS},
    tags=["organisations"],
)
def update_organisation(
    request, response: HttpResponse, organisation_id: int, payload: OrganisationPatch
):
    ensure_can_write(request)
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=organisation_id)
    services.organisation_update(
        by=request.user,
        organisation=organisation,
        expected_version=if_match_version(request),
        **_organisation_fields(request.user, payload),
    )
    set_etag(response, organisation)
    return organisation


@router.delete(
    "/organisations/{int:organisation_id}", response={204: None, **ERRORS}, tags=["organisations"]
)
def delete_organisation(request, organisation_id: int):
    ensure_can_write(request)
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=organisation_id)
    services.organisation_delete(
        by=request.user, organisation=organisation, expected_version=if_match_version(request)
    )
    return Status(204, None)


# ------------------------------------------------------------------ pairings


class PairingOut(Schema):
    id: int
    supporter: int
    supporter_name: str
    recipient_region: str | None
    recipient_organisation: int | None
    level: str
    parent: int | None
    start_date: datetime.date
    end_date: datetime.date | None
    notes: str
    is_illustrative: bool
    version: int

    @staticmethod
    def resolve_supporter(obj) -> int:
        return obj.supporter_id

    @staticmethod
    def resolve_supporter_name(obj) -> str:
        return obj.supporter.name

    @staticmethod
    def resolve_recipient_region(obj) -> str | None:
        return obj.recipient_region.code if obj.recipient_region_id else None

    @staticmethod
    def resolve_recipient_organisation(obj) -> int | None:
        return obj.recipient_organisation_id

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id


class PairingIn(Schema):
    supporter: Id
    level: PairingLevel
    start_date: datetime.date
    recipient_region: str | None = Field(None, max_length=12)
    recipient_organisation: Id | None = None
    parent: Id | None = None
    end_date: datetime.date | None = None
    notes: str = ""


class PairingPatch(Schema):
    level: PairingLevel | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    recipient_region: str | None = Field(None, max_length=12)
    recipient_organisation: Id | None = None
    parent: Id | None = None
    notes: str | None = None


class PairingFilters(Schema):
    region: str | None = Field(None, description="受援地区代码(含下级)")
    supporter: Id | None = None
    level: PairingLevel | None = None
    active_on: datetime.date | None = Field(None, description="只列出当日有效的结对")


def _pairing_fields(user, payload) -> dict:
    fields = payload.dict(exclude_unset=True)
    organisations = organisations_visible_to(user)
    for name in ("supporter", "recipient_organisation"):
        if fields.get(name) is not None:
            fields[name] = get_object_or_404(organisations, pk=fields[name])
    if fields.get("parent") is not None:
        fields["parent"] = get_object_or_404(pairings_visible_to(user), pk=fields["parent"])
    return fields


def _pairings(user):
    return pairings_visible_to(user).select_related("supporter", "recipient_region")


@router.get("/pairings", response={200: list[PairingOut], **READ_ERRORS}, tags=["pairings"])
@paginate(Pagination)
def list_pairings(request, filters: Query[PairingFilters]):
    """Who supports whom, since when: ``active_on=2010-06-01&region=654022`` answers
    "who supported 察布查尔县 on that day"."""
    pairings = _pairings(request.user)
    if filters.region:
        area = get_object_or_404(Region, code=filters.region)
        pairings = pairings.filter(recipient_region__path__startswith=area.path)
    if filters.supporter is not None:
        pairings = pairings.filter(supporter_id=filters.supporter)
    if filters.level:
        pairings = pairings.filter(level=filters.level)
    if filters.active_on:
        pairings = pairings.filter(in_force_on(filters.active_on))
    return pairings.order_by("path")


@router.get(
    "/pairings/{int:pairing_id}", response={200: PairingOut, **READ_ERRORS}, tags=["pairings"]
)
def get_pairing(request, response: HttpResponse, pairing_id: int):
    pairing = get_object_or_404(_pairings(request.user), pk=pairing_id)
    set_etag(response, pairing)
    return pairing


@router.post("/pairings", response={201: PairingOut, **ERRORS}, tags=["pairings"])
def create_pairing(request, response: HttpResponse, payload: PairingIn):
    ensure_can_write(request)
    pairing = services.pairing_create(by=request.user, **_pairing_fields(request.user, payload))
    set_etag(response, pairing)
    return Status(201, pairing)


@router.patch("/pairings/{int:pairing_id}", response={200: PairingOut, **ERRORS}, tags=["pairings"])
def update_pairing(request, response: HttpResponse, pairing_id: int, payload: PairingPatch):
    ensure_can_write(request)
    pairing = get_object_or_404(_pairings(request.user), pk=pairing_id)
    services.pairing_update(
        by=request.user,
        pairing=pairing,
        expected_version=if_match_version(request),
        **_pairing_fields(request.user, payload),
    )
    set_etag(response, pairing)
    return pairing


@router.delete("/pairings/{int:pairing_id}", response={204: None, **ERRORS}, tags=["pairings"])
def delete_pairing(request, pairing_id: int):
    ensure_can_write(request)
    pairing = get_object_or_404(_pairings(request.user), pk=pairing_id)
    services.pairing_delete(
        by=request.user, pairing=pairing, expected_version=if_match_version(request)
    )
    return Status(204, None)
