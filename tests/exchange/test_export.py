"""Projects as IATI 2.03 activities: what a native project says, what an imported one keeps
and where the user's changes win, the writer's round trip, streaming and bounded queries."""

import io
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from duikou.exchange.iati import activity as iati
from duikou.exchange.iati import exporter, parse, writer
from duikou.exchange.iati.importer import Importer
from duikou.exchange.iati.reader import Read, open_checked, schema
from duikou.exchange.models import SectorMapping
from duikou.projects.models import Project
from duikou.projects.services import project_update
from tests.exchange.iati_files import SAMPLES

pytestmark = pytest.mark.django_db

REF = "CN-JSAID-0001"


def activities(projects=None) -> dict[str, iati.Activity]:
    projects = Project.objects.all() if projects is None else projects
    return {project.code: activity for project, activity in exporter.activities(projects)}


def test_a_native_project_says_what_duikou_knows():
    medical = activities()["JSYJ-KZ-001"]

    assert medical.identifier == f"{REF}-JSYJ-KZ-001"
    assert medical.reporting_org.ref == REF and medical.reporting_org.type == "10"
    assert (medical.language, medical.currency) == ("zh", "CNY")
    assert medical.title == (
        ("", "克州人民医院“组团式”医疗援疆(9个专科)"),
        ("en", "Group-style medical aid to Kizilsu People's Hospital (9 specialties)"),
    )
    assert medical.status == "2"  # 在建: implementation
    assert [(d.type, d.date) for d in medical.dates] == [("2", "2017-03-01")]
    roles = [(o.role, o.narratives[0][1]) for o in medical.participating_orgs]
    assert roles == [
        ("1", "江苏省对口支援新疆前方指挥部"),
        ("3", "江苏省对口支援新疆克孜勒苏柯尔克孜自治州前方指挥部"),
    ]
    assert medical.recipient_countries == (iati.Place(code="CN", percentage=Decimal(100)),)
    [artux] = medical.locations
    assert artux.ref == "CN-653001" and artux.name == (("", "阿图什市"), ("en", "Artux"))
    # 组团式医疗 is what DAC purpose 12191 (medical services) falls in
    assert medical.sectors == (iati.Sector(code="12191", vocabulary="1", percentage=100),)
    assert [(b.start, b.end, b.money.value) for b in medical.budgets][0] == (
        "2017-01-01",
        "2017-12-31",
        Decimal("6000000.00"),
    )
    assert {t.type for t in medical.transactions} == {"3", "4"}  # 到位: disbursement, spent
    assert all(t.money.value_date == t.date for t in medical.transactions)


def test_approved_results_become_indicators_with_their_periods():
    medical = activities()["JSYJ-KZ-001"]
    [result] = medical.results
    assert result.title == (("", "项目成效"), ("en", "Project results"))
    techniques = next(i for i in result.indicators if i.references[0].code == "new_techniques")
    assert techniques.references == (iati.Reference(vocabulary="99", code="new_techniques"),)
    periods = {(p.start, p.end): p for p in techniques.periods}
    year_2019 = periods[("2019-01-01", "2019-12-31")]
    assert year_2019.targets and year_2019.actuals
    assert ("2025-01-01", "2025-12-31") not in periods, "2025 is submitted, not approved yet"


def test_a_category_is_exported_as_a_sector_it_is_mapped_from_else_as_itself():
    school = Project.objects.get(code="JSYJ-YL-002")  # education: DAC 111–114 in the demo
    assert activities()[school.code].sectors == (
        iati.Sector(code="111", vocabulary="2", percentage=Decimal(100)),
    )
    SectorMapping.objects.create(vocabulary="1", code="11220", category=school.category)
    assert activities()[school.code].sectors[0].code == "11220"  # the more precise code

    SectorMapping.objects.filter(category=school.category).delete()
    [own] = activities()[school.code].sectors
    assert (own.vocabulary, own.code, own.narratives) == (
        "99",
        "education",
        (("", "教育"), ("en", "Education")),
    )


def test_an_imported_project_keeps_its_iati_data_where_the_user_changed_nothing(pairing):
    Importer(by=None, pairing=pairing("kz")).import_file(SAMPLES["netherlands"])
    read = [r.activity for r in open_checked(SAMPLES["netherlands"]) if isinstance(r, Read)]
    [original] = [a for a in read if a.identifier.endswith("25275")]
    project = Project.objects.get(iati__identifier="NL-1-PPR-25275")

    exported = activities(Project.objects.filter(pk=project.pk))[project.code]

    assert exported.identifier == "NL-1-PPR-25275"
    for name in ("reporting_org", "title", "descriptions", "participating_orgs", "sectors"):
        assert getattr(exported, name) == getattr(original, name), name
    assert (exported.language, exported.currency) == ("nl", "EUR")
    assert exported.recipient_countries == original.recipient_countries
    assert len(exported.transactions) == len(original.transactions)


def test_what_the_user_changed_after_the_import_wins(pairing):
    Importer(by=None, pairing=pairing("kz")).import_file(SAMPLES["netherlands"])
    project = Project.objects.get(iati__identifier="NL-1-PPR-25275")
    before = activities(Project.objects.filter(pk=project.pk))[project.code]

    project_update(
        by=None,
        project=project,
        title="波托查里纪念馆",
        title_en="Potocari memorial",
        category="education",
        planned_start="2016-01-01",
        regions=[("653001", 100)],
    )
    after = activities(Project.objects.filter(pk=project.pk))[project.code]

    assert after.title == (("zh", "波托查里纪念馆"), ("en", "Potocari memorial"))
    assert after.descriptions == before.descriptions  # not changed: kept as imported
    assert after.sectors == (iati.Sector(code="111", vocabulary="2", percentage=100),)
    assert after.date_of("1") == "2016-01-01"
    assert after.locations[-1].ref == "CN-653001"
    assert after.participating_orgs == before.participating_orgs


