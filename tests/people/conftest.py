import pytest

from duikou.people.models import Person, Posting, Team
from tests.api.conftest import api  # noqa: F401 - the token client fixture


@pytest.fixture
def person(db):
    def get(name: str) -> Person:
        return Person.objects.get(name=name)

    return get


@pytest.fixture
def team(db):
    def get(department: str) -> Team:
        return Team.objects.get(recipient_organisation__name=f"克州人民医院{department}")

    return get


@pytest.fixture
def postings_of():
    def get(name: str):
        return list(Posting.objects.filter(person__name=name).order_by("start_date"))

    return get


def download(client, path: str):
    """A non-JSON answer (a spreadsheet) through the token client."""
    return client.client.get(f"/api/v1{path}", headers=client.headers)
