"""The pre-export check: an activity that would fail the IATI schema or core rules gets words a
programme officer understands; a good one gets none."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation

from duikou.exchange.iati.activity import (
    Activity,
    ActivityDate,
    Baseline,
    Budget,
    Description,
    Indicator,
    Money,
    Org,
    Place,
    Result,
    Sector,
    Transaction,
)
from duikou.exchange.iati.rules import check_projects, problems
from duikou.projects.models import Project

TODAY = datetime.date(2026, 6, 30)
REPORTER = Org(ref="CN-TEST-1", type="10", narratives=(("", "测试报告单位"),))
GOOD = Activity(
    identifier="CN-TEST-1-P1",
    reporting_org=REPORTER,
    title=(("", "乡村小学"), ("en", "Village school")),
    status="2",
    language="zh",
    currency="CNY",
    descriptions=(Description(type="1", narratives=(("", "新建教学楼。"),)),),
    participating_orgs=(replace(REPORTER, role="1"),),
    dates=(
        ActivityDate(type="1", date="2025-03-01"),
        ActivityDate(type="2", date="2025-04-01"),
        ActivityDate(type="3", date="2026-12-31"),
    ),
    recipient_countries=(Place(code="CN", percentage=Decimal(100)),),
    sectors=(Sector(code="11220", vocabulary="1", percentage=Decimal(100)),),
    budgets=(
        Budget(
            start="2025-01-01",
            end="2025-12-31",
            money=Money(value=Decimal("100.00"), value_date="2025-01-01"),
        ),
    ),
    transactions=(
        Transaction(
            type="3", date="2026-06-30", money=Money(value=Decimal(50), value_date="2026-06-30")
        ),
    ),
)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def check(activity: Activity) -> list[str]:
    return problems(activity, today=TODAY)


def test_a_good_activity_passes():
    assert check(GOOD) == []


def test_sector_shares_that_do_not_add_up_are_named_with_their_vocabulary():
    sectors = (
        Sector(code="11220", vocabulary="1", percentage=Decimal(60)),
        Sector(code="12220", vocabulary="1", percentage=Decimal(30)),
        Sector(code="education", vocabulary="99"),  # alone in its vocabulary: all of it
    )
    assert check(replace(GOOD, sectors=sectors)) == [
        "行业分类(DAC 五位码)的比例合计为 90%,应为 100%。"
    ]
    assert "没有行业分类" in check(replace(GOOD, sectors=()))[0]


def test_countries_and_regions_share_the_activity_per_region_vocabulary():
    half = Decimal(50)
    shared = replace(
        GOOD,
        recipient_countries=(Place(code="CN", percentage=half),),
        recipient_regions=(
            Place(code="789", vocabulary="1", percentage=half),
            Place(code="A1", vocabulary="99", percentage=half),
        ),
    )
    assert check(shared) == []
    too_much = replace(shared, recipient_countries=(Place(code="CN", percentage=Decimal(75)),))
    assert check(too_much) == ["受援国家和地区的比例合计为 125%,应为 100%。"] * 2
    nowhere = replace(GOOD, recipient_countries=())
    assert check(nowhere) == ["没有受援国家或地区。"]


def test_dates_in_the_wrong_order_or_actual_dates_in_the_future():
    dates = (
        ActivityDate(type="1", date="2025-03-01"),
        ActivityDate(type="3", date="2024-12-31"),
        ActivityDate(type="2", date="2025-04-01"),
        ActivityDate(type="4", date="2026-07-01"),
    )
    assert check(replace(GOOD, dates=dates)) == [
        "计划开工日期 2025-03-01 晚于计划完工日期 2024-12-31。",
        "实际完工日期 2026-07-01 在今天之后:尚未发生的日期请填为计划日期。",
    ]
    no_start = (ActivityDate(type="3", date="2026-12-31"),)
    assert check(replace(GOOD, dates=no_start)) == [
        "没有开工日期:请填写计划开工日期或实际开工日期。"
    ]


def test_a_transaction_in_the_future():
    later = replace(GOOD.transactions[0], date="2026-07-01")
    assert check(replace(GOOD, transactions=(later,))) == [
        "2026-07-01 的资金往来(资金到位)日期在今天之后:已发生的资金往来不能是将来的日期。"
    ]


def test_budget_periods_of_more_than_a_year_or_ending_before_they_start():
    money = GOOD.budgets[0].money
    budgets = (
        Budget(start="2024-01-01", end="2024-12-31", money=money),  # a leap year: fine
        Budget(start="2024-02-29", end="2025-02-28", money=money),  # fine
        Budget(start="2025-01-01", end="2026-01-01", money=money),
        Budget(start="2025-07-01", end="2025-06-30", money=money),
    )
    assert check(replace(GOOD, budgets=budgets)) == [
        "2025-01-01 至 2026-01-01 的预算超过一年:每条预算的期间不能超过一年。",
        "2025-07-01 至 2025-06-30 的预算:结束日期早于开始日期。",
    ]


def test_identifier_currency_language_title_and_description():
    broken = replace(
        GOOD,
        identifier="XX-P1",
        currency="",
        language="",
        title=(),
        descriptions=(Description(type="1", narratives=()),),
    )
    assert check(broken) == [
        "没有项目名称。",
        "没有项目简介:请在项目信息中填写简介(中文,最好也有英文)。",
        "IATI 活动标识“XX-P1”没有以报告单位的 IATI 机构代码“CN-TEST-1-”开头。",
        "没有默认币种。",
        "没有默认语言。",
    ]


def test_what_only_the_schema_finds_is_still_reported():
    baseline = Baseline(year="二〇二五", value="3")
    indicator = Indicator(measure="1", title=(("", "受训人数"),), baselines=(baseline,))
    result = Result(type="1", title=(("", "成效"),), indicators=(indicator,))
    found = check(replace(GOOD, results=(result,)))
    assert len(found) == 1
    assert found[0].startswith("不符合 IATI 2.03 格式(技术说明:")
    assert "year" in found[0]


@pytest.mark.django_db
def test_the_demo_check_finds_only_the_reserve_project_without_dates():
    """Every demo project passes but 胸痛中心 in the reserve, which has no date yet."""
    checks = list(check_projects(Project.objects.all()))
    assert len(checks) == Project.objects.count()
    failing = {c.project.code: c.problems for c in checks if not c.ok}
    assert failing == {"JSYJ-KZ-011": ["没有任何项目日期:请至少填写计划开工日期。"]}
