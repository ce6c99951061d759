"""Importing IATI activity files: real publisher files, idempotency, updates with history, and
every kind of bad file."""

from decimal import Decimal

import pytest

from duikou.exchange.iati.importer import Importer
from duikou.exchange.iati.stored import activity_of
from duikou.exchange.models import IatiActivity
from duikou.exchange.services import sector_mapping_set
from duikou.partners.models import Organisation
from duikou.projects.models import Category, Project, Transaction
from tests.exchange.iati_files import RESULTS, SAMPLES, activity, document, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def kz(pairing):
    return pairing("kz")


@pytest.fixture
def load(kz):
    def run(path, **options):
        return Importer(by=None, pairing=kz, **options).import_file(path)

    return run


def test_a_real_publisher_file_becomes_projects_with_their_money(load):
    report = load(SAMPLES["netherlands"])

    assert (report.created, report.problem_count, report.rejected) == (13, 0, "")
    row = IatiActivity.objects.select_related("project").get(identifier="NL-1-PPR-25275")
    project = row.project
    assert project.title == "SAR POTOCARI MEMORIAL 2"  # no Chinese title: the default one
    assert project.stage == "handed_over"  # activity status 4, closed
    kept = activity_of(row.xml, row.identifier)  # the activity as published, all of it
    assert [text for _language, text in kept.title] == ["SAR POTOCARI MEMORIAL 2"]
    assert "<policy-marker" in row.xml and "<document-link" in row.xml
    assert row.reporting_org.iati_ref == "XM-DAC-7"
    assert project.transactions.filter(kind="in_place").exists()  # type 3, disbursement
    negative = Transaction.objects.filter(project=project, amount__lt=0)
    assert negative.exists(), "a reversal is kept as a negative disbursement"
    assert report.version == "2.03" and report.lines == 2683


def test_importing_the_same_file_twice_changes_nothing(load):
    load(SAMPLES["netherlands"])
    counts = (
        Project.history.count(),
        Transaction.objects.count(),
        Organisation.objects.count(),
    )

    again = load(SAMPLES["netherlands"])

    assert (again.created, again.updated, again.unchanged) == (0, 0, 13)
    assert (
        Project.history.count(),
        Transaction.objects.count(),
        Organisation.objects.count(),
    ) == counts


def test_a_newer_version_updates_what_changed_and_records_it(load, tmp_path):
    money = """<transaction><transaction-type code="3"/><transaction-date iso-date="2024-03-01"/>
      <value currency="CNY" value-date="2024-03-01">1000</value></transaction>"""
    load(write(tmp_path, document(activity("CN-TEST-1-A", money))))
    project = Project.objects.get(iati__identifier="CN-TEST-1-A")
    more = money.replace("1000", "2500").replace("03-01", "04-01")

    report = load(write(tmp_path, document(activity("CN-TEST-1-A", money + more, title="新名称"))))

    assert (report.created, report.updated) == (0, 1)
    project.refresh_from_db()
    assert project.title == "新名称"
    latest = project.history.order_by("-history_date").first()
    assert latest.history_channel == "import" and latest.title == "新名称"
    assert latest.prev_record.title == "测试活动"
    amounts = sorted(project.transactions.values_list("amount", flat=True))
    assert amounts == [Decimal("1000.00"), Decimal("2500.00")]


def test_duplicate_identifiers_in_one_file_are_reported(load, tmp_path):
    text = document(activity("CN-TEST-1-D"), activity("CN-TEST-1-D", title="第二个"))

    report = load(write(tmp_path, text))

    assert report.created == 1
    [problem] = report.problems
    assert problem.identifier == "CN-TEST-1-D" and "第 3 行" in problem.reason


def test_a_schema_breaking_activity_is_reported_and_the_others_imported(load, tmp_path):
    broken = activity("CN-TEST-1-BAD").replace('<activity-status code="2"/>', "")
    text = document(activity("CN-TEST-1-OK"), broken)

    report = load(write(tmp_path, text))

    assert report.created == 1
    [problem] = report.problems
    assert problem.identifier == "CN-TEST-1-BAD"
    assert "activity-status" in problem.reason
    assert not report.ok


def test_all_or_nothing_imports_nothing_when_one_activity_is_bad(load, tmp_path):
    broken = activity("CN-TEST-1-BAD").replace('<activity-status code="2"/>', "")

    report = load(write(tmp_path, document(activity("CN-TEST-1-OK"), broken)), all_or_nothing=True)

    assert report.created == 0 and report.problem_count == 1
    assert not IatiActivity.objects.filter(identifier="CN-TEST-1-OK").exists()


