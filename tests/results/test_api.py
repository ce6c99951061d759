"""The results API: entering a value, its approval with versions, and the questions."""

import pytest

from duikou.projects.models import Project

pytestmark = pytest.mark.django_db
SCHOOL = "JSYJ-YL-002"


def students(value, **changes) -> dict:
    return {
        "element": "teachers_trained",
        "period": "2026",
        "region": "659008",
        "project": Project.objects.get(code=SCHOOL).pk,
        "kind": "actual",
        "value": value,
    } | changes


def test_enter_submit_approve_and_read_the_rollup(api):
    zhenjiang, kokdala = api("zhenjiang"), api("kokdala")
    created = zhenjiang.request("PUT", "/results/values", students(140))
    assert created.status_code == 201 and created["ETag"] == '"v1"'
    value = created.json_body
    assert (value["status"], value["follow_up"], value["region_name"]) == (
        "entered",
        False,
        "可克达拉市",
    )
    same = zhenjiang.request("PUT", "/results/values", students(140))
    assert same.status_code == 200 and same["ETag"] == '"v1"'  # nothing changed

    url = f"/results/values/{value['id']}"
    assert zhenjiang.post(f"{url}/submit", **{"If-Match": '"v1"'}).json_body["status"] == (
        "submitted"
    )
    stale = kokdala.post(f"{url}/approve", **{"If-Match": '"v1"'})
    assert stale.status_code == 412
    assert kokdala.post(f"{url}/approve").json_body["status"] == "approved"
    locked = zhenjiang.request("PUT", "/results/values", students(150))
    assert locked.status_code == 403

    rollup = "/results/rollup?element=teachers_trained&period=2026&region=659008"
    body = zhenjiang.get(rollup + "&approved_only=true").json_body
    assert body["value"] == "140" and body["approved_only"] is True
    assert body["aggregation"] == "sum" and body["unit"] == "人次"

    reopened = kokdala.post(f"{url}/reopen", {"reason": "按培训签到表更正"})
    assert reopened.json_body["status"] == "entered"
    assert reopened.json_body["status_reason"] == "按培训签到表更正"
    assert zhenjiang.request("PUT", "/results/values", students(150)).status_code == 200


def test_bad_input_is_named(api):
    client = api("zhenjiang")
    for changes, field in [
        ({"period": "2026Q5"}, "period"),
        ({"value": -1}, "value"),
        ({"region": "999999"}, "region"),
        ({"element": "nope"}, "element"),
    ]:
        response = client.request("PUT", "/results/values", students(1) | changes)
        assert response.status_code == 422, changes
        assert response.json_body["errors"][0]["field"] == field
    response = client.get("/results/rollup?element=trainees&period=twenty")
    assert response.status_code == 422 and response.json_body["errors"][0]["field"] == "period"


def test_the_questions(api):
    client = api("hq")
    by_region = client.get("/results/by-region?element=tourists&period=2024").json_body
    ili = next(item for item in by_region["items"] if item["region"] == "654000")
    assert ili == {"region": "654000", "name": "伊犁哈萨克自治州", "value": "20700"}
    series = client.get(
        "/results/series?indicator=referral_out_rate&periods=2019,2024&region=653000"
    ).json_body
    assert [p["period"] for p in series] == ["2019", "2024"]
    assert series[0]["actual"] > series[1]["actual"]  # fewer patients referred out
    ranking = client.get("/results/ranking?element=trainees&period=2024").json_body
    assert ranking[0]["code"] == "JSYJ-KZ-004" and ranking[0]["achievement"] == "138.3"
    indicator = client.get("/results/indicator?indicator=spend_per_tourist&period=2024").json_body
    assert indicator["unit"] == "元/人次" and float(indicator["value"]) > 0
    both = client.get("/results/series?element=trainees&indicator=x&periods=2024")
    assert both.status_code == 422


def test_the_public_reads_approved_results_only(api):
    public = api("public")
    rollup = "/results/rollup?element=tourists&period=2025&region=654021"
    assert public.get(rollup).json_body["value"] is None  # 2025 is still being approved
    assert api("hq").get(rollup).json_body["value"] == "23400"
    listed = public.get("/results/values?limit=500").json_body["items"]
    assert listed and {item["status"] for item in listed} == {"approved"}


def test_a_put_without_comment_or_flag_keeps_them(api):
    client = api("zhenjiang")
    first = client.request(
        "PUT", "/results/values", students(140, comment="签到表", follow_up=True)
    )
    assert first.json_body["follow_up"] is True
    again = client.request("PUT", "/results/values", students(141)).json_body
    assert (again["comment"], again["follow_up"]) == ("签到表", True)
    cleared = client.request("PUT", "/results/values", students(141, follow_up=False)).json_body
    assert cleared["follow_up"] is False
