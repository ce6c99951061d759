import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from duikou.projects.models import BudgetLine, Project, Stage, Transaction
from duikou.projects.services import (
    budget_line_set,
    project_advance_stage,
    project_create,
    project_update,
    transaction_record,
)

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_create_project_with_shared_regions(pairing, make_project):
    project = make_project(pairing("suzhou-khorgos"), regions=[("654004", 60), ("654024", 40)])
    shares = {s.region.code: s.share for s in project.region_shares.all()}
    assert shares == {"654004": Decimal(60), "654024": Decimal(40)}


def test_shares_not_summing_to_100_are_refused_and_nothing_saved(pairing, make_project):
    before = Project.objects.count()
    with pytest.raises(ValidationError) as error:
        make_project(pairing("suzhou-khorgos"), regions=[("654004", 60), ("654024", 30)])
    assert "90" in errors_of(error)["regions"][0]
    assert Project.objects.count() == before


def test_unknown_region_code_is_refused(pairing, make_project):
    with pytest.raises(ValidationError) as error:
        make_project(pairing("suzhou-khorgos"), regions=[("123456", 100)])
    assert "123456" in errors_of(error)["regions"][0]


def test_shares_with_more_than_two_decimals_are_refused(pairing, make_project):
    with pytest.raises(ValidationError) as error:
        make_project(
            pairing("suzhou-khorgos"), regions=[("654004", "50.005"), ("654024", "49.995")]
        )
    assert "regions" in errors_of(error)


def test_the_same_region_twice_is_refused(pairing, make_project):
    with pytest.raises(ValidationError) as error:
        make_project(pairing("suzhou-khorgos"), regions=[("654004", 50), ("654004", 50)])
    assert "regions" in errors_of(error)


def test_planned_end_before_start_is_refused(pairing, make_project):
    with pytest.raises(ValidationError) as error:
        make_project(
            pairing("suzhou-khorgos"), planned_start="2026-05-01", planned_end="2026-04-30"
        )
    assert "planned_end" in errors_of(error)


def test_duplicate_code_names_the_field(pairing, make_project):
    make_project(pairing("suzhou-khorgos"), code="DUP-1")
    with pytest.raises(ValidationError) as error:
        make_project(pairing("suzhou-khorgos"), code="DUP-1")
    assert "code" in errors_of(error)


def test_unknown_category_names_the_field(pairing, make_project):
    with pytest.raises(ValidationError) as error:
        make_project(pairing("suzhou-khorgos"), category="no-such-category")
    assert "category" in errors_of(error)


def test_invalid_choice_names_the_field(pairing, make_project):
    with pytest.raises(ValidationError) as error:
        make_project(pairing("suzhou-khorgos"), delivery_mode="by-post")
    assert "delivery_mode" in errors_of(error)


@pytest.mark.parametrize("amount", ["-1", "-0.01", "abc", "1.234", "NaN", "3.4e38", "Infinity"])
def test_bad_budget_amounts_are_refused(pairing, make_project, amount):
    project = make_project(pairing("suzhou-khorgos"))
    with pytest.raises(ValidationError) as error:
        budget_line_set(by=None, project=project, year=2026, amount=amount)
    assert "amount" in errors_of(error)
    assert not BudgetLine.objects.filter(project=project).exists()


def test_budget_line_for_the_same_year_and_source_is_replaced(pairing, make_project):
    project = make_project(pairing("suzhou-khorgos"))
    budget_line_set(by=None, project=project, year=2026, amount="100")
    budget_line_set(by=None, project=project, year=2026, amount="1,250.50")
    assert [line.amount for line in project.budget_lines.all()] == [Decimal("1250.50")]


def test_bad_budget_year_is_refused(pairing, make_project):
    project = make_project(pairing("suzhou-khorgos"))
    with pytest.raises(ValidationError) as error:
        budget_line_set(by=None, project=project, year="20x6", amount="1")
    assert "year" in errors_of(error)


