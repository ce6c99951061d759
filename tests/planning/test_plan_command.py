"""``duikou plan SCENARIO``: a progress bar, the portfolio and the reasons; exit status 1 and
the conflicting rules when there is no portfolio."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from duikou.planning.models import Scenario
from duikou.planning.services import scenario_update

pytestmark = pytest.mark.django_db


def test_plan_prints_the_portfolio_and_the_reasons():
    out, err = StringIO(), StringIO()
    call_command("plan", "kz-2027-2028", stdout=out, stderr=err)
    assert "[##############################] " in err.getvalue()
    text = out.getvalue()
    assert "克州 2027—2028 年援建项目计划(示例): 已求解" in text
    assert "  + KZ27-11 阿图什市国家通用语言学校建设  2027" in text
    assert "  - KZ27-02 阿图什市乡村卫星工厂(帮扶车间): 需要先安排 KZ27-01" in text
    assert Scenario.objects.get(code="kz-2027-2028").status == "solved"


def test_plan_in_english_and_as_json():
    out = StringIO()
    call_command("plan", "kz-2027-2028", "--json", stdout=out, stderr=StringIO())
    assert '"status": "optimal"' in out.getvalue()
    out = StringIO()
    call_command("plan", "kz-2027-2028", "--language", "en", stdout=out, stderr=StringIO())
    assert "Needs KZ27-01" in out.getvalue()


def test_plan_exits_with_the_rules_in_conflict():
    scenario = Scenario.objects.get(code="kz-2027-2028")
    scenario_update(by=None, scenario=scenario, budgets={2027: 500, 2028: 6000})
    out = StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("plan", "kz-2027-2028", stdout=out, stderr=StringIO())
    assert exit_status.value.code == 1
    assert "以下规则相互冲突,没有可行方案:\n  - 续建项目 KZ27-00" in out.getvalue()


def test_an_unknown_scenario_is_named():
    with pytest.raises(CommandError, match="没有方案“nope”"):
        call_command("plan", "nope")


def test_a_scenario_without_weights_is_refused():
    scenario = Scenario.objects.get(code="kz-2027-2028")
    scenario_update(by=None, scenario=scenario, weights={})
    with pytest.raises(CommandError, match="请至少为一个数据元素设定大于零的权重"):
        call_command("plan", "kz-2027-2028")
