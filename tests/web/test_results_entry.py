"""The results entry pages: a project's values for a period, the grid of many projects, the
approval by the recipient government (approve, return with a reason, reopen with a reason),
the .xlsx import and export, and who may do what."""

import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from duikou.projects.models import Project
from duikou.projects.selectors import projects_visible_to
from duikou.results.models import DataValue
from duikou.results.selectors import values_visible_to
from duikou.results.services import value_approve, value_save, value_submit
from duikou.results.spreadsheet import COLUMNS
from tests.web.pages import text

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def school() -> Project:
    return Project.objects.get(code="JSYJ-YL-002")  # 镇江's, in 可克达拉市 659008


def entry_url(project: Project, period: str = "2026") -> str:
    return f"/results/projects/{project.pk}/enter/?period={period}"


def stored(project, element: str, period: str, kind: str = "actual") -> DataValue | None:
    return DataValue.objects.filter(
        project=project, element__code=element, period__code=period, kind=kind
    ).first()


def entry_form(client, url: str):
    """The entry form of a page and what a browser sends back unchanged: the inputs shown
    (not the locked values, which have none) and the hidden versions."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields if name.endswith("-version")}
    for row in form.rows + form.new_rows:
        data[f"{row.prefix}-comment"] = row.comment.value() or ""
        if row.is_new:  # a select sends its first option
            data[f"{row.prefix}-region"] = row.region_field.value()
        for cell in row.cells:
            if cell.editable:
                data[cell.name] = cell.field.value() or ""
    return form, {k: v for k, v in data.items() if v is not None}


def row_of(form, element: str):
    return next(row for row in form.rows if row.element.code == element)


def cell(row, kind: str):
    return next(c for c in row.cells if c.kind == kind)


# ------------------------------------------------------------------ the entry form


def test_the_entry_form_saves_target_and_actual_and_shows_them(logged_in):
    client = logged_in("zhenjiang")
    form, data = entry_form(client, entry_url(school()))
    teachers = row_of(form, "teachers_trained")  # the school reports it every year
    data[cell(teachers, "target").name] = "160"
    data[cell(teachers, "actual").name] = "152"
    data[f"{teachers.prefix}-comment"] = "教育局统计"
    response = client.post(entry_url(school()), data | {"action": "save"}, follow=True)
    page = text(response)
    assert "已保存 2 个数值,其中 0 个需核实。" in page
    assert stored(school(), "teachers_trained", "2026", "target").value == 160
    actual = stored(school(), "teachers_trained", "2026")
    assert actual.value == 152 and actual.comment == "教育局统计"
    assert actual.status == DataValue.Status.ENTERED
    shown = response.context["form"]
    assert cell(row_of(shown, "teachers_trained"), "actual").field.value() == "152"
    assert 'value="160"' in page and "已填报" in page


def test_a_new_row_picks_its_element_and_a_flagged_value_is_counted(logged_in):
    client = logged_in("zhenjiang")
    form, data = entry_form(client, entry_url(school(), "2025"))
    new = form.new_rows[0]
    data[f"{new.prefix}-element"] = "trainees"
    data[f"{new.prefix}-region"] = "659008"
    data[cell(new, "actual").name] = "40"
    page = text(client.post(entry_url(school(), "2025"), data, follow=True))
    assert "已保存 1 个数值,其中 0 个需核实。" in page
    assert stored(school(), "trainees", "2025").value == 40
    # Next year ten times as many: kept, flagged with the reason.
    form, data = entry_form(client, entry_url(school(), "2026"))
    data[cell(row_of(form, "trainees"), "actual").name] = "4000"
    page = text(client.post(entry_url(school(), "2026"), data, follow=True))
    assert "已保存 1 个数值,其中 1 个需核实。" in page
    assert stored(school(), "trainees", "2026").follow_up
    assert "需核实" in page and "是上一期(2025:40)的 100.0 倍。" in page


def test_one_wrong_row_saves_nothing_and_names_the_element(logged_in):
    client = logged_in("zhenjiang")
    form, data = entry_form(client, entry_url(school()))
    data[cell(row_of(form, "students"), "actual").name] = "2500"  # fine on its own
    wrong = cell(row_of(form, "teachers_trained"), "actual")
    data[wrong.name] = "-5"
    new = form.new_rows[0]
    data[f"{new.prefix}-element"] = "trainees"
    data[cell(new, "target").name] = "很多"
    response = client.post(entry_url(school()), data)
    page = text(response)
    assert stored(school(), "students", "2026") is None  # nothing saved
    assert stored(school(), "trainees", "2026", "target") is None
    assert "未保存任何数值" in page
    assert "“培训教师”是计数,不能为负数。" in page
    assert "“培训教师”(可克达拉市)实际值" in page  # the summary names the row
    assert "“很多”不是有效的数字。" in page and "“培训人次”(可克达拉市)目标值" in page
    form = response.context["form"]
    assert form.errors[wrong.name] and form[wrong.name].value() == "-5"  # what was typed stays


def test_an_approved_value_is_read_only_and_a_change_is_refused(logged_in):
    client = logged_in("zhenjiang")
    approved = stored(school(), "teachers_trained", "2024")
    assert approved.status == DataValue.Status.APPROVED
    form, data = entry_form(client, entry_url(school(), "2024"))
    locked = cell(row_of(form, "teachers_trained"), "actual")
    assert not locked.editable
    page = text(client.get(entry_url(school(), "2024")))
    assert "已审核锁定" in page and f'name="{locked.name}"' not in page
    data[locked.name] = "999"  # sent anyway
    response = client.post(entry_url(school(), "2024"), data)
    assert "该数值已审核锁定;如需更正,请先由受援地政府重新打开。" in text(response)
    approved.refresh_from_db()
    assert approved.value != 999 and approved.status == DataValue.Status.APPROVED


def test_a_change_made_meanwhile_is_not_overwritten(logged_in, users):
    client = logged_in("zhenjiang")
    form, data = entry_form(client, entry_url(school(), "2025"))
    students = row_of(form, "students")
    value = stored(school(), "students", "2025")
    value_save(
        by=users["hq"],
        element="students",
        period="2025",
        region="659008",
        project=school(),
        kind="target",
        value=2500,
    )
    data[cell(students, "target").name] = "2600"  # the page showed no target
    response = client.post(entry_url(school(), "2025"), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "有人同时修改了该数值。" in page and "省援疆总部演示用户" in page
    assert stored(school(), "students", "2025", "target").value == 2500
    value.refresh_from_db()
    assert value.status == DataValue.Status.SUBMITTED


def test_an_unchanged_row_comment_keeps_each_values_own(logged_in):
    client = logged_in("zhenjiang")
    for kind, comment in (("target", "计划数"), ("actual", "统计数")):
        value_save(
            by=None,
            element="trainees",
            period="2026",
            region="659008",
            project=school(),
            kind=kind,
            value=10,
            comment=comment,
        )
    form, data = entry_form(client, entry_url(school()))
    data[cell(row_of(form, "trainees"), "actual").name] = "12"
    text(client.post(entry_url(school()), data, follow=True))
    assert stored(school(), "trainees", "2026", "target").comment == "计划数"
    actual = stored(school(), "trainees", "2026")
    assert (actual.value, actual.comment) == (12, "统计数")


def test_a_bad_period_is_named(logged_in):
    response = logged_in("zhenjiang").get(entry_url(school(), "2025Q5"))
    assert response.status_code == 400
    assert "无法识别的期间“2025Q5”" in response.content.decode()
    canonical = logged_in("zhenjiang").get(entry_url(school(), "fyp14"))
    assert canonical.status_code == 200 and canonical.context["period"] == "十四五"


# ------------------------------------------------------------------ submit and approval


def _enter_and_submit(client, period: str = "2026") -> DataValue:
    form, data = entry_form(client, entry_url(school(), period))
    teachers = row_of(form, "teachers_trained")
    data[cell(teachers, "target").name] = "160"
    data[cell(teachers, "actual").name] = "150"
    page = text(client.post(entry_url(school(), period), data | {"action": "submit"}, follow=True))
    assert "已提交 2 个数值,等待受援地政府审核。" in page
    return stored(school(), "teachers_trained", period)


def test_submitted_values_are_approved_by_the_recipient_government_and_locked(
    logged_in, users, client
):
    value = _enter_and_submit(logged_in("zhenjiang"))
    assert value.status == DataValue.Status.SUBMITTED
    target = stored(school(), "teachers_trained", "2026", "target")

    kokdala = logged_in("kokdala")
    page = text(kokdala.get("/results/approval/"))
    assert f'id="value-{value.pk}"' in page and f'id="value-{target.pk}"' in page
    response = kokdala.post(
        "/results/approval/",
        {"step": f"approve:{value.pk}", f"version-{value.pk}": value.version},
        follow=True,
    )
    assert "已审核 1 个数值,已锁定。" in text(response)
    value.refresh_from_db()
    assert value.status == DataValue.Status.APPROVED and value.decided_by == users["kokdala"]
    # The ones ticked, at once.
    response = kokdala.post(
        "/results/approval/",
        {
            "step": "approve:selected",
            "selected": [target.pk],
            f"version-{target.pk}": target.version,
        },
        follow=True,
    )
    assert "已审核 1 个数值,已锁定。" in text(response)
    target.refresh_from_db()
    assert target.status == DataValue.Status.APPROVED

    zhenjiang = logged_in("zhenjiang")
    form, data = entry_form(zhenjiang, entry_url(school()))
    assert not cell(row_of(form, "teachers_trained"), "actual").editable
    assert "已审核锁定" in text(zhenjiang.get(entry_url(school())))


def test_a_stale_version_and_a_second_approval_are_explained(logged_in):
    value = _enter_and_submit(logged_in("zhenjiang"))
    kokdala = logged_in("kokdala")
    page = text(
        kokdala.post(
            "/results/approval/",
            {"step": f"approve:{value.pk}", f"version-{value.pk}": value.version - 1},
            follow=True,
        )
    )
    assert "未处理:有人同时修改了该数值。" in page
    kokdala.post("/results/approval/", {"step": f"approve:{value.pk}"})
    page = text(kokdala.post("/results/approval/", {"step": f"approve:{value.pk}"}, follow=True))
    assert "当前状态为“已审核”,不能执行此操作。" in page


def test_a_value_is_returned_with_a_reason_that_the_unit_sees(logged_in):
    value = _enter_and_submit(logged_in("zhenjiang"))
    kokdala = logged_in("kokdala")
    page = text(kokdala.post("/results/approval/", {"step": f"return:{value.pk}"}, follow=True))
    assert "请填写原因。" in page
    value.refresh_from_db()
    assert value.status == DataValue.Status.SUBMITTED
    kokdala.post(
        "/results/approval/",
        {"step": f"return:{value.pk}", f"reason-{value.pk}": "请按学年口径统计"},
    )
    value.refresh_from_db()
    assert value.status == DataValue.Status.RETURNED
    assert value.status_reason == "请按学年口径统计"

    zhenjiang = logged_in("zhenjiang")
    page = text(zhenjiang.get("/results/approval/?show=entered"))
    assert f'id="value-{value.pk}"' in page and "退回原因:请按学年口径统计" in page
    assert "退回原因:请按学年口径统计" in text(zhenjiang.get(entry_url(school())))
    # Corrected and submitted again from the approval page.
    form, data = entry_form(zhenjiang, entry_url(school()))
    data[cell(row_of(form, "teachers_trained"), "actual").name] = "148"
    zhenjiang.post(entry_url(school()), data)
    value.refresh_from_db()
    assert value.status == DataValue.Status.ENTERED and value.value == 148
    page = text(
        zhenjiang.post(
            "/results/approval/?show=entered",
            {"step": f"submit:{value.pk}", f"version-{value.pk}": value.version},
            follow=True,
        )
    )
    assert "已提交 1 个数值,等待审核。" in page
    value.refresh_from_db()
    assert value.status == DataValue.Status.SUBMITTED


def test_an_approved_value_is_reopened_with_a_reason_kept_in_its_history(logged_in):
    value = stored(school(), "teachers_trained", "2024")
    kokdala = logged_in("kokdala")
    page = text(kokdala.get("/results/approval/?show=approved&period=2024"))
    assert f'id="value-{value.pk}"' in page
    page = text(kokdala.post("/results/approval/", {"step": f"reopen:{value.pk}"}, follow=True))
    assert "请填写原因。" in page
    kokdala.post(
        "/results/approval/?show=approved",
        {"step": f"reopen:{value.pk}", f"reason-{value.pk}": "统计口径更正"},
    )
    value.refresh_from_db()
    assert value.status == DataValue.Status.ENTERED and value.status_reason == "统计口径更正"
    assert value.history.filter(status="entered", status_reason="统计口径更正").exists()
    assert value.history.filter(status="approved").exists()  # what it was stays recorded
    # The unit may correct it now.
    zhenjiang = logged_in("zhenjiang")
    form, data = entry_form(zhenjiang, entry_url(school(), "2024"))
    assert "重新打开原因:统计口径更正" in text(zhenjiang.get(entry_url(school(), "2024")))
    data[cell(row_of(form, "teachers_trained"), "actual").name] = "190"
    text(zhenjiang.post(entry_url(school(), "2024"), data, follow=True))
    value.refresh_from_db()
    assert value.value == 190


def test_only_the_recipient_government_of_the_region_approves(logged_in):
    value = _enter_and_submit(logged_in("zhenjiang"))
    kezhou_gov = logged_in("kezhou_gov")
    assert f'id="value-{value.pk}"' not in text(kezhou_gov.get("/results/approval/"))
    page = text(kezhou_gov.post("/results/approval/", {"step": f"approve:{value.pk}"}, follow=True))
    assert "不存在或不在您的权限范围内" in page
    zhenjiang = logged_in("zhenjiang")  # an aid group enters and submits; it does not approve
    response = zhenjiang.get("/results/approval/")
    assert response.context["show"] == "entered"
    assert [tab for tab, _label, _n in response.context["tab_links"]] == ["entered"]
    zhenjiang.post("/results/approval/", {"step": f"approve:{value.pk}"})
    value.refresh_from_db()
    assert value.status == DataValue.Status.SUBMITTED


# ------------------------------------------------------------------ the grid


GRID = "/results/grid/?element=trainees&period=2026&kind=actual"


def grid_rows(client, url: str = GRID) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return {(row.project.code, row.region.code): row for row in response.context["form"].rows}


def test_the_grid_saves_many_rows_at_once(logged_in):
    client = logged_in("hq")
    rows = grid_rows(client)
    assert ("JSYJ-YL-007", "654004") in rows and ("JSYJ-YL-007", "654024") in rows  # by region
    store = rows["JSYJ-KZ-004", "653001"]
    assert store.value is None and "JSYJ-KZ-004" in text(client.get(GRID))
    data = {
        rows["JSYJ-YL-007", "654004"].name: "120",
        rows["JSYJ-YL-007", "654024"].name: "80",
        store.name: "5000",  # 2025: 450; more than ten times as many is flagged
    }
    page = text(client.post(GRID, data, follow=True))
    assert "已保存 3 个数值,其中 1 个需核实。" in page
    training = Project.objects.get(code="JSYJ-YL-007")
    assert stored(training, "trainees", "2026").region.code in {"654004", "654024"}
    assert DataValue.objects.filter(project=training, period__code="2026").count() == 2
    rows = grid_rows(client)
    assert rows["JSYJ-YL-007", "654024"].field.value() == "80"
    assert rows["JSYJ-KZ-004", "653001"].value.follow_up


def test_the_grid_refuses_every_row_when_one_is_wrong(logged_in):
    client = logged_in("hq")
    rows = grid_rows(client)
    data = {
        rows["JSYJ-YL-007", "654004"].name: "120",
        rows["JSYJ-YL-007", "654024"].name: "-3",
        rows["JSYJ-KZ-004", "653001"].name: "10",
    }
    response = client.post(GRID, data)
    page = text(response)
    assert "未保存任何数值" in page
    assert "JSYJ-YL-007(巩留县):“培训人次”是计数,不能为负数。" in page
    assert not DataValue.objects.filter(element__code="trainees", period__code="2026").exists()
    assert response.context["form"][rows["JSYJ-YL-007", "654004"].name].value() == "120"


def test_the_grid_lists_only_the_projects_the_user_changes(logged_in):
    rows = grid_rows(logged_in("suzhou"))
    assert {code for code, _region in rows} >= {"JSYJ-KZ-004", "JSYJ-YL-004", "JSYJ-YL-007"}
    assert "JSYJ-YL-002" not in {code for code, _region in rows}
    assert logged_in("auditor").get(GRID).status_code == 403
    assert logged_in("public").get(GRID).status_code == 403
    response = logged_in("suzhou").get("/results/grid/?element=nothing&period=2026Q9")
    assert response.status_code == 400
    assert set(response.context["filters"].errors) == {"element", "period"}


def test_approved_values_in_the_grid_have_no_input(logged_in):
    client = logged_in("suzhou")
    url = "/results/grid/?element=trainees&period=2024&kind=actual"
    row = grid_rows(client, url)["JSYJ-KZ-004", "653001"]
    assert row.value.status == DataValue.Status.APPROVED and not row.editable
    page = text(client.get(url))
    assert f'name="{row.name}"' not in page and "已审核锁定" in page
    page = text(client.post(url, {row.name: "1", f"{row.name}-version": row.value.version}))
    assert "该数值已审核锁定" in page


REGION_GRID = "/results/grid/?rows=regions&element=jobs_created&period=2025&kind=actual"


def region_rows(client, url: str = REGION_GRID) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    rows = response.context["form"].rows
    assert all(row.project is None for row in rows)
    return {row.region.code: row for row in rows}


def region_value(code: str, element: str = "jobs_created") -> DataValue | None:
    return DataValue.objects.filter(
        project__isnull=True,
        region__code=code,
        element__code=element,
        period__code="2025",
        kind="actual",
    ).first()


def test_the_recipient_government_enters_its_regions_own_values_in_the_grid(logged_in):
    client = logged_in("kezhou_gov")
    rows = region_rows(client)
    assert list(rows) == ["653000", "653001", "653023", "653024"]  # its own, and its pairings'
    page = text(client.get(REGION_GRID))
    assert "克孜勒苏柯尔克孜自治州" in page and "区划代码" in page and "JSYJ-KZ-004" not in page
    data = {rows["653001"].name: "1,200", rows["653024"].name: "35"}
    page = text(client.post(REGION_GRID, data, follow=True))
    assert "已保存 2 个数值" in page
    value = region_value("653001")
    assert value.project is None and value.value == 1200
    assert value.status == DataValue.Status.ENTERED
    assert region_value("653024").value == 35 and region_value("653000") is None
    rows = region_rows(client)
    assert rows["653001"].value == value and rows["653001"].field.value() == "1200"
    assert rows["653001"].editable
    # A value entered at the prefecture would overlap those of its counties: named at its row.
    response = client.post(
        REGION_GRID, {rows["653000"].name: "2000", f"{rows['653001'].name}-version": value.version}
    )
    assert "克孜勒苏柯尔克孜自治州(653000)" in text(response)
    assert response.context["form"][rows["653000"].name].errors
    assert region_value("653000") is None


def test_the_region_grid_refuses_every_row_when_one_is_wrong(logged_in):
    client = logged_in("kezhou_gov")
    rows = region_rows(client)
    data = {rows["653001"].name: "120", rows["653023"].name: "-3", rows["653024"].name: "8"}
    response = client.post(REGION_GRID, data)
    page = text(response)
    assert "未保存任何数值" in page
    assert "阿合奇县(653023):“新增就业”是计数,不能为负数。" in page
    assert response.context["form"][rows["653023"].name].errors
    assert not response.context["form"][rows["653001"].name].errors
    assert not DataValue.objects.filter(project__isnull=True).exists()
    assert response.context["form"][rows["653001"].name].value() == "120"


def test_the_region_grid_lists_the_regions_the_user_enters(logged_in):
    rows = region_rows(logged_in("zhenjiang"))
    assert "659008" in rows and "653000" not in rows
    rows = region_rows(logged_in("hq"))
    assert {"653000", "654000", "659008", "650100"} <= set(rows)
    assert all(code.startswith("65") and not code.endswith("000000") for code in rows)
    assert "653001" not in rows and "650000" not in rows  # the prefectures, not counties
    page = text(logged_in("hq").get(REGION_GRID))
    assert '<option value="regions" selected>' in page and "可克达拉市" in page
    assert logged_in("auditor").get(REGION_GRID).status_code == 403
    assert logged_in("public").get(REGION_GRID).status_code == 403


def test_submitted_region_values_in_the_grid_have_no_input(logged_in):
    value = value_save(
        by=None, element="jobs_created", period="2025", region="659008", kind="actual", value=9
    )
    value = value_submit(by=None, value=value)
    client = logged_in("zhenjiang")
    row = region_rows(client)["659008"]
    assert row.value == value and not row.editable
    page = text(client.get(REGION_GRID))
    assert f'name="{row.name}"' not in page and "待审核,不能修改" in page
    page = text(client.post(REGION_GRID, {row.name: "10", f"{row.name}-version": value.version}))
    assert "未保存任何数值" in page and "可克达拉市(659008)" in page
    assert region_value("659008").value == 9


# ------------------------------------------------------------------ scope


def test_units_see_only_their_projects_and_readers_cannot_write(logged_in):
    assert logged_in("suzhou").get(entry_url(school())).status_code == 404
    assert logged_in("public").get(entry_url(school())).status_code == 403
    assert logged_in("public").get("/results/approval/").status_code == 403
    assert logged_in("public").get("/results/import/").status_code == 403
    auditor = logged_in("auditor")
    response = auditor.get(entry_url(school(), "2025"))
    page = text(response)
    assert "没有填报权限" in page and not response.context["form"].new_rows
    assert not any(cell.editable for row in response.context["form"].rows for cell in row.cells)
    assert 'inputmode="decimal"' not in page
    assert "培训教师" in page
    assert auditor.post(entry_url(school(), "2025"), {"action": "save"}).status_code == 403
    assert auditor.get("/results/approval/").status_code == 403
    assert auditor.get("/results/import/").status_code == 403


def test_the_recipient_government_enters_for_the_projects_in_its_region(logged_in):
    kokdala = logged_in("kokdala")
    response = kokdala.get(entry_url(school()))
    assert response.context["can_enter"]
    tabs = [tab for tab, _label, _n in kokdala.get("/results/approval/").context["tab_links"]]
    assert tabs == ["submitted", "approved", "entered"]


# ------------------------------------------------------------------ import and export


def workbook(rows: list[list]) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "成效数据"
    sheet.append([str(column.header) for column in COLUMNS])
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "results.xlsx"
    return out


ROWS = [
    ["teachers_trained", "2026", "659008", "JSYJ-YL-002", "目标值", 170, ""],
    ["teachers_trained", "2026", "659008", "JSYJ-YL-002", "实际值", 165, "导入"],
    ["students", "2026", "659008", "JSYJ-YL-002", "实际值", "二千", ""],
]


def test_an_import_with_a_wrong_row_imports_nothing_and_names_row_and_column(logged_in):
    client = logged_in("zhenjiang")
    page = text(client.get("/results/import/"))
    assert "有错误时仍导入正确的行" in page and "/results/template.xlsx" in page
    response = client.post("/results/import/", {"file": workbook(ROWS)})
    page = text(response)
    assert "未导入任何数据" in page
    assert "第 4 行" in page and "<td>数值</td>" in page and "“二千”不是有效的数字。" in page
    assert stored(school(), "teachers_trained", "2026") is None
    result = response.context["result"]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)


def test_an_import_keeps_the_valid_rows_when_asked(logged_in):
    client = logged_in("zhenjiang")
    response = client.post("/results/import/", {"file": workbook(ROWS), "valid_rows_only": "on"})
    page = text(response)
    assert "已导入正确的行,以下各行未导入" in page
    assert response.context["result"].created == 2
    assert stored(school(), "teachers_trained", "2026").value == 165
    assert stored(school(), "students", "2026") is None
    again = client.post("/results/import/", {"file": workbook(ROWS[:2])})
    assert again.context["result"].unchanged == 2  # the same file again changes nothing


def test_an_import_outside_the_scope_names_the_row(logged_in):
    response = logged_in("suzhou").post("/results/import/", {"file": workbook(ROWS[:1])})
    page = text(response)
    assert "第 2 行" in page and "未导入任何数据" in page
    assert stored(school(), "teachers_trained", "2026", "target") is None


def test_the_template_downloads(logged_in):
    response = logged_in("zhenjiang").get("/results/template.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == [str(c.header) for c in COLUMNS]


def exported(client, query: str = "") -> list[tuple]:
    response = client.get(f"/results/export.xlsx{query}")
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_export_holds_only_the_values_the_user_sees(logged_in, users):
    rows = exported(logged_in("suzhou"))
    projects = {row[3] for row in rows}
    assert "JSYJ-KZ-004" in projects and "JSYJ-YL-002" not in projects
    visible = projects_visible_to(users["suzhou"]).values_list("code", flat=True)
    assert projects <= set(visible) | {""}
    assert len(rows) == values_visible_to(users["suzhou"]).count()
    school_rows = exported(logged_in("zhenjiang"), "?project=JSYJ-YL-002&period=2025")
    assert school_rows and {row[3] for row in school_rows} == {"JSYJ-YL-002"}
    assert {row[1] for row in school_rows} == {"2025"}
    assert {row[10] for row in school_rows} == {"已提交"}
    public = exported(logged_in("public"), "?period=2025")
    assert public == []  # 2025's values are waiting for approval: not public yet
    approved = exported(logged_in("public"), "?element=trainees&status=approved")
    assert approved and {row[0] for row in approved} == {"trainees"}


def test_export_filters_are_checked_and_named(logged_in):
    client = logged_in("suzhou")
    response = client.get("/results/export.xlsx?project=JSYJ-YL-002&period=2025Q5")
    assert response.status_code == 400
    form = response.context["export_form"]
    assert "不存在或不在您的权限范围内" in str(form.errors["project"])
    assert "2025Q5" in str(form.errors["period"])
    response = client.get("/results/export.xlsx?region=999999&element=nothing")
    assert response.status_code == 400
    assert set(response.context["export_form"].errors) == {"region", "element"}


# ------------------------------------------------------------------ queries


MORE = ("jobs_created", "trainees", "poverty_exits", "labour_transfer", "surgeries")


def _five_more_values() -> None:
    """Five more values of the school in each list: 2025's actuals submitted, 2024's
    baselines approved, 2026's targets entered."""
    for code in MORE:
        save = {"by": None, "element": code, "region": "659008", "project": school()}
        value_submit(by=None, value=value_save(**save, period="2025", kind="actual", value=10))
        baseline = value_save(**save, period="2024", kind="baseline", value=5)
        value_approve(by=None, value=value_submit(by=None, value=baseline))
        value_save(**save, period="2026", kind="target", value=12)


