"""A unit sees and changes only what belongs to its pairings; HQ and auditors see everything."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duikou.accounts.services import user_save
from duikou.projects.models import Project, Transaction
from duikou.projects.selectors import projects_editable_by, projects_visible_to
from duikou.projects.services import (
    budget_line_set,
    project_advance_stage,
    project_create,
    project_update,
    transaction_record,
)

pytestmark = pytest.mark.django_db

SUZHOU_PROJECT = "JSYJ-KZ-004"  # 苏宁易购阿图什电商扶贫实训店, 苏州 → 阿图什市
ZHENJIANG_PROJECT = "JSYJ-YL-002"  # 可克达拉市镇江高级中学, 镇江 → 可克达拉市


def visible_codes(user) -> set[str]:
    return set(projects_visible_to(user).values_list("code", flat=True))


def test_zhenjiang_cannot_see_a_suzhou_project(users):
    codes = visible_codes(users["zhenjiang"])
    assert ZHENJIANG_PROJECT in codes
    assert SUZHOU_PROJECT not in codes


def test_suzhou_sees_its_projects_in_both_prefectures(users):
    codes = visible_codes(users["suzhou"])
    assert {SUZHOU_PROJECT, "JSYJ-YL-004", "JSYJ-YL-007"} <= codes
    assert ZHENJIANG_PROJECT not in codes


def test_front_command_sees_its_prefecture_with_all_sub_pairings(users):
    codes = visible_codes(users["kezhou"])
    assert {SUZHOU_PROJECT, "JSYJ-KZ-001", "JSYJ-KZ-008"} <= codes
    assert not any(code.startswith("JSYJ-YL") for code in codes)


def test_recipient_government_sees_the_projects_in_its_region(users):
    assert visible_codes(users["kokdala"]) == {ZHENJIANG_PROJECT}


def test_hq_and_auditor_see_everything(users):
    everything = set(Project.objects.values_list("code", flat=True))
    assert visible_codes(users["hq"]) == everything
    assert visible_codes(users["auditor"]) == everything


def test_auditor_and_public_change_nothing(users):
    assert not projects_editable_by(users["auditor"]).exists()
    assert not projects_editable_by(users["public"]).exists()
    project = Project.objects.get(code=ZHENJIANG_PROJECT)
    with pytest.raises(ValidationError):
        project_update(by=users["auditor"], project=project, title="改名")


def test_public_does_not_see_reserve_projects(users):
    codes = visible_codes(users["public"])
    assert ZHENJIANG_PROJECT in codes
    assert "JSYJ-KZ-011" not in codes  # a reserve (储备) project


def test_anonymous_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not projects_visible_to(AnonymousUser()).exists()


def test_zhenjiang_cannot_change_a_suzhou_project(users):
    project = Project.objects.get(code=SUZHOU_PROJECT)
    zhenjiang = users["zhenjiang"]
    before = Transaction.objects.filter(project=project).count()
    with pytest.raises(ValidationError) as error:
        transaction_record(
            by=zhenjiang, project=project, kind="in_place", date="2026-01-05", amount="100"
        )
    assert "project" in error.value.message_dict
    assert Transaction.objects.filter(project=project).count() == before
    with pytest.raises(ValidationError):
        project_update(by=zhenjiang, project=project, title="改名")
    with pytest.raises(ValidationError):
        budget_line_set(by=zhenjiang, project=project, year=2026, amount="1")
    with pytest.raises(ValidationError):
        project_advance_stage(by=zhenjiang, project=project, stage="handed_over", date="2026-01-05")
    project.refresh_from_db()
    assert project.title == "苏宁易购阿图什电商扶贫实训店"


def test_zhenjiang_records_funds_on_its_own_project(users):
    project = Project.objects.get(code=ZHENJIANG_PROJECT)
    move = transaction_record(
        by=users["zhenjiang"], project=project, kind="expenditure", date="2026-01-05", amount="100"
    )
    assert move.recorded_by == users["zhenjiang"]


def test_a_unit_cannot_create_a_project_in_another_units_pairing(users, pairing):
    with pytest.raises(ValidationError) as error:
        project_create(
            by=users["zhenjiang"],
            pairing=pairing("suzhou-atushi"),
            code="X-1",
            title="x",
            category="education",
            implementation_level="county",
            delivery_mode="turnkey",
            regions=[("653001", 100)],
        )
    assert "pairing" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        project_create(
            by=users["auditor"],
            pairing=pairing("suzhou-atushi"),
            code="X-2",
            title="x",
            category="education",
            implementation_level="county",
            delivery_mode="turnkey",
            regions=[("653001", 100)],
        )


def test_scoped_roles_need_a_unit():
    with pytest.raises(ValidationError) as error:
        user_save(by=None, username="nobody", password="a-long-Passw0rd!", role="aid_working_group")
    assert "organisation" in error.value.message_dict


def test_weak_passwords_are_refused(users):
    with pytest.raises(ValidationError) as error:
        user_save(by=None, username="weak", password="123", role="public")
    assert "password" in error.value.message_dict
