"""A person's change history: the person and their postings, ID and phone numbers always
masked (HQ included, nothing logged), scoped like the person; and the project history built by
the same shared code, unchanged."""

import datetime
import json

import pytest

from duikou.people.history import person_history, with_labels
from duikou.people.models import SensitiveAccess
from duikou.people.privacy import mask_id_number, mask_phone
from duikou.people.services import person_update, posting_create
from duikou.projects.history import project_history
from duikou.projects.history import with_labels as project_labels
from duikou.projects.services import milestone_add, project_update
from tests.people.builders import make_id

pytestmark = pytest.mark.django_db
BORN = datetime.date(1985, 5, 20)
OLD_ID, NEW_ID = make_id(BORN, 701), make_id(BORN, 702)
OLD_PHONE, NEW_PHONE = "13912345678", "13800001111"


@pytest.fixture
def doctor(make_person, users, org):
    """A 江苏省人民医院 doctor whose numbers were changed once, posted to 可克达拉市 and then
    to 克州 (two postings)."""
    hr = users["hospital_hr"]
    person = make_person(by=hr, name="历史医生", id_number=OLD_ID, phone=OLD_PHONE)
    person_update(
        by=hr, person=person, id_number=NEW_ID, phone=NEW_PHONE, professional_title="主任医师"
    )
    posting_create(
        by=hr,
        person=person,
        category="medical",
        region="659008",
        position="内科医师",
        start_date="2024-01-01",
    )
    posting_create(
        by=hr,
        person=person,
        category="medical",
        region="653001",
        position="心内科医师",
        start_date="2026-03-01",
        recipient_organisation=org("克州人民医院心血管内科"),
    )
    return person


def plain_values_in(body) -> set[str]:
    text = json.dumps(body, ensure_ascii=False, default=str)
    return {value for value in (OLD_ID, NEW_ID, OLD_PHONE, NEW_PHONE) if value in text}


def test_the_history_masks_the_numbers_before_and_after(doctor):
    entries = person_history(doctor)
    assert [(e["record"], e["action"]) for e in entries][-2:] == [
        ("person", "updated"),
        ("person", "created"),
    ]
    assert [e["record"] for e in entries[:2]] == ["posting", "posting"]
    created, updated = entries[-1], entries[-2]
    assert created["by"] == "hospital_hr"
    numbers = {c["field"]: c for c in created["changes"] if c["field"] in ("id_number", "phone")}
    assert (
        numbers["id_number"]["after"] == mask_id_number(OLD_ID) == "32**************" + OLD_ID[-2:]
    )
    assert numbers["phone"]["after"] == mask_phone(OLD_PHONE) == "139****5678"
    assert updated["changes"] == [
        {"field": "professional_title", "before": "", "after": "主任医师"},
        {"field": "id_number", "before": mask_id_number(OLD_ID), "after": mask_id_number(NEW_ID)},
        {"field": "phone", "before": "139****5678", "after": "138****1111"},
    ]
    assert plain_values_in(entries) == set()
    assert plain_values_in(with_labels(entries)) == set()


def test_in_words_the_postings_person_is_left_out(doctor):
    labelled = with_labels(person_history(doctor))
    posting = labelled[0]
    assert (posting["record_label"], posting["action_label"]) == ("任职", "新建")
    assert "person" not in {change["field"] for change in posting["changes"]}
    person = labelled[-2]
    assert person["record_label"] == "援疆干部人才"
    assert {c["label"] for c in person["changes"]} == {"职称", "身份证号", "手机号"}


@pytest.mark.parametrize("username", ["hq", "hospital_hr", "auditor"])
def test_the_api_masks_for_everyone_including_hq_and_logs_nothing(api, doctor, username):
    response = api(username).get(f"/people/{doctor.pk}/history")
    assert response.status_code == 200
    body = response.json_body
    assert len(body) == 4 and plain_values_in(body) == set()
    assert body[-2]["changes"][-1] == {
        "field": "phone",
        "before": "139****5678",
        "after": "138****1111",
    }
    assert not SensitiveAccess.objects.exists()


def test_the_api_is_scoped_like_the_person(api, make_person, users):
    unposted = make_person(by=users["hospital_hr"], name="未派驻医生")  # seen by HQ and own HR
    for username in ("hq", "hospital_hr"):
        assert api(username).get(f"/people/{unposted.pk}/history").status_code == 200
    # City groups that do not see them, and the public (which sees no one): 404 like the
    # person's other routes, saying nothing of whether they exist.
    for username in ("zhenjiang", "suzhou", "public"):
        assert api(username).get(f"/people/{unposted.pk}/history").status_code == 404, username
        assert api(username).get(f"/people/{unposted.pk}").status_code == 404, username
    assert api(None).get(f"/people/{unposted.pk}/history").status_code == 401
    assert api("hq").get("/people/999999/history").status_code == 404


def test_a_recipient_sees_the_history_of_its_own_postings_only(api, doctor):
    kokdala = api("kokdala")  # 可克达拉市: the first posting only
    visible = [p["id"] for p in kokdala.get(f"/people/{doctor.pk}/postings").json_body]
    assert len(visible) == 1
    body = kokdala.get(f"/people/{doctor.pk}/history").json_body
    assert {e["record_id"] for e in body if e["record"] == "posting"} == set(visible)
    assert len(api("hq").get(f"/people/{doctor.pk}/history").json_body) == 4


def test_the_project_history_is_unchanged(make_project, pairing, users):
    project = make_project(pairing("zhenjiang-kokdala"), title="旧标题")
    project_update(by=users["hq"], project=project, title="新标题", expected_version=1)
    milestone = milestone_add(by=None, project=project, title="开工", planned_date="2026-05-01")
    entries = project_history(project)
    assert [(e["record"], e["action"]) for e in entries] == [
        ("milestone", "created"),
        ("project", "updated"),
        ("project", "created"),
    ]
    assert {k: v for k, v in entries[1].items() if k != "at"} == {
        "record": "project",
        "record_id": project.pk,
        "by": "hq",
        "channel": "command",
        "action": "updated",
        "changes": [{"field": "title", "before": "旧标题", "after": "新标题"}],
    }
    assert entries[0]["record_id"] == milestone.pk
    assert {"field": "project", "before": None, "after": str(project.pk)} in entries[0]["changes"]
    labelled = project_labels(entries)
    assert "project" not in {c["field"] for c in labelled[0]["changes"]}
    assert labelled[1]["changes"][0]["label"] == "项目名称"