# ------------------------------------------------------------------ the writer

text = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp")), min_size=1, max_size=12
    )
    .map(str.strip)
    .filter(bool)
)
code = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=8)
number = st.sampled_from("123456789").flatmap(
    lambda first: st.integers(0, 10**6).map(lambda n: f"{first}{n}")
)
day = st.dates().map(lambda d: d.isoformat())
decimal = st.decimals(
    allow_nan=False, allow_infinity=False, places=2, min_value=-1e9, max_value=9e9
)
narratives = st.lists(st.tuples(st.sampled_from(["", "en", "zh", "fr"]), text), max_size=3).map(
    tuple
)
some = narratives.filter(bool)
org = st.builds(iati.Org, ref=code | st.just(""), type=number | st.just(""), narratives=narratives)
money = st.builds(
    iati.Money, value=decimal, currency=st.sampled_from(["", "USD", "EUR"]), value_date=day
)
observation = st.builds(iati.Observation, value=number, comment=narratives)
indicator = st.builds(
    iati.Indicator,
    measure=st.sampled_from(["1", "2"]),
    title=some,
    description=narratives,
    references=st.lists(st.builds(iati.Reference, vocabulary=number, code=code), max_size=2).map(
        tuple
    ),
    baselines=st.lists(
        st.builds(iati.Baseline, year=number, value=number, iso_date=day, comment=narratives),
        max_size=2,
    ).map(tuple),
    periods=st.lists(
        st.builds(
            iati.IndicatorPeriod,
            start=day,
            end=day,
            targets=st.lists(observation, max_size=2).map(tuple),
            actuals=st.lists(observation, max_size=2).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
)
activity_strategy = st.builds(
    iati.Activity,
    identifier=code,
    reporting_org=org,
    title=narratives,
    status=st.sampled_from(["", "1", "2", "3"]),
    language=st.sampled_from(["", "zh", "en"]),
    currency=st.sampled_from(["", "CNY"]),
    descriptions=st.lists(
        st.builds(iati.Description, type=st.sampled_from("1234"), narratives=some), max_size=2
    ).map(tuple),
    participating_orgs=st.lists(
        st.builds(iati.Org, ref=code, narratives=narratives, role=st.sampled_from("1234")),
        max_size=2,
    ).map(tuple),
    dates=st.lists(
        st.builds(iati.ActivityDate, type=st.sampled_from("1234"), date=day), max_size=4
    ).map(tuple),
    recipient_countries=st.lists(
        st.builds(iati.Place, code=code, percentage=decimal | st.none(), narratives=narratives),
        max_size=2,
    ).map(tuple),
    locations=st.lists(
        st.builds(
            iati.Location,
            ref=code,
            reach=st.sampled_from(["", "1"]),
            name=narratives,
            location_class=st.sampled_from(["", "1"]),
        ),
        max_size=2,
    ).map(tuple),
    sectors=st.lists(
        st.builds(
            iati.Sector,
            code=code,
            vocabulary=st.sampled_from(["1", "2", "99"]),
            percentage=decimal | st.none(),
            narratives=narratives,
        ),
        max_size=2,
    ).map(tuple),
    budgets=st.lists(st.builds(iati.Budget, start=day, end=day, money=money), max_size=2).map(
        tuple
    ),
    transactions=st.lists(
        st.builds(
            iati.Transaction,
            type=st.sampled_from([str(n) for n in range(1, 14)]),
            date=day,
            money=money,
            ref=code | st.just(""),
            description=narratives,
            provider=org | st.none(),
            receiver=org | st.none(),
        ),
        max_size=2,
    ).map(tuple),
    results=st.lists(
        st.builds(
            iati.Result,
            type=st.sampled_from(["1", "2"]),
            title=some,
            indicators=st.lists(indicator, min_size=1, max_size=2).map(tuple),
        ),
        max_size=1,
    ).map(tuple),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(activity_strategy)
def test_reading_back_a_written_activity_gives_the_same_activity(activity):
    assert parse.activity(writer.activity_element(activity)) == activity


def test_every_exported_demo_activity_reads_back_as_written():
    for activity in activities().values():
        element = etree.fromstring(etree.tostring(writer.activity_element(activity)))
        assert parse.activity(element) == activity, activity.identifier


def test_the_document_streams_in_chunks_and_reads_back_whole():
    demo = list(activities().values())
    many = [replace(a, identifier=f"{a.identifier}-{n}") for n in range(12) for a in demo]

    chunks = list(writer.document_chunks(many, generated="2026-01-01T00:00:00+00:00"))

    assert len(chunks) > 2, "written a piece at a time, not held whole"
    root = etree.fromstring(b"".join(chunks))
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2026-01-01T00:00:00+00:00"
    assert [parse.activity(e) for e in root] == many


def test_queries_do_not_grow_with_the_projects(django_assert_max_num_queries):
    one = Project.objects.filter(code="JSYJ-KZ-001")
    with django_assert_max_num_queries(12):
        assert len(activities(one)) == 1
    with django_assert_max_num_queries(12):
        assert len(activities()) == Project.objects.count()


def test_the_exported_document_validates_against_the_schema():
    stream = io.BytesIO()
    dated = Project.objects.exclude(code="JSYJ-KZ-011")  # a reserve project with no date
    count = writer.write_document(stream, activities(dated).values())
    root = etree.fromstring(stream.getvalue())
    assert count == len(root) == dated.count()
    assert schema().validate(root), schema().error_log
