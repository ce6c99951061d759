"""Projects, their lifecycle and history, categories, compliance and statistics."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from duikou.accounts.models import Role
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
from duikou.common.services import parse_year
from duikou.partners.selectors import pairings_visible_to
from duikou.projects import compliance as compliance_rules
from duikou.projects import schemas, services, statistics
from duikou.projects.history import project_history
from duikou.projects.models import Category
from duikou.projects.selectors import (
    SORTS,
    funds_totals,
    project_for,
    project_list,
    projects_filtered,
    projects_sorted,
    projects_visible_to,
)

router = Router(tags=["projects"])


class ProjectFilters(Schema):
    region: str | None = Field(None, description="受援地区代码,含下级地区")
    pairing: Id | None = Field(None, description="结对关系 id,含下级结对")
    category: str | None = Field(None, description="类别代码,含下级类别")
    status: schemas.StageName | None = Field(None, description="项目阶段")
    year: int | None = Field(None, description="有该年度预算的项目")
    delivery_mode: schemas.DeliveryMode | None = None
    q: str | None = Field(None, description="按编号或名称搜索")
    sort: choices(SORTS) | None = Field(None, description="排序字段,前加 - 为降序")


def _detail(user, project_id: int):
    return project_list(projects_visible_to(user)).get(pk=project_id)


def _project_changes(payload) -> dict:
    changes = payload.dict(exclude_unset=True)
    if changes.get("regions") is not None:
        changes["regions"] = [(r["code"], r["share"]) for r in changes["regions"]]
    return changes


def projects_for(request, filters: ProjectFilters):
    """The projects the caller may see, narrowed by the list's filters (region and pairing
    take their subtree): for the list and for every export of it."""
    return projects_filtered(
        projects_visible_to(request.user),
        region=filters.region,
        pairing=filters.pairing,
        category=filters.category,
        stage=filters.status,
        year=filters.year,
        delivery_mode=filters.delivery_mode,
        q=filters.q,
    )


@router.get("/projects", response={200: list[schemas.ProjectOut], **READ_ERRORS})
@paginate(Pagination)
def list_projects(request, filters: Query[ProjectFilters]):
    """Projects the caller may see, filtered (region and pairing take their subtree), sorted
    (``sort=-planned``…) and paginated (``limit``, ``offset``)."""
    return projects_sorted(project_list(projects_for(request, filters)), filters.sort)


@router.post("/projects", response={201: schemas.ProjectDetailOut, **ERRORS})
def create_project(request, response: HttpResponse, payload: schemas.ProjectIn):
    ensure_can_write(request)
    fields = _project_changes(payload)
    project = services.project_create(by=request.user, **fields)
    set_etag(response, project)
    return Status(201, _detail(request.user, project.pk))


@router.get("/projects/{int:project_id}", response={200: schemas.ProjectDetailOut, **READ_ERRORS})
def get_project(request, response: HttpResponse, project_id: int):
    project = project_for(request.user, project_id)
    set_etag(response, project)
    return _detail(request.user, project.pk)


@router.patch("/projects/{int:project_id}", response={200: schemas.ProjectDetailOut, **ERRORS})
def update_project(request, response: HttpResponse, project_id: int, payload: schemas.ProjectPatch):
    """Change a project. Send the ETag you read in ``If-Match``: 428 without it, 412 when
    somebody saved a newer version since."""
    ensure_can_write(request)
    project = project_for(request.user, project_id, edit=True)
    version = if_match_version(request)
    services.project_update(
        by=request.user, project=project, expected_version=version, **_project_changes(payload)
    )
    set_etag(response, project)
    return _detail(request.user, project.pk)


@router.delete("/projects/{int:project_id}", response={204: None, **ERRORS})
def delete_project(request, project_id: int):
    """Delete softly (restorable with POST …/restore); needs ``If-Match``."""
    ensure_can_write(request)
    project = project_for(request.user, project_id, edit=True)
    services.project_delete(
        by=request.user, project=project, expected_version=if_match_version(request)
    )
    return Status(204, None)


@router.post(
    "/projects/{int:project_id}/restore", response={200: schemas.ProjectDetailOut, **ERRORS}
)
def restore_project(request, response: HttpResponse, project_id: int):
    ensure_can_write(request)
    project = project_for(request.user, project_id, edit=True, deleted=True)
    services.project_restore(by=request.user, project=project)
    set_etag(response, project)
    return _detail(request.user, project.pk)


@router.get(
    "/projects/{int:project_id}/history",
    response={200: list[schemas.HistoryOut], 403: ERRORS[403], **READ_ERRORS},
)
def get_project_history(request, project_id: int):
    """Every change to the project and its budget lines, transactions and milestones:
    who, when, through which channel (web, api, import, command, admin), before and after.
    Not for the public role: it names the people who made the changes."""
    project = project_for(request.user, project_id, deleted=True)
    if request.user.role == Role.PUBLIC:
        raise PermissionDenied(_("公众用户不能查看修改记录。"))
    return project_history(project)


@router.get(
    "/projects/{int:project_id}/stage-events",
    response={200: list[schemas.StageEventOut], **READ_ERRORS},
)
def list_stage_events(request, project_id: int):
    project = project_for(request.user, project_id)
    return project.stage_events.select_related("recorded_by")


@router.post(
    "/projects/{int:project_id}/stage-events", response={201: schemas.StageEventOut, **ERRORS}
)
def advance_stage(request, response: HttpResponse, project_id: int, payload: schemas.StageEventIn):
    """Move the project to a later lifecycle stage on a date (验收 by the recipient
    government). ``If-Match`` is optional here."""
    ensure_can_write(request)
    project = project_for(request.user, project_id, edit=True)
    version = if_match_version(request) if request.headers.get("If-Match") else None
    event = services.project_advance_stage(
        by=request.user, project=project, expected_version=version, **payload.dict()
    )
    set_etag(response, project)
    return Status(201, event)


# ------------------------------------------------------------------ categories


@router.get(
    "/categories", response={200: list[schemas.CategoryOut], **READ_ERRORS}, tags=["categories"]
)
def list_categories(request):
    return Category.objects.select_related("parent")


@router.post("/categories", response={201: schemas.CategoryOut, **ERRORS}, tags=["categories"])
def create_category(request, response: HttpResponse, payload: schemas.CategoryIn):
    ensure_can_write(request)
    fields = payload.dict()
    parent = fields.pop("parent")
    fields["parent"] = get_object_or_404(Category, code=parent) if parent else None
    category = services.category_create(by=request.user, **fields)
    set_etag(response, category)
    return Status(201, category)


@router.patch(
    "/categories/{str:code}", response={200: schemas.CategoryOut, **ERRORS}, tags=["categories"]
)
def update_category(request, response: HttpResponse, code: str, payload: schemas.CategoryPatch):
    ensure_can_write(request)
    category = get_object_or_404(Category, code=code)
    services.category_update(
        by=request.user,
        category=category,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, category)
    return category


# ------------------------------------------------------------------ reports


@router.get("/compliance", response={200: schemas.ComplianceOut, **READ_ERRORS}, tags=["reports"])
def get_compliance(request, year: int, pairing: Id | None = None):
    """The "two 80 %" rule, funds-arrival and start rates of a year, for one pairing with
    its sub-pairings, or for everything the caller sees when no pairing is given."""
    projects = projects_visible_to(request.user)
    if pairing is not None:
        root = get_object_or_404(pairings_visible_to(request.user), pk=pairing)
        projects = projects.filter(pk__in=compliance_rules.pairing_projects(root).values("pk"))
    result = compliance_rules.compliance(projects, parse_year(year))
    return {
        "pairing": pairing,
        "year": result.year,
        "livelihood_threshold": result.thresholds.livelihood,
        "grassroots_threshold": result.thresholds.grassroots,
        **{
            name: getattr(result, name)
            for name in (
                "planned_total",
                "in_place_total",
                "livelihood_planned",
                "livelihood_in_place",
                "grassroots_planned",
                "grassroots_in_place",
                "meets_two_80",
                "funds_arrival_rate",
                "projects_planned",
                "projects_started",
                "start_rate",
            )
        },
        "banned_projects": [project.code for project in result.banned_projects],
    }


@router.get("/statistics", response={200: schemas.StatisticsOut, **READ_ERRORS}, tags=["reports"])
def get_statistics(
    request,
    region_level: choices(statistics.LEVELS) = "prefecture",
    pairing: int | None = None,
):
    """Money planned, in place and spent by year, by category, and by recipient region at
    ``region_level`` (province, prefecture, county), for what the caller sees."""
    projects = projects_visible_to(request.user)
    if pairing is not None:
        root = get_object_or_404(pairings_visible_to(request.user), pk=pairing)
        projects = projects.filter(pairing__path__startswith=root.path)
    totals = funds_totals(projects)
    return {
        "projects": totals["projects"],
        "total_investment": totals["investment"],
        "by_year": statistics.totals_by_year(projects),
        "by_category": statistics.totals_by_category(projects),
        "by_region": statistics.totals_by_region(projects, region_level),
        "region_level": region_level,
    }
