"""For every endpoint: a unit's token can neither read nor write another unit's objects.

The objects belong to 苏州 (its pairing with 阿图什市 and the 苏宁易购 store project); the
tokens are 镇江's and 可克达拉市's. Out-of-scope objects answer 404 (their existence is not
revealed); operations only HQ may do answer 403.
"""

import pytest

from duikou.api import api as ninja_api
from duikou.partners.models import Organisation
from duikou.people.models import CareRecord, MentoringPair, Person, Posting, Team
from duikou.people.services import care_record_add
from duikou.planning.models import Candidate, Scenario, Synergy
from duikou.projects.models import BudgetLine, Milestone, Project, Transaction
from duikou.projects.services import milestone_add
from duikou.results.models import DataValue
from duikou.results.services import value_save

pytestmark = pytest.mark.django_db

SUZHOU_PROJECT = "JSYJ-KZ-004"
ETAG = {"If-Match": '"v1"'}


@pytest.fixture
def suzhou(pairing):
    project = Project.objects.get(code=SUZHOU_PROJECT)
    milestone = milestone_add(by=None, project=project, title="试运营", planned_date="2018-05-01")
    # 苏州's cadre at 阿图什市, and the group-style medical team at 克州人民医院 (the front
    # command's): neither 镇江 nor 可克达拉市 sees them.
    cadre = Person.objects.get(name="干部07")
    care = care_record_add(
        by=None, person=cadre, date="2026-10-01", kind="visit", description="慰问"
    )
    team = Team.objects.get(recipient_organisation__name="克州人民医院心血管内科")
    trainees = value_save(
        by=None,
        element="trainees",
        period="2026",
        region="653001",
        project=project,
        kind="actual",
        value=120,
    )
    return {
        "value": trainees.pk,
        "person": cadre.pk,
        "posting": cadre.postings.last().pk,
        "team": team.pk,
        "mentoring": MentoringPair.objects.filter(mentor__postings__team=team).first().pk,
        "care": care.pk,
        "project": project.pk,
        "pairing": pairing("suzhou-atushi").pk,
        "organisation": Organisation.objects.get(name="苏州市援疆工作组").pk,
        "budget-lines": project.budget_lines.first().pk,
        "transactions": project.transactions.first().pk,
        "milestones": milestone.pk,
        # 苏州's reserve project at 阿图什市, its synergy, and the Kizilsu front command's plan
        "candidate": Candidate.objects.get(code="KZ27-01").pk,
        "synergy": Synergy.objects.get(first__code="KZ27-01").pk,
        "scenario": Scenario.objects.get(code="kz-2027-2028").pk,
        "other_scenario": Scenario.objects.get(code="yl-2027-2028").pk,
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
        **people_operations(s),
        **results_operations(s),
        **planning_operations(s),
    }


def planning_operations(s: dict) -> dict:
    candidate, scenario = (
        f"/planning/candidates/{s['candidate']}",
        f"/planning/scenarios/{s['scenario']}",
    )
    route = "/planning/scenarios/{scenario_id}"
    compare = f"/planning/compare?scenario={s['scenario']}&scenario={s['other_scenario']}"
    return {
        ("GET", "/planning/candidates/{candidate_id}"): (candidate, None, 404),
        ("PATCH", "/planning/candidates/{candidate_id}"): (candidate, {"title": "x"}, 404),
        ("DELETE", "/planning/candidates/{candidate_id}"): (candidate, None, 404),
        ("POST", "/planning/candidates"): (
            "/planning/candidates",
            {
                "code": "X-1",
                "title": "x",
                "pairing": s["pairing"],
                "category": "education",
                "region": "653001",
                "costs": [1],
            },
            422,
        ),
        ("PUT", "/planning/synergies"): (
            "/planning/synergies",
            {"first": "KZ27-01", "second": "KZ27-03", "bonus": 0},
            422,
        ),
        ("POST", "/planning/scenarios"): (
            "/planning/scenarios",
            {
                "code": "x",
                "name": "x",
                "pairing": s["pairing"],
                "first_year": 2027,
                "budgets": {"2027": 1},
            },
            422,
        ),
        ("GET", route): (scenario, None, 404),
        ("PATCH", route): (scenario, {"name": "x"}, 404),
        ("DELETE", route): (scenario, None, 404),
        ("POST", f"{route}/copy"): (f"{scenario}/copy", {"code": "y", "name": "y"}, 404),
        ("POST", f"{route}/solve"): (f"{scenario}/solve", None, 404),
        ("GET", f"{route}/result"): (f"{scenario}/result", None, 404),
        ("POST", f"{route}/adopt"): (f"{scenario}/adopt", None, 404),
        ("GET", "/planning/compare"): (compare, None, 404),
    }