@pytest.mark.parametrize("amount", ["-5", "0"])
def test_transactions_must_be_positive(pairing, make_project, amount):
    project = make_project(pairing("suzhou-khorgos"))
    with pytest.raises(ValidationError) as error:
        transaction_record(
            by=None, project=project, kind="in_place", date="2026-03-01", amount=amount
        )
    assert "amount" in errors_of(error)
    assert not Transaction.objects.filter(project=project).exists()


def test_transaction_kind_must_be_known(pairing, make_project):
    project = make_project(pairing("suzhou-khorgos"))
    with pytest.raises(ValidationError) as error:
        transaction_record(by=None, project=project, kind="gift", date="2026-03-01", amount="5")
    assert "kind" in errors_of(error)


def test_database_backs_the_money_rules(pairing, make_project):
    project = make_project(pairing("suzhou-khorgos"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(project=project, year=2026, amount=Decimal("-1"))
    # a reversal imported from IATI may be negative; no transaction is of nothing
    with pytest.raises(IntegrityError), transaction.atomic():
        Transaction.objects.create(
            project=project, kind="in_place", date=datetime.date(2026, 1, 1), amount=Decimal("0")
        )


def test_lifecycle_moves_forward_with_dates(pairing, make_project):
    project = make_project(pairing("suzhou-khorgos"))
    project_advance_stage(by=None, project=project, stage="preparation", date="2025-01-10")
    project_advance_stage(by=None, project=project, stage="construction", date="2025-04-01")
    project.refresh_from_db()
    assert project.stage == Stage.CONSTRUCTION
    assert project.actual_start == datetime.date(2025, 4, 1)
    assert [e.stage for e in project.stage_events.all()] == ["preparation", "construction"]

    with pytest.raises(ValidationError) as error:
        project_advance_stage(by=None, project=project, stage="tendering", date="2025-05-01")
    assert "stage" in errors_of(error)
    with pytest.raises(ValidationError) as error:
        project_advance_stage(by=None, project=project, stage="completed", date="2025-03-01")
    assert "date" in errors_of(error)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        project_advance_stage(by=None, project=project, stage="completed", date=tomorrow)
    assert "date" in errors_of(error)


def test_only_the_recipient_government_accepts_a_project(users, pairing, make_project):
    project = make_project(pairing("zhenjiang-kokdala"), regions=[("659008", 100)])
    project_advance_stage(
        by=users["zhenjiang"], project=project, stage="completed", date="2025-06-01"
    )
    with pytest.raises(ValidationError) as error:
        project_advance_stage(
            by=users["zhenjiang"], project=project, stage="accepted", date="2025-07-01"
        )
    assert "stage" in errors_of(error)
    project_advance_stage(by=users["kokdala"], project=project, stage="accepted", date="2025-07-01")
    project.refresh_from_db()
    assert project.stage == Stage.ACCEPTED


def test_update_checks_the_same_rules(pairing, make_project):
    project = make_project(pairing("suzhou-khorgos"))
    with pytest.raises(ValidationError) as error:
        project_update(by=None, project=project, regions=[("654004", 99.5)])
    assert "regions" in errors_of(error)
    project_update(by=None, project=project, title="新名称", regions=[("654004", 100)])
    project.refresh_from_db()
    assert project.title == "新名称"
    assert [s.region.code for s in project.region_shares.all()] == ["654004"]


def test_update_refuses_fields_that_are_not_editable(pairing, make_project):
    project = make_project(pairing("suzhou-khorgos"))
    with pytest.raises(ValidationError) as error:
        project_update(by=None, project=project, stage="handed_over")
    assert "stage" in errors_of(error)
    project.refresh_from_db()
    assert project.stage == Stage.RESERVE


def test_malformed_date_names_the_field(pairing):
    with pytest.raises(ValidationError) as error:
        project_create(
            by=None,
            pairing=pairing("suzhou-khorgos"),
            code="BADDATE-1",
            title="x",
            category="education",
            implementation_level="county",
            delivery_mode="turnkey",
            regions=[("654004", 100)],
            planned_start="2026-01-01",
            planned_end="31/12/2026",
        )
    assert "planned_end" in errors_of(error)
    assert not Project.objects.filter(code="BADDATE-1").exists()
