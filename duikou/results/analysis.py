"""Questions asked of the results: an indicator's value, an element over time (target against
actual), and projects ranked by achievement. Built on the SQL roll-ups of ``rollup.py``:
a fixed number of queries for a given question (one per formula term, per period)."""

from decimal import Decimal

from duikou.projects.models import Project
from duikou.results import expressions
from duikou.results.models import DataElement, DataValue, Indicator, Period
from duikou.results.rollup import by_project, rollup, rounded

HUNDRED = Decimal(100)


def achievement(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Actual as a percentage of target (None without a positive target)."""
    if actual is None or not target:
        return None
    return rounded(actual / target * HUNDRED)


def indicator_value(
    values, indicator: Indicator, period: Period, kind: str, *, region=None, approved_only=False
) -> Decimal | None:
    """numerator / denominator × factor, each term rolled up over the period and region."""
    terms = set(expressions.terms_of(indicator.numerator)) | set(
        expressions.terms_of(indicator.denominator)
    )
    elements = DataElement.objects.in_bulk([t.code for t in terms], field_name="code")
    rolled = {
        term: rollup(
            values,
            elements[term.code],
            period,
            term.kind or kind,
            region=region,
            approved_only=approved_only,
        )
        if term.code in elements
        else None
        for term in terms
    }
    top = expressions.evaluate(indicator.numerator, rolled)
    bottom = expressions.evaluate(indicator.denominator or "1", rolled)
    if top is None or not bottom:
        return None
    return rounded(top / bottom * indicator.factor)


def element_series(
    values, element: DataElement, periods: list[Period], *, region=None, approved_only=False
) -> list[dict]:
    """For each period: the target, the actual and the achievement (%)."""
    points = []
    for period in periods:
        target, actual = (
            rollup(values, element, period, kind, region=region, approved_only=approved_only)
            for kind in (DataValue.Kind.TARGET, DataValue.Kind.ACTUAL)
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
