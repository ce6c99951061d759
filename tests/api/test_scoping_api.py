"""For every endpoint: a unit's token can neither read nor write another unit's objects.

The objects belong to 苏州 (its pairing with 阿图什市 and the 苏宁易购 store project); the
tokens are 镇江's and 可克达拉市's. Out-of-scope objects answer 404 (their existence is not
revealed); operations only HQ may do answer 403.
"""

import pytest

from duikou.api import api as ninja_api
from duikou.partners.models import Organisation
from duikou.projects.models import BudgetLine, Milestone, Project, Transaction
from duikou.projects.services import milestone_add

pytestmark = pytest.mark.django_db

SUZHOU_PROJECT = "JSYJ-KZ-004"
ETAG = {"If-Match": '"v1"'}


@pytest.fixture
def suzhou(pairing):
    project = Project.objects.get(code=SUZHOU_PROJECT)
    milestone = milestone_add(by=None, project=project, title="试运营", planned_date="2018-05-01")
    return {
        "project": project.pk,
        "pairing": pairing("suzhou-atushi").pk,
        "organisation": Organisation.objects.get(name="苏州市援疆工作组").pk,
        "budget-lines": project.budget_lines.first().pk,
        "transactions": project.transactions.first().pk,
        "milestones": milestone.pk,
    }


def operations(s: dict) -> dict[tuple[str, str], tuple[str, dict | None, int]]:
    """(method, route) → (URL with 苏州's ids, body, expected status)."""
    p = f"/projects/{s['project']}"
    record_ops = {}
    for kind, body in (
        ("budget-lines", {"year": 2026, "amount": "1"}),
        ("transactions", {"kind": "in_place", "date": "2026-01-01", "amount": "1"}),
        ("milestones", {"title": "x", "planned_date": "2026-01-01"}),
    ):
        collection, item = f"{p}/{kind}", f"{p}/{kind}/{s[kind]}"
        route = f"/projects/{{project_id}}/{kind}"
        record_ops.update(
            {
                ("GET", route): (collection, None, 404),
                ("POST", route): (collection, body, 404),
                ("GET", f"{route}/{{record_id}}"): (item, None, 404),
                ("PATCH", f"{route}/{{record_id}}"): (item, body, 404),
                ("DELETE", f"{route}/{{record_id}}"): (item, None, 404),
                ("POST", f"{route}/{{record_id}}/restore"): (f"{item}/restore", None, 404),
            }
        )
    return {
        ("GET", "/organisations/{organisation_id}"): (
            f"/organisations/{s['organisation']}",
            None,
            404,
        ),
        ("PATCH", "/organisations/{organisation_id}"): (
            f"/organisations/{s['organisation']}",
            {"short_name": "x"},
            404,
        ),
        ("DELETE", "/organisations/{organisation_id}"): (
            f"/organisations/{s['organisation']}",
            None,
            404,
        ),
        ("POST", "/organisations"): (
            "/organisations",
            {"name": "某单位", "kind": "other", "region": "320500", "parent": s["organisation"]},
            404,
        ),
        ("GET", "/pairings/{pairing_id}"): (f"/pairings/{s['pairing']}", None, 404),
        ("PATCH", "/pairings/{pairing_id}"): (f"/pairings/{s['pairing']}", {"notes": "x"}, 404),
        ("DELETE", "/pairings/{pairing_id}"): (f"/pairings/{s['pairing']}", None, 404),
        ("POST", "/pairings"): (
            "/pairings",
            {
                "supporter": s["organisation"],
                "level": "district",
                "start_date": "2026-01-01",
                "recipient_region": "653001",
            },
            404,
        ),
        ("POST", "/projects"): (
            "/projects",
            {
                "code": "X-1",
                "title": "x",
                "category": "education",
                "pairing": s["pairing"],
                "implementation_level": "county",
                "delivery_mode": "turnkey",
                "regions": [{"code": "653001", "share": 100}],
            },
            422,
        ),
        ("GET", "/projects/{project_id}"): (p, None, 404),
        ("PATCH", "/projects/{project_id}"): (p, {"title": "x"}, 404),
        ("DELETE", "/projects/{project_id}"): (p, None, 404),
        ("POST", "/projects/{project_id}/restore"): (f"{p}/restore", None, 404),
        ("GET", "/projects/{project_id}/history"): (f"{p}/history", None, 404),
        ("GET", "/projects/{project_id}/stage-events"): (f"{p}/stage-events", None, 404),
        ("POST", "/projects/{project_id}/stage-events"): (
            f"{p}/stage-events",
            {"stage": "handed_over", "date": "2026-01-01"},
            404,
        ),
        ("POST", "/categories"): ("/categories", {"code": "x", "name": "某类"}, 403),
        ("PATCH", "/categories/{code}"): ("/categories/education", {"name": "某类"}, 403),
        ("GET", "/compliance"): (f"/compliance?year=2026&pairing={s['pairing']}", None, 404),
        ("GET", "/statistics"): (f"/statistics?pairing={s['pairing']}", None, 404),
        **record_ops,
    }


