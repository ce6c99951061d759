"""Reads of projects and funds, scoped to what the user may see."""

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Role
from duikou.common.errors import field_error
from duikou.partners.selectors import pairings_editable_by, pairings_visible_to
from duikou.projects.models import (
    BudgetLine,
    Currency,
    Project,
    ProjectRegion,
    Stage,
    Transaction,
)

ZERO = Value(0, output_field=DecimalField(max_digits=18, decimal_places=2))


def projects_visible_to(user) -> QuerySet[Project]:
    """The one place that says which projects a user may see (web, API, exports, commands)."""
    projects = Project.objects.all()
    if not user.is_authenticated:
        return projects.none()
    if user.sees_everything:
        return projects
    if user.role == Role.PUBLIC:
        return projects.exclude(stage=Stage.RESERVE)
    return projects.filter(pairing__in=pairings_visible_to(user))


def projects_editable_by(user) -> QuerySet[Project]:
    return Project.objects.filter(pairing__in=pairings_editable_by(user))


def ensure_project_editable(by, project: Project, *, field: str = "project") -> None:
    """Raise a validation error naming ``field`` when ``by`` may not change the project.

    The message does not tell whether the project exists, so nothing leaks out of scope.
    """
    if by is None or by.is_superuser:
        return
    if not projects_editable_by(by).filter(pk=project.pk).exists():
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
        .order_by("code")
    )


def budget_years(projects: QuerySet[Project]) -> list[int]:
    return list(
        BudgetLine.objects.filter(project__in=projects)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )
