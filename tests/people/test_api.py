"""/api/v1/people/: answers, masking and the access log, writes and their errors."""

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from duikou.people.models import Posting, SensitiveAccess
from tests.people.builders import make_id
from tests.people.conftest import download

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[list]:
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_on_duty_answers_count_by_category_and_unit(api):
    response = api("hq").get("/people/on-duty?region=659008&date=2026-06-01")
    assert response.status_code == 200
    body = response.json_body
    assert set(body) == {"count", "by_category", "by_dispatching_unit"}
    assert body["count"] == 32
    assert body["by_category"] == {"cadre": 2, "education": 30}
    assert (
        api("zhenjiang").get("/people/on-duty?region=653001&date=2026-06-01").json_body["count"]
        == 0
    )
    assert api("hq").get("/people/on-duty?region=999999").status_code == 422


def test_term_ends_say_which_posts_need_a_replacement(api):
    body = api("hq").get("/people/term-ends?within_days=90&today=2026-11-29&limit=100").json_body
    assert body["count"] == 18
    needed = [item for item in body["items"] if item["replacement_needed"]]
    assert len(needed) == 15


def test_person_numbers_are_masked_for_everyone_by_default(api, person):
    teacher = person("教师01")
    for username in ("hq", "zhenjiang", "kokdala", "auditor"):
        body = api(username).get(f"/people/{teacher.pk}").json_body
        assert body["id_number"] == teacher.id_number[:2] + "*" * 14 + teacher.id_number[-2:]
        assert body["phone"] == teacher.phone[:3] + "****" + teacher.phone[-4:]
    listed = api("hq").get("/people?limit=500").json_body["items"]
    assert all("*" in item["id_number"] for item in listed)
    assert not SensitiveAccess.objects.exists()


def test_revealing_is_for_hq_and_own_hr_and_is_logged(api, person, users):
    doctor, teacher = person("医生01"), person("教师01")
    body = api("hq").get(f"/people/{teacher.pk}?reveal=true").json_body
    assert body["id_number"] == teacher.id_number and body["phone"] == teacher.phone
    log = SensitiveAccess.objects.get()
    assert (log.user, log.person, log.fields, log.channel) == (
        users["hq"],
        teacher,
        "id_number,phone",
        "api",
    )
    assert (
        api("hospital_hr").get(f"/people/{doctor.pk}?reveal=true").json_body["id_number"]
        == doctor.id_number
    )
    assert SensitiveAccess.objects.filter(user=users["hospital_hr"], person=doctor).count() == 1
    for username in ("kezhou", "zhenjiang", "auditor", "kezhou_gov"):
        someone = doctor if username == "kezhou" else teacher
        response = api(username).get(f"/people/{someone.pk}?reveal=true")
        assert response.status_code in (403, 404), username
    assert SensitiveAccess.objects.count() == 2


def test_a_list_reveals_only_own_people_to_hr(api, users):
    body = api("hospital_hr").get("/people?reveal=true&limit=500").json_body
    assert body["count"] == 4  # 医生01–04 of 江苏省人民医院
    assert all("*" not in item["id_number"] for item in body["items"])
    assert SensitiveAccess.objects.filter(user=users["hospital_hr"]).count() == 4


def test_the_export_follows_the_same_rule(api, users):
    masked = rows_of(download(api("zhenjiang"), "/people/roster.xlsx?region=659008"))
    header, rows = masked[0], masked[1:]
    column = header.index("身份证号")
    assert len(rows) == 35  # 30 now, 3 earlier, 2 cadres
    assert all("*" in row[column] for row in rows)
    assert api("zhenjiang").get("/people/roster.xlsx?reveal=true").status_code == 403
    revealed = rows_of(download(api("hq"), "/people/roster.xlsx?region=659008&reveal=true"))
    assert all("*" not in row[column] for row in revealed[1:])
    assert SensitiveAccess.objects.filter(user=users["hq"], context="roster export").count() == 32
    assert api("public").get("/people/roster.xlsx").status_code == 403


def test_the_public_sees_counts_but_no_one(api):
    public = api("public")
    assert public.get("/people?limit=10").json_body["count"] == 0
    assert public.get("/people/postings").json_body["count"] == 0
    assert public.get("/people/on-duty?region=659008&date=2026-06-01").json_body["count"] == 32


