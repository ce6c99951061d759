import pytest

from duikou.projects.models import Project

pytestmark = pytest.mark.django_db

SCHOOL = "JSYJ-YL-002"


def test_lists_are_paginated_with_items_and_count(api):
    body = api("hq").get("/projects?limit=5&offset=0").json_body
    assert set(body) == {"items", "count"}
    assert len(body["items"]) == 5 and body["count"] == Project.objects.count()
    rest = api("hq").get(f"/projects?limit=5&offset={body['count'] - 2}").json_body["items"]
    assert len(rest) == 2


def test_filters_and_search(api):
    hq = api("hq")

    def codes(query: str) -> set[str]:
        return {p["code"] for p in hq.get(f"/projects?limit=100&{query}").json_body["items"]}

    kizilsu = codes("region=653000")
    assert kizilsu and all(code.startswith("JSYJ-KZ") for code in kizilsu)
    assert codes("region=659008") == {SCHOOL}
    assert codes("q=镇江高级") == {SCHOOL}
    assert codes("q=yl-002") == {SCHOOL}
    assert codes("category=education") == {SCHOOL}
    assert "JSYJ-KZ-004" in codes("category=industry")  # a child category counts
    assert codes("status=reserve") == {"JSYJ-KZ-011"}
    assert codes("delivery_mode=know_how") >= {"JSYJ-KZ-001", "JSYJ-YL-003"}
    assert SCHOOL in codes("year=2017") and SCHOOL not in codes("year=2026")


def test_pairing_filter_takes_sub_pairings(api, pairing):
    kizilsu = pairing("kz")
    codes = {
        p["code"]
        for p in api("hq").get(f"/projects?limit=100&pairing={kizilsu.pk}").json_body["items"]
    }
    assert "JSYJ-KZ-004" in codes  # 苏州 → 阿图什 is a sub-pairing of Kizilsu
    assert not any(code.startswith("JSYJ-YL") for code in codes)


def test_sorting(api):
    items = api("hq").get("/projects?limit=3&sort=-total_investment").json_body["items"]
    assert items[0]["code"] == SCHOOL
    assert items[0]["total_investment"] == "246000000.00"
    bad = api("hq").get("/projects?sort=colour")
    assert bad.status_code == 422
    assert bad.json_body["errors"][0]["field"] == "sort"


def test_project_detail_has_etag_and_money(api, project_id):
    response = api("zhenjiang").get(f"/projects/{project_id(SCHOOL)}")
    assert response.status_code == 200
    assert response["ETag"] == f'"v{Project.objects.get(code=SCHOOL).version}"'
    body = response.json_body
    assert body["regions"] == [{"code": "659008", "name": "可克达拉市", "share": "100.00"}]
    assert body["planned"] == "246000000.00"


def test_create_project_and_its_records(api, pairing):
    client = api("zhenjiang")
    response = client.post(
        "/projects",
        {
            "code": "ZJ-2027-01",
            "title": "可克达拉市职业技能实训中心",
            "category": "vocational-training",
            "pairing": pairing("zhenjiang-kokdala").pk,
            "implementation_level": "county",
            "delivery_mode": "turnkey",
            "regions": [{"code": "659008", "share": 100}],
            "total_investment": "1200000.50",
        },
    )
    assert response.status_code == 201, response.json_body
    project = response.json_body
    assert project["total_investment"] == "1200000.50" and response["ETag"] == '"v1"'

    line = client.post(
        f"/projects/{project['id']}/budget-lines", {"year": 2027, "amount": "800000"}
    )
    assert line.status_code == 201 and line.json_body["amount"] == "800000.00"
    move = client.post(
        f"/projects/{project['id']}/transactions",
        {"kind": "in_place", "date": "2026-11-01", "amount": "300000"},
    )
    assert move.status_code == 201
    stage = client.post(
        f"/projects/{project['id']}/stage-events", {"stage": "preparation", "date": "2026-11-02"}
    )
    assert stage.status_code == 201
    detail = client.get(f"/projects/{project['id']}").json_body
    assert (detail["planned"], detail["in_place"], detail["stage"]) == (
        "800000.00",
        "300000.00",
        "preparation",
    )


def test_validation_errors_name_the_field(api, pairing):
    response = api("zhenjiang").post(
        "/projects",
        {
            "code": "ZJ-BAD",
            "title": "x",
            "category": "education",
            "pairing": pairing("zhenjiang-kokdala").pk,
            "implementation_level": "county",
            "delivery_mode": "turnkey",
            "regions": [{"code": "659008", "share": 60}],
        },
    )
    assert response.status_code == 422
    assert response.json_body["detail"]
    assert response.json_body["errors"][0]["field"] == "regions"
    assert not Project.objects.filter(code="ZJ-BAD").exists()


def test_schema_errors_have_the_same_shape(api, project_id):
    response = api("zhenjiang").post(
        f"/projects/{project_id(SCHOOL)}/transactions",
        {"kind": "in_place", "date": "not a date", "amount": "1"},
    )
    assert response.status_code == 422
    assert response.json_body["errors"][0]["field"] == "date"


def test_negative_amount_is_refused(api, project_id):
    response = api("zhenjiang").post(
        f"/projects/{project_id(SCHOOL)}/budget-lines", {"year": 2026, "amount": "-5"}
    )
    assert response.status_code == 422
    assert response.json_body["errors"] == [{"field": "amount", "message": "金额不能为负数。"}]


