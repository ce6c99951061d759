"""The questions the people module answers, on the demo programme, and who sees whom."""

import datetime
from decimal import Decimal

import pytest

from duikou.geo.models import Region
from duikou.people.models import Batch, Person, Posting
from duikou.people.selectors import (
    batch_statistics,
    on_duty,
    on_duty_postings,
    people_visible_to,
    person_postings,
    team_members,
    teams_of,
    term_ends,
)
from duikou.people.services import posting_create
from tests.people.builders import TODAY

pytestmark = pytest.mark.django_db
KOKDALA = "659008"


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def test_on_duty_in_a_region_on_a_date_by_category_and_unit(users):
    result = on_duty(region(KOKDALA), datetime.date(2026, 6, 1), users["hq"])
    assert result["count"] == 32  # 30 teachers and managers, 2 cadres of 镇江
    assert result["by_category"] == {"cadre": 2, "education": 30}
    assert result["by_dispatching_unit"]["镇江市援疆工作组"] == 2
    assert sum(result["by_dispatching_unit"].values()) == 32
    # before the current batch arrived: the three teachers of the previous batch
    assert on_duty(region(KOKDALA), datetime.date(2025, 6, 1), users["hq"])["count"] == 3


def test_on_duty_takes_the_region_subtree_and_leaves_out_those_back_early(users):
    xinjiang = on_duty(region("650000"), datetime.date(2026, 6, 1), users["hq"])
    kizilsu = on_duty(region("653000"), datetime.date(2026, 6, 1), users["hq"])
    atushi = on_duty(region("653001"), datetime.date(2026, 6, 1), users["hq"])
    assert xinjiang["count"] > kizilsu["count"] > atushi["count"] > 0
    assert atushi["by_category"] == {"cadre": 1, "medical": 18}
    ili_before = on_duty(region("654000"), datetime.date(2026, 9, 30), users["hq"])["count"]
    ili_after = on_duty(region("654000"), datetime.date(2026, 10, 1), users["hq"])["count"]
    assert ili_after == ili_before - 1  # 干部06 came back early on 2026-09-30


def test_on_duty_counts_only_what_the_user_sees(users):
    day = datetime.date(2026, 6, 1)
    assert on_duty(region("653001"), day, users["zhenjiang"])["count"] == 0
    assert on_duty(region(KOKDALA), day, users["zhenjiang"])["count"] == 32
    assert on_duty(region("653001"), day, users["hospital_hr"])["count"] == 2
    # the public gets the counts and no one's name
    assert on_duty(region(KOKDALA), day, users["public"])["count"] == 32
    assert not on_duty_postings(region(KOKDALA), day, users["public"]).exists()


def test_terms_ending_in_90_days_and_the_posts_needing_a_replacement(users):
    ending = list(term_ends(90, users["hq"], TODAY))
    assert len(ending) == 18  # the doctors who came on 2025-08-01 leave on 2027-01-31
    assert {p.end_date for p in ending} == {datetime.date(2027, 1, 31)}
    covered = {p.position for p in ending if not p.replacement_needed}
    assert covered == {"心血管内科主任", "神经外科主任", "重症医学科主任"}
    assert len([p for p in ending if p.replacement_needed]) == 15
    assert list(term_ends(90, users["hq"], datetime.date(2027, 2, 1))) == []
    assert len(list(term_ends(90, users["hospital_hr"], TODAY))) == 2


def test_a_post_at_no_recipient_unit_is_replaced_only_by_a_posting_at_none(users, make_person, org):
    """The recipient unit is part of the post, no unit included: a later posting at a unit
    does not replace one at no unit, nor the other way round."""
    hospital = org("克孜勒苏柯尔克孜自治州人民医院")

    def post(name: str, start: str, unit=None) -> Posting:
        return posting_create(
            by=None,
            person=make_person(name=name),
            category="medical",
            region="653001",
            position="巡回医疗",
            start_date=start,
            recipient_organisation=unit,
        )

    def needed() -> dict[int, bool]:
        ending = term_ends(90, users["hq"], TODAY).filter(position="巡回医疗")
        return {p.pk: p.replacement_needed for p in ending}

    alone, at_unit = post("加测甲", "2025-06-01"), post("加测乙", "2025-06-01", hospital)
    assert alone.end_date == at_unit.end_date == datetime.date(2026, 11, 30)
    assert needed() == {alone.pk: True, at_unit.pk: True}
    post("加测丙", "2026-12-01", hospital)
    assert needed() == {alone.pk: True, at_unit.pk: False}
    post("加测丁", "2026-12-01")
    assert needed() == {alone.pk: False, at_unit.pk: False}