def test_create_a_person_and_post_them(api, org):
    client = api("hospital_hr")
    born = datetime.date(1980, 3, 3)
    response = client.post(
        "/people",
        {
            "name": "新医生",
            "gender": "female",
            "birth_date": born.isoformat(),
            "education": "doctorate",
            "dispatching_unit": org("江苏省人民医院").pk,
            "id_number": make_id(born, 88),
            "phone": "13900001111",
        },
    )
    assert response.status_code == 201, response.json_body
    assert response["ETag"] == '"v1"'
    assert "*" in response.json_body["id_number"]
    person_id = response.json_body["id"]
    posting = {
        "person": person_id,
        "category": "medical",
        "region": "653001",
        "position": "心内科医师",
        "start_date": "2026-03-01",
        "recipient_organisation": org("克州人民医院心血管内科").pk,
    }
    created = client.post("/people/postings", posting)
    assert created.status_code == 201, created.json_body
    assert created.json_body["end_date"] == "2027-08-31"
    assert created.json_body["pairing"] is not None
    overlap = client.post("/people/postings", {**posting, "start_date": "2027-01-01"})
    assert overlap.status_code == 422
    assert overlap.json_body["errors"][0]["field"] == "start_date"
    too_long = client.post(
        "/people/postings", {**posting, "start_date": "2028-01-01", "end_date": "2030-01-01"}
    )
    assert too_long.json_body["errors"][0]["field"] == "end_date"
    backwards = client.post(
        "/people/postings", {**posting, "start_date": "2028-01-01", "end_date": "2027-01-01"}
    )
    assert backwards.json_body["errors"][0]["field"] == "end_date"
    assert Posting.objects.filter(person_id=person_id).count() == 1
    history = client.get(f"/people/{person_id}/postings").json_body
    assert [p["start_date"] for p in history] == ["2026-03-01"]


def test_unknown_dispatching_unit_is_a_field_error(api):
    response = api("hq").post(
        "/people",
        {
            "name": "x",
            "gender": "male",
            "birth_date": "1980-01-01",
            "education": "master",
            "dispatching_unit": 999999,
        },
    )
    assert response.status_code == 422
    assert response.json_body["errors"][0]["field"] == "dispatching_unit"


def test_patch_needs_if_match(api, person):
    doctor = person("医生01")
    client = api("hospital_hr")
    assert client.patch(f"/people/{doctor.pk}", {"professional_title": "x"}).status_code == 428
    response = client.patch(
        f"/people/{doctor.pk}", {"professional_title": "主任医师"}, **{"If-Match": '"v1"'}
    )
    assert response.status_code == 200 and response["ETag"] == '"v2"'
    stale = client.patch(f"/people/{doctor.pk}", {"name": "y"}, **{"If-Match": '"v1"'})
    assert stale.status_code == 412


def test_early_return_and_extension_through_the_api(api, person):
    posting = person("医生02").postings.get()
    hq = api("hq")
    early = hq.patch(
        f"/people/postings/{posting.pk}",
        {"status": "returned_early", "end_date": "2026-12-31"},
        **{"If-Match": '"v1"'},
    )
    assert early.json_body["errors"][0]["field"] == "early_return_reason"
    extended = hq.post(
        f"/people/postings/{posting.pk}/extension",
        {"end_date": "2027-07-31", "reason": "学科建设需要"},
    )
    assert extended.status_code == 200, extended.json_body
    assert extended.json_body["status"] == "extended"
    assert (
        api("kezhou_gov")
        .post(f"/people/postings/{posting.pk}/extension", {"end_date": "2027-08-31", "reason": "x"})
        .status_code
        == 403
    )


def test_batches_teams_mentoring_and_care(api, org, person, users):
    hq = api("hq")
    batches = hq.get("/people/batches").json_body
    batch = next(b for b in batches if b["number"] == 13)
    stats = hq.get(f"/people/batches/{batch['id']}/statistics").json_body
    assert stats["size"] == 43 and stats["early_returns"] == 1
    assert (
        api("zhenjiang")
        .post("/people/batches", {"number": 14, "start_year": 2029, "end_year": 2031})
        .status_code
        == 403
    )
    assert (
        hq.post("/people/batches", {"number": 14, "start_year": 2029, "end_year": 2031}).status_code
        == 201
    )
    hospital = org("克孜勒苏柯尔克孜自治州人民医院")
    teams = hq.get(f"/people/teams?organisation={hospital.pk}").json_body
    assert teams["count"] == 9
    team_id = teams["items"][0]["id"]
    members = hq.get(f"/people/teams/{team_id}/members").json_body
    assert len(members) >= 3
    assert hq.get("/people/mentoring-pairs").json_body["count"] == 9
    doctor = person("医生01")
    assert (
        api("hospital_hr")
        .post(
            "/people/care-records",
            {"person": doctor.pk, "date": "2026-10-01", "kind": "visit", "description": "中秋慰问"},
        )
        .status_code
        == 201
    )
    # care and family records: HQ and the dispatching unit only
    assert api("hospital_hr").get("/people/care-records").json_body["count"] == 2
    assert api("kezhou").get("/people/care-records").json_body["count"] == 0
    assert api("auditor").get("/people/care-records").json_body["count"] == 0
