import pytest
from django.test import Client

from duikou.projects.models import Project
from duikou.projects.services import project_update

pytestmark = pytest.mark.django_db

SCHOOL = "JSYJ-YL-002"


def edit_url(project: Project) -> str:
    return f"/projects/{project.pk}/edit/"


def form_data(client: Client, project: Project, **changes) -> dict:
    """What the browser would send: the form as rendered, with some fields changed."""
    form = client.get(edit_url(project)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    for flag in ("is_livelihood", "is_grassroots", "is_fixed_asset"):
        if not data[flag]:
            data.pop(flag)
    data.update(changes)
    return data


@pytest.fixture
def zhenjiang(client, users):
    client.force_login(users["zhenjiang"])
    return client


def test_edit_form_saves_through_the_service(zhenjiang, users):
    project = Project.objects.get(code=SCHOOL)
    response = zhenjiang.post(edit_url(project), form_data(zhenjiang, project, title="新校名"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "新校名"
    latest = project.history.first()
    assert (latest.history_user, latest.history_channel) == (users["zhenjiang"], "web")


def test_edit_form_shows_who_changed_it_meanwhile(zhenjiang, users):
    project = Project.objects.get(code=SCHOOL)
    data = form_data(zhenjiang, project, title="镇江的修改")  # the page is opened
    project_update(
        by=users["hq"], project=Project.objects.get(pk=project.pk), description="总部的修改"
    )  # someone else saves first
    response = zhenjiang.post(edit_url(project), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "未保存" in html and "省援疆总部演示用户" in html
    assert "镇江的修改" in html  # the user's input is kept on the page
    project.refresh_from_db()
    assert (project.title, project.description) == ("可克达拉市镇江高级中学", "总部的修改")


def test_edit_form_shows_service_errors_on_the_field(zhenjiang):
    project = Project.objects.get(code=SCHOOL)
    data = form_data(zhenjiang, project, planned_start="2026-05-01", planned_end="2026-04-01")
    response = zhenjiang.post(edit_url(project), data)
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert Project.objects.get(pk=project.pk).planned_end is None


def test_another_units_project_cannot_be_edited(zhenjiang):
    suzhou_project = Project.objects.get(code="JSYJ-KZ-004")
    assert zhenjiang.get(edit_url(suzhou_project)).status_code == 404


def test_tokens_page_creates_shows_once_and_revokes(zhenjiang, users):
    response = zhenjiang.post("/account/tokens/", {"name": "报表脚本", "can_write": "on"})
    secret = response.context["secret"]
    assert secret.startswith("dk_") and secret in response.content.decode()
    token = users["zhenjiang"].api_tokens.get()
    assert token.can_write and token.key_hash != secret and secret not in token.key_hash
    listing = zhenjiang.get("/account/tokens/").content.decode()
    assert "报表脚本" in listing and secret not in listing
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/projects").status_code == 200
    zhenjiang.post(f"/account/tokens/{token.pk}/revoke/")
    assert api.get("/api/v1/projects").status_code == 401


def test_token_needs_a_name(zhenjiang):
    response = zhenjiang.post("/account/tokens/", {"name": ""})
    assert response.context["secret"] is None
    assert response.context["form"].errors["name"]
