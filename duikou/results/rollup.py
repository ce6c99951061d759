"""Roll-ups of data values in SQL, over the region tree and from shorter to longer periods,
following each element's aggregation type:

- ``sum``: every value reported in the period and the region's subtree is added up;
- ``average``: their mean;
- ``last``: a stock (households covered, teachers on staff): each series (a region and
  project) contributes its latest value within the period, and those are added up — a stock
  is never summed over months.

Values count where they were reported; the services refuse a value that would overlap
another of the same series at another level or period length, so nothing is counted twice.
Each function is one query whatever the data.
"""

from decimal import Decimal

from django.db.models import Avg, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber, Substr

from duikou.geo.models import Region
from duikou.results.models import Aggregation, DataElement, DataValue, Period


def values_in(
    values: QuerySet[DataValue],
    element: DataElement,
    period: Period,
    kind: str,
    *,
    region: Region | None = None,
    approved_only: bool = False,
) -> QuerySet[DataValue]:
    """The values that fall in ``period`` (their period lies inside it) and the region's
    subtree; for a ``last`` element only each series' latest one."""
    # period_start <= period.end follows from period_end <= period.end; saying it bounds the
    # range read on the index (element, kind, period_start, …) on both sides.
    values = values.filter(
        element=element,
        kind=kind,
        period_start__gte=period.start,
        period_start__lte=period.end,
        period_end__lte=period.end,
    )
    if region is not None:
        values = values.filter(region_path__startswith=region.path)
    if approved_only:
        values = values.filter(status=DataValue.Status.APPROVED)
    if element.aggregation == Aggregation.LAST:
        latest = values.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("region_id"), F("project_id")],
                order_by=[F("period_end").desc(), F("period_start").desc()],
            )
        ).filter(rank=1)
        values = DataValue.objects.filter(pk__in=latest.values("pk"))
    return values.order_by()


def _total(element: DataElement):
    return Avg("value") if element.aggregation == Aggregation.AVERAGE else Sum("value")


def rollup(values, element, period, kind, *, region=None, approved_only=False) -> Decimal | None:
    """One number for an element, period, region subtree and kind (None: nothing reported)."""
    chosen = values_in(values, element, period, kind, region=region, approved_only=approved_only)
    return rounded(chosen.aggregate(total=_total(element))["total"])


def rollup_by_child(
    values, element, period, kind, *, region: Region, approved_only=False
) -> dict[str, Decimal]:
    """The roll-up for each region directly below ``region`` (by code), in one query: values
    are grouped by the first segment of their path below it."""
    chosen = values_in(values, element, period, kind, region=region, approved_only=approved_only)
    width = len(region.path) + 7  # "/650000/" + "654000/"
    rows = (
        chosen.exclude(region_path=region.path)
        .annotate(child=Substr("region_path", 1, width))
        .values("child")
        .annotate(total=_total(element))
    )
    return {row["child"].strip("/").split("/")[-1]: rounded(row["total"]) for row in rows}


def by_project(values, element, period, *, region=None, approved_only=False) -> QuerySet:
    """Per project: the actual and the target rolled up over the period (and region), one
    query: rows of ``project``, ``actual``, ``target``."""
    kinds = {}
    for kind in (DataValue.Kind.ACTUAL, DataValue.Kind.TARGET):
        kinds[kind] = values_in(
            values, element, period, kind, region=region, approved_only=approved_only
        ).filter(project__isnull=False)
    chosen = DataValue.objects.filter(
        Q(pk__in=kinds[DataValue.Kind.ACTUAL].values("pk"))
        | Q(pk__in=kinds[DataValue.Kind.TARGET].values("pk"))
    )
    total = Avg if element.aggregation == Aggregation.AVERAGE else Sum
    return (
        chosen.order_by()
        .values("project")
        .annotate(
            actual=total("value", filter=Q(kind=DataValue.Kind.ACTUAL)),
            target=total("value", filter=Q(kind=DataValue.Kind.TARGET)),
        )
    )


def rounded(value) -> Decimal | None:
    """Four decimals at most, no trailing zeros (the database may give a float for a mean)."""
    if value is None:
        return None
    number = Decimal(str(value)).quantize(Decimal("0.0001"))
    return (
        number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    )
