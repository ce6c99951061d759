"""Every page makes the same number of SQL queries however much data there is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duikou.partners.models import Organisation
from duikou.people.models import Batch, Person, Team
from duikou.people.services import person_update, posting_create
from duikou.planning.models import Candidate, Scenario
from duikou.planning.runs import scenario_run
from duikou.planning.services import candidate_create, scenario_copy, scenario_update, synergy_set
from duikou.projects.models import Project
from duikou.projects.services import budget_line_add, project_advance_stage, transaction_record
from duikou.results.services import value_save

pytestmark = pytest.mark.django_db


def pages() -> list[str]:
    training = Project.objects.get(code="JSYJ-YL-007").pk  # Suzhou's, seen by both users
    group = Organisation.objects.get(name="苏州市援疆工作组").pk
    return [
        "/",
        "/?year=2025",
        "/projects/",
        "/projects/?region=654000&sort=-planned",
        f"/projects/{training}/",
        f"/projects/{training}/edit/",
        "/projects/new/",
        "/results/?element=trainees&period=2024",
        "/results/indicators/trainees_achievement/?period=2024",
        "/results/?element=poor_households_reached&period=十四五&region=654000",
        "/regions/650000/",
        "/regions/654000/",
        "/regions/654004/",
        "/regions/320500/",
        "/pairings/",
        "/pairings/?status=active",
        "/organisations/",
        f"/organisations/{group}/",
    ]


def more_data(pairing, make_project) -> None:
    """Five more projects of Suzhou in Khorgos and Gongliu, with money and a lifecycle."""
    today = datetime.date.today()
    for _ in range(5):
        project = make_project(pairing("suzhou-khorgos"), regions=[("654004", 50), ("654024", 50)])
        budget_line_add(by=None, project=project, year=today.year, amount="1000000")
        transaction_record(by=None, project=project, kind="in_place", date=today, amount="500")
        transaction_record(by=None, project=project, kind="expenditure", date=today, amount="5")
        project_advance_stage(by=None, project=project, stage="preparation", date=today)
        for kind, value in (("target", 100), ("actual", 90)):
            value_save(
                by=None,
                element="trainees",
                period="2024",
                region="654004",
                project=project,
                kind=kind,
                value=value,
            )


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("username", ["hq", "suzhou"])
def test_no_page_makes_more_queries_with_more_data(logged_in, pairing, make_project, username):
    client = logged_in(username)
    urls = pages()
    before = {url: count(client, url) for url in urls}
    more_data(pairing, make_project)
    after = {url: count(client, url) for url in urls}
    assert after == before
    assert max(before.values()) <= 50, before


def people_pages() -> list[str]:
    team = Team.objects.get(supporter__name="江苏省人民医院").pk
    doctor = Person.objects.filter(dispatching_unit__name="江苏省人民医院").first().pk
    batch = Batch.objects.get(number=13).pk
    return [
        "/people/",
        "/people/?on=&category=medical",
        "/people/?on=&reveal=on",
        "/people/export.xlsx?on=&reveal=on",
        "/people/term-ends/?as_of=2026-11-29",
        "/people/batches/",
        f"/people/batches/{batch}/",
        "/people/teams/",
        f"/people/teams/{team}/",
        f"/people/{doctor}/",
        f"/people/{doctor}/?reveal=1",
        "/people/import/",
    ]


def more_people(make_person) -> None:
    """Five more doctors of the hospital in its team at 克州人民医院, each with two postings
    and a few changes in their history."""
    team = Team.objects.get(supporter__name="江苏省人民医院")
    for index in range(5):
        person = make_person(name=f"加测{index}")
        person_update(by=None, person=person, phone=f"1380000{index:04d}")
        for start in ("2023-01-01", "2026-03-01"):
            posting_create(
                by=None,
                person=person,
                category="medical",
                region="653001",
                recipient_organisation=team.recipient_organisation,
                team=team,
                position=f"加测岗位{index}",
                start_date=start,
            )


@pytest.mark.parametrize("username", ["hq", "hospital_hr"])
def test_no_people_page_makes_more_queries_with_more_people(logged_in, make_person, username):
    client = logged_in(username)
    urls = people_pages()
    before = {url: count(client, url) for url in urls}
    more_people(make_person)
    after = {url: count(client, url) for url in urls}
    assert after == before
    assert max(before.values()) <= 50, before


def planning_pages() -> list[str]:
    ili = Scenario.objects.get(code="yl-2027-2028")
    lean = scenario_copy(by=None, scenario=ili, code="yl-lean", name="伊犁州 压缩预算")
    scenario_update(by=None, scenario=lean, budgets={2027: 6000, 2028: 5000})
    scenario_run(lean)
    training = Candidate.objects.get(code="YL27-04").pk
    return [
        "/planning/",
        "/planning/candidates/",
        "/planning/candidates/?pairing=&region=654000&category=",
        "/planning/candidates/new/",
        f"/planning/candidates/{training}/edit/",
        "/planning/scenarios/new/",
        f"/planning/scenarios/{ili.pk}/",
        f"/planning/scenarios/{ili.pk}/edit/",
        f"/planning/scenarios/{ili.pk}/progress/",
        f"/planning/compare/?s={ili.pk}&s={lean.pk}",
    ]


def more_candidates() -> None:
    """Five more reserve projects of Suzhou in Khorgos, each with results, a project it needs
    first and a synergy; then both Ili scenarios solved again (a new candidate clears them)."""
    khorgos = Candidate.objects.get(code="YL27-01").pairing
    for index in range(5):
        candidate = candidate_create(
            by=None,
            code=f"YL27-9{index}",
            title=f"加测储备{index}",
            pairing=khorgos,
            category="industry",
            region="654004",
            costs=[100 + index, 50],
            outcomes={"jobs_created": 10 + index, "trainees": 20},
            requires=["YL27-01"],
        )
        synergy_set(by=None, first=candidate, second=Candidate.objects.get(code="YL27-02"), bonus=5)
    for code in ("yl-2027-2028", "yl-lean"):
        scenario_run(Scenario.objects.get(code=code))


@pytest.mark.parametrize("username", ["hq", "yili"])
def test_no_planning_page_makes_more_queries_with_more_candidates(logged_in, username):
    client = logged_in(username)
    urls = planning_pages()
    before = {url: count(client, url) for url in urls}
    more_candidates()
    after = {url: count(client, url) for url in urls}
    assert after == before
    assert max(before.values()) <= 50, before