def test_unknown_project_is_404_with_json(api):
    response = api("hq").get("/projects/999999")
    assert response.status_code == 404
    assert response.json_body == {"detail": "未找到该记录。", "errors": []}


def test_no_credentials_is_401(api):
    response = api(None).get("/projects")
    assert response.status_code == 401
    assert set(response.json_body) == {"detail", "errors"}


def test_read_only_token_cannot_write(api, project_id):
    client = api("zhenjiang", write=False)
    etag = client.get(f"/projects/{project_id(SCHOOL)}")["ETag"]
    response = client.patch(
        f"/projects/{project_id(SCHOOL)}", {"title": "改"}, **{"If-Match": etag}
    )
    assert response.status_code == 403
    assert Project.objects.get(code=SCHOOL).title == "可克达拉市镇江高级中学"


def test_patch_needs_if_match_and_refuses_stale_versions(api, project_id):
    client = api("zhenjiang")
    url = f"/projects/{project_id(SCHOOL)}"
    read = client.get(url)["ETag"]
    assert client.patch(url, {"title": "新名称"}).status_code == 428
    ok = client.patch(url, {"title": "新名称"}, **{"If-Match": read})
    assert ok.status_code == 200 and ok["ETag"] != read
    stale = client.patch(url, {"title": "另一个名称"}, **{"If-Match": read})
    assert stale.status_code == 412
    assert "zhenjiang" in stale.json_body["detail"] or "镇江" in stale.json_body["detail"]
    assert Project.objects.get(code=SCHOOL).title == "新名称"
    assert client.patch(url, {"title": "x"}, **{"If-Match": "garbage"}).status_code == 422


def test_history_says_who_when_through_what_before_and_after(api, project_id):
    client = api("zhenjiang")
    url = f"/projects/{project_id(SCHOOL)}"
    client.patch(url, {"title": "新名称"}, **{"If-Match": client.get(url)["ETag"]})
    history = client.get(f"{url}/history").json_body
    latest = history[0]
    assert (latest["record"], latest["by"], latest["channel"], latest["action"]) == (
        "project",
        "zhenjiang",
        "api",
        "updated",
    )
    assert {"field": "title", "before": "可克达拉市镇江高级中学", "after": "新名称"} in latest[
        "changes"
    ]
    created = [e for e in history if e["record"] == "project" and e["action"] == "created"]
    assert created and created[0]["channel"] == "command"  # the demo loader


def test_delete_is_soft_and_restorable(api, project_id):
    client = api("zhenjiang")
    pk = project_id(SCHOOL)
    assert client.delete(f"/projects/{pk}").status_code == 428
    etag = client.get(f"/projects/{pk}")["ETag"]
    assert client.delete(f"/projects/{pk}", **{"If-Match": etag}).status_code == 204
    assert client.get(f"/projects/{pk}").status_code == 404
    assert SCHOOL not in {p["code"] for p in client.get("/projects?limit=500").json_body["items"]}
    assert Project.all_objects.filter(code=SCHOOL).exists()
    restored = client.post(f"/projects/{pk}/restore")
    assert restored.status_code == 200 and restored.json_body["code"] == SCHOOL
    actions = [
        e["action"]
        for e in client.get(f"/projects/{pk}/history").json_body
        if e["record"] == "project"
    ]
    assert actions[:2] == ["restored", "deleted"]


def test_record_endpoints_use_versions_too(api, project_id):
    client = api("zhenjiang")
    pk = project_id(SCHOOL)
    line = client.get(f"/projects/{pk}/budget-lines").json_body[0]
    url = f"/projects/{pk}/budget-lines/{line['id']}"
    assert client.patch(url, {"amount": "1"}).status_code == 428
    changed = client.patch(url, {"amount": "1"}, **{"If-Match": f'"v{line["version"]}"'})
    assert changed.status_code == 200 and changed.json_body["amount"] == "1.00"
    assert client.delete(url, **{"If-Match": f'"v{line["version"]}"'}).status_code == 412
    assert client.delete(url, **{"If-Match": changed["ETag"]}).status_code == 204
    assert client.get(url).status_code == 404
    restored = client.post(f"{url}/restore")
    assert restored.status_code == 200 and restored.json_body["amount"] == "1.00"
    assert client.get(url).status_code == 200


def test_compliance_endpoint(api, pairing):
    body = api("hq").get(f"/compliance?pairing={pairing('kz').pk}&year=2026").json_body
    assert body["year"] == 2026 and body["livelihood_threshold"] == "80.00"
    assert body["livelihood_planned"]["share"] is not None
    assert isinstance(body["meets_two_80"], bool)
    assert api("hq").get("/compliance?year=1800").status_code == 422


def test_statistics_endpoint(api):
    body = api("hq").get("/statistics?region_level=prefecture").json_body
    regions = {row["region"]: row for row in body["by_region"]}
    assert regions["659008"]["planned"] == "246000000.00"
    assert {row["year"] for row in body["by_year"]} >= {2016, 2026}
    assert body["projects"] == Project.objects.count()
    assert api("hq").get("/statistics?region_level=planet").status_code == 422
