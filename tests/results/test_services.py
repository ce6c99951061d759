"""Entering results: plausibility, nothing counted twice, approval and its lock, who may do
what, the library, indicators and rankings."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duikou.projects.models import Project
from duikou.results.analysis import indicator_value, project_ranking
from duikou.results.models import DataElement, DataValue, Indicator
from duikou.results.periods import period_named
from duikou.results.services import (
    element_create,
    element_update,
    indicator_create,
    value_approve,
    value_reopen,
    value_return,
    value_save,
    value_submit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_demo_results")]
SCHOOL = "JSYJ-YL-002"  # 可克达拉市镇江高级中学, 镇江's, in 659008


def save(by=None, **fields):
    defaults = {"element": "trainees", "period": "2024", "region": "654021", "kind": "actual"}
    return value_save(by=by, **{**defaults, **fields})


def field_of(error) -> set[str]:
    return set(error.value.message_dict)


def test_the_library_is_there_after_migrate():
    codes = set(DataElement.objects.values_list("code", flat=True))
    assert {"jobs_created", "patient_visits", "referrals_out", "tourists", "students"} <= codes
    assert DataElement.objects.get(code="poor_households_reached").aggregation == "last"
    assert Indicator.objects.get(code="referral_out_rate").factor == 100


@pytest.mark.parametrize(
    ("value", "message"), [("-3", "不能为负数"), ("2.5", "须为整数"), ("abc", "不是有效的数字")]
)
def test_a_count_must_be_a_whole_non_negative_number(value, message):
    with pytest.raises(ValidationError) as error:
        save(value=value)
    assert field_of(error) == {"value"} and message in str(error.value)
    assert not DataValue.objects.filter(element__code="trainees").exists()


def test_a_jump_of_more_than_ten_times_is_kept_and_flagged_with_the_reason():
    save(period="2023", value=100)
    normal = save(period="2024", value=900)
    assert not normal.follow_up
    jump = save(period="2025", value=9500)
    assert jump.follow_up and jump.pk
    assert jump.follow_up_reason == "是上一期(2024:900)的 10.6 倍。"


def test_values_outside_the_bounds_are_flagged():
    value = save(element="poor_household_income", value="250000")
    assert value.follow_up and "高于合理上限 100000" in value.follow_up_reason


@pytest.mark.parametrize(
    ("first", "second", "field"),
    [
        ({"period": "202403"}, {"period": "2024Q1"}, "period"),  # a month, then its quarter
        ({"region": "654021"}, {"region": "654000"}, "region"),  # a county, then its prefecture
        ({"region": "654000"}, {"region": "654021"}, "region"),  # and the other way round
    ],
)
def test_nothing_is_counted_twice(first, second, field):
    save(value=5, **first)
    with pytest.raises(ValidationError) as error:
        save(value=7, **second)
    assert field_of(error) == {field} and "重叠" in str(error.value)
    assert DataValue.objects.filter(element__code="trainees").count() == 1


def test_same_key_updates_and_the_same_value_changes_nothing():
    first = save(value=5, comment="台账")
    again = save(value=5)  # no comment given: the stored one stays
    assert again.pk == first.pk and again.version == 1 and again.comment == "台账"
    changed = save(value=6)
    assert changed.pk == first.pk and changed.version == 2
    value_submit(by=None, value=changed)
    locked = value_approve(by=None, value=changed)
    assert save(value=6).version == locked.version  # the same again: no change, though locked


def test_a_flag_set_by_hand_stays_until_cleared():
    flagged = save(value=5, follow_up=True)
    assert flagged.follow_up and not flagged.follow_up_reason
    assert save(value=7).follow_up
    assert not save(value=7, follow_up=False).follow_up


def test_approval_locks_and_a_reopening_is_recorded(users):
    kokdala, zhenjiang = users["kokdala"], users["zhenjiang"]
    value = save(by=zhenjiang, region="659008", project=SCHOOL, value=40)
    value_submit(by=zhenjiang, value=value)
    with pytest.raises(PermissionDenied):
        value_approve(by=zhenjiang, value=value)  # the supporter does not approve itself
    value_approve(by=kokdala, value=value)
    assert value.status == "approved" and value.decided_by == kokdala
    with pytest.raises(PermissionDenied):
        save(by=zhenjiang, region="659008", project=SCHOOL, value=45)
    with pytest.raises(ValidationError) as error:
        value_reopen(by=kokdala, value=value, reason="")
    assert field_of(error) == {"reason"}
    value_reopen(by=kokdala, value=value, reason="学生数按学籍系统更正")
    corrected = save(by=zhenjiang, region="659008", project=SCHOOL, value=45)
    assert corrected.value == 45 and corrected.status == "entered"
    reasons = list(value.history.values_list("status", "status_reason"))
    assert ("entered", "学生数按学籍系统更正") in reasons and ("approved", "") in reasons


def test_a_returned_value_goes_back_to_entered_when_corrected(users):
    kokdala, zhenjiang = users["kokdala"], users["zhenjiang"]
    value = save(by=zhenjiang, region="659008", project=SCHOOL, value=40)
    value_submit(by=zhenjiang, value=value)
    value_return(by=kokdala, value=value, reason="请附花名册")
    assert value.status == "returned" and value.status_reason == "请附花名册"
    assert save(by=zhenjiang, region="659008", project=SCHOOL, value=41).status == "entered"


def test_a_recipient_government_approves_only_in_its_region(users):
    value = save(region="653001", value=3)
    value_submit(by=None, value=value)
    with pytest.raises(PermissionDenied):
        value_approve(by=users["kokdala"], value=value)
    value_approve(by=users["kezhou_gov"], value=value)


def test_units_enter_only_their_own_projects_and_regions(users):
    with pytest.raises(ValidationError) as error:  # 镇江's project: as if it did not exist
        save(by=users["suzhou"], region="659008", project=SCHOOL, value=1)
    assert field_of(error) == {"project"}
    with pytest.raises(PermissionDenied):
        save(by=users["suzhou"], region="659008", value=1)  # 镇江's city
    with pytest.raises(PermissionDenied):
        save(by=users["auditor"], region="659008", value=1)
    assert save(by=users["suzhou"], region="653001", value=1).pk  # 阿图什市 is 苏州's


def test_a_project_value_must_be_in_one_of_its_regions():
    with pytest.raises(ValidationError) as error:
        save(region="653001", project=SCHOOL, value=1)
    assert field_of(error) == {"region"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"element": "nope"}, "element"),
        ({"period": "2024Q9"}, "period"),
        ({"region": "999999"}, "region"),
        ({"project": "NO-SUCH"}, "project"),
        ({"kind": "guess"}, "kind"),
    ],
)
def test_bad_keys_are_named(fields, field):
    with pytest.raises(ValidationError) as error:
        save(value=1, **fields)
    assert field_of(error) == {field}


def test_units_add_their_own_elements_but_not_change_the_built_in_ones(users):
    zhenjiang = users["zhenjiang"]
    own = element_create(by=zhenjiang, code="bilingual_classes", name="双语班级", unit="个")
    assert not own.is_builtin
    with pytest.raises(PermissionDenied):
        element_update(by=zhenjiang, element=DataElement.objects.get(code="trainees"), name="x")
    with pytest.raises(PermissionDenied):
        element_create(by=users["auditor"], code="x", name="x")
    with pytest.raises(ValidationError) as error:
        element_create(by=zhenjiang, code="bad code!", name="x")
    assert field_of(error) == {"code"}


def test_an_indicator_refers_to_known_elements_only():
    with pytest.raises(ValidationError) as error:
        indicator_create(by=None, code="x", name="x", numerator="#{nope}", denominator="1")
    assert field_of(error) == {"numerator"}


def test_the_referral_out_rate_of_a_region():
    save(element="patient_visits", region="653001", value=2000)
    save(element="referrals_out", region="653001", value=50)
    rate = indicator_value(
        DataValue.objects.all(),
        Indicator.objects.get(code="referral_out_rate"),
        period_named("2024"),
        "actual",
    )
    assert rate == Decimal("2.5")


def test_projects_are_ranked_by_achievement():
    school = Project.objects.get(code=SCHOOL)
    other = Project.objects.get(code="JSYJ-KZ-004")
    for project, region, target, actual in [(school, "659008", 100, 80), (other, "653001", 50, 60)]:
        save(project=project, region=region, kind="target", value=target)
        save(project=project, region=region, value=actual)
    ranking = project_ranking(
        DataValue.objects.all(), DataElement.objects.get(code="trainees"), period_named("2024")
    )
    assert [(row["code"], row["achievement"]) for row in ranking] == [
        ("JSYJ-KZ-004", Decimal(120)),
        (SCHOOL, Decimal(80)),
    ]
