import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

DUIKOU_APPS = ["accounts", "geo", "partners", "projects"]


def duikou_models():
    """Every model of ours; history tables are shown through their model's admin."""
    for label in DUIKOU_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield label, model


def test_every_model_has_an_admin():
    for _label, model in duikou_models():
        assert admin.site.is_registered(model), model


def test_admin_changelists_open_with_search(client, users):
    client.force_login(users["hq"])
    for label, model in duikou_models():
        url = reverse(f"admin:{label}_{model._meta.model_name}_changelist")
        response = client.get(url, {"q": "可克达拉"})
        assert response.status_code == 200, url


def test_admin_is_closed_to_units(client, users):
    client.force_login(users["zhenjiang"])
    assert client.get("/admin/").status_code == 302


def test_admin_shows_history_and_restores_soft_deleted_rows(client, users):
    from duikou.projects.models import Project
    from duikou.projects.services import project_delete

    project = Project.objects.get(code="JSYJ-YL-002")
    project_delete(by=users["zhenjiang"], project=project)
    client.force_login(users["hq"])
    history = client.get(f"/admin/projects/project/{project.pk}/history/")
    assert history.status_code == 200
    assert "zhenjiang" in history.content.decode()
    listing = client.get("/admin/projects/project/?deleted=yes").content.decode()
    assert "JSYJ-YL-002" in listing
    client.post(
        "/admin/projects/project/", {"action": "restore_selected", "_selected_action": [project.pk]}
    )
    assert Project.objects.filter(pk=project.pk).exists()
