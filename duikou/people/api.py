"""Cadres and professionals under /api/v1/people/: people, postings, who is on duty, terms
ending, batches, group-style teams, mentoring, care records, and the roster as .xlsx."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from duikou.common.api import (
    ERRORS,
    READ_ERRORS,
    Pagination,
    ensure_can_write,
    if_match_version,
    import_answer,
    set_etag,
    upload_body,
)
from duikou.common.spreadsheets import XLSX, xlsx_response
from duikou.geo.selectors import region_by_code
from duikou.partners.models import Organisation
from duikou.partners.selectors import organisations_visible_to
from duikou.people import roster, schemas, services
from duikou.people.history import person_history
from duikou.people.models import Batch, Person
from duikou.people.privacy import sensitive_for
from duikou.people.selectors import (
    batch_statistics,
    care_records_visible_to,
    mentoring_visible_to,
    on_duty,
    people_filtered,
    people_visible_to,
    person_for,
    person_postings,
    posting_for,
    posting_list,
    postings_filtered,
    postings_visible_to,
    team_members,
    teams_of,
    teams_visible_to,
    term_ends,
)

router = Router(tags=["people"])
REVEAL_HELP = "显示完整的身份证号和手机号(仅省援疆总部和本单位派出人员的人事部门;每次查看均留痕)"


# ------------------------------------------------------------------ people


class PersonFilters(Schema):
    q: str | None = Field(None, max_length=50, description="按姓名搜索")
    dispatching_unit: schemas.Id | None = Field(None, description="派出单位 id,含下级单位")
    batch: schemas.Id | None = Field(None, description="批次 id")
    reveal: bool = Field(False, description=REVEAL_HELP)
    limit: int = Field(50, ge=1, le=500, description="每页条数")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="跳过的条数")


class PersonPage(Schema):
    items: list[schemas.PersonOut]
    count: int


def _people_out(user, people, *, reveal: bool, context: str) -> list[dict]:
    people = list(people)
    sensitive = sensitive_for(user, people, unmask=reveal, context=context)
    return [
        {
            "id": p.pk,
            "name": p.name,
            "gender": p.gender,
            "birth_date": p.birth_date,
            "ethnicity": p.ethnicity,
            "education": p.education,
            "professional_title": p.professional_title,
            "dispatching_unit": p.dispatching_unit_id,
            "dispatching_unit_name": p.dispatching_unit.name,
            "is_illustrative": p.is_illustrative,
            "version": p.version,
            **sensitive[p.pk],
        }
        for p in people
    ]


@router.get("/people", response={200: PersonPage, 403: ERRORS[403], **READ_ERRORS})
def list_people(request, filters: Query[PersonFilters]):
    """The people the caller may see, with ID and phone numbers masked unless ``reveal``."""
    people = people_filtered(
        people_visible_to(request.user),
        q=filters.q,
        dispatching_unit=filters.dispatching_unit,
        batch=filters.batch,
    ).select_related("dispatching_unit")
    count = people.count()
    page = people.order_by("name", "pk")[filters.offset : filters.offset + filters.limit]
    items = _people_out(request.user, page, reveal=filters.reveal, context="api people list")
    return {"items": items, "count": count}


@router.post("/people", response={201: schemas.PersonOut, **ERRORS})
def create_person(request, response: HttpResponse, payload: schemas.PersonIn):
    ensure_can_write(request)
    person = services.person_create(by=request.user, **payload.dict())
    set_etag(response, person)
    person = Person.objects.select_related("dispatching_unit").get(pk=person.pk)
    return Status(201, _people_out(request.user, [person], reveal=False, context="api")[0])


@router.get(
    "/people/{int:person_id}",
    response={200: schemas.PersonOut, 403: ERRORS[403], **READ_ERRORS},
)
def get_person(request, response: HttpResponse, person_id: int, reveal: bool = False):
    """One person; ``reveal=true`` shows the full ID and phone numbers to those allowed
    (HQ, the person's dispatching-unit HR), and logs it."""
    person = person_for(request.user, person_id)
    set_etag(response, person)
    return _people_out(request.user, [person], reveal=reveal, context="api person")[0]


@router.patch("/people/{int:person_id}", response={200: schemas.PersonOut, **ERRORS})
def update_person(request, response: HttpResponse, person_id: int, payload: schemas.PersonPatch):
    """Change a person; needs the ETag read in ``If-Match``."""
    ensure_can_write(request)
    person = person_for(request.user, person_id, edit=True)
    services.person_update(
        by=request.user,
        person=person,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, person)
    person = Person.objects.select_related("dispatching_unit").get(pk=person.pk)
    return _people_out(request.user, [person], reveal=False, context="api")[0]


@router.get(
    "/people/{int:person_id}/postings",
    response={200: list[schemas.PostingOut], **READ_ERRORS},
)
def list_person_postings(request, person_id: int):
    """A person's history of postings, oldest first."""
    return person_postings(person_for(request.user, person_id), request.user)


@router.get(
    "/people/{int:person_id}/history",
    response={200: list[schemas.PersonHistoryOut], **READ_ERRORS},
)
def get_person_history(request, person_id: int):
    """Every change to the person and to the postings the caller sees: who, when, through
    which channel, before and after, newest first. ID and phone numbers are always masked
    here (revealing them is ``GET /people/{id}?reveal=true``, logged)."""
    return person_history(person_for(request.user, person_id), request.user)


# ------------------------------------------------------------------ postings


class PostingFilters(Schema):
    region: str | None = Field(None, max_length=12, description="受援地区代码,含下级地区")
    on: datetime.date | None = Field(None, description="该日在岗")
    batch: schemas.Id | None = None
    category: schemas.CategoryName | None = None
    duration: schemas.DurationName | None = None
    status: schemas.StatusName | None = None
    dispatching_unit: schemas.Id | None = Field(None, description="派出单位 id,含下级单位")
    team: schemas.Id | None = None
    q: str | None = Field(None, max_length=50, description="按姓名或岗位搜索")


def _postings(request, filters: PostingFilters):
    postings = postings_filtered(postings_visible_to(request.user), **filters.dict())
    return posting_list(postings).order_by("start_date", "pk")


@router.get("/people/postings", response={200: list[schemas.PostingOut], **READ_ERRORS})
@paginate(Pagination)
def list_postings(request, filters: Query[PostingFilters]):
    """Postings the caller may see, filtered (``region`` takes its subtree, ``on`` keeps
    those running that day)."""
    return _postings(request, filters)


@router.post("/people/postings", response={201: schemas.PostingOut, **ERRORS})
def create_posting(request, response: HttpResponse, payload: schemas.PostingIn):
    """Post a person. Refused (nothing saved) when it overlaps another posting of the person,
    ends before it starts, or runs past the planned term of its category."""
    ensure_can_write(request)
    fields = payload.dict()
    person = person_for(request.user, fields.pop("person"))
    if fields.get("team") is not None:
        get_object_or_404(teams_visible_to(request.user), pk=fields["team"])
    posting = services.posting_create(by=request.user, person=person, **fields)
    set_etag(response, posting)
    return Status(201, posting_list(postings_visible_to(request.user)).get(pk=posting.pk))


@router.patch("/people/postings/{int:posting_id}", response={200: schemas.PostingOut, **ERRORS})
def update_posting(request, response: HttpResponse, posting_id: int, payload: schemas.PostingPatch):
    """Change a posting; an early return is ``status: returned_early`` with ``end_date`` and
    ``early_return_reason``. Needs ``If-Match``."""
    ensure_can_write(request)
    posting = posting_for(request.user, posting_id, edit=True)
    services.posting_update(
        by=request.user,
        posting=posting,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, posting)
    return posting_list(postings_visible_to(request.user)).get(pk=posting.pk)


@router.post(
    "/people/postings/{int:posting_id}/extension",
    response={200: schemas.PostingOut, **ERRORS},
)
def extend_posting(request, response: HttpResponse, posting_id: int, payload: schemas.ExtensionIn):
    """Approve an extension (HQ, or the aid working group running the pairing)."""
    ensure_can_write(request)
    posting = posting_for(request.user, posting_id)
    version = if_match_version(request) if request.headers.get("If-Match") else None
    services.posting_extend(
        by=request.user, posting=posting, expected_version=version, **payload.dict()
    )
    set_etag(response, posting)
    return posting_list(postings_visible_to(request.user)).get(pk=posting.pk)


# ------------------------------------------------------------------ questions


class OnDutyParams(Schema):
    region: str | None = Field(None, max_length=12, description="受援地区代码,含下级地区")
    date: datetime.date | None = Field(None, description="日期,默认今天")


class TermEndParams(Schema):
    within_days: int = Field(90, ge=0, le=3660, description="天数")
    today: datetime.date | None = Field(None, description="起算日,默认今天")


@router.get("/people/on-duty", response={200: schemas.OnDutyOut, **READ_ERRORS})
def get_on_duty(request, params: Query[OnDutyParams]):
    """How many are on duty in a region (with its subtree) on a date, by category and by
    dispatching unit, among the people the caller may see (the public: everyone, counted)."""
    area = region_by_code(params.region, field="region") if params.region else None
    return on_duty(area, params.date or datetime.date.today(), request.user)


@router.get("/people/term-ends", response={200: list[schemas.TermEndOut], **READ_ERRORS})
@paginate(Pagination)
def list_term_ends(request, params: Query[TermEndParams]):
    """Postings whose term ends in the next ``within_days`` days, soonest first, each saying
    whether its post still needs a replacement."""
    return term_ends(params.within_days, request.user, params.today or datetime.date.today())


# ------------------------------------------------------------------ batches


@router.get("/people/batches", response={200: list[schemas.BatchOut], **READ_ERRORS})
def list_batches(request):
    return Batch.objects.all()


@router.post("/people/batches", response={201: schemas.BatchOut, **ERRORS})
def create_batch(request, response: HttpResponse, payload: schemas.BatchIn):
    ensure_can_write(request)
    batch = services.batch_create(by=request.user, **payload.dict())
    set_etag(response, batch)
    return Status(201, batch)


@router.get(
    "/people/batches/{int:batch_id}/statistics",
    response={200: schemas.BatchStatisticsOut, **READ_ERRORS},
)
def get_batch_statistics(request, batch_id: int):
    """Size, average age, education mix, professionals' share and early returns of a batch,
    among the people the caller may see."""
    stats = batch_statistics(get_object_or_404(Batch, pk=batch_id), request.user)
    return {**stats.__dict__, "batch": stats.batch.pk, "number": stats.batch.number}


# ------------------------------------------------------------------ teams


@router.get("/people/teams", response={200: list[schemas.TeamOut], **READ_ERRORS})
@paginate(Pagination)
def list_teams(request, organisation: schemas.Id | None = None):
    """Group-style teams; ``organisation`` (a recipient hospital or school) keeps the teams of
    its departments."""
    teams = teams_visible_to(request.user)
    if organisation is not None:
        unit = Organisation.objects.filter(pk=organisation).first()
        teams = teams_of(unit, request.user) if unit else teams.none()
    return teams.select_related("supporter", "recipient_organisation").order_by("name", "pk")


@router.post("/people/teams", response={201: schemas.TeamOut, **ERRORS})
def create_team(request, response: HttpResponse, payload: schemas.TeamIn):
    ensure_can_write(request)
    fields = payload.dict()
    for name in ("supporter", "recipient_organisation"):
        fields[name] = get_object_or_404(organisations_visible_to(request.user), pk=fields[name])
    team = services.team_create(by=request.user, **fields)
    set_etag(response, team)
    return Status(201, team)


@router.get(
    "/people/teams/{int:team_id}/members",
    response={200: list[schemas.PostingOut], **READ_ERRORS},
)
def list_team_members(request, team_id: int):
    """The team's members over time (their postings), earliest first."""
    team = get_object_or_404(teams_visible_to(request.user), pk=team_id)
    return team_members(team, request.user)


# ------------------------------------------------------------------ mentoring and care


@router.get("/people/mentoring-pairs", response={200: list[schemas.MentoringOut], **READ_ERRORS})
@paginate(Pagination)
def list_mentoring(request, mentor: schemas.Id | None = None):
    pairs = mentoring_visible_to(request.user).select_related("mentor")
    if mentor is not None:
        pairs = pairs.filter(mentor_id=mentor)
    return pairs.order_by("start_date", "pk")


@router.post("/people/mentoring-pairs", response={201: schemas.MentoringOut, **ERRORS})
def create_mentoring(request, response: HttpResponse, payload: schemas.MentoringIn):
    ensure_can_write(request)
    fields = payload.dict()
    mentor = person_for(request.user, fields.pop("mentor"))
    pair = services.mentoring_create(by=request.user, mentor=mentor, **fields)
    set_etag(response, pair)
    return Status(201, pair)


@router.get("/people/care-records", response={200: list[schemas.CareRecordOut], **READ_ERRORS})
@paginate(Pagination)
def list_care_records(request, person: schemas.Id | None = None):
    """Care visits and family support: HQ and the dispatching unit only."""
    records = care_records_visible_to(request.user).select_related("person")
    if person is not None:
        records = records.filter(person_id=person)
    return records.order_by("-date", "pk")


@router.post("/people/care-records", response={201: schemas.CareRecordOut, **ERRORS})
def create_care_record(request, response: HttpResponse, payload: schemas.CareRecordIn):
    ensure_can_write(request)
    fields = payload.dict()
    person = person_for(request.user, fields.pop("person"))
    record = services.care_record_add(by=request.user, person=person, **fields)
    set_etag(response, record)
    return Status(201, record)


# ------------------------------------------------------------------ roster


class RosterFilters(PostingFilters):
    reveal: bool = Field(False, description=REVEAL_HELP)


@router.get(
    "/people/roster.xlsx",
    response={200: None, 403: ERRORS[403], **READ_ERRORS},
    openapi_extra={"responses": {200: {"description": "花名册 (.xlsx)", "content": {XLSX: {}}}}},
)
def export_roster(request, filters: Query[RosterFilters]):
    """The postings of any filtered view as a roster (.xlsx) in the import's columns; ID and
    phone numbers masked unless ``reveal`` (allowed roles only, logged)."""
    values = filters.dict()
    reveal = values.pop("reveal")
    if request.user.role == "public":
        raise PermissionDenied(_("公众用户不能导出花名册。"))
    postings = posting_list(
        postings_filtered(postings_visible_to(request.user), **values)
    ).order_by("start_date", "pk")
    return xlsx_response(
        roster.roster_workbook(postings, user=request.user, reveal=reveal), "roster.xlsx"
    )


@router.get(
    "/people/roster-template.xlsx",
    response={200: None, **READ_ERRORS},
    openapi_extra={"responses": {200: {"description": "模板 (.xlsx)", "content": {XLSX: {}}}}},
)
def roster_template(request):
    """The empty roster to fill in, with Chinese headers and a sheet that explains them."""
    return xlsx_response(roster.roster_template(), "roster-template.xlsx")


IMPORT_BODY = upload_body()


@router.post(
    "/people/roster-import",
    response={200: schemas.ImportResultOut, **ERRORS},
    openapi_extra=IMPORT_BODY,
)
def import_roster(request):
    """Import a roster (.xlsx, the template's columns) sent as ``file`` (multipart). Every row
    is checked; when any is wrong nothing is kept, unless ``valid_rows_only`` (then the valid
    rows are). A person is matched by ID number, a posting by person and start date:
    importing the same file again changes nothing. Errors name the row and the column."""
    ensure_can_write(request)
    try:
        upload = request.FILES.get("file")
        valid_rows_only = request.POST.get("valid_rows_only", "").lower() in {"1", "true", "on"}
    except MultiPartParserError:
        upload = None
    if upload is None:
        raise ValidationError({"file": [_("请上传 .xlsx 格式的花名册文件(字段名 file)。")]})
    result = roster.roster_import(upload.read(), by=request.user, valid_rows_only=valid_rows_only)
    return import_answer(result)
