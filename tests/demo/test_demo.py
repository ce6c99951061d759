from decimal import Decimal

import pytest

from duikou.accounts.models import Role, User
from duikou.demo.loader import demo_load
from duikou.partners.models import Organisation, Pairing
from duikou.projects.models import BudgetLine, Milestone, Project, StageEvent, Transaction

pytestmark = pytest.mark.django_db

MODELS = [Organisation, Pairing, Project, BudgetLine, Transaction, StageEvent, Milestone, User]


def test_demo_loads_twice_without_duplicates():
    before = {model.__name__: model.objects.count() for model in MODELS}
    demo_load()
    after = {model.__name__: model.objects.count() for model in MODELS}
    assert after == before
    assert before["Project"] >= 15


def test_the_school_is_the_reported_turnkey_project():
    school = Project.objects.get(title="可克达拉市镇江高级中学")
    assert school.total_investment == Decimal("246000000.00")
    assert school.delivery_mode == Project.DeliveryMode.TURNKEY
    assert school.pairing.supporter.name == "镇江市援疆工作组"
    assert [s.region.code for s in school.region_shares.all()] == ["659008"]
    assert school.is_illustrative is False  # the amount is the report's
    assert school.budget_lines.filter(is_illustrative=False).count() == 0


def test_every_paragraph_of_the_report_has_its_project():
    titles = " ".join(Project.objects.values_list("title", flat=True))
    for words in [
        "克州人民医院“组团式”",
        "院士工作站",
        "远程会诊中心",
        "苏宁易购阿图什",
        "汽修工作室",
        "校企合作实训基地",
        "民族服饰培训基地",
        "央布拉克村",
        "13个旅游观光家访点",
        "可克达拉市镇江高级中学",
        "连云港—霍尔果斯",
    ]:
        assert words in titles


def test_nine_jiangsu_hospitals_each_take_a_department():
    pairings = Pairing.objects.filter(level=Pairing.Level.DEPARTMENT)
    assert pairings.count() == 9
    assert pairings.values("supporter").distinct().count() == 9
    assert {p.recipient_organisation.parent.short_name for p in pairings} == {"克州人民医院"}


def test_added_numbers_are_marked_illustrative():
    assert not BudgetLine.objects.filter(is_illustrative=False).exists()
    assert not Transaction.objects.filter(is_illustrative=False).exists()
    assert Project.objects.get(code="JSYJ-KZ-008").is_illustrative  # added project


def test_one_demo_user_per_role_with_the_demo_password():
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for username in ["hq", "zhenjiang", "suzhou", "kokdala", "auditor"]:
        assert User.objects.get(username=username).check_password("demo")


def test_demo_password_can_be_chosen():
    demo_load(password="another-secret")
    assert User.objects.get(username="hq").check_password("another-secret")
