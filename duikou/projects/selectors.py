"""Reads of projects and funds, scoped to what the user may see."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Role
from duikou.common.errors import field_error
from duikou.geo.selectors import region_by_code
from duikou.partners.models import Pairing
from duikou.partners.selectors import pairings_editable_by, pairings_visible_to
from duikou.projects.models import (
    BudgetLine,
    Category,
    Currency,
    Project,
    ProjectRegion,
    Stage,
    StageEvent,
    Transaction,
)

ZERO = Value(0, output_field=DecimalField(max_digits=18, decimal_places=2))


def projects_visible_to(user, *, include_deleted: bool = False) -> QuerySet[Project]:
    """The one place that says which projects a user may see (web, API, exports, commands).
    Soft-deleted projects are left out unless ``include_deleted``."""
    projects = (Project.all_objects if include_deleted else Project.objects).all()
    if not user.is_authenticated:
        return projects.none()
    if user.sees_everything:
        return projects
    if user.role == Role.PUBLIC:
        return projects.exclude(stage=Stage.RESERVE)
    return projects.filter(pairing__in=pairings_visible_to(user))


def projects_editable_by(user, *, include_deleted: bool = False) -> QuerySet[Project]:
    projects = Project.all_objects if include_deleted else Project.objects
    return projects.filter(pairing__in=pairings_editable_by(user))


def with_can_edit(projects: QuerySet[Project], user) -> QuerySet[Project]:
    """Each project with ``can_edit``: whether ``user`` may change it, as a subquery of the
    list itself (not a set of every editable id, which grows with the programme)."""
    editable = pairings_editable_by(user).filter(pk=OuterRef("pairing_id"))
    return projects.annotate(can_edit=Exists(editable))


def ensure_may_create_projects(user) -> None:
    """Only the roles that change projects create them (HQ, aid working groups, recipient
    governments)."""
    if user is not None and not user.may_edit_projects:
        raise PermissionDenied(_("您的角色不能新建项目。"))


def ensure_project_editable(by, project: Project, *, field: str = "project") -> None:
    """Raise a validation error naming ``field`` when ``by`` may not change the project.

    The message does not tell whether the project exists, so nothing leaks out of scope.
    """
    if by is None or by.is_superuser:
        return
    if not projects_editable_by(by, include_deleted=True).filter(pk=project.pk).exists():
        raise field_error(field, _("项目不存在或不在您的权限范围内。"))


def _sum_subquery(model, year: int | None, **filters) -> Coalesce:
    rows = model.objects.filter(project=OuterRef("pk"), currency=Currency.CNY, **filters)
    if year is not None:
        rows = rows.filter(year=year) if model is BudgetLine else rows.filter(date__year=year)
    total = rows.order_by().values("project").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total), ZERO)


def with_funds(projects: QuerySet[Project], year: int | None = None) -> QuerySet[Project]:
    """Annotate each project with planned, in-place and spent money (CNY), all years or one."""
    return projects.annotate(
        planned=_sum_subquery(BudgetLine, year),
        in_place=_sum_subquery(Transaction, year, kind=Transaction.Kind.IN_PLACE),
        spent=_sum_subquery(Transaction, year, kind=Transaction.Kind.EXPENDITURE),
    )


def funds_totals(projects: QuerySet[Project], year: int | None = None) -> dict:
    """Planned, in place and spent for a set of projects: three aggregate queries in SQL."""
    budget = BudgetLine.objects.filter(project__in=projects, currency=Currency.CNY)
    moves = Transaction.objects.filter(project__in=projects, currency=Currency.CNY)
    if year is not None:
        budget = budget.filter(year=year)
        moves = moves.filter(date__year=year)
    money = moves.aggregate(
        in_place=Coalesce(Sum("amount", filter=Q(kind=Transaction.Kind.IN_PLACE)), ZERO),
        spent=Coalesce(Sum("amount", filter=Q(kind=Transaction.Kind.EXPENDITURE)), ZERO),
        committed=Coalesce(Sum("amount", filter=Q(kind=Transaction.Kind.COMMITMENT)), ZERO),
    )
    money["planned"] = budget.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
    money.update(
        projects.aggregate(investment=Coalesce(Sum("total_investment"), ZERO), projects=Count("pk"))
    )
    return money


def projects_by_stage(projects: QuerySet[Project]) -> list[dict]:
    """Project counts per lifecycle stage, every stage listed in order."""
    counts = dict(
        projects.order_by().values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    return [
        {"stage": stage, "label": label, "count": counts.get(stage, 0)}
        for stage, label in Stage.choices
    ]


def project_list(projects: QuerySet[Project], year: int | None = None) -> QuerySet[Project]:
    """Projects with what a list shows: funds, category, pairing, regions; no N+1 queries."""
    return (
        with_funds(projects, year)
        .select_related("category", "pairing__supporter", "pairing__recipient_region")
        .prefetch_related(
            Prefetch("region_shares", queryset=ProjectRegion.objects.select_related("region"))
        )
    )


def budget_years(projects: QuerySet[Project]) -> list[int]:
    return list(
        BudgetLine.objects.filter(project__in=projects)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )


SORT_FIELDS = [
    "code",
    "title",
    "stage",
    "total_investment",
    "planned",
    "in_place",
    "spent",
    "updated_at",
]
# "code" sorts ascending, "-code" descending.
SORTS = [name for field in SORT_FIELDS for name in (field, f"-{field}")]


def _received_in(region) -> QuerySet:
    """The ids of projects with a recipient region in ``region``'s subtree."""
    return ProjectRegion.objects.filter(region__path__startswith=region.path).values("project")