def test_a_file_that_is_not_well_formed_is_rejected_whole_with_line_and_column(load, tmp_path):
    text = document(activity("CN-TEST-1-OK"), "<iati-activity><iati-identifier>X</iati-activity>")

    report = load(write(tmp_path, text))

    assert "第 15 行第 36 列" in report.rejected and "XML" in report.rejected
    assert not IatiActivity.objects.filter(identifier="CN-TEST-1-OK").exists()


def test_a_rejected_file_leaves_nothing_behind_not_even_the_fallback_category(load, tmp_path):
    unknown_sector = activity("CN-TEST-1-U", '<sector code="91010"/>')
    broken = document(unknown_sector, "<iati-activity><iati-identifier>X</iati-activity>")
    Category.objects.filter(code="other").delete()

    assert load(write(tmp_path, broken)).rejected
    assert not Category.all_objects.filter(code="other").exists()

    load(write(tmp_path, document(unknown_sector)))
    project = Project.objects.get(iati__identifier="CN-TEST-1-U")
    assert (project.category.code, project.category.name) == ("other", "其他(未归类)")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',  # XXE
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        '<!DOCTYPE iati-activities SYSTEM "http://example.org/iati.dtd">',  # external DTD
    ],
)
def test_dtds_and_entities_are_refused(load, tmp_path, doctype):
    text = document(activity("CN-TEST-1-E", title="&e;" if "SYSTEM" in doctype else "x"))
    text = text.replace("<iati-activities", doctype + "\n<iati-activities", 1)

    report = load(write(tmp_path, text))

    assert "DTD" in report.rejected and "第 2 行" in report.rejected
    assert not IatiActivity.objects.filter(identifier="CN-TEST-1-E").exists()


def test_cr_only_line_endings_and_old_versions_work(load, tmp_path):
    old = """<iati-activity default-currency="USD">
  <iati-identifier>CN-TEST-1-OLD</iati-identifier>
  <reporting-org ref="CN-TEST-1" type="10">测试报告单位</reporting-org>
  <title>旧版本的活动</title>
  <activity-status code="2">Implementation</activity-status>
  <activity-date type="start-planned" iso-date="2012-01-01"/>
  <transaction><transaction-type code="D"/><value value-date="2012-05-01">300</value>
    <transaction-date iso-date="2012-05-01"/></transaction>
</iati-activity>"""
    path = tmp_path / "old.xml"
    path.write_bytes(document(old, version="1.03").replace("\n", "\r").encode())

    report = load(path)

    assert report.created == 1 and report.version == "1.03"
    assert any("旧版本" in note for note in report.notes)
    project = Project.objects.get(iati__identifier="CN-TEST-1-OLD")
    assert project.title == "旧版本的活动"
    assert str(project.planned_start) == "2012-01-01"
    move = project.transactions.get()
    assert (move.kind, move.amount, move.currency) == ("in_place", Decimal("300.00"), "USD")


def test_all_thirteen_transaction_types_keep_currency_and_value_date(load, tmp_path):
    moves = "".join(
        f"""<transaction><transaction-type code="{code}"/>
        <transaction-date iso-date="2024-02-{code:02d}"/>
        <value currency="EUR" value-date="2024-01-{code:02d}">{code}00</value></transaction>"""
        for code in range(1, 14)
    )

    load(write(tmp_path, document(activity("CN-TEST-1-T", moves))))

    project = Project.objects.get(iati__identifier="CN-TEST-1-T")
    kinds = list(project.transactions.order_by("date").values_list("kind", flat=True))
    assert len(set(kinds)) == 13
    assert kinds[:4] == ["incoming_funds", "commitment", "in_place", "expenditure"]
    last = project.transactions.order_by("date").last()
    assert (last.kind, last.currency, str(last.value_date)) == (
        "incoming_pledge",
        "EUR",
        "2024-01-13",
    )


def test_chinese_locations_become_regions_and_sectors_categories(load, tmp_path):
    places = """<recipient-country code="CN" percentage="100"/>
      <location ref="CN-653000"><name><narrative>克州</narrative></name></location>
      <location><name><narrative>阿图什市</narrative></name></location>
      <location><name><narrative>Somewhere else</narrative></name></location>
      <sector vocabulary="1" code="11110" percentage="70"/>
      <sector vocabulary="1" code="12220" percentage="30"/>"""

    report = load(write(tmp_path, document(activity("CN-TEST-1-R", places))))

    project = Project.objects.get(iati__identifier="CN-TEST-1-R")
    shares = dict(project.region_shares.values_list("region__code", "share"))
    assert shares == {"653000": Decimal("50.00"), "653001": Decimal("50.00")}
    assert project.category.code == "education"
    kept = activity_of(project.iati.xml, project.iati.identifier)
    assert len(kept.locations) == 3  # the free location is kept
    assert report.warning_count == 0


