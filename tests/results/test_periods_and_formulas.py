"""Period codes and indicator formulas: what planners write is understood, the rest is named."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from duikou.results.expressions import Term, check, evaluate
from duikou.results.periods import parse_period, period_named, previous_period_code


@pytest.mark.parametrize(
    ("code", "canonical", "start", "end"),
    [
        ("2024", "2024", "2024-01-01", "2024-12-31"),
        ("2024q1", "2024Q1", "2024-01-01", "2024-03-31"),
        ("2024Q4", "2024Q4", "2024-10-01", "2024-12-31"),
        ("202402", "202402", "2024-02-01", "2024-02-29"),
        ("2023-02", "202302", "2023-02-01", "2023-02-28"),
        ("十四五", "十四五", "2021-01-01", "2025-12-31"),
        ("FYP15", "十五五", "2026-01-01", "2030-12-31"),
    ],
)
def test_period_codes(code, canonical, start, end):
    parsed, _kind, first, last = parse_period(code)
    assert (parsed, first, last) == (
        canonical,
        datetime.date.fromisoformat(start),
        datetime.date.fromisoformat(end),
    )


@pytest.mark.parametrize("code", ["", "2024Q5", "202413", "24", "1800", "十九五", "2024-1-1"])
def test_bad_period_codes_are_named(code):
    with pytest.raises(ValidationError) as error:
        parse_period(code)
    assert "period" in error.value.message_dict


@pytest.mark.parametrize(
    ("code", "previous"),
    [("202401", "202312"), ("2024Q1", "2023Q4"), ("2024", "2023"), ("十四五", "十三五")],
)
def test_previous_period(code, previous):
    assert previous_period_code(period_named(code)) == previous


def test_formulas_evaluate_on_decimals_and_refuse_anything_else():
    actual, target = Term("jobs", "actual"), Term("jobs", "target")
    values = {actual: Decimal(30), target: Decimal(40)}
    assert evaluate("#{jobs.actual} ÷ #{jobs.target} × 100", values) == Decimal(75)
    assert evaluate("(#{jobs.actual} - 10) / 4", values) == Decimal(5)
    assert evaluate("#{jobs.actual} / 0", values) is None  # no division by zero
    assert evaluate("#{jobs.actual} / #{other}", values) is None  # a term without a value
    for bad in ["__import__('os')", "#{jobs} ** 2", "open", "#{jobs}; 1", "[1]", ""]:
        with pytest.raises(ValidationError) as error:
            check(bad, "numerator")
        assert "numerator" in error.value.message_dict, bad
