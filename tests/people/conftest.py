import datetime

import pytest

from duikou.partners.models import Organisation
from duikou.people.models import Person, Posting, Team
from duikou.people.services import id_check_digit, person_create
from tests.api.conftest import api  # noqa: F401 - the token client fixture

TODAY = datetime.date(2026, 11, 29)  # the demo's dates are fixed; so is "today" in tests


def make_id(born: datetime.date, sequence: int, area: str = "320102") -> str:
    first = f"{area}{born:%Y%m%d}{sequence % 1000:03d}"
    return first + id_check_digit(first)


@pytest.fixture
def org():
    def get(name: str) -> Organisation:
        return Organisation.objects.get(name=name)

    return get


@pytest.fixture
def make_person(db, org):
    counter = iter(range(500, 1000))

    def make(unit: str = "江苏省人民医院", by=None, **fields) -> Person:
        born = fields.pop("birth_date", datetime.date(1985, 5, 20))
        defaults = {
            "name": "测试人员",
            "gender": "male",
            "birth_date": born,
            "education": "master",
            "id_number": make_id(born, next(counter)),
            "phone": "13912345678",
            "dispatching_unit": org(unit),
        }
        defaults.update(fields)
        return person_create(by=by, **defaults)

    return make


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
