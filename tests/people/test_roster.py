"""The roster spreadsheet: template, import (row and column errors, all or nothing, valid rows
only, idempotent, update by ID number) and export."""

import datetime
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from duikou.accounts.tokens import token_create
from duikou.people.models import Person, Posting
from duikou.people.roster import roster_import
from tests.people.builders import BORN, make_id, row, workbook
from tests.people.conftest import download

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Person.objects.count(),
        Posting.objects.count(),
        Person.history.count(),
        Posting.history.count(),
    )


def test_the_template_has_chinese_headers_and_explains_them(api):
    response = download(api("zhenjiang"), "/people/roster-template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers[:3] == ["姓名", "性别", "出生日期"]
    assert {"身份证号", "派出单位", "批次", "人才类别", "受援地区代码", "开始日期"} <= set(headers)
    assert book.worksheets[1].title == "填写说明"


def test_a_valid_roster_is_imported_and_importing_it_again_changes_nothing(users):
    data = workbook([row(1), row(2), row(3, 开始日期="2026-04-01", 期限类型="短期(柔性)")])
    result = roster_import(data, by=users["hospital_hr"])
    assert result.errors == [] and result.imported
    assert (result.people_created, result.postings_created) == (3, 3)
    short = Posting.objects.get(person__name="导入03")
    assert short.duration == "short_term" and short.end_date == datetime.date(2026, 9, 27)
    assert short.person.history.first().history_channel == "import"

    before = snapshot()
    again = roster_import(data, by=users["hospital_hr"])
    assert again.errors == [] and again.unchanged_rows == 3
    assert (again.people_created, again.people_updated, again.postings_created) == (0, 0, 0)
    assert snapshot() == before


def test_a_person_matched_by_id_number_is_updated_not_duplicated(users):
    roster_import(workbook([row(1)]), by=users["hq"])
    result = roster_import(workbook([row(1, 职称="主任医师", 姓名="导入改名")]), by=users["hq"])
    assert result.people_updated == 1 and result.people_created == 0
    person = Person.objects.get(id_number=make_id(BORN, 1))
    assert (person.name, person.professional_title, person.version) == ("导入改名", "主任医师", 2)
    assert person.postings.count() == 1


def test_errors_name_the_row_and_column_and_nothing_is_imported(users):
    before = snapshot()
    data = workbook(
        [
            row(1),
            row(2, 派出单位="不存在的医院"),
            row(3, 结束日期="2026-01-01"),
            row(4, 身份证号="123"),
            row(5, 人才类别="宇航员"),
            row(6, 结束日期="2030-01-01"),
        ]
    )
    result = roster_import(data, by=users["hq"])
    assert not result.imported and result.valid_rows == 1
    found = {(error.row, error.column) for error in result.errors}
    assert found == {
        (3, "派出单位"),
        (4, "结束日期"),
        (5, "身份证号"),
        (6, "人才类别"),
        (7, "结束日期"),
    }
    assert snapshot() == before


def test_valid_rows_only_keeps_the_good_rows(users):
    data = workbook([row(1), row(2, 受援地区代码="999999"), row(3)])
    result = roster_import(data, by=users["hq"], valid_rows_only=True)
    assert result.imported and result.valid_rows == 2
    assert [(e.row, e.column) for e in result.errors] == [(3, "受援地区代码")]
    assert Person.objects.filter(name__startswith="导入").count() == 2


def test_rows_that_overlap_each_other_are_caught(users):
    data = workbook([row(1), row(1, 开始日期="2026-06-01")])
    result = roster_import(data, by=users["hq"])
    assert [(e.row, e.column) for e in result.errors] == [(3, "开始日期")]
    assert not Person.objects.filter(name="导入01").exists()


def test_a_unit_cannot_import_another_units_people(users):
    result = roster_import(workbook([row(1, 派出单位="苏州市援疆工作组")]), by=users["hospital_hr"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "派出单位")]


def test_missing_columns_and_unreadable_files(users):
    result = roster_import(b"not a spreadsheet", by=users["hq"])
    assert result.errors[0].row == 0 and not result.imported
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "性别"])
    out = BytesIO()
    book.save(out)
    missing = {e.column for e in roster_import(out.getvalue(), by=users["hq"]).errors}
    assert {"身份证号", "派出单位", "开始日期"} <= missing


