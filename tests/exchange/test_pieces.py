"""Large files are read in pieces by worker processes, cut between activities. What the import
makes of a file is the same whichever way it is read: the same activities, problems, lines and
notes; a cut that falls inside a comment or an element changes nothing."""

import multiprocessing
import os
import signal
from decimal import Decimal

import pytest

from duikou.exchange.iati import mapping, pipeline
from duikou.exchange.iati.checks import read_prolog
from duikou.exchange.iati.importer import Importer
from duikou.exchange.iati.pieces import pieces
from duikou.exchange.iati.pipeline import Activities
from duikou.exchange.iati.reader import Problem
from duikou.exchange.models import IatiActivity
from duikou.projects.models import Project
from tests.exchange.iati_files import RESULTS, activity, document, write

pytestmark = pytest.mark.django_db

MONEY = """<transaction><transaction-type code="3"/><transaction-date iso-date="2024-05-01"/>
    <value currency="CNY" value-date="2024-05-01">{amount}</value></transaction>"""
BROKEN = '<activity-status code="2"/>'  # left out: the activity breaks the schema


def _activities(count: int = 30) -> list[str]:
    """Activities with their own money; the 8th breaks the schema, the 13th repeats the 4th's
    identifier, the 16th has results in a Chinese region."""
    items = []
    for n in range(count):
        identifier = "CN-TEST-1-P3" if n == 12 else f"CN-TEST-1-P{n}"
        body = RESULTS if n == 15 else MONEY.format(amount=100 + n)
        text = activity(identifier, body, title=f"活动 {n}")
        items.append(text.replace(BROKEN, "") if n == 7 else text)
    return items


def _read(path, *, workers: int, piece_bytes: int) -> tuple[list, object]:
    facts = read_prolog(path)
    with Activities(
        path, facts, mapping.load_lookups(), workers=workers, piece_bytes=piece_bytes
    ) as found:
        items = list(found)
    return items, found.facts


def _lines_of(path, text: str) -> list[int]:
    """The lines (from 1) of the file that hold ``text``; CR-only line ends count."""
    content = path.read_bytes().decode().replace("\r", "\n")
    return [n for n, line in enumerate(content.split("\n"), 1) if text in line]


def _said(items) -> list[tuple]:
    """What each item says, wherever it was read."""
    return [
        (item.line, item.identifier, item.reason)
        if isinstance(item, Problem)
        else (item.line, item.identifier, item.fingerprint, item.project, item.warnings)
        for item in items
    ]


def test_a_file_read_in_pieces_says_what_it_says_read_whole(tmp_path):
    extra = '<extra-thing note="not IATI"/>'  # a root child the schema does not allow
    items = _activities()
    path = write(tmp_path, document(*items[:20], extra, *items[20:]))

    whole, whole_facts = _read(path, workers=1, piece_bytes=1 << 20)
    cut, cut_facts = _read(path, workers=2, piece_bytes=1)  # a cut after every activity

    assert len(list(pieces(path, read_prolog(path), 1))) == 31
    assert _said(cut) == _said(whole)
    assert len(cut) == 30
    [problem] = [item for item in cut if isinstance(item, Problem)]
    assert problem.identifier == "CN-TEST-1-P7"
    [identifier_line] = _lines_of(path, "CN-TEST-1-P7<")
    assert problem.line == identifier_line - 1  # its start tag
    [dates_line] = [n for n in _lines_of(path, 'activity-date type="1"') if n > problem.line][:1]
    assert f"第 {dates_line} 行" in problem.reason  # where the schema stopped, in the file
    assert (cut_facts.version, cut_facts.notes, cut_facts.lines) == (
        whole_facts.version,
        whole_facts.notes,
        whole_facts.lines,
    )
    assert any("根元素" in note for note in cut_facts.notes)