def results_operations(s: dict) -> dict:
    value = f"/results/values/{s['value']}"
    reason = {"reason": "x"}
    return {
        ("GET", "/results/values/{value_id}"): (value, None, 404),
        ("DELETE", "/results/values/{value_id}"): (value, None, 404),
        ("POST", "/results/values/{value_id}/submit"): (f"{value}/submit", None, 404),
        ("POST", "/results/values/{value_id}/approve"): (f"{value}/approve", None, 404),
        ("POST", "/results/values/{value_id}/return"): (f"{value}/return", reason, 404),
        ("POST", "/results/values/{value_id}/reopen"): (f"{value}/reopen", reason, 404),
        ("PUT", "/results/values"): (
            "/results/values",
            {
                "element": "trainees",
                "period": "2026",
                "region": "653001",
                "project": s["project"],
                "kind": "actual",
                "value": "1",
            },
            422,
        ),
        # The shared library: anyone entering results may add to it, the built-in part is HQ's.
        ("POST", "/results/elements"): (
            "/results/elements",
            {"code": "trainees", "name": "x"},
            422,
        ),
        ("PATCH", "/results/elements/{code}"): ("/results/elements/trainees", {"name": "x"}, 403),
        ("POST", "/results/indicators"): (
            "/results/indicators",
            {"code": "referral_out_rate", "name": "x", "numerator": "#{trainees}"},
            422,
        ),
        ("PATCH", "/results/indicators/{code}"): (
            "/results/indicators/referral_out_rate",
            {"name": "x"},
            403,
        ),
    }


def people_operations(s: dict) -> dict:
    person, posting = f"/people/{s['person']}", f"/people/postings/{s['posting']}"
    return {
        ("POST", "/people"): (
            "/people",
            {
                "name": "x",
                "gender": "male",
                "birth_date": "1980-01-01",
                "education": "master",
                "dispatching_unit": s["organisation"],
            },
            422,
        ),
        ("GET", "/people/{person_id}"): (f"{person}?reveal=true", None, 404),
        ("PATCH", "/people/{person_id}"): (person, {"name": "x"}, 404),
        ("GET", "/people/{person_id}/postings"): (f"{person}/postings", None, 404),
        ("GET", "/people/{person_id}/history"): (f"{person}/history", None, 404),
        ("POST", "/people/postings"): (
            "/people/postings",
            {
                "person": s["person"],
                "category": "cadre",
                "region": "653001",
                "position": "x",
                "start_date": "2030-01-01",
            },
            404,
        ),
        ("PATCH", "/people/postings/{posting_id}"): (posting, {"position": "x"}, 404),
        ("POST", "/people/postings/{posting_id}/extension"): (
            f"{posting}/extension",
            {"end_date": "2030-01-01", "reason": "x"},
            404,
        ),
        ("POST", "/people/batches"): (
            "/people/batches",
            {"number": 99, "start_year": 2030, "end_year": 2032},
            403,
        ),
        ("POST", "/people/teams"): (
            "/people/teams",
            {
                "name": "x",
                "kind": "medical",
                "supporter": s["organisation"],
                "recipient_organisation": s["organisation"],
                "pairing": s["pairing"],
                "start_date": "2026-01-01",
            },
            404,
        ),
        ("GET", "/people/teams/{team_id}/members"): (
            f"/people/teams/{s['team']}/members",
            None,
            404,
        ),
        ("POST", "/people/mentoring-pairs"): (
            "/people/mentoring-pairs",
            {"mentor": s["person"], "apprentice_name": "x", "start_date": "2026-01-01"},
            404,
        ),
        ("POST", "/people/care-records"): (
            "/people/care-records",
            {"person": s["person"], "date": "2026-01-01", "kind": "visit", "description": "x"},
            404,
        ),
    }


