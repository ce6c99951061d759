"""Creating a project, stepping through its lifecycle, and what the overview flags."""

import datetime

import pytest

from duikou.projects.models import Project, Stage

pytestmark = pytest.mark.django_db


def new_project_form(pairing_pk, **changes) -> dict:
    data = {
        "pairing": pairing_pk,
        "category": "",
        "code": "JSYJ-YL-100",
        "title": "察布查尔县双语幼儿园",
        "implementation_level": "county",
        "delivery_mode": "turnkey",
        "construction_type": "new",
        "total_investment": "1200万",
        "planned_start": "2027-03-01",
        "planned_end": "2027-12-31",
        "regions-TOTAL_FORMS": "3",
        "regions-INITIAL_FORMS": "0",
        "regions-0-region": "654022",
        "regions-0-share": "60",
        "regions-1-region": "654025",
        "regions-1-share": "30",
    }
    data.update(changes)
    return data


def test_a_project_is_created_after_its_errors_are_fixed(logged_in, pairing):
    from duikou.projects.models import Category

    client = logged_in("yili")
    yancheng = pairing("yancheng-qapqal")
    education = Category.objects.get(code="education").pk
    response = client.post("/projects/new/", new_project_form(yancheng.pk, title=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title_error"' in html  # the empty title named at its field
    assert "各受援地区占比之和须为 100%" not in html  # the form stops before the service
    response = client.post("/projects/new/", new_project_form(yancheng.pk, category=education))
    html = response.content.decode()
    assert "各受援地区占比之和须为 100%,现为 90%。" in html  # the service's rule, at the regions
    assert not Project.objects.filter(code="JSYJ-YL-100").exists()
    response = client.post(
        "/projects/new/",
        new_project_form(yancheng.pk, category=education, **{"regions-1-share": "40"}),
    )
    project = Project.objects.get(code="JSYJ-YL-100")
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.total_investment == 12_000_000
    assert sorted(project.region_shares.values_list("region__code", "share")) == [
        ("654022", 60),
        ("654025", 40),
    ]


def test_a_lone_region_takes_the_whole_project(logged_in, pairing):
    from duikou.projects.models import Category

    education = Category.objects.get(code="education").pk
    data = new_project_form(pairing("yancheng-qapqal").pk, category=education)
    data.update({"regions-0-share": "", "regions-1-region": "", "regions-1-share": ""})
    assert logged_in("yili").post("/projects/new/", data).status_code == 302
    project = Project.objects.get(code="JSYJ-YL-100")
    assert list(project.region_shares.values_list("share", flat=True)) == [100]


def test_a_unit_cannot_create_under_a_pairing_outside_its_scope(logged_in, pairing):
    from duikou.projects.models import Category

    education = Category.objects.get(code="education").pk
    data = new_project_form(pairing("zhenjiang-kokdala").pk, category=education)
    response = logged_in("suzhou").post("/projects/new/", data)
    assert "pairing" in response.context["form"].errors
    assert not Project.objects.filter(code="JSYJ-YL-100").exists()
    assert logged_in("public").get("/projects/new/").status_code == 403
    assert logged_in("auditor").get("/projects/new/").status_code == 403


def step(client, project, stage, **extra):
    data = {"stage": stage, "date": datetime.date.today().isoformat(), "version": project.version}
    data.update(extra)
    return client.post(f"/projects/{project.pk}/stage/", data, follow=True)


def test_only_the_recipient_government_accepts(logged_in):
    project = Project.objects.get(code="JSYJ-KZ-006")  # completed
    assert project.stage == Stage.COMPLETED
    page = logged_in("kezhou").get(f"/projects/{project.pk}/").content.decode()
    assert '<button type="button" disabled aria-describedby="accept-hint">验收</button>' in page
    assert "验收须由受援地政府办理" in page
    response = step(logged_in("kezhou"), project, "accepted")
    assert "只有受援地政府可以验收项目。" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.COMPLETED
    page = logged_in("kezhou_gov").get(f"/projects/{project.pk}/").content.decode()
    assert '<button type="submit" name="stage" value="accepted">验收</button>' in page
    response = step(logged_in("kezhou_gov"), project, "accepted", note="竣工验收合格")
    assert "项目已推进到“验收”。" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.ACCEPTED
    assert project.stage_events.get(stage="accepted").note == "竣工验收合格"


def test_a_stale_or_bad_step_is_refused_with_a_message(logged_in):
    project = Project.objects.get(code="JSYJ-YL-006")  # tendering
    client = logged_in("yili")
    response = step(client, project, "construction", version=project.version - 1)
    assert "有人同时修改了该项目" in response.content.decode()
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = step(client, project, "construction", date=tomorrow)
    assert "阶段日期不能晚于今天。" in response.content.decode()
    response = step(client, project, "preparation")
    assert "只能推进到其后的阶段" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.TENDERING
    assert logged_in("auditor").post(f"/projects/{project.pk}/stage/", {}).status_code == 403


def test_the_overview_flags_a_late_start(logged_in):
    response = logged_in("hq").get("/")
    flagged = {p.code: p for p in response.context["attention"]}
    assert flagged["JSYJ-YL-006"].late_start  # planned to start 2026-06-01, still tendering
    assert "逾期未开工(计划 2026年6月1日)" in response.content.decode()
    assert "JSYJ-YL-002" not in flagged  # handed over: nothing to chase


def test_a_stalled_project_and_one_without_funds_are_flagged(logged_in, pairing, make_project):
    from duikou.projects.services import (
        budget_line_add,
        project_advance_stage,
        transaction_record,
    )

    long_ago = datetime.date.today() - datetime.timedelta(days=400)
    stalled = make_project(pairing("suzhou-khorgos"), regions=[("654004", 100)])
    project_advance_stage(by=None, project=stalled, stage="construction", date=long_ago)
    transaction_record(by=None, project=stalled, kind="in_place", date=long_ago, amount="10")
    waiting = make_project(pairing("suzhou-khorgos"), regions=[("654004", 100)])
    budget_line_add(by=None, project=waiting, year=datetime.date.today().year, amount="100")
    project_advance_stage(by=None, project=waiting, stage="preparation", date=long_ago)
    flagged = {p.code: p for p in logged_in("suzhou").get("/").context["attention"]}
    assert flagged[stalled.code].stalled and not flagged[stalled.code].no_funds
    assert flagged[waiting.code].no_funds and not flagged[waiting.code].stalled


def test_history_and_sorting_read_as_words(logged_in):
    project = Project.objects.get(code="JSYJ-YL-006")
    html = logged_in("hq").get(f"/projects/{project.pk}/").content.decode()
    assert "<td>命令行</td><td>援建项目</td><td>新建</td>" in html
    assert "所处阶段:前期 → 招投标" in html
    assert "类型:— → 资金到位" in html
    html = logged_in("hq").get("/projects/").content.decode()
    assert '<option value="-planned">累计计划 ↓</option>' in html
