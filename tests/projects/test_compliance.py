import datetime
from decimal import Decimal

import pytest

from duikou.partners.models import Organisation
from duikou.partners.services import pairing_create
from duikou.projects.compliance import pairing_compliance
from duikou.projects.services import (
    budget_line_set,
    category_create,
    project_advance_stage,
    threshold_set,
    transaction_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    """A pairing of its own with one sub-pairing, so demo data does not interfere."""
    supporter = Organisation.objects.get(name="盐城市援疆工作组")
    root = pairing_create(
        by=None,
        supporter=supporter,
        recipient_region="654022",
        level="city",
        start_date="2024-01-01",
    )
    child = pairing_create(
        by=None,
        supporter=supporter,
        recipient_region="654022100",
        level="district",
        start_date="2024-01-01",
        parent=root,
    )
    return root, child


def planned(make_project, pairing, amount, year=2025, **flags):
    project = make_project(pairing, **flags)
    budget_line_set(by=None, project=project, year=year, amount=amount)
    return project


def test_no_funds_gives_no_shares_and_no_verdict(tree):
    result = pairing_compliance(tree[0], 2025)
    assert result.planned_total == 0
    assert result.livelihood_planned.share is None
    assert result.livelihood_planned.meets is None
    assert result.meets_two_80 is None
    assert result.funds_arrival_rate is None
    assert result.start_rate is None


def test_exactly_80_percent_meets_the_rule(tree, make_project):
    root, _child = tree
    planned(make_project, root, "800", is_livelihood=True, is_grassroots=True)
    planned(make_project, root, "200", is_livelihood=False, is_grassroots=False)
    result = pairing_compliance(root, 2025)
    assert result.livelihood_planned.share == Decimal("80.00")
    assert result.livelihood_planned.meets is True
    assert result.grassroots_planned.meets is True
    assert result.meets_two_80 is True


def test_just_below_80_percent_fails(tree, make_project):
    root, _child = tree
    planned(make_project, root, "799.99", is_livelihood=True, is_grassroots=True)
    planned(make_project, root, "200.01", is_livelihood=False, is_grassroots=True)
    result = pairing_compliance(root, 2025)
    assert result.livelihood_planned.amount == Decimal("799.99")
    assert result.livelihood_planned.share == Decimal("79.99")  # 79.999 % is not 80 %
    assert result.livelihood_planned.meets is False
    assert result.grassroots_planned.share == Decimal("100.00")
    assert result.meets_two_80 is False


def test_share_compares_unrounded(tree, make_project):
    root, _child = tree
    planned(make_project, root, "7999", is_livelihood=True)
    planned(make_project, root, "2001", is_livelihood=False)
    result = pairing_compliance(root, 2025)
    assert result.livelihood_planned.share == Decimal("79.99")
    assert result.livelihood_planned.meets is False
    assert result.meets_two_80 is False


def test_threshold_changed_for_one_year_only(tree, make_project):
    root, _child = tree
    for year in (2024, 2025):
        planned(make_project, root, "800", year=year, is_livelihood=True)
        planned(make_project, root, "200", year=year, is_livelihood=False)
    threshold_set(by=None, year=2025, livelihood_min_share=85, grassroots_min_share=80)
    assert pairing_compliance(root, 2024).livelihood_planned.meets is True
    result_2025 = pairing_compliance(root, 2025)
    assert result_2025.livelihood_planned.meets is False
    assert result_2025.thresholds.livelihood == Decimal(85)
    assert result_2025.thresholds.configured is True


def test_sub_pairings_count_and_other_sources_do_not(tree, make_project):
    root, child = tree
    planned(make_project, root, "500", is_grassroots=False)
    project = planned(make_project, child, "500", is_grassroots=True)
    budget_line_set(by=None, project=project, year=2025, amount="9000", source="recipient")
    result = pairing_compliance(root, 2025)
    assert result.planned_total == Decimal("1000")
    assert result.grassroots_planned.share == Decimal("50.00")
    assert pairing_compliance(child, 2025).grassroots_planned.share == Decimal("100.00")


def test_in_place_shares_and_funds_arrival_rate(tree, make_project):
    root, _child = tree
    a = planned(make_project, root, "600", is_livelihood=True)
    b = planned(make_project, root, "400", is_livelihood=False)
    transaction_record(by=None, project=a, kind="in_place", date="2025-03-01", amount="300")
    transaction_record(by=None, project=b, kind="in_place", date="2025-03-01", amount="300")
    transaction_record(by=None, project=b, kind="in_place", date="2024-12-31", amount="999")
    transaction_record(by=None, project=b, kind="expenditure", date="2025-05-01", amount="50")
    result = pairing_compliance(root, 2025)
    assert result.in_place_total == Decimal("600")
    assert result.funds_arrival_rate == Decimal("60.00")
    assert result.livelihood_in_place.share == Decimal("50.00")
    assert result.livelihood_in_place.meets is False
    assert result.livelihood_planned.meets is False  # 60 % planned


def test_start_rate_counts_projects_of_the_year_that_started(tree, make_project):
    root, _child = tree
    started = planned(make_project, root, "100")
    late = planned(make_project, root, "100")
    planned(make_project, root, "100")
    project_advance_stage(by=None, project=started, stage="construction", date="2025-05-01")
    project_advance_stage(by=None, project=late, stage="construction", date="2026-01-05")
    result = pairing_compliance(root, 2025)
    assert (result.projects_started, result.projects_planned) == (1, 3)
    assert result.start_rate == Decimal("33.33")
    mid_year = pairing_compliance(root, 2025, today=datetime.date(2025, 4, 1))
    assert mid_year.projects_started == 0


def test_banned_category_projects_are_listed(tree, make_project):
    root, _child = tree
    category_create(by=None, code="banned-test", name="办公楼(测试)", is_banned=True)
    office = planned(make_project, root, "100", category="banned-test")
    planned(make_project, root, "100")
    assert pairing_compliance(root, 2025).banned_projects == [office]