def projects_filtered(
    projects: QuerySet[Project],
    *,
    region: str | None = None,
    pairing: int | None = None,
    category: str | None = None,
    stage: str | None = None,
    year: int | None = None,
    delivery_mode: str | None = None,
    q: str | None = None,
) -> QuerySet[Project]:
    """Narrow a (scoped) set of projects: region and pairing take their whole subtree."""
    if region:
        projects = projects.filter(pk__in=_received_in(region_by_code(region, field="region")))
    if pairing is not None:
        # An unknown pairing gives no projects rather than an error: whether a pairing
        # outside the caller's scope exists is not told.
        root = Pairing.objects.filter(pk=pairing).values_list("path", flat=True).first()
        projects = projects.filter(pairing__path__startswith=root) if root else projects.none()
    if category:
        projects = projects.filter(category_id__in=category_ids_under(category))
    if stage:
        if stage not in Stage.values:
            raise field_error("status", _("未知的项目阶段:%(stage)s"), stage=stage)
        projects = projects.filter(stage=stage)
    if year is not None:
        projects = projects.filter(pk__in=BudgetLine.objects.filter(year=year).values("project"))
    if delivery_mode:
        if delivery_mode not in Project.DeliveryMode.values:
            raise field_error("delivery_mode", _("无效的选项:%(value)s"), value=delivery_mode)
        projects = projects.filter(delivery_mode=delivery_mode)
    if q:
        projects = projects.filter(Q(code__icontains=q.strip()) | Q(title__icontains=q.strip()))
    return projects


def stage_order() -> Case:
    """The lifecycle position of a project's stage, for sorting (储备 first, 移交 last)."""
    return Case(
        *(When(stage=stage, then=Value(index)) for index, stage in enumerate(Stage.values)),
        output_field=IntegerField(),
    )


def _categories_below(roots) -> list[int]:
    """The categories matching ``roots`` (a predicate on code and banned flag) and every
    category below them, at any depth: one query."""
    rows = list(Category.objects.values_list("id", "parent_id", "code", "is_banned"))
    found = {pk for pk, _parent, code, banned in rows if roots(code, banned)}
    frontier = set(found)
    while frontier:
        frontier = {pk for pk, parent, _code, _banned in rows if parent in frontier} - found
        found |= frontier
    return sorted(found)


def category_ids_under(code: str) -> list[int]:
    """The category with this code and all categories below it."""
    return _categories_below(lambda category_code, _banned: category_code == code)


