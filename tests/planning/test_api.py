"""The planning API: the reserve, a scenario solved in the background and read in words,
compared and adopted; bad input named by field."""

import pytest

from duikou.planning.models import Scenario

pytestmark = pytest.mark.django_db


def _candidate(pairing, **changes) -> dict:
    return {
        "code": "KZ27-50",
        "title": "阿图什市电商人才培训",
        "pairing": pairing("suzhou-atushi").pk,
        "category": "ecommerce",
        "region": "653001",
        "costs": ["200", "100"],
        "outcomes": {"trainees": "800", "jobs_created": "60"},
        "requires": [{"code": "KZ27-08", "lag": 0}],
    } | changes


def test_a_candidate_is_created_read_and_changed(api, pairing):
    client = api("suzhou")
    created = client.post("/planning/candidates", _candidate(pairing))
    assert created.status_code == 201 and created["ETag"] == '"v1"'
    body = created.json_body
    assert body["costs"] == ["200.00", "100.00"]
    assert body["outcomes"] == {"jobs_created": "60.0000", "trainees": "800.0000"}
    assert body["requires"] == [{"code": "KZ27-08", "lag": 0}]
    url = f"/planning/candidates/{body['id']}"
    changed = client.patch(url, {"costs": [250]}, **{"If-Match": '"v1"'})
    assert changed.status_code == 200 and changed.json_body["costs"] == ["250.00"]
    assert client.patch(url, {"costs": [300]}, **{"If-Match": '"v1"'}).status_code == 412
    listed = client.get(f"/planning/candidates?pairing={pairing('suzhou-atushi').pk}").json_body
    assert "KZ27-50" in [c["code"] for c in listed["items"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"costs": []}, "costs"),
        ({"outcomes": {"happiness": 1}}, "outcomes"),
        ({"category": "nope"}, "category"),
    ],
)
def test_a_bad_candidate_is_named(api, pairing, changes, field):
    answer = api("suzhou").post("/planning/candidates", _candidate(pairing, **changes))
    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json_body["errors"]]


def test_solve_read_compare_and_adopt(api):
    client = api("kezhou")
    kz = Scenario.objects.get(code="kz-2027-2028")
    queued = client.post(f"/planning/scenarios/{kz.pk}/solve")
    assert queued.status_code == 202
    result = client.get(f"/planning/scenarios/{kz.pk}/result").json_body
    assert result["status"] == "solved"
    rejected = {row["key"]: row["text"] for row in result["result"]["rejected"]}
    assert rejected["KZ27-02"].startswith("需要先安排 KZ27-01")
    rules = [row["text"] for row in result["result"]["compliance"]]
    assert "2027 年民生投入不低于 80.0 %" in rules

    copy = client.post(f"/planning/scenarios/{kz.pk}/copy", {"code": "kz-more", "name": "多一点"})
    assert copy.status_code == 201
    more = copy.json_body
    assert more["budgets"] == {"2027": "9000.00", "2028": "6000.00"}
    raised = client.patch(
        f"/planning/scenarios/{more['id']}",
        {"grassroots_min_share": 60},
        **{"If-Match": '"v1"'},
    )
    assert raised.status_code == 200 and raised.json_body["status"] == "draft"
    client.post(f"/planning/scenarios/{more['id']}/solve")
    compared = client.get(f"/planning/compare?scenario={kz.pk}&scenario={more['id']}").json_body
    assert [s["code"] for s in compared["scenarios"]] == ["kz-2027-2028", "kz-more"]
    assert compared["scenarios"][1]["value"] > compared["scenarios"][0]["value"]
    assert compared["differences"]  # a lower floor for the county level, other choices

    etag = client.get(f"/planning/scenarios/{kz.pk}")["ETag"]
    adopted = client.post(f"/planning/scenarios/{kz.pk}/adopt", **{"If-Match": etag})
    assert adopted.status_code == 200 and "KZ27-11" in adopted.json_body["projects"]


def test_a_scenario_without_a_budget_year_is_refused(api, pairing):
    answer = api("kezhou").post(
        "/planning/scenarios",
        {
            "code": "kz-2030",
            "name": "2030",
            "pairing": pairing("kz").pk,
            "first_year": 2030,
            "years": 2,
            "budgets": {"2030": 100},
        },
    )
    assert answer.status_code == 422
    assert answer.json_body["errors"] == [{"field": "budgets", "message": "请填写 2031 年的预算。"}]
    assert not Scenario.objects.filter(code="kz-2030").exists()


def test_the_public_sees_no_planning(api):
    assert api("public").get("/planning/scenarios").json_body["count"] == 0
    kz = Scenario.objects.get(code="kz-2027-2028")
    assert api("public").get(f"/planning/scenarios/{kz.pk}").status_code == 404
