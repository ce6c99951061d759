"""Shared fixtures. The region tree and the demo programme are loaded once per test session;
each test runs in a transaction that is rolled back."""

import datetime

import pytest

from duikou.accounts.models import User
from duikou.demo.loader import demo_load
from duikou.geo.services import regions_load
from duikou.partners.models import Organisation, Pairing
from duikou.people.models import Person
from duikou.people.services import person_create
from duikou.projects.models import Project
from duikou.projects.services import project_create
from tests.people.builders import make_id


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        regions_load()
        demo_load()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render pages without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _tasks_run_when_queued(settings):
    """Background tasks run at once in tests (one test drives the database queue's worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def users(db) -> dict[str, User]:
    return {user.username: user for user in User.objects.all()}


@pytest.fixture
def pairing(db):
    """A pairing by key of the demo programme, e.g. ``pairing("zhenjiang-kokdala")``."""
    from duikou.demo.programme import PAIRINGS

    def get(key: str) -> Pairing:
        pair = next(p for p in PAIRINGS if p.key == key)
        return Pairing.objects.get(
            supporter__name=pair.supporter,
            recipient_region__code=pair.region,
            start_date=pair.start,
        )

    return get


@pytest.fixture
def make_project(db):
    """Create a project through the service with sensible defaults."""
    counter = iter(range(1, 10_000))

    def make(pairing: Pairing, **fields) -> Project:
        defaults = {
            "code": f"TEST-{next(counter):04d}",
            "title": "测试项目",
            "category": "education",
            "implementation_level": "county",
            "delivery_mode": "turnkey",
            "regions": [("654022", 100)],
        }
        defaults.update(fields)
        return project_create(by=None, pairing=pairing, **defaults)

    return make


@pytest.fixture
def today() -> datetime.date:
    return datetime.date.today()


@pytest.fixture
def org():
    def get(name: str) -> Organisation:
        return Organisation.objects.get(name=name)

    return get


@pytest.fixture
def make_person(db, org):
    """A cadre or professional made through the service: ``make_person(name="x")``."""
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
