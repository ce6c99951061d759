"""The reserve as a spreadsheet: export and import back changes nothing, new rows in any
order (a prerequisite after the row that needs it), errors by row and column, all or
nothing unless asked, and the API's upload."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from duikou.planning.models import Candidate
from duikou.planning.spreadsheet import reserve_import, reserve_workbook
from tests.spreadsheets import filled

pytestmark = pytest.mark.django_db


def _row(code, **changes) -> dict:
    return {
        "储备编号": code,
        "项目名称": f"阿图什市培训项目 {code}",
        "类别代码": "vocational-training",
        "区划代码": "653001",
        "民生项目": "是",
        "分年度成本(万元)": "300 100",
        "预期成效": "trainees=500; jobs_created=40",
    } | changes


def test_export_and_import_back_changes_nothing(users, pairing):
    atushi = pairing("suzhou-atushi")
    exported = reserve_workbook(Candidate.objects.filter(pairing=atushi))
    sheet = load_workbook(BytesIO(exported)).active
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    assert rows["KZ27-02"][9:12] == [
        "800",
        "aid_workshops=10; jobs_created=400; poor_households_reached=300",
        "KZ27-01",
    ]
    result = reserve_import(exported, by=users["suzhou"], pairing=atushi)
    assert result.ok and result.imported
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(rows))


def test_new_rows_in_any_order(users, pairing):
    data = filled(
        reserve_workbook(),
        [_row("KZ27-60", 前置项目="KZ27-61+1"), _row("KZ27-61", **{"分年度成本(万元)": 500})],
    )
    result = reserve_import(data, by=users["suzhou"], pairing=pairing("suzhou-atushi"))
    assert result.ok and result.created == 2
    later = Candidate.objects.get(code="KZ27-60")
    assert [(d.requires.code, d.lag_years) for d in later.dependencies.all()] == [("KZ27-61", 1)]
    assert {o.element.code: int(o.value) for o in later.outcomes.all()} == {
        "jobs_created": 40,
        "trainees": 500,
    }
    again = reserve_import(data, by=users["suzhou"], pairing=pairing("suzhou-atushi"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_errors_name_row_and_column_and_nothing_is_kept(users, pairing):
    data = filled(
        reserve_workbook(),
        [
            _row("KZ27-70"),
            _row("KZ27-71", **{"分年度成本(万元)": "", "民生项目": "也许"}),
            _row("KZ27-72", 预期成效="happiness=5"),
            _row("KZ27-70"),
        ],
    )
    result = reserve_import(data, by=users["suzhou"], pairing=pairing("suzhou-atushi"))
    found = {(e.row, e.column): e.message for e in result.errors}
    assert found[(3, "民生项目")] == "请填写“是”或“否”。"
    assert found[(3, "分年度成本(万元)")].startswith("请填写成本")
    assert "成效库中没有数据元素“happiness”" in found[(4, "预期成效")]
    assert found[(5, "储备编号")] == "与第 2 行的储备编号重复。"
    assert not result.imported and not Candidate.objects.filter(code="KZ27-70").exists()
    kept = reserve_import(
        data, by=users["suzhou"], pairing=pairing("suzhou-atushi"), valid_rows_only=True
    )
    assert kept.imported and kept.created == 1
    assert Candidate.objects.filter(code="KZ27-70").exists()


def test_the_api_imports_into_a_pairing_in_scope(api, pairing):
    client = api("suzhou")
    data = filled(reserve_workbook(), [_row("KZ27-80")])
    upload = Client(headers=client.headers).post(
        "/api/v1/planning/candidates-import",
        {"file": BytesIO(data), "pairing": pairing("suzhou-atushi").pk},
    )
    assert upload.status_code == 200 and upload.json()["created"] == 1
    other = Client(headers=api("zhenjiang").headers).post(
        "/api/v1/planning/candidates-import",
        {"file": BytesIO(data), "pairing": pairing("suzhou-atushi").pk},
    )
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "pairing"
    exported = Client(headers=api("zhenjiang").headers).get("/api/v1/planning/candidates.xlsx")
    assert list(load_workbook(BytesIO(exported.content)).active.iter_rows(min_row=2)) == []
