"""Every page makes the same number of SQL queries however much data there is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duikou.partners.models import Organisation
from duikou.projects.models import Project
from duikou.projects.services import budget_line_add, project_advance_stage, transaction_record

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