def banned_category_ids() -> list[int]:
    """Categories of banned uses (楼堂馆所), with every category below one."""
    return _categories_below(lambda _code, banned: banned)


def projects_sorted(projects: QuerySet[Project], sort: str | None) -> QuerySet[Project]:
    if not sort:
        return projects.order_by("code")
    if sort not in SORTS:
        raise field_error("sort", _("不能按“%(sort)s”排序。"), sort=sort)
    name = sort.lstrip("-")
    field = stage_order() if name == "stage" else F(name)
    # Empty values last either way, on every database.
    order = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
    return projects.order_by(order, "code")


def project_for(user, project_id: int, *, edit: bool = False, deleted: bool = False) -> Project:
    """The project, if the user may see it (else 404, so its existence is not revealed) and,
    with ``edit``, change it (else 403). ``deleted`` looks among soft-deleted ones too."""
    project = projects_visible_to(user, include_deleted=deleted).filter(pk=project_id).first()
    if project is None:
        raise Http404
    editable = projects_editable_by(user, include_deleted=deleted)
    if edit and not editable.filter(pk=project.pk).exists():
        raise PermissionDenied(_("您没有修改该项目的权限。"))
    return project


def passes_acceptance(project: Project, stage: str) -> bool:
    """Whether stepping ``project`` to ``stage`` accepts it (验收) or goes past acceptance."""
    return Stage.order(project.stage) < Stage.order(Stage.ACCEPTED) <= Stage.order(stage)


def may_step_to(user, project: Project, stage: str) -> bool:
    """The role rule of the lifecycle: only the recipient government (or HQ) accepts."""
    return user.may_accept_projects or not passes_acceptance(project, stage)


def stage_steps(user, project: Project) -> list[dict]:
    """The stages after the project's own, each with whether ``user`` may step to it."""
    later = Stage.values[Stage.order(project.stage) + 1 :]
    labels = dict(Stage.choices)
    return [
        {"stage": stage, "label": labels[stage], "allowed": may_step_to(user, project, stage)}
        for stage in later
    ]


def projects_in_region(projects: QuerySet[Project], region) -> QuerySet[Project]:
    """Projects that reach ``region``'s subtree as recipients, or whose supporting unit sits
    in it (a Jiangsu city's projects in Xinjiang)."""
    return projects.filter(
        Q(pk__in=_received_in(region)) | Q(pairing__supporter__region__path__startswith=region.path)
    )


# A project is stalled when nothing has happened to it for this long while it is under way.
STALLED_AFTER = datetime.timedelta(days=180)


def _latest(model, field: str) -> Subquery:
    rows = model.objects.filter(project=OuterRef("pk")).order_by().values("project")
    return Subquery(rows.annotate(latest=Max(field)).values("latest"))


def projects_needing_attention(projects: QuerySet[Project], today: datetime.date):
    """Projects with a problem a front command follows up, each flagged with why:
    ``late_start`` (planned start passed, not started), ``no_funds`` (money planned up to
    this year, none in place) and ``stalled`` (started, not completed, no stage step or
    money movement for 180 days)."""
    started = Stage.started()
    finished = Stage.values[Stage.order(Stage.COMPLETED) :]
    planned_so_far = BudgetLine.objects.filter(
        project=OuterRef("pk"), currency=Currency.CNY, year__lte=today.year
    )
    in_place = Transaction.objects.filter(project=OuterRef("pk"), kind=Transaction.Kind.IN_PLACE)
    flagged = projects.annotate(
        last_event=_latest(StageEvent, "date"),
        last_move=_latest(Transaction, "date"),
        late_start=Q(planned_start__lt=today) & ~Q(stage__in=started),
        no_funds=Exists(planned_so_far) & ~Exists(in_place) & ~Q(stage=Stage.RESERVE),
    ).annotate(
        stalled=Q(stage__in=started)
        & ~Q(stage__in=finished)
        & ~Q(last_event__gte=today - STALLED_AFTER)
        & ~Q(last_move__gte=today - STALLED_AFTER)
    )
    return flagged.filter(Q(late_start=True) | Q(no_funds=True) | Q(stalled=True))
