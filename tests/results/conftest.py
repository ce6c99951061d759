import pytest

from duikou.results.models import DataValue
from tests.api.conftest import api  # noqa: F401 - the token client fixture


@pytest.fixture
def without_demo_results(db):
    """These tests count their own values: the demo's are removed (in the test's transaction,
    so they are back for the next test module)."""
    DataValue.all_objects.all().delete()