# Region values: five at prefectures (HQ's rows), two at counties of 653000 (克州政府's rows).
REGION_MORE = ("650100", "652300", "652900", "653100", "654000", "653001", "653023")


def count(client, url: str) -> tuple[int, object]:
    client.get(url)  # warm the caches (the session, the user's organisation)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.context


def _shown(context) -> int:
    if "kind_label" in context:  # the grid: the rows with a value
        return len([row for row in context["form"].rows if row.value])
    if "page" in context and hasattr(context["page"], "paginator"):
        return context["page"].paginator.count
    return len([cell for row in context["form"].rows for cell in row.cells if cell.value])


def test_the_pages_make_as_many_queries_with_more_values(logged_in):
    pages = [
        ("kokdala", "/results/approval/", 5),
        ("kokdala", "/results/approval/?show=approved&sort=region", 5),
        ("zhenjiang", "/results/approval/?show=entered", 5),
        ("zhenjiang", "/results/approval/?show=entered&sort=period&period=2026", 5),
        ("zhenjiang", entry_url(school(), "2025"), 5),
        ("kokdala", entry_url(school(), "2024"), 5),
        ("hq", "/results/grid/?element=trainees&period=2025&kind=actual", 1),
        ("hq", "/results/grid/?rows=regions&element=trainees&period=2025&kind=actual", 5),
        ("kezhou_gov", "/results/grid/?rows=regions&element=trainees&period=2025&kind=actual", 2),
    ]
    # Each list starts with something in it (an empty page reads no rows at all).
    value_save(
        by=None,
        element="students",
        period="2026",
        region="659008",
        project=school(),
        kind="target",
        value=2600,
    )
    value_save(by=None, element="trainees", period="2025", region="653024", kind="actual", value=1)
    before = {}
    for username, url, _more in pages:
        before[username, url] = count(logged_in(username), url)
    _five_more_values()
    for code in REGION_MORE:
        value_save(by=None, element="trainees", period="2025", region=code, kind="actual", value=3)
    for username, url, more in pages:
        queries, context = count(logged_in(username), url)
        assert queries == before[username, url][0], (username, url)
        assert _shown(context) == _shown(before[username, url][1]) + more, (username, url)


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"<style", re.I),
]


def test_the_pages_keep_to_the_content_security_policy(logged_in):
    client = logged_in("kokdala")
    for url in [
        entry_url(school(), "2025"),
        "/results/grid/?element=students&period=2025&kind=actual",
        "/results/approval/",
        "/results/approval/?show=approved",
        "/results/approval/?show=entered",
        "/results/import/",
    ]:
        html = text(client.get(url))
        for pattern in INLINE:
            assert not pattern.search(html), (url, pattern.pattern)