def test_an_import_in_pieces_reports_duplicates_and_writes_results(pairing, settings, tmp_path):
    settings.IATI_IMPORT_WORKERS, settings.IATI_IMPORT_PIECE_BYTES = 2, 2000
    path = write(tmp_path, document(*_activities()))

    report = Importer(by=None, pairing=pairing("kz")).import_file(path)

    assert (report.activities, report.created, report.problem_count) == (30, 28, 2)
    reasons = {p.identifier: p.reason for p in report.problems}
    assert "activity-status" in reasons["CN-TEST-1-P7"]
    first, repeated = _lines_of(path, "CN-TEST-1-P3<")
    assert f"第 {first - 1} 行出现过" in reasons["CN-TEST-1-P3"]
    [broken] = _lines_of(path, "CN-TEST-1-P7<")
    assert [p.line for p in report.problems] == [broken - 1, repeated - 1]  # start tags
    project = Project.objects.get(iati__identifier="CN-TEST-1-P29")
    assert project.transactions.get().amount == Decimal("129.00")
    results = Project.objects.get(iati__identifier="CN-TEST-1-P15").result_values
    assert results.count() == 3  # read again from the stored XML, in the importing process
    assert Importer(by=None, pairing=pairing("kz")).import_file(path).unchanged == 28


def test_a_cut_inside_a_comment_or_an_element_changes_nothing(tmp_path):
    items = _activities(12)
    comment = "<!-- an old copy: <iati-activity></iati-activity> -->"
    wrapper = f'<x:old xmlns:x="http://example.org/x">{activity("CN-TEST-1-NESTED")}</x:old>'
    path = write(tmp_path, document(*items[:4], comment, *items[4:8], wrapper, *items[8:]))

    whole, _facts = _read(path, workers=1, piece_bytes=1 << 20)
    cut, _facts = _read(path, workers=2, piece_bytes=1)

    assert _said(cut) == _said(whole)
    nested = [i for i in cut if isinstance(i, Problem) and i.identifier == "CN-TEST-1-NESTED"]
    assert len(nested) == 1 and "不在 iati-activities 之下" in nested[0].reason
    assert len([i for i in cut if not isinstance(i, Problem)]) == 11  # all but the broken one


def test_a_file_not_well_formed_is_rejected_whole_when_read_in_pieces(pairing, settings, tmp_path):
    settings.IATI_IMPORT_WORKERS, settings.IATI_IMPORT_PIECE_BYTES = 2, 2000
    items = _activities()
    items[25] = items[25].replace("</title>", "</titel>", 1)
    path = write(tmp_path, document(*items))

    report = Importer(by=None, pairing=pairing("kz")).import_file(path)

    [line] = _lines_of(path, "</titel>")
    assert f"第 {line} 行" in report.rejected and "XML" in report.rejected
    assert report.created == 0
    assert not IatiActivity.objects.filter(identifier__startswith="CN-TEST-1-P").exists()


def test_cr_only_files_read_in_pieces_keep_their_lines(tmp_path):
    path = tmp_path / "mac.xml"
    path.write_bytes(document(*_activities(10)).replace("\n", "\r").encode())

    whole, _facts = _read(path, workers=1, piece_bytes=1 << 20)
    cut, facts = _read(path, workers=2, piece_bytes=1)

    assert _said(cut) == _said(whole)
    assert [item.line for item in cut] == _lines_of(path, "<iati-activity ")
    assert facts.lines == path.read_bytes().count(b"\r") + 1


def _signals_in_a_started_worker() -> None:
    signal.signal(signal.SIGTERM, lambda *_args: None)  # as a task worker busy with a task
    pipeline._start_worker(None)
    stops = signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    os._exit(0 if stops and signal.getsignal(signal.SIGINT) is signal.SIG_IGN else 1)


def test_a_worker_stops_when_told_whatever_the_importing_process_does_with_signals():
    """A task worker (``duikou db_worker``) finishes its task before it obeys SIGTERM: the
    import's workers, forked from it, must not inherit that, or stopping them would hang."""
    child = multiprocessing.get_context("fork").Process(target=_signals_in_a_started_worker)
    child.start()
    child.join(60)

    assert child.exitcode == 0
