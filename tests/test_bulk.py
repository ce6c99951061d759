"""Rows inserted many at a time (the hot path of large imports), and typed back for models."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from duikou.common.bulk import insert_rows, typed
from duikou.projects.models import Transaction


def _row(project, **values) -> dict:
    return {
        "project_id": project.pk,
        "kind": Transaction.Kind.IN_PLACE,
        "date": "2024-03-31",
        "amount": "1200.50",
        "currency": "CNY",
        **values,
    }


def test_rows_are_inserted_with_their_text_values_and_the_defaults(make_project, pairing):
    project = make_project(pairing("suzhou-khorgos"))
    before = datetime.datetime.now(datetime.UTC)
    insert_rows(Transaction, [_row(project), _row(project, amount="-3.00", date="2023-01-02")])
    moves = list(Transaction.objects.filter(project=project).order_by("date"))
    assert [(m.date, m.amount) for m in moves] == [
        (datetime.date(2023, 1, 2), Decimal("-3.00")),
        (datetime.date(2024, 3, 31), Decimal("1200.50")),
    ]
    assert all(m.source == "aid" and m.recorded_at >= before for m in moves)
    assert {m.value_date for m in moves} == {None}


def test_rows_naming_other_columns_are_refused_and_nothing_is_inserted(make_project, pairing):
    project = make_project(pairing("suzhou-khorgos"))
    with pytest.raises(ValueError, match="different columns"):
        insert_rows(Transaction, [_row(project), _row(project, reference="R-1")])
    with pytest.raises(ValueError, match="no column colour"):
        insert_rows(Transaction, [_row(project, colour="red")])
    assert not Transaction.objects.filter(project=project).exists()


def test_typed_gives_the_values_a_model_holds():
    assert typed(Transaction, {"date": "2024-03-31", "amount": "7.10", "provider_id": "3"}) == {
        "date": datetime.date(2024, 3, 31),
        "amount": Decimal("7.10"),
        "provider_id": 3,
    }


def test_a_row_the_database_refuses_raises_djangos_error_and_nothing_is_inserted(
    make_project, pairing
):
    project = make_project(pairing("suzhou-khorgos"))
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Transaction, [_row(project), _row(project, amount="0.00")])  # not zero
    assert not Transaction.objects.filter(project=project).exists()
