"""Roll-ups over the region tree and from shorter to longer periods, per aggregation type."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duikou.geo.models import Region
from duikou.results.models import DataElement, DataValue
from duikou.results.periods import period_named
from duikou.results.rollup import rollup, rollup_by_child
from duikou.results.services import value_save

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_demo_results")]

# Counties of two prefectures (Ili and Kizilsu) and of an XPCC city.
COUNTIES = ["654002", "654021", "654022", "653001", "653022", "659008"]
QUARTERS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]


def save(element, period, region, value, kind="actual"):
    return value_save(
        by=None, element=element, period=period, region=region, kind=kind, value=value
    )


def everything():
    return DataValue.objects.all()


def total(element, period, region="650000", **options):
    return rollup(
        everything(),
        DataElement.objects.get(code=element),
        period_named(period),
        options.pop("kind", "actual"),
        region=Region.objects.get(code=region),
        **options,
    )


def by_child(element, period, region="650000"):
    return rollup_by_child(
        everything(),
        DataElement.objects.get(code=element),
        period_named(period),
        "actual",
        region=Region.objects.get(code=region),
    )


values = st.lists(
    st.tuples(st.sampled_from(COUNTIES), st.integers(1, 12), st.integers(0, 10_000)),
    min_size=1,
    max_size=25,
    unique_by=lambda row: row[:2],
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=values)
def test_sum_regions_then_periods_equals_periods_then_regions(db, rows):
    with transaction.atomic():
        for county, month, value in rows:
            save("jobs_created", f"2024{month:02d}", county, value)
        expected = Decimal(sum(value for _c, _m, value in rows))
        regions_first = sum(
            sum(by_child("jobs_created", quarter).values(), Decimal(0)) for quarter in QUARTERS
        )
        periods_first = sum(by_child("jobs_created", "2024").values(), Decimal(0))
        assert regions_first == periods_first == total("jobs_created", "2024") == expected
        transaction.set_rollback(True)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=values)
def test_a_stock_counts_each_series_latest_value_never_a_sum_over_months(db, rows):
    with transaction.atomic():
        for county, month, value in rows:
            save("poor_households_reached", f"2024{month:02d}", county, value)
        latest = {}
        for county, _month, value in sorted(rows, key=lambda row: row[1]):
            latest[county] = value
        assert total("poor_households_reached", "2024") == Decimal(sum(latest.values()))
        ili = sum(v for c, v in latest.items() if c.startswith("6540"))
        assert by_child("poor_households_reached", "2024").get("654000", Decimal(0)) == ili
        transaction.set_rollback(True)


def test_an_average_is_the_mean_of_the_values_reported():
    save("poor_household_income", "2024", "654021", "9000")
    save("poor_household_income", "2024", "654022", "12000")
    save("poor_household_income", "2023", "654022", "50000")  # another year
    assert total("poor_household_income", "2024") == Decimal(10500)
    assert total("poor_household_income", "十四五") == Decimal(23666.6667).quantize(
        Decimal("0.0001")
    )


def test_a_year_rolls_up_its_months_and_a_plan_its_years():
    save("trainees", "202401", "654021", 10)
    save("trainees", "202406", "654021", 15)
    save("trainees", "2023", "654022", 100)  # another series: its own period length
    assert total("trainees", "2024") == 25
    assert total("trainees", "2024Q1") == 10
    assert total("trainees", "十四五") == 125
    assert total("trainees", "2024", region="654000") == 25
    assert total("trainees", "2024", region="653000") is None  # nothing reported there


def test_approved_only_leaves_out_what_is_not_approved():
    from duikou.results.services import value_approve, value_submit

    first = save("trainees", "2024", "654021", 10)
    save("trainees", "2024", "654022", 5)
    value_submit(by=None, value=first)
    value_approve(by=None, value=first)
    assert total("trainees", "2024") == 15
    assert total("trainees", "2024", approved_only=True) == 10


def test_targets_and_actuals_are_separate():
    save("jobs_created", "2024", "654021", 80, kind="target")
    save("jobs_created", "2024", "654021", 60)
    assert total("jobs_created", "2024", kind="target") == 80
    assert total("jobs_created", "2024") == 60
