"""The IATI export in the API and on the project list: the current filters, the user's scope,
a file that validates; and the pre-export check page."""

import pytest
from django.test import Client
from lxml import etree

from duikou.accounts.tokens import token_create
from duikou.exchange.iati.reader import schema
from duikou.projects.models import Project, Stage

pytestmark = pytest.mark.django_db

URL = "/api/v1/iati/activities.xml"
SCHOOL = "JSYJ-YL-002"
REF = "CN-JSAID-0001"


def identifiers(response) -> set[str]:
    root = etree.fromstring(b"".join(response.streaming_content))
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    return {element.findtext("iati-identifier") for element in root}


def codes(*projects) -> set[str]:
    return {f"{REF}-{code}" for code in projects}


@pytest.fixture
def as_user(client, users):
    def login(username: str) -> Client:
        client.force_login(users[username])
        return client

    return login


def test_the_api_answers_iati_xml_for_the_filtered_projects(users):
    _token, secret = token_create(by=None, user=users["hq"], name="test", can_write=False)
    client = Client(headers={"Authorization": f"Bearer {secret}"})

    response = client.get(URL, {"region": "653000", "status": "handed_over"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert "attachment" in response["Content-Disposition"]
    wanted = Project.objects.filter(code__startswith="JSYJ-KZ", stage=Stage.HANDED_OVER)
    assert identifiers(response) == codes(*wanted.values_list("code", flat=True))


def test_the_api_export_validates_against_the_schema(as_user):
    response = as_user("hq").get(URL, {"region": "654000"})
    root = etree.fromstring(b"".join(response.streaming_content))
    assert len(root) > 3 and schema().validate(root), schema().error_log


def test_a_unit_exports_only_its_projects_and_the_public_nothing_in_reserve(as_user):
    assert identifiers(as_user("zhenjiang").get(URL)) == codes(SCHOOL)
    public = identifiers(as_user("public").get(URL))
    assert codes("JSYJ-KZ-011").isdisjoint(public)  # the reserve project
    assert len(public) == Project.objects.exclude(stage=Stage.RESERVE).count()


def test_bad_filters_are_named_and_no_one_gets_in_without_credentials(as_user):
    response = as_user("hq").get(URL, {"region": "999999"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "region"
    assert Client().get(URL).status_code == 401


def test_the_project_list_has_an_iati_button_carrying_its_filters(as_user):
    page = as_user("hq").get("/projects/", {"region": "653000", "status": "construction"})
    html = page.content.decode()
    query = "region=653000&amp;status=construction"
    assert f'href="/projects/export.iati.xml?{query}"' in html
    assert "导出 IATI" in html
    assert f'href="/projects/iati-check/?{query}"' in html
    assert "#iati-link" in html, "the button follows the filters when htmx swaps the list"


def test_the_iati_download_is_the_current_view_in_the_users_scope(as_user):
    hq = as_user("hq").get("/projects/export.iati.xml", {"region": "653000", "q": "电商"})
    assert hq["Content-Type"] == "application/xml"
    assert identifiers(hq) == codes("JSYJ-KZ-004")
    assert identifiers(as_user("zhenjiang").get("/projects/export.iati.xml")) == codes(SCHOOL)


def test_the_check_page_lists_what_would_fail_per_project(as_user, django_assert_max_num_queries):
    client = as_user("hq")
    with django_assert_max_num_queries(30):
        page = client.get("/projects/iati-check/")
    html = page.content.decode()
    assert page.status_code == 200
    assert [c.project.code for c in page.context["failing"]] == ["JSYJ-KZ-011"]
    assert "没有任何项目日期:请至少填写计划开工日期。" in html
    assert f"共 {Project.objects.count()} 个项目" in html

    clean = client.get("/projects/iati-check/", {"status": "construction"})
    assert clean.context["failing"] == []
    assert "全部能通过" in clean.content.decode()
    assert 'href="/projects/export.iati.xml?status=construction"' in clean.content.decode()


def test_the_check_page_follows_the_scope(as_user):
    page = as_user("zhenjiang").get("/projects/iati-check/")
    assert page.context["checked"] == 1 and page.context["failing"] == []
