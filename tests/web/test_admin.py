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
