"""A list and the statistics use a fixed number of SQL queries whatever the page size or the
amount of data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from duikou.accounts.tokens import token_create
from duikou.projects.services import budget_line_set, transaction_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq_client(users):
    _token, secret = token_create(by=None, user=users["hq"], name="t")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    client.get("/api/v1/health")
    client.get("/api/v1/categories")  # the first use records the token's last-used time
    return client


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects?limit={n}",
        "/api/v1/pairings?limit={n}",
        "/api/v1/organisations?limit={n}",
        "/api/v1/regions?within=650000&limit={n}",
    ],
)
def test_list_queries_do_not_grow_with_the_page_size(hq_client, url):
    small = queries(hq_client, url.format(n=1))
    assert queries(hq_client, url.format(n=500)) == small
    assert small <= 8


def test_statistics_queries_do_not_grow_with_the_data(hq_client, pairing, make_project):
    url = "/api/v1/statistics?region_level=county"
    before = queries(hq_client, url)
    for index in range(5):
        project = make_project(pairing("suzhou-khorgos"), regions=[("654004", 50), ("654024", 50)])
        budget_line_set(by=None, project=project, year=2020 + index, amount="1000")
        transaction_record(
            by=None, project=project, kind="in_place", date=f"{2020 + index}-05-01", amount="10"
        )
    assert queries(hq_client, url) == before
    assert queries(hq_client, "/api/v1/compliance?year=2026") <= 10
