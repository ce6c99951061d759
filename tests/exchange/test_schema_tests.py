"""The IATI schema's own test files and large files: every should-pass file imports, every
should-fail file is reported, nothing crashes; line numbers stay right past 65,535 lines."""

import pytest

from duikou.exchange.iati.importer import Importer
from duikou.exchange.iati.reader import Problem, open_checked
from duikou.exchange.models import IatiActivity
from tests.exchange.iati_files import SHOULD_FAIL, SHOULD_PASS, activity, document, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(pairing):
    return Importer(by=None, pairing=pairing("kz"))


def test_every_should_pass_file_imports(importer):
    assert len(SHOULD_PASS) == 58
    for path in SHOULD_PASS:
        report = importer.import_file(path)
        assert not report.rejected and not report.problems, (path.name, report.as_dict())
        assert report.created + report.updated + report.unchanged >= 1, path.name


def test_every_should_fail_file_is_reported(importer):
    assert len(SHOULD_FAIL) == 200
    for path in SHOULD_FAIL:
        report = importer.import_file(path)
        schema_notes = [note for note in report.notes if "模式" in note]
        assert report.rejected or report.problems or schema_notes, path.name


def test_a_file_over_65535_lines_reports_the_right_line(tmp_path):
    filler = "\n".join(f'<recipient-country code="AF" percentage="{1}"/>' for _ in range(10))
    activities = [activity(f"CN-TEST-1-{n}", filler) for n in range(4000)]
    broken = activity("CN-TEST-1-LAST").replace('<activity-status code="2"/>', "")
    path = write(tmp_path, document(*activities, broken))

    reader = open_checked(path)
    items = list(reader)

    assert reader.facts.lines > 80_000
    [problem] = [item for item in items if isinstance(item, Problem)]
    assert problem.identifier == "CN-TEST-1-LAST"
    assert problem.line > 80_000
    # the schema's complaint is about the activity date where the status should have been
    assert f"第 {problem.line + 8} 行" in problem.reason and "activity-status" in problem.reason


def test_the_demo_programme_is_untouched_by_a_rejected_file(importer, tmp_path):
    before = IatiActivity.objects.count()

    report = importer.import_file(write(tmp_path, "<iati-activities version='2.03'>"))

    assert report.rejected and IatiActivity.objects.count() == before