# Field named by a 422 answer.
FIELD_OF_422 = {
    ("POST", "/projects"): "pairing",
    ("POST", "/people"): "dispatching_unit",
    ("PUT", "/results/values"): "project",
    ("POST", "/results/elements"): "code",
    ("POST", "/results/indicators"): "code",
    ("POST", "/planning/candidates"): "pairing",
    ("PUT", "/planning/synergies"): "first",
    ("POST", "/planning/scenarios"): "pairing",
}
# Counts and spreadsheets over what the user sees: checked one by one in
# test_people_aggregates_leave_out_other_units_people.
AGGREGATES = {
    ("GET", "/people/on-duty"),
    ("GET", "/people/batches/{batch_id}/statistics"),
    ("GET", "/people/roster.xlsx"),
    ("POST", "/people/roster-import"),
    ("GET", "/results/rollup"),
    ("GET", "/results/by-region"),
    ("GET", "/results/indicator"),
    ("GET", "/results/series"),
    ("GET", "/results/ranking"),
    # the reserve's spreadsheet: tests/planning/test_spreadsheet.py (another unit's export is
    # empty, its upload into 苏州's pairing a 422 on pairing)
    ("GET", "/planning/candidates.xlsx"),
    ("POST", "/planning/candidates-import"),
    # the IATI export of the projects the user sees: tests/exchange/test_export_api.py (a
    # unit's export holds its projects only, the public's none in reserve)
    ("GET", "/iati/activities.xml"),
}


# Lists of scoped objects: the unit's list must not contain 苏州's object.
LISTS = {
    ("GET", "/projects"): ("/projects?limit=500", "id", "project"),
    ("GET", "/pairings"): ("/pairings?limit=500", "id", "pairing"),
    ("GET", "/organisations"): ("/organisations?limit=500", "id", "organisation"),
    ("GET", "/people"): ("/people?limit=500", "id", "person"),
    ("GET", "/people/postings"): ("/people/postings?limit=500", "id", "posting"),
    ("GET", "/people/term-ends"): (
        "/people/term-ends?within_days=3650&today=2026-01-01&limit=500",
        "id",
        "posting",
    ),
    ("GET", "/people/teams"): ("/people/teams?limit=500", "id", "team"),
    ("GET", "/people/mentoring-pairs"): ("/people/mentoring-pairs?limit=500", "id", "mentoring"),
    ("GET", "/people/care-records"): ("/people/care-records?limit=500", "id", "care"),
    ("GET", "/results/values"): ("/results/values?limit=500", "id", "value"),
    ("GET", "/planning/candidates"): ("/planning/candidates?limit=500", "id", "candidate"),
    ("GET", "/planning/synergies"): ("/planning/synergies?limit=500", "id", "synergy"),
    ("GET", "/planning/scenarios"): ("/planning/scenarios?limit=500", "id", "scenario"),
}
# Shared reference data every user reads: the region tree and the category taxonomy; and the
# health check.
SHARED = {
    ("GET", "/health"),
    ("GET", "/regions"),
    ("GET", "/regions/{code}"),
    ("GET", "/regions/{code}/children"),
    ("GET", "/categories"),
    ("GET", "/people/batches"),
    ("GET", "/people/roster-template.xlsx"),
    ("GET", "/results/elements"),
    ("GET", "/results/indicators"),
    ("GET", "/planning/candidates-template.xlsx"),
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
        "people": list(Person.all_objects.values_list("pk", "version")),
        "postings": list(Posting.all_objects.values_list("pk", "version")),
        "teams": Team.all_objects.count(),
        "mentoring": MentoringPair.all_objects.count(),
        "care": CareRecord.all_objects.count(),
        "values": list(DataValue.all_objects.values_list("pk", "version", "status")),
        "candidates": list(Candidate.all_objects.values_list("pk", "version")),
        "synergies": list(Synergy.objects.values_list("pk", "bonus")),
        "scenarios": list(Scenario.all_objects.values_list("pk", "version", "status")),
    }


