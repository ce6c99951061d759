from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from duikou.projects.models import Project

pytestmark = pytest.mark.django_db

SCHOOL = "JSYJ-YL-002"


def codes_on(response) -> set[str]:
    return {p.code for p in response.context["page"].object_list}


def test_project_list_filters_sorts_and_pages(logged_in):
    client = logged_in("hq")
    assert codes_on(client.get("/projects/", {"region": "659008"})) == {SCHOOL}
    assert codes_on(client.get("/projects/", {"q": "电商扶贫"})) == {"JSYJ-KZ-004"}
    assert codes_on(client.get("/projects/", {"status": "reserve"})) == {"JSYJ-KZ-011"}
    first = client.get("/projects/", {"sort": "-total_investment"}).context["page"][0]
    assert first.code == SCHOOL
    assert client.get("/projects/").context["page"].paginator.count == Project.objects.count()


def test_bad_filters_are_named_and_list_nothing(logged_in):
    response = logged_in("hq").get("/projects/", {"region": "999999", "year": "abc"})
    form = response.context["form"]
    assert "year" in form.errors
    assert codes_on(response) == set()
    response = logged_in("hq").get("/projects/", {"region": "999999"})
    assert "999999" in response.context["form"].errors["region"][0]


def test_a_unit_lists_only_its_projects(logged_in):
    codes = codes_on(logged_in("zhenjiang").get("/projects/"))
    assert codes == {SCHOOL}


def test_export_is_the_current_view_as_xlsx(logged_in):
    response = logged_in("hq").get("/projects/export.xlsx", {"region": "653000"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["项目编号", "项目名称"]
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes and all(code.startswith("JSYJ-KZ") for code in codes)
    investment = header.index("总投资(元)")
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["JSYJ-KZ-004"][investment] == 3_000_000


def test_export_follows_the_scope(logged_in):
    response = logged_in("zhenjiang").get("/projects/export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [SCHOOL]


def test_project_page_shows_funds_by_year_timeline_and_history(logged_in):
    school = Project.objects.get(code=SCHOOL)
    html = logged_in("zhenjiang").get(f"/projects/{school.pk}/").content.decode()
    assert "2.46 亿元" in html
    assert "2017" in html and "1.10 亿元" in html  # the 2017 budget line
    assert "移交" in html and "修改记录" in html


def test_project_page_of_another_unit_is_404_and_public_sees_no_history(logged_in):
    suzhou = Project.objects.get(code="JSYJ-KZ-004")
    assert logged_in("zhenjiang").get(f"/projects/{suzhou.pk}/").status_code == 404
    html = logged_in("public").get(f"/projects/{suzhou.pk}/").content.decode()
    assert "修改记录" not in html


def test_list_queries_do_not_grow_with_the_page(logged_in):
    client = logged_in("hq")

    def count(params) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/projects/", params)
        return len(queries)

    assert count({"region": "650000"}) == count({"region": "659008"})  # 18 rows vs 1