# Lists of scoped objects: the unit's list must not contain 苏州's object.
LISTS = {
    ("GET", "/projects"): ("/projects?limit=500", "id", "project"),
    ("GET", "/pairings"): ("/pairings?limit=500", "id", "pairing"),
    ("GET", "/organisations"): ("/organisations?limit=500", "id", "organisation"),
}
# Shared reference data every user reads: the region tree and the category taxonomy; and the
# health check.
SHARED = {
    ("GET", "/health"),
    ("GET", "/regions"),
    ("GET", "/regions/{code}"),
    ("GET", "/regions/{code}/children"),
    ("GET", "/categories"),
}


def api_routes() -> set[tuple[str, str]]:
    schema = ninja_api.get_openapi_schema()
    return {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, methods in schema["paths"].items()
        for method in methods
    }


def snapshot() -> dict:
    project = Project.all_objects.get(code=SUZHOU_PROJECT)
    return {
        "project": (project.version, project.title, project.stage, project.deleted_at),
        "pairing": project.pairing.version,
        "budget": list(
            BudgetLine.all_objects.filter(project=project).values_list(
                "version", "amount", "deleted_at"
            )
        ),
        "moves": list(
            Transaction.all_objects.filter(project=project).values_list(
                "version", "amount", "deleted_at"
            )
        ),
        "milestones": list(
            Milestone.all_objects.filter(project=project).values_list(
                "version", "title", "deleted_at"
            )
        ),
        "history": Project.history.filter(id=project.pk).count(),
        "organisation": Organisation.objects.get(name="苏州市援疆工作组").version,
    }


def test_every_endpoint_is_covered(suzhou):
    covered = set(operations(suzhou)) | set(LISTS) | SHARED
    assert api_routes() == covered, "a new endpoint needs its out-of-scope case here"


@pytest.mark.parametrize("username", ["zhenjiang", "kokdala"])
def test_no_endpoint_reaches_another_units_objects(api, suzhou, username):
    client = api(username)
    before = snapshot()
    for (method, route), (url, body, expected) in operations(suzhou).items():
        response = client.request(method, url, body, **ETAG)
        assert response.status_code == expected, (method, route, response.json_body)
        assert set(response.json_body) == {"detail", "errors"}, (method, route)
        if expected == 422:
            assert response.json_body["errors"][0]["field"] == "pairing"
    for url, key, name in LISTS.values():
        ids = {item[key] for item in client.get(url).json_body["items"]}
        assert suzhou[name] not in ids, url
    assert snapshot() == before


def test_hq_reaches_the_same_objects(api, suzhou):
    client = api("hq")
    for (method, route), (url, _body, _expected) in operations(suzhou).items():
        if method == "GET":
            assert client.get(url).status_code == 200, route