def test_every_endpoint_is_covered(suzhou):
    covered = set(operations(suzhou)) | set(LISTS) | SHARED | AGGREGATES
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
            assert response.json_body["errors"][0]["field"] == FIELD_OF_422[(method, route)]
    for url, key, name in LISTS.values():
        ids = {item[key] for item in client.get(url).json_body["items"]}
        assert suzhou[name] not in ids, url
    assert snapshot() == before


def test_hq_reaches_the_same_objects(api, suzhou):
    client = api("hq")
    for (method, route), (url, _body, _expected) in operations(suzhou).items():
        if method == "GET":
            assert client.get(url).status_code == 200, route


@pytest.mark.parametrize("username", ["zhenjiang", "kokdala"])
def test_people_aggregates_leave_out_other_units_people(api, users, suzhou, username):
    """Counts, statistics and rosters count only the people the user sees; an import cannot
    touch another unit's person."""
    from io import BytesIO

    from django.test import Client
    from openpyxl import load_workbook

    from duikou.people.models import Batch
    from duikou.people.roster import roster_workbook
    from duikou.people.selectors import posting_list

    client, hq = api(username), api("hq")
    on_duty = "/people/on-duty?region=653001&date=2026-06-01"
    assert hq.get(on_duty).json_body["count"] > 0
    assert client.get(on_duty).json_body["count"] == 0
    batch = Batch.objects.get(number=13).pk
    stats = f"/people/batches/{batch}/statistics"
    assert client.get(stats).json_body["size"] < hq.get(stats).json_body["size"]
    roster = client.client.get("/api/v1/people/roster.xlsx?region=653001", headers=client.headers)
    assert roster.status_code == 200
    assert list(load_workbook(BytesIO(roster.content)).active.iter_rows(min_row=2)) == []

    before = snapshot()
    cadre = Posting.objects.filter(pk=suzhou["posting"])
    exported = roster_workbook(posting_list(cadre), user=users["hq"], reveal=True)
    upload = Client(headers=client.headers).post(
        "/api/v1/people/roster-import",
        {"file": BytesIO(exported), "valid_rows_only": "true"},
    )
    assert upload.status_code == 200
    assert upload.json()["imported"] is False and upload.json()["errors"]
    assert snapshot() == before


@pytest.mark.parametrize("username", ["zhenjiang", "kokdala"])
def test_results_aggregates_leave_out_other_units_values(api, suzhou, username):
    """Roll-ups, the map, indicators, series and rankings count only the values the user
    sees: 苏州's trainees at 阿图什市 are not 镇江's or 可克达拉市's."""
    client, hq = api(username), api("hq")
    for url, read in [
        ("/results/rollup?element=trainees&period=2026&region=653001", lambda b: b["value"]),
        (
            "/results/by-region?element=trainees&period=2026&region=653000",
            lambda b: b["items"][0]["value"],
        ),
        ("/results/series?element=trainees&periods=2026&region=653001", lambda b: b[0]["actual"]),
        ("/results/ranking?element=trainees&period=2026", lambda b: b),
    ]:
        assert read(hq.get(url).json_body), url
        assert not read(client.get(url).json_body), url