def test_batch_statistics(users):
    batch = Batch.objects.get(number=13)
    stats = batch_statistics(batch, users["hq"])
    postings = Posting.objects.filter(batch=batch)
    assert stats.size == postings.values("person").distinct().count() == 43
    assert stats.early_returns == 1
    assert stats.professionals == 33  # 30 at the school, 3 doctors from 2027
    assert stats.professional_share == Decimal("76.74")
    assert sum(stats.education.values()) == 43
    people = Person.objects.filter(postings__batch=batch).distinct()
    ages = [2026 - p.birth_date.year for p in people]
    assert stats.average_age == Decimal(str(sum(ages) / len(ages))).quantize(Decimal("0.1"))
    assert batch_statistics(batch, users["hospital_hr"]).size == 1
    assert batch_statistics(batch, users["public"]).size == 0


def test_a_hospital_team_with_its_members_over_time(users, team, org):
    cardiology = team("心血管内科")
    members = list(team_members(cardiology, users["hq"]))
    assert [m.start_date.isoformat() for m in members] == [
        "2024-02-01",
        "2025-08-01",
        "2025-08-01",
        "2027-02-01",
    ]
    assert {m.person.dispatching_unit.name for m in members} == {"江苏省人民医院"}
    assert teams_of(org("克孜勒苏柯尔克孜自治州人民医院"), users["hq"]).count() == 9
    assert teams_of(org("克孜勒苏柯尔克孜自治州人民医院"), users["zhenjiang"]).count() == 0


def test_a_persons_history_of_postings(users, person):
    teacher = person("教师01")
    history = list(person_postings(teacher, users["hq"]))
    assert [p.batch.number for p in history] == [12, 13]
    assert history[0].end_date < history[1].start_date


def test_postings_are_linked_to_the_pairing_they_serve_under(person, pairing):
    assert person("教师01").postings.first().pairing == pairing("zhenjiang-kokdala")
    assert person("医生01").postings.first().pairing.level == "department"
    cadre = person("干部07").postings.last()
    assert cadre.pairing == pairing("suzhou-atushi")


@pytest.mark.parametrize(
    ("username", "sees", "does_not_see"),
    [
        ("hq", {"教师01", "医生01", "干部07"}, set()),
        ("auditor", {"教师01", "医生01", "干部07"}, set()),
        ("zhenjiang", {"教师01", "管理01", "干部09"}, {"医生01", "干部07", "干部01"}),
        ("suzhou", {"干部07", "干部08"}, {"教师01", "医生01", "干部09"}),
        ("kezhou", {"医生01", "干部01", "干部07"}, {"教师01", "干部04"}),
        ("yili", {"教师01", "干部04", "干部09"}, {"医生01", "干部01"}),
        ("kokdala", {"教师01", "干部09"}, {"医生01", "干部07"}),
        ("kezhou_gov", {"医生01", "干部07", "干部01"}, {"教师01"}),
        ("hospital_hr", {"医生01"}, {"医生05", "教师01", "干部01"}),
        ("public", set(), {"教师01", "医生01", "干部01"}),
    ],
)
def test_who_sees_whom(users, username, sees, does_not_see):
    names = set(people_visible_to(users[username]).values_list("name", flat=True))
    assert sees <= names
    assert not (does_not_see & names)


def test_on_duty_and_term_ends_use_a_fixed_number_of_queries(
    users, make_person, django_assert_max_num_queries
):
    hq, zhenjiang = users["hq"], users["zhenjiang"]
    area = region("650000")
    with django_assert_max_num_queries(2):
        on_duty(area, datetime.date(2026, 6, 1), hq)
    with django_assert_max_num_queries(4):
        # + the user's unit and the roots of the pairings in scope
        on_duty(area, datetime.date(2026, 6, 1), zhenjiang)
    with django_assert_max_num_queries(6):
        # the postings with their people, then the units, batches, regions, recipient units
        # and teams they share
        len(term_ends(90, hq, TODAY))
    for index in range(5):
        doctor = make_person(name=f"加测{index}")
        posting_create(
            by=None,
            person=doctor,
            category="medical",
            region="653001",
            position="x",
            start_date="2025-12-01",
        )
    with django_assert_max_num_queries(2):
        assert on_duty(area, datetime.date(2026, 6, 1), hq)["count"] > 0
    with django_assert_max_num_queries(6):
        assert len(term_ends(400, hq, TODAY)) > 18
