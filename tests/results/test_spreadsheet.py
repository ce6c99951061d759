"""Data values as a spreadsheet: template, import (row and column errors, all or nothing,
valid rows only, idempotent, duplicate keys, scope) and an export that imports back."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from duikou.geo.models import Region
from duikou.results import services, spreadsheet
from duikou.results.models import DataElement, DataValue
from duikou.results.periods import period_for
from duikou.results.rollup import rollup
from duikou.results.spreadsheet import values_import, values_template, values_workbook
from tests.spreadsheets import filled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_demo_results")]

HEADERS = ["数据元素代码", "期间", "区划代码", "项目编号", "数值种类", "数值", "备注"]


def workbook(rows: list[dict]) -> bytes:
    """The template, filled in by header."""
    return filled(values_template(), rows)


def row(element="jobs_created", period="2024Q1", region="654004", value=10, **more) -> dict:
    values = {"数据元素代码": element, "期间": period, "区划代码": region, "数值": value}
    values.setdefault("数值种类", "实际值")
    values.update(more)
    return values


def snapshot():
    return DataValue.all_objects.count(), DataValue.history.count()


def total(code, period, region, kind="actual"):
    return rollup(
        DataValue.objects.all(),
        DataElement.objects.get(code=code),
        period_for(period),
        kind,
        region=Region.objects.get(code=region),
    )


def test_the_template_has_chinese_headers_and_explains_them():
    book = load_workbook(BytesIO(values_template()))
    assert [cell.value for cell in book.worksheets[0][1]] == HEADERS
    notes = book.worksheets[1]
    assert notes.title == "填写说明"
    text = {str(cell.value) for line in notes.iter_rows() for cell in line if cell.value}
    assert set(HEADERS) <= text
    assert {"jobs_created", "新增就业", "人", "poor_households_reached", "户"} <= text
    assert {"2024", "2024Q1", "202403", "十四五"} <= text
    assert any("baseline" in line for line in text)


def test_good_rows_are_imported_and_roll_up(users):
    data = workbook(
        [
            row(period="2024Q1", value=10),
            row(period="2024q2", value=20.0, 数值种类="actual"),
            row(period="2024Q3", value="30"),
            row(period="2024Q4", value=40, 备注="年底集中招聘"),
            row(region="654024", period="2024", value=50),
            row(region="654024", period="2024", value=120, 数值种类="目标值"),
            row("poor_households_reached", datetime.datetime(2024, 1, 1), value=5),
            row("poor_households_reached", "2024-06", value=8),
            row("trainees", "2024", value=300, 项目编号="JSYJ-YL-004", 数值种类="ACTUAL"),
            row("ecommerce_sales", "2024", value=12.5),
        ]
    )
    result = values_import(data, by=users["suzhou"])
    assert result.errors == [] and result.imported
    assert (result.rows, result.valid_rows, result.created) == (10, 10, 10)
    assert (result.updated, result.unchanged, result.flagged) == (0, 0, 0)

    assert total("jobs_created", "2024", "654000") == 150
    assert total("jobs_created", "2024", "654004") == 100
    assert total("jobs_created", "2024", "654000", "target") == 120
    assert total("poor_households_reached", "2024", "654000") == 8  # a stock: the last
    assert total("trainees", "2024", "654000") == 300
    assert total("ecommerce_sales", "2024", "654004") == Decimal("12.5")

    q4 = DataValue.objects.get(element__code="jobs_created", period__code="2024Q4")
    assert q4.comment == "年底集中招聘" and q4.region.code == "654004" and q4.project is None
    assert q4.history.first().history_channel == "import"
    assert q4.history.first().history_user == users["suzhou"]
    june = DataValue.objects.get(element__code="poor_households_reached", period__code="202406")
    assert june.kind == "actual"
    assert DataValue.objects.filter(period__code="202401").exists()  # a date cell: its month
    assert DataValue.objects.get(element__code="trainees").project.code == "JSYJ-YL-004"


def test_a_wrong_row_keeps_nothing_and_each_error_names_row_and_column(users):
    before = snapshot()
    data = workbook(
        [
            row(),
            row(element="no_such_element"),
            row(period="2024Q5"),
            row(region="999999"),
            row(period="2024Q2", value=-3),
            row(value="很多"),
            row(数值种类="估计值"),
            row(period="2024Q3", value=1.5),
            row(项目编号="NO-SUCH-1"),
            row("trainees", 项目编号="JSYJ-YL-002"),  # a project in 可克达拉市, not 霍尔果斯
            row(element="", period="", region="", 数值种类="", value="", 备注="?"),
        ]
    )
    result = values_import(data, by=users["hq"])
    assert not result.imported and result.valid_rows == 1
    assert result.created == result.updated == result.unchanged == 0
    found = [(error.row, error.column) for error in result.errors]
    assert found == [
        (3, "数据元素代码"),
        (4, "期间"),
        (5, "区划代码"),
        (6, "数值"),
        (7, "数值"),
        (8, "数值种类"),
        (9, "数值"),
        (10, "项目编号"),
        (11, "区划代码"),
        (12, "数据元素代码"),
        (12, "期间"),
        (12, "区划代码"),
        (12, "数值种类"),
        (12, "数值"),
    ]
    messages = {(error.row, error.message) for error in result.errors}
    assert (3, "未知的数据元素代码:no_such_element") in messages
    assert (6, "“新增就业”是计数,不能为负数。") in messages
    assert (10, "项目不存在:NO-SUCH-1") in messages
    assert snapshot() == before


def test_valid_rows_only_keeps_the_good_rows(users):
    data = workbook([row(period="2024Q1"), row(period="2024Q2", region="999999"), row("trainees")])
    result = values_import(data, by=users["suzhou"], valid_rows_only=True)
    assert result.imported and result.valid_rows == 2 and result.created == 2
    assert [(e.row, e.column) for e in result.errors] == [(3, "区划代码")]
    assert DataValue.objects.filter(region__code="654004").count() == 2


def test_importing_the_same_file_again_changes_nothing(users):
    rows = [row(period=f"2024Q{q}", value=q * 10) for q in (1, 2, 3, 4)]
    rows.append(row("trainees", "2024", value=300, 项目编号="JSYJ-YL-004", 备注="来源:台账"))
    data = workbook(rows)
    assert values_import(data, by=users["suzhou"]).created == 5
    before = snapshot()
    again = values_import(data, by=users["suzhou"])
    assert again.errors == [] and again.imported
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert snapshot() == before

    rows[1] = row(period="2024Q2", value=25)
    changed = values_import(workbook(rows), by=users["suzhou"])
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 4)
    q2 = DataValue.objects.get(element__code="jobs_created", period__code="2024Q2")
    assert (q2.value, q2.version) == (25, 2)


def test_the_order_of_the_rows_does_not_change_the_plausibility_flags(users):
    # 2024 is more than ten times 2023: flagged, even though its row comes first.
    data = workbook([row(period="2024", value=500), row(period="2023", value=20)])
    first = values_import(data, by=users["suzhou"])
    assert first.errors == [] and first.flagged == 1
    flagged = DataValue.objects.get(period__code="2024")
    assert flagged.follow_up and "2023" in flagged.follow_up_reason
    before = snapshot()
    again = values_import(data, by=users["suzhou"])
    assert (again.unchanged, again.updated, again.flagged) == (2, 0, 1)
    assert snapshot() == before


def test_the_same_key_twice_in_a_file_is_an_error_on_the_second_row(users):
    before = snapshot()
    data = workbook(
        [row(period="2024Q1"), row("trainees"), row(period="2024q1", 数值种类="actual")]
    )
    result = values_import(data, by=users["suzhou"])
    assert not result.imported
    assert [(e.row, e.column) for e in result.errors] == [(4, None)]
    assert "第 2 行" in result.errors[0].message
    assert snapshot() == before
    # The same element and period as a target is another key.
    other = values_import(
        workbook([row(period="2024Q1"), row(period="2024Q1", 数值种类="目标值")]),
        by=users["suzhou"],
    )
    assert other.errors == [] and other.created == 2


def test_an_exported_file_imports_back_unchanged(users):
    zhenjiang, kokdala = users["zhenjiang"], users["kokdala"]
    data = workbook(
        [
            row("jobs_created", "2024", "659008", 120, 备注="含季节性用工"),
            row("teachers_trained", "2024", "659008", 30, 项目编号="JSYJ-YL-002"),
            row("students", "202409", "659008", 2400, 项目编号="JSYJ-YL-002", 数值种类="目标值"),
            row("poor_household_income", "2024", "659008", 250000),  # above its bound
            row("ecommerce_sales", "2024", "659008", "1234.5678"),
        ]
    )
    imported = values_import(data, by=zhenjiang)
    assert imported.errors == [] and imported.created == 5 and imported.flagged == 1
    approved = DataValue.objects.get(element__code="teachers_trained")
    services.value_submit(by=zhenjiang, value=approved)
    services.value_approve(by=kokdala, value=approved)

    exported = values_workbook(DataValue.objects.filter(region__code="659008"))
    book = load_workbook(BytesIO(exported))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == HEADERS + ["数据元素名称", "单位", "地区名称", "状态", "需核实", "核实原因"]
    lines = [dict(zip(headers, line, strict=True)) for line in sheet.iter_rows(2, values_only=True)]
    assert len(lines) == 5
    teachers = next(line for line in lines if line["数据元素代码"] == "teachers_trained")
    assert teachers["项目编号"] == "JSYJ-YL-002" and teachers["状态"] == "已审核"
    assert teachers["数据元素名称"] == "培训教师" and teachers["地区名称"] == "可克达拉市"
    income = next(line for line in lines if line["数据元素代码"] == "poor_household_income")
    assert income["需核实"] == "是" and "100000" in income["核实原因"]
    sales = next(line for line in lines if line["数据元素代码"] == "ecommerce_sales")
    assert sales["数值"] == pytest.approx(1234.5678) and sales["期间"] == "2024"

    before = snapshot()
    again = values_import(exported, by=zhenjiang)
    assert again.errors == [] and again.imported
    assert (again.rows, again.unchanged, again.created, again.updated) == (5, 5, 0, 0)
    assert snapshot() == before
    # Changing an approved value is still refused.
    sheet.cell(row=2 + lines.index(teachers), column=6, value=31)
    out = BytesIO()
    book.save(out)
    refused = values_import(out.getvalue(), by=zhenjiang)
    assert [(e.row, e.column) for e in refused.errors] == [(2 + lines.index(teachers), None)]
    assert "已审核" in refused.errors[0].message


def test_a_value_out_of_the_users_scope_is_an_error_and_nothing_is_saved(users):
    # 可克达拉市 (659008) is supported by 镇江, not 苏州.
    before = snapshot()
    data = workbook(
        [
            row(region="654004"),
            row(region="659008"),
            row("teachers_trained", "2024", "659008", 5, 项目编号="JSYJ-YL-002"),
        ]
    )
    for valid_rows_only in (False, True):
        result = values_import(data, by=users["suzhou"], valid_rows_only=valid_rows_only)
        assert [(e.row, e.column) for e in result.errors] == [(3, None), (4, "项目编号")]
        assert "权限" in result.errors[0].message
        assert "不存在或不在您的权限范围内" in result.errors[1].message  # nothing revealed
    assert not DataValue.objects.filter(region__code="659008").exists()
    assert DataValue.objects.filter(region__code="654004").count() == 1  # the valid row, kept
    assert snapshot() != before


def test_unreadable_files_missing_columns_and_too_many_rows(users, monkeypatch):
    result = values_import(b"not a spreadsheet", by=users["hq"])
    assert [(e.row, e.column) for e in result.errors] == [(0, None)] and not result.imported

    book = Workbook()
    book.active.append(["数据元素代码", "数值", "备注"])
    book.active.append(["jobs_created", 1, ""])
    out = BytesIO()
    book.save(out)
    missing = values_import(out.getvalue(), by=users["hq"])
    assert {e.column for e in missing.errors} == {"期间", "区划代码", "数值种类"}
    assert not missing.imported

    before = snapshot()
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    many = values_import(workbook([row(period=f"2024Q{q}") for q in (1, 2, 3, 4)]), by=users["hq"])
    assert not many.imported and [(e.row, e.column) for e in many.errors] == [(5, None)]
    assert "3" in many.errors[0].message
    assert snapshot() == before


def test_a_file_without_a_comment_column_keeps_the_comments(users):
    values_import(workbook([row(备注="来源:统计台账")]), by=users["suzhou"])
    book = Workbook()
    book.active.append(["数据元素代码", "期间", "区划代码", "数值种类", "数值"])
    book.active.append(["jobs_created", "2024Q1", "654004", "实际值", 10])
    out = BytesIO()
    book.save(out)
    result = values_import(out.getvalue(), by=users["suzhou"])
    assert result.errors == [] and result.unchanged == 1
    assert DataValue.objects.get(region__code="654004").comment == "来源:统计台账"
