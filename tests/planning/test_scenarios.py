"""Reserve projects and scenarios in the database: validation that names the field and saves
nothing, the demo scenarios solved and explained, infeasibility in words, adoption into the
annual plan, and the background queue worked by a real worker."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from duikou.accounts.models import User
from duikou.demo.loader import demo_load
from duikou.planning import words
from duikou.planning.adoption import scenario_adopt
from duikou.planning.models import Candidate, Scenario
from duikou.planning.runs import scenario_queue, scenario_run
from duikou.planning.selectors import candidates_of
from duikou.planning.services import candidate_create, candidate_update, scenario_update
from duikou.projects.models import BudgetLine, Project
from duikou.testing import database_url

pytestmark = pytest.mark.django_db
Status = Scenario.Status


def _fields(pairing, **changes):
    fields = {
        "code": "KZ27-99",
        "title": "阿图什市某培训项目",
        "pairing": pairing("suzhou-atushi"),
        "category": "vocational-training",
        "region": "653001",
        "costs": [300, 100],
        "outcomes": {"trainees": 500},
    }
    return {**fields, **changes}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"costs": []}, "costs", "请填写成本"),
        ({"costs": [0, 0]}, "costs", "请填写成本"),
        ({"costs": ["一千"]}, "costs", "不是有效的数字"),
        ({"costs": ["12.345"]}, "costs", "最多保留 2 位小数"),
        ({"outcomes": {"trainees": "1e30"}}, "outcomes", "数值过大"),
        ({"outcomes": {"no_such_thing": 5}}, "outcomes", "成效库中没有数据元素“no_such_thing”"),
        ({"region": "654004"}, "region", "须在结对的受援地区"),
        ({"code": "KZ27-01"}, "code", "已存在"),
        ({"requires": ["NOPE"]}, "requires", "前置项目“NOPE”不存在"),
    ],
)
def test_a_bad_candidate_is_refused_by_field_and_nothing_is_saved(
    users, pairing, changes, field, message
):
    before = Candidate.all_objects.count()
    with pytest.raises(ValidationError) as error:
        candidate_create(by=users["suzhou"], **_fields(pairing, **changes))
    assert message in " ".join(error.value.message_dict[field])
    assert Candidate.all_objects.count() == before


def test_a_cycle_of_dependencies_is_refused(users):
    first = Candidate.objects.get(code="KZ27-01")
    with pytest.raises(ValidationError) as error:
        candidate_update(by=users["kezhou"], candidate=first, requires=["KZ27-02"])
    assert "循环" in error.value.message_dict["requires"][0]
    assert not first.dependencies.exists()


def test_a_unit_cannot_plan_for_another_units_pairing(users, pairing):
    with pytest.raises(ValidationError) as error:
        candidate_create(by=users["zhenjiang"], **_fields(pairing))
    assert "pairing" in error.value.message_dict


def test_the_ili_scenario_chooses_and_explains():
    scenario = Scenario.objects.get(code="yl-2027-2028")
    result = scenario.result
    assert scenario.status == Status.SOLVED and result["status"] == "optimal"
    chosen = {row["key"]: row["start"] for row in result["chosen"]}
    assert chosen["YL27-10"] == 2027  # required by the recipient
    assert "YL27-07" not in chosen and "YL27-06" in chosen  # refused; its alternative is in
    reasons = {row["key"]: row["reason"] for row in result["rejected"]}
    assert reasons["YL27-07"] == {"code": "refused"}
    names = dict(candidates_of(scenario).values_list("code", "title"))
    park = words.reason(reasons["YL27-01"], names)
    assert park.startswith("会使 2028 年民生投入占比降到") and "低于 80.0 %" in park
    assert result["value"] > result["greedy_value"] * 1.05
    cash = {row["year"]: row for row in result["cash_flow"]}
    assert cash[2027]["spent"] <= 10000 and cash[2028]["spent"] <= 8000
    assert all(row["kept"] for row in result["compliance"])


def test_queued_and_solved_with_its_progress_cleared(users):
    scenario = Scenario.objects.get(code="kz-2027-2028")
    scenario = scenario_queue(by=users["kezhou"], scenario=scenario)
    assert scenario.status == Status.SOLVED and scenario.progress == {}
    chosen = {row["key"]: row["start"] for row in scenario.result["chosen"]}
    assert chosen["KZ27-00"] == 2026  # continuing, fixed
    assert "KZ27-11" in chosen  # required
    assert [row["year"] for row in scenario.result["cash_flow"]][:2] == [2027, 2028]


def test_an_infeasible_scenario_names_the_rules_in_conflict(users):
    scenario = Scenario.objects.get(code="kz-2027-2028")
    scenario_update(by=users["kezhou"], scenario=scenario, budgets={2027: 500, 2028: 6000})
    scenario = scenario_run(scenario)
    assert scenario.status == Status.INFEASIBLE
    names = dict(candidates_of(scenario).values_list("code", "title"))
    lines = words.conflict(scenario.result["conflict"], names)
    assert "2027 年预算" in lines
    assert any(line.startswith("续建项目 KZ27-00") for line in lines)
    relax = words.relax(scenario.result["conflict"], names)
    assert any(line.startswith("2027 年预算(至少增加") for line in relax)


def test_changing_the_inputs_clears_the_result(users):
    scenario = Scenario.objects.get(code="yl-2027-2028")
    scenario_update(by=users["yili"], scenario=scenario, budgets={2027: 9000, 2028: 8000})
    scenario.refresh_from_db()
    assert scenario.status == Status.DRAFT and scenario.result is None
    solved = scenario_run(scenario)
    candidate_update(by=users["yili"], candidate=Candidate.objects.get(code="YL27-04"), costs=[450])
    solved.refresh_from_db()
    assert solved.status == Status.DRAFT  # a candidate changed: solve again


def test_adopting_moves_the_chosen_into_the_annual_plan(users):
    scenario = Scenario.objects.get(code="yl-2027-2028")
    chosen = {row["key"]: row["start"] for row in scenario.result["chosen"]}
    projects = scenario_adopt(by=users["yili"], scenario=scenario)
    assert sorted(p.code for p in projects) == sorted(chosen)
    school = Project.objects.get(code="YL27-10")
    lines = {line.year: line.amount for line in BudgetLine.objects.filter(project=school)}
    assert lines == {2027: Decimal("20000000.00"), 2028: Decimal("10000000.00")}
    assert school.stage == "reserve" and school.history.first().history_user == users["yili"]
    assert Candidate.objects.get(code="YL27-10").project == school
    scenario.refresh_from_db()
    assert scenario.status == Status.ADOPTED and scenario.adopted_by == users["yili"]
    with pytest.raises(ValidationError):
        scenario_adopt(by=users["yili"], scenario=scenario)


def test_another_unit_cannot_adopt(users):
    scenario = Scenario.objects.get(code="yl-2027-2028")
    with pytest.raises(ValidationError):
        scenario_adopt(by=users["suzhou"], scenario=scenario)
    assert not Project.objects.filter(code="YL27-10").exists()


def test_the_database_queue_is_worked_by_a_worker_process(transactional_db, settings):
    """What ``duikou serve`` runs beside the web server: the task waits in the database until
    the worker process takes it."""
    if not Scenario.objects.exists():
        demo_load()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    kezhou = User.objects.get(username="kezhou")
    scenario = scenario_queue(by=kezhou, scenario=Scenario.objects.get(code="kz-2027-2028"))
    assert scenario.status == Status.QUEUED
    worker = [str(Path(sys.executable).with_name("duikou")), "db_worker", "--batch"]
    env = {**os.environ, "DATABASE_URL": database_url()}
    subprocess.run([*worker, "--no-startup-delay", "--no-reload"], env=env, check=True, timeout=300)
    scenario.refresh_from_db()
    assert scenario.status == Status.SOLVED and scenario.result["chosen"]


def test_the_history_shows_what_changed_in_costs_and_budgets(users):
    park = Candidate.objects.get(code="KZ27-01")
    assert park.history.earliest().details.startswith("成本 3000 / 2000;成效 ")
    candidate_update(by=users["kezhou"], candidate=park, costs=[3200, 2000])
    latest = park.history.latest()
    assert latest.details.startswith("成本 3200 / 2000;") and latest.history_user == users["kezhou"]
    scenario = Scenario.objects.get(code="kz-2027-2028")
    assert scenario.history.earliest().inputs.startswith("预算 2027=9000, 2028=6000;")
    scenario_update(by=users["kezhou"], scenario=scenario, budgets={2027: 9500, 2028: 6000})
    assert scenario.history.latest().inputs.startswith("预算 2027=9500, 2028=6000;")
