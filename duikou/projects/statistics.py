"""Programme statistics: money by year, by category and by recipient region at one level.

Every figure is one grouped SQL query, whatever the number of projects.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractYear, Substr

from duikou.geo.models import Region
from duikou.projects.models import (
    BudgetLine,
    Category,
    Currency,
    Project,
    ProjectRegion,
    Transaction,
)

MONEY_FIELD = DecimalField(max_digits=24, decimal_places=6)
REGION = "project__region_shares__region"
LEVELS = ["province", "prefecture", "county"]


def level_key(level: str, region: str = REGION):
    """The code of a recipient region's ancestor at ``level``, ``region`` being the lookup to
    the region. Province and prefecture stand at fixed places in the path
    "/650000/653000/653001/"; XPCC cities (/650000/659008/) sit in the prefecture place and
    count there, as on the Xinjiang map. A county is the region itself or, for a township,
    its parent."""
    if level == "province":
        return Substr(f"{region}__path", 2, 6)
    if level == "prefecture":
        return Substr(f"{region}__path", 9, 6)
    return Case(
        When(**{f"{region}__level": 3}, then=F(f"{region}__code")),
        When(**{f"{region}__level": 4}, then=F(f"{region}__parent__code")),
        default=Value(""),
        output_field=CharField(),
    )


KINDS = {"in_place": Transaction.Kind.IN_PLACE, "spent": Transaction.Kind.EXPENDITURE}


CENT = Decimal("0.01")


def _cents(money: dict[str, Decimal]) -> dict[str, Decimal]:
    return {name: Decimal(value).quantize(CENT) for name, value in money.items()}


def _empty() -> dict[str, Decimal]:
    return {"planned": Decimal(0), "in_place": Decimal(0), "spent": Decimal(0)}


def _money(projects: QuerySet[Project], currency: str = Currency.CNY):
    budget = BudgetLine.objects.filter(project__in=projects, currency=currency)
    moves = Transaction.objects.filter(
        project__in=projects, currency=currency, kind__in=KINDS.values()
    )
    return budget, moves


def _merge(rows: dict, planned, moves, key: str) -> None:
    for row in planned:
        rows[row[key]]["planned"] += row["total"]
    kind_names = {value: name for name, value in KINDS.items()}
    for row in moves:
        rows[row[key]][kind_names[row["kind"]]] += row["total"]


def totals_by_year(projects: QuerySet[Project], currency: str = Currency.CNY) -> list[dict]:
    """Planned, in place and spent by year, in one currency (yuan unless asked)."""
    budget, moves = _money(projects, currency)
    rows: dict = defaultdict(_empty)
    _merge(
        rows,
        budget.values("year").annotate(total=Sum("amount")).order_by(),
        moves.annotate(year=ExtractYear("date"))
        .values("year", "kind")
        .annotate(total=Sum("amount"))
        .order_by(),
        "year",
    )
    return [{"year": year, **_cents(rows[year])} for year in sorted(rows)]


def totals_by_category(projects: QuerySet[Project]) -> list[dict]:
    budget, moves = _money(projects)
    rows: dict = defaultdict(_empty)
    _merge(
        rows,
        budget.values(key=F("project__category")).annotate(total=Sum("amount")).order_by(),
        moves.values("kind", key=F("project__category")).annotate(total=Sum("amount")).order_by(),
        "key",
    )
    categories = Category.objects.in_bulk(list(rows))
    return [
        {
            "category": categories[pk].code,
            "name": categories[pk].name,
            "name_en": categories[pk].name_en,
            **_cents(rows[pk]),
        }
        for pk in sorted(rows, key=lambda pk: categories[pk].sort_order)
    ]


def totals_by_region(projects: QuerySet[Project], level: str = "prefecture") -> list[dict]:
    """Money shared out to recipient regions by the projects' shares, summed per ancestor at
    ``level``. Projects whose region is above that level count under an empty code."""
    budget, moves = _money(projects)

    def grouped(rows, amount, *extra):
        share = F("project__region_shares__share")
        value = ExpressionWrapper(F(amount) * share / 100, output_field=MONEY_FIELD)
        return rows.values(*extra, key=level_key(level)).annotate(total=Sum(value)).order_by()

    rows: dict = defaultdict(_empty)
    _merge(rows, grouped(budget, "amount"), grouped(moves, "amount", "kind"), "key")
    names = dict(Region.objects.filter(code__in=[c for c in rows if c]).values_list("code", "name"))
    return [
        {"region": code or None, "name": names.get(code, ""), **_cents(rows[code])}
        for code in sorted(rows)
    ]


def project_counts_by_region(projects: QuerySet[Project], level: str = "prefecture") -> dict:
    """How many projects reach each region at ``level`` (a project in two counties of one
    prefecture counts once there): one grouped query."""
    rows = (
        ProjectRegion.objects.filter(project__in=projects)
        .values(key=level_key(level, "region"))
        .annotate(n=Count("project", distinct=True))
        .order_by()
    )
    return {row["key"]: row["n"] for row in rows if row["key"]}


SUPPORTER = "pairing__supporter__region"


def _supporter_city(prefix: str = ""):
    return level_key("prefecture", f"{prefix}{SUPPORTER}")


def _in_province(province: str, prefix: str = "") -> dict:
    return {f"{prefix}{SUPPORTER}__path__startswith": f"/{province}/"}


def project_counts_by_supporter_city(projects: QuerySet[Project], province: str = "320000"):
    """How many projects the units of each city of ``province`` support: one query."""
    rows = (
        projects.filter(**_in_province(province))
        .values(key=_supporter_city())
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["key"]: row["n"] for row in rows}


def totals_by_supporter_city(projects: QuerySet[Project], province: str = "320000") -> list[dict]:
    """Money of the projects per supporter city: the prefecture-level city of ``province``
    where the supporting unit sits (苏州市援疆工作组 → 苏州市). Projects of units outside
    the province (a front command in Xinjiang) are left out."""
    inside = _in_province(province, "project__")
    budget, moves = _money(projects)
    key = _supporter_city("project__")
    rows: dict = defaultdict(_empty)
    _merge(
        rows,
        budget.filter(**inside).values(key=key).annotate(total=Sum("amount")).order_by(),
        moves.filter(**inside).values("kind", key=key).annotate(total=Sum("amount")).order_by(),
        "key",
    )
    names = dict(Region.objects.filter(code__in=[c for c in rows if c]).values_list("code", "name"))
    return [
        {"region": code, "name": names.get(code, ""), **_cents(rows[code])}
        for code in sorted(rows)
        if code
    ]
