"""Questions asked of the results: an indicator's value, an element over time (target against
actual), and projects ranked by achievement. Built on the SQL roll-ups of ``rollup.py``:
a fixed number of queries for a given question (one per formula term, per period)."""

from decimal import Decimal

from django.db.models import Sum

from duikou.projects.models import Project
from duikou.results import expressions
from duikou.results.models import DataElement, DataValue, Indicator, Period
from duikou.results.rollup import by_project, rollup, rounded

HUNDRED = Decimal(100)


def achievement(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Actual as a percentage of target, to one decimal (None without a target)."""
    if actual is None or not target:
        return None
    return rounded((actual / target * HUNDRED).quantize(Decimal("0.1")))


class _Formulas:
    """Indicators ready to evaluate: their terms, and the data elements those name (one
    query, made once however many periods are asked)."""

    def __init__(self, indicators):
        self.indicators = list(indicators)
        self.terms = {
            term
            for indicator in self.indicators
            for term in expressions.terms_of(indicator.numerator)
            + expressions.terms_of(indicator.denominator)
        }
        codes = {term.code for term in self.terms}
        self.elements = DataElement.objects.in_bulk(codes, field_name="code")

    def evaluate(self, values, period, kind, *, region=None, approved_only=False) -> list:
        """Each indicator's numerator / denominator × factor, every distinct term rolled up
        once (one query each); None when a term has no value or the denominator is zero."""
        rolled = {
            term: rollup(
                values,
                self.elements[term.code],
                period,
                term.kind or kind,
                region=region,
                approved_only=approved_only,
            )
            if term.code in self.elements
            else None
            for term in self.terms
        }
        answers = []
        for indicator in self.indicators:
            top = expressions.evaluate(indicator.numerator, rolled)
            bottom = expressions.evaluate(indicator.denominator or "1", rolled)
            answers.append(
                None if top is None or not bottom else rounded(top / bottom * indicator.factor)
            )
        return answers


def indicator_values(
    values, indicators, period: Period, kind: str, **options
) -> list[tuple[Indicator, Decimal | None]]:
    """Each indicator with its value for the period and region (``_Formulas.evaluate``)."""
    formulas = _Formulas(indicators)
    answers = formulas.evaluate(values, period, kind, **options)
    return list(zip(formulas.indicators, answers, strict=True))


def indicator_value(values, indicator: Indicator, period: Period, kind: str, **options):
    """One indicator's value (see ``indicator_values``)."""
    return indicator_values(values, [indicator], period, kind, **options)[0][1]


def _series(periods: list[Period], value_of) -> list[dict]:
    """For each period: ``value_of(period, kind)`` for the target and the actual, and the
    achievement (%)."""
    points = []
    for period in periods:
        target, actual = (
            value_of(period, kind) for kind in (DataValue.Kind.TARGET, DataValue.Kind.ACTUAL)
        )
        points.append(
            {
                "period": period.code,
                "target": target,
                "actual": actual,
                "achievement": achievement(actual, target),
            }
        )
    return points


def element_series(values, element: DataElement, periods: list[Period], **options) -> list[dict]:
    """An element's target, actual and achievement for each period."""
    return _series(periods, lambda period, kind: rollup(values, element, period, kind, **options))


def indicator_series(values, indicator: Indicator, periods: list[Period], **options) -> list[dict]:
    """An indicator computed on the targets and on the actuals, and the achievement, for each
    period."""
    formulas = _Formulas([indicator])
    return _series(
        periods, lambda period, kind: formulas.evaluate(values, period, kind, **options)[0]
    )


def project_ranking(
    values, element: DataElement, period: Period, *, region=None, approved_only=False, limit=50
) -> list[dict]:
    """Projects with a target or an actual for the element in the period, best achievement
    first (projects without a target last). Two queries."""
    rows = list(by_project(values, element, period, region=region, approved_only=approved_only))
    projects = Project.objects.in_bulk([row["project"] for row in rows])
    ranked = [
        {
            "project": row["project"],
            "code": projects[row["project"]].code,
            "title": projects[row["project"]].title,
            "actual": rounded(row["actual"]),
            "target": rounded(row["target"]),
            "achievement": achievement(rounded(row["actual"]), rounded(row["target"])),
        }
        for row in rows
        if row["project"] in projects
    ]
    ranked.sort(key=lambda r: (r["achievement"] is None, -(r["achievement"] or 0), r["code"]))
    return ranked[:limit]


# The results an overview leads with: employment first, then incomes, training, health,
# tourism and trade (all added up over regions and time).
KEY_ELEMENTS = [
    "jobs_created",
    "labour_transfer",
    "poverty_exits",
    "trainees",
    "patient_visits",
    "tourists",
    "ecommerce_sales",
]


def key_results(values, period: Period, *, region=None, approved_only=False) -> list[dict]:
    """Target, actual and achievement of the key elements that have values in the period and
    region: two queries (the key elements are all summed, so one grouped sum serves them)."""
    elements = DataElement.objects.filter(code__in=KEY_ELEMENTS, aggregation="sum")
    chosen = values.filter(
        element__in=elements, period_start__gte=period.start, period_end__lte=period.end
    )
    if region is not None:
        chosen = chosen.filter(region_path__startswith=region.path)
    if approved_only:
        chosen = chosen.filter(status=DataValue.Status.APPROVED)
    totals = {
        (row["element"], row["kind"]): row["total"]
        for row in chosen.order_by().values("element", "kind").annotate(total=Sum("value"))
    }
    rows = []
    for element in sorted(elements, key=lambda e: KEY_ELEMENTS.index(e.code)):
        target = rounded(totals.get((element.pk, DataValue.Kind.TARGET)))
        actual = rounded(totals.get((element.pk, DataValue.Kind.ACTUAL)))
        if target is None and actual is None:
            continue
        rows.append(
            {
                "element": element,
                "target": target,
                "actual": actual,
                "achievement": achievement(actual, target),
            }
        )
    return rows


def project_results(values, project) -> list[dict]:
    """A project's figures, one row per element and period (latest first), with target,
    actual, achievement, and the actual's status and follow-up flag. Two queries."""
    rows: dict[tuple, dict] = {}
    for value in (
        values.filter(project=project)
        .select_related("element", "period", "region")
        .order_by("-period_end", "period_start", "element__code")
    ):
        row = rows.setdefault(
            (value.element_id, value.period_id, value.region_id),
            {
                "element": value.element,
                "period": value.period,
                "region": value.region,
                "target": None,
                "actual": None,
            },
        )
        if value.kind == DataValue.Kind.TARGET:
            row["target"] = rounded(value.value)
        elif value.kind == DataValue.Kind.ACTUAL:
            row["actual"] = rounded(value.value)
            row["value"] = value
    for row in rows.values():
        row["achievement"] = achievement(row["actual"], row["target"])
    return list(rows.values())
