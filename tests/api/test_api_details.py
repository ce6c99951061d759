"""Behaviour found by reviewing the API: each case once broke or surprised."""

import pytest

from duikou.projects.models import Project, Stage
from duikou.projects.services import budget_line_set, category_create, threshold_set

pytestmark = pytest.mark.django_db

SCHOOL = "JSYJ-YL-002"


def test_null_for_a_text_field_empties_it(api, project_id):
    client = api("zhenjiang")
    url = f"/projects/{project_id(SCHOOL)}"
    response = client.patch(url, {"description": None}, **{"If-Match": client.get(url)["ETag"]})
    assert response.status_code == 200 and response.json_body["description"] == ""


def test_a_unit_cannot_step_past_acceptance(api, project_id):
    client = api("suzhou")
    pk = project_id("JSYJ-YL-004")  # under construction
    for stage in ("completed",):
        assert (
            client.post(
                f"/projects/{pk}/stage-events", {"stage": stage, "date": "2026-11-01"}
            ).status_code
            == 201
        )
    refused = client.post(
        f"/projects/{pk}/stage-events", {"stage": "handed_over", "date": "2026-11-02"}
    )
    assert refused.status_code == 422 and refused.json_body["errors"][0]["field"] == "stage"
    assert Project.objects.get(pk=pk).stage == Stage.COMPLETED


def test_adding_an_existing_budget_line_does_not_overwrite_it(api, project_id):
    client = api("zhenjiang")
    pk = project_id(SCHOOL)
    response = client.post(f"/projects/{pk}/budget-lines", {"year": 2017, "amount": "1"})
    assert response.status_code == 422 and response.json_body["errors"][0]["field"] == "year"
    amounts = (
        Project.objects.get(pk=pk).budget_lines.filter(year=2017).values_list("amount", flat=True)
    )
    assert list(amounts) == [110_000_000]


def test_django_errors_under_api_are_json_too(api):
    client = api("hq")
    missing = client.get("/no-such-thing")
    assert missing.status_code == 404 and set(missing.json_body) == {"detail", "errors"}
    wrong_method = client.request("PUT", "/projects", {})
    assert wrong_method.status_code == 405 and wrong_method.json_body["detail"]
    unauthenticated = api(None).get("/projects")
    assert unauthenticated["WWW-Authenticate"].startswith("Bearer")


def test_the_public_cannot_read_who_changed_what(api, project_id):
    response = api("public").get(f"/projects/{project_id(SCHOOL)}/history")
    assert response.status_code == 403


def test_sorting_by_stage_follows_the_lifecycle(api):
    items = api("hq").get("/projects?limit=500&sort=stage").json_body["items"]
    positions = [Stage.values.index(item["stage"]) for item in items]
    assert positions == sorted(positions) and items[0]["stage"] == "reserve"


def test_category_filter_takes_every_level_below(api, pairing, make_project):
    category_create(
        by=None,
        code="rural-homestay",
        name="民宿",
        parent=__import__("duikou.projects.models", fromlist=["Category"]).Category.objects.get(
            code="village-tourism"
        ),
    )
    project = make_project(pairing("yl"), category="rural-homestay")
    codes = {
        p["code"] for p in api("hq").get("/projects?limit=500&category=industry").json_body["items"]
    }
    assert project.code in codes  # industry → village tourism → homestays


def test_banned_projects_are_those_funded_in_the_year(api, pairing, make_project):
    from duikou.projects.models import Category

    category_create(
        by=None, code="offices", name="办公楼", parent=Category.objects.get(code="office-buildings")
    )
    office = make_project(pairing("yl"), category="offices")
    budget_line_set(by=None, project=office, year=2025, amount="100")
    threshold_set(by=None, year=2025, livelihood_min_share=80, grassroots_min_share=80)
    client = api("hq")
    assert client.get("/compliance?year=2025").json_body["banned_projects"] == [office.code]
    assert client.get("/compliance?year=2024").json_body["banned_projects"] == []


def test_history_of_a_deletion_shows_when_and_by_whom(api, project_id, users):
    client = api("zhenjiang")
    url = f"/projects/{project_id(SCHOOL)}"
    client.delete(url, **{"If-Match": client.get(url)["ETag"]})
    deleted = client.get(f"{url}/history").json_body[0]
    assert deleted["action"] == "deleted"
    fields = {change["field"]: change for change in deleted["changes"]}
    assert fields["deleted_by"]["after"] == str(users["zhenjiang"].pk)
    assert fields["deleted_at"]["before"] is None


def test_api_messages_follow_accept_language(api):
    client = api("hq")
    english = client.get("/projects/999999", **{"Accept-Language": "en"})
    assert (
        english.json_body["detail"] == "Record not found."
        or english.json_body["detail"] != "未找到该记录。"
    )
    assert client.get("/projects/999999").json_body["detail"] == "未找到该记录。"


def test_a_nul_character_is_refused_not_a_server_error(api):
    client = api("hq")
    created = client.post(
        "/organisations", {"name": "某\u0000单位", "kind": "other", "region": "320500"}
    )
    assert created.status_code == 422
    assert created.json_body["errors"][0]["message"] == "文本中不能含有空字符(U+0000)。"
    assert client.get("/planning/candidates?q=%00").status_code == 422
    assert client.get("/planning/candidates?q=KZ27").status_code == 200