def test_import_through_the_api(users):
    _token, secret = token_create(by=None, user=users["hospital_hr"], name="t", can_write=True)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    data = workbook([row(1), row(2, 派出单位="不存在的医院")])

    def upload(**form):
        return client.post(
            "/api/v1/people/roster-import",
            {"file": BytesIO(data), **form},
        ).json()

    refused = upload()
    assert refused["imported"] is False
    assert refused["errors"] == [
        {"row": 3, "column": "派出单位", "message": "未知的派出单位:不存在的医院"}
    ]
    kept = upload(valid_rows_only="true")
    assert kept["imported"] is True and kept["people_created"] == 1


def test_an_exported_roster_imports_back_unchanged(api, users):
    exported = download(api("hq"), "/people/roster.xlsx?region=659008&reveal=true").content
    before = snapshot()
    result = roster_import(exported, by=users["hq"])
    assert result.errors == [] and result.unchanged_rows == result.rows == 35
    assert snapshot() == before


NEUTRAL = "该身份证号无法登记,请联系省援疆总部核对。"


def test_an_id_number_of_someone_out_of_scope_is_refused_without_a_word_about_them(users):
    # 干部07 was sent by 苏州市援疆工作组: 江苏省人民医院's HR does not see them.
    cadre = Person.objects.get(name="干部07")
    before, version = snapshot(), cadre.version
    data = workbook([row(1, 身份证号=cadre.id_number, 出生日期=cadre.birth_date.isoformat())])
    for valid_rows_only in (False, True):
        result = roster_import(data, by=users["hospital_hr"], valid_rows_only=valid_rows_only)
        assert not result.imported and result.valid_rows == 0
        assert [(e.row, e.column, e.message) for e in result.errors] == [(2, "身份证号", NEUTRAL)]
        message = result.errors[0].message
        assert cadre.name not in message and "苏州" not in message
        assert cadre.dispatching_unit.name not in message
    assert snapshot() == before
    cadre.refresh_from_db()
    assert cadre.version == version and cadre.name == "干部07"


def test_a_deleted_persons_id_number_is_neutral_too_except_for_hq(users):
    from duikou.common.editing import soft_delete

    roster_import(workbook([row(1)]), by=users["hospital_hr"])
    person = Person.objects.get(id_number=make_id(BORN, 1))
    soft_delete(person, by=users["hq"])
    data = workbook([row(1, 姓名="重新导入")])
    refused = roster_import(data, by=users["hospital_hr"]).errors
    assert [(e.row, e.column, e.message) for e in refused] == [(2, "身份证号", NEUTRAL)]
    told = roster_import(data, by=users["hq"]).errors
    assert [(e.column, e.message) for e in told] == [
        ("身份证号", "该身份证号的人员已删除,请先恢复。")
    ]


def test_registering_or_changing_to_an_out_of_scope_id_number_is_neutral(api, users, org):
    cadre = Person.objects.get(name="干部07")
    client = api("hospital_hr")
    created = client.post(
        "/people",
        {
            "name": "新医生",
            "gender": "female",
            "birth_date": cadre.birth_date.isoformat(),
            "education": "master",
            "dispatching_unit": org("江苏省人民医院").pk,
            "id_number": cadre.id_number,
        },
    )
    assert created.status_code == 422
    assert created.json_body["errors"] == [{"field": "id_number", "message": NEUTRAL}]
    # In scope, the clash is named as it was.
    doctor = Person.objects.get(name="医生02")
    own = Person.objects.get(name="医生01")
    changed = client.patch(
        f"/people/{own.pk}",
        {"id_number": doctor.id_number, "birth_date": doctor.birth_date.isoformat()},
        **{"If-Match": f'"v{own.version}"'},
    )
    assert changed.status_code == 422
    assert changed.json_body["errors"][0]["message"] == "该身份证号已登记。"
    assert not Person.objects.filter(name="新医生").exists()