def test_sectors_are_looked_up_in_the_managed_table(load, tmp_path):
    sector_mapping_set(by=None, vocabulary="1", code="99810", category="environment")
    text = document(
        activity("CN-TEST-1-S", '<sector code="11330"/>'),  # vocational training: its own row
        activity("CN-TEST-1-M", '<sector code="99810"/>'),  # a row added by the HQ
        activity("CN-TEST-1-U", '<sector code="91010"/>'),  # in no row: the fallback
    )

    load(write(tmp_path, text))

    categories = dict(
        Project.objects.filter(iati__identifier__startswith="CN-TEST-1-").values_list(
            "iati__identifier", "category__code"
        )
    )
    assert categories == {
        "CN-TEST-1-S": "vocational-training",
        "CN-TEST-1-M": "environment",
        "CN-TEST-1-U": "other",
    }


def test_organisations_are_matched_by_ref_and_created_otherwise(load, tmp_path):
    known = Organisation.objects.first()
    known.iati_ref = "CN-TEST-1"
    known.save()

    load(write(tmp_path, document(activity("CN-TEST-1-O"))))

    row = IatiActivity.objects.get(identifier="CN-TEST-1-O")
    assert row.reporting_org == known
    implementer = row.organisations.get().organisation
    assert (implementer.iati_ref, implementer.name, implementer.region) == (
        "CN-TEST-2",
        "测试实施单位",
        None,
    )


def test_a_project_exported_by_duikou_is_found_again_by_its_code(load, tmp_path, settings):
    project = Project.objects.filter(iati__isnull=True).first()
    identifier = f"{settings.IATI_REPORTING_ORG_REF}-{project.code}"

    report = load(write(tmp_path, document(activity(identifier, title=project.title))))

    assert (report.created, report.updated) == (0, 1)
    assert IatiActivity.objects.get(identifier=identifier).project == project


def test_an_activity_without_identifier_is_imported_under_a_made_one(load, tmp_path):
    text = document(activity(""))

    first, second = load(write(tmp_path, text)), load(write(tmp_path, text))

    assert (first.created, second.unchanged) == (1, 1)
    assert "iati-identifier" in first.warnings[0].reason


def test_results_become_values_of_the_project_in_its_region(load, tmp_path):
    report = load(write(tmp_path, document(activity("CN-TEST-1-RES", RESULTS))))

    project = Project.objects.get(iati__identifier="CN-TEST-1-RES")
    values = {
        (v.period.code, v.kind): v.value
        for v in project.result_values.select_related("period", "element")
    }
    assert values == {
        ("2023", "baseline"): Decimal("120"),
        ("2024", "target"): Decimal("300"),
        ("2024", "actual"): Decimal("330"),  # the actuals by sex add up
    }
    element = project.result_values.first().element
    assert (element.name, element.name_en) == ("培训人数", "People trained")
    reasons = " ".join(w.reason for w in report.warnings)
    assert "2024-07-01–2025-06-30" in reasons and "满意度" in reasons
    kept = activity_of(project.iati.xml, project.iati.identifier)
    assert len(kept.results[0].indicators) == 2  # all kept as IATI data

    again = load(write(tmp_path, document(activity("CN-TEST-1-RES", RESULTS, title="改名"))))

    assert again.updated == 1 and project.result_values.count() == 3


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # not text at all
        b"<html><body><p>Not IATI</p></body></html>",  # XML, but not an activity file
        b"",  # empty
    ],
)
def test_files_that_are_not_iati_are_rejected(load, tmp_path, content):
    path = tmp_path / "upload.xml"
    path.write_bytes(content)

    report = load(path)

    assert report.rejected and report.created == 0


def test_problems_in_a_cr_only_file_are_reported_at_their_line(load, tmp_path):
    bad = activity("CN-TEST-1-BAD").replace('<activity-status code="2"/>', "")
    path = tmp_path / "mac.xml"
    path.write_bytes(document(activity("CN-TEST-1-OK"), bad).replace("\n", "\r").encode())

    report = load(path)

    assert report.created == 1
    [problem] = report.problems
    assert (problem.line, problem.identifier) == (15, "CN-TEST-1-BAD")
