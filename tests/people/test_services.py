"""The rules of every write: overlaps, dates, terms and extensions, dispatching units, ID
numbers; a refused write saves nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duikou.people.models import Person, Posting, TermRule
from duikou.people.privacy import mask_id_number, mask_phone
from duikou.people.services import (
    parse_id_number,
    person_create,
    person_update,
    posting_create,
    posting_extend,
    posting_update,
    term_rule_set,
)
from tests.people.builders import make_id

pytestmark = pytest.mark.django_db


def fields_of(error: ValidationError) -> set[str]:
    return set(error.value.message_dict)


def post(person, **fields):
    defaults = {"category": "medical", "region": "653001", "position": "心血管内科医师"}
    defaults.update(fields)
    return posting_create(by=None, person=person, **defaults)


def test_the_end_defaults_to_the_planned_term_of_the_category(make_person):
    doctor = make_person()
    medical = post(doctor, start_date="2026-03-01")
    assert medical.planned_end == medical.end_date == datetime.date(2027, 8, 31)  # 1.5 years
    cadre = make_person(unit="江苏省人民政府")
    posting = post(
        cadre, category="cadre", region="653000", position="副州长", start_date="2026-02-01"
    )
    assert posting.end_date == datetime.date(2029, 1, 31)  # 3 years
    short = post(make_person(), duration="short_term", start_date="2026-03-01")
    assert short.end_date == datetime.date(2026, 8, 27)  # 180 days


def test_an_overlapping_posting_is_refused_and_nothing_is_saved(make_person):
    doctor = make_person()
    post(doctor, start_date="2026-01-01", end_date="2026-06-30")
    before = Posting.objects.count(), Posting.history.count()
    with pytest.raises(ValidationError) as error:
        post(doctor, start_date="2026-06-30", end_date="2026-12-31")
    assert fields_of(error) == {"start_date"}
    assert "2026-01-01" in str(error.value)
    assert (Posting.objects.count(), Posting.history.count()) == before
    post(doctor, start_date="2026-07-01", end_date="2026-12-31")  # the day after is fine


def test_moving_a_posting_onto_another_is_refused(make_person):
    doctor = make_person()
    first = post(doctor, start_date="2026-01-01", end_date="2026-03-31")
    post(doctor, start_date="2026-05-01", end_date="2026-06-30")
    with pytest.raises(ValidationError) as error:
        posting_update(by=None, posting=first, end_date="2026-05-15")
    assert fields_of(error) == {"start_date"}
    first.refresh_from_db()
    assert first.end_date == datetime.date(2026, 3, 31) and first.version == 1


def test_an_end_before_the_start_is_refused(make_person):
    with pytest.raises(ValidationError) as error:
        post(make_person(), start_date="2026-05-01", end_date="2026-04-30")
    assert fields_of(error) == {"end_date"}
    assert not Posting.objects.filter(start_date="2026-05-01").exists()


def test_a_term_longer_than_allowed_needs_an_approved_extension(make_person, users):
    doctor = make_person()
    with pytest.raises(ValidationError) as error:
        post(doctor, start_date="2026-03-01", end_date="2027-09-01")
    assert fields_of(error) == {"end_date"}
    assert "2027-08-31" in str(error.value)

    posting = post(doctor, start_date="2026-03-01")
    with pytest.raises(PermissionDenied):
        posting_extend(by=users["hospital_hr"], posting=posting, end_date="2027-12-31", reason="x")
    with pytest.raises(ValidationError) as error:
        posting_extend(by=users["hq"], posting=posting, end_date="2027-12-31", reason=" ")
    assert fields_of(error) == {"reason"}
    posting_extend(
        by=users["hq"], posting=posting, end_date="2027-12-31", reason="科室建设需要,延期半年"
    )
    posting.refresh_from_db()
    assert posting.status == Posting.Status.EXTENDED
    assert posting.end_date == datetime.date(2027, 12, 31)
    assert posting.extension_approved_on is not None
    assert posting.history.first().history_user == users["hq"]


def test_terms_are_configurable_per_category(make_person, users):
    with pytest.raises(PermissionDenied):
        term_rule_set(by=users["zhenjiang"], category="medical", duration="long_term", months=12)
    term_rule_set(by=users["hq"], category="medical", duration="long_term", months=12)
    assert TermRule.objects.get(category="medical").months == 12
    with pytest.raises(ValidationError):
        post(make_person(), start_date="2026-01-01", end_date="2027-06-30")
    assert post(make_person(), start_date="2026-01-01").end_date == datetime.date(2026, 12, 31)
    with pytest.raises(ValidationError):
        term_rule_set(by=None, category="medical", duration="long_term", months=0, days=0)


def test_an_early_return_needs_a_reason(make_person):
    posting = post(make_person(), start_date="2026-01-01")
    with pytest.raises(ValidationError) as error:
        posting_update(by=None, posting=posting, status="returned_early", end_date="2026-05-01")
    assert fields_of(error) == {"early_return_reason"}
    posting_update(
        by=None,
        posting=posting,
        status="returned_early",
        end_date="2026-05-01",
        early_return_reason="家庭原因",
    )
    assert posting.version == 2


def test_extended_status_cannot_be_set_without_approval(make_person):
    posting = post(make_person(), start_date="2026-01-01")
    with pytest.raises(ValidationError) as error:
        posting_update(by=None, posting=posting, status="extended")
    assert fields_of(error) == {"status"}


@pytest.mark.parametrize(
    ("unit", "message"),
    [("不存在的医院", "未知的派出单位"), ("克孜勒苏柯尔克孜自治州人民政府", "不是支援方的单位")],
)
def test_an_unknown_or_recipient_side_dispatching_unit_is_refused(make_person, unit, message):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as error:
        make_person(unit="江苏省人民医院", dispatching_unit=unit)
    assert fields_of(error) == {"dispatching_unit"}
    assert message in str(error.value)
    assert Person.objects.count() == before


def test_a_unit_registers_only_its_own_people(make_person, users):
    with pytest.raises(ValidationError) as error:
        make_person(unit="苏州市援疆工作组", by=users["zhenjiang"])
    assert fields_of(error) == {"dispatching_unit"}
    with pytest.raises(ValidationError):
        make_person(unit="江苏省人民医院", by=users["kokdala"])  # a recipient registers no one
    assert make_person(unit="江苏省人民医院", by=users["hospital_hr"]).pk


def test_id_numbers_are_checked_and_unique(make_person):
    born = datetime.date(1985, 5, 20)
    good = make_id(born, 7)
    assert parse_id_number(good.lower(), born) == good
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    for bad in (wrong_check, "12345", make_id(datetime.date(1990, 1, 1), 7)):
        with pytest.raises(ValidationError) as error:
            parse_id_number(bad, born)
        assert fields_of(error) == {"id_number"}
    make_person(id_number=good)
    with pytest.raises(ValidationError) as error:
        make_person(id_number=good)
    assert fields_of(error) == {"id_number"}


def test_person_update_keeps_the_version_when_nothing_changes(make_person, users):
    doctor = make_person()
    person_update(by=users["hospital_hr"], person=doctor, name=doctor.name)
    assert doctor.version == 1
    person_update(by=users["hospital_hr"], person=doctor, professional_title="主任医师")
    assert doctor.version == 2
    with pytest.raises(PermissionDenied):
        person_update(by=users["zhenjiang"], person=doctor, name="别人")


def test_masks():
    assert mask_id_number("320102198505200071") == "32**************71"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0991-1234567") == "********4567"
    assert mask_id_number("") == mask_phone("") == ""


def test_person_create_rejects_a_future_birth_date(org):
    with pytest.raises(ValidationError) as error:
        person_create(
            by=None,
            name="x",
            gender="male",
            birth_date=datetime.date.today() + datetime.timedelta(days=1),
            education="master",
            dispatching_unit=org("江苏省人民医院"),
        )
    assert fields_of(error) == {"birth_date"}
