"""Region pages, the pairings timeline and the units' pages, each within the user's scope."""

import datetime

import pytest

from duikou.partners.models import Organisation
from duikou.projects.models import Project
from duikou.web.charts import map_view

pytestmark = pytest.mark.django_db
DEMO_YEAR = 2026  # the demo programme's current year: Ili's projects have money planned in it


def test_a_county_page_tells_who_supported_it_and_since_when(logged_in):
    html = logged_in("hq").get("/regions/654022/").content.decode()
    assert "察布查尔锡伯自治县" in html
    # the history: Yangzhou until 2010, Yancheng since 2011
    assert "扬州市援疆工作组" in html and "2010年12月31日" in html
    assert "盐城市援疆工作组" in html and "2011年1月1日 – 至今" in html
    assert html.count('class="badge muted">已结束') == 1
    assert "伊犁哈萨克自治州" in html  # the breadcrumbs up to the prefecture


def test_ilis_page_says_whether_this_years_funds_meet_the_two_80_rule(logged_in):
    year = DEMO_YEAR
    response = logged_in("hq").get("/regions/654000/", {"year": year})
    html = response.content.decode()
    assert f"{year} 年度资金与政策执行 · 伊犁哈萨克自治州" in html
    verdict = response.context["compliance"].meets_two_80
    assert verdict is not None
    badge = (
        '<span class="badge ok">达标</span>' if verdict else '<span class="badge bad">未达标</span>'
    )
    verdict_line = html[html.index("“两个80%”结论:") :][:300]
    assert badge in verdict_line
    codes = {p.code for p in response.context["projects"]}
    assert "JSYJ-YL-007" in codes and "JSYJ-KZ-001" not in codes


def test_kokdala_page_leads_to_the_school(logged_in):
    response = logged_in("hq").get("/regions/659008/")
    html = response.content.decode()
    school = Project.objects.get(code="JSYJ-YL-002")
    assert f'href="/projects/{school.pk}/"' in html
    assert "2.46 亿元" in html
    assert "师市合一:第四师" in html


def test_a_supporter_city_page_lists_the_projects_its_units_support(logged_in):
    response = logged_in("hq").get("/regions/320500/")  # 苏州市
    codes = {p.code for p in response.context["projects"]}
    assert codes == set(
        Project.objects.filter(pairing__supporter__name="苏州市援疆工作组").values_list(
            "code", flat=True
        )
    )
    assert "苏州市援疆工作组" in response.content.decode()


def test_a_region_page_keeps_to_the_users_scope(logged_in):
    response = logged_in("zhenjiang").get("/regions/650000/")
    assert {p.code for p in response.context["projects"]} == {"JSYJ-YL-002"}
    supporters = {pairing.supporter.name for pairing, _span in response.context["timeline"]}
    assert supporters == {"镇江市援疆工作组"}


def test_an_unknown_region_is_not_found(logged_in):
    assert logged_in("hq").get("/regions/999999/").status_code == 404


def test_the_pairings_page_filters_by_status_and_scope(logged_in):
    client = logged_in("hq")
    everything = client.get("/pairings/").context["timeline"]
    active = client.get("/pairings/", {"status": "active"}).context["timeline"]
    ended = client.get("/pairings/", {"status": "ended"}).context["timeline"]
    assert len(active) + len(ended) == len(everything)
    assert "扬州市援疆工作组" in {p.supporter.name for p, _span in ended}
    assert all(span.ongoing for _p, span in active)
    found = client.get("/pairings/", {"q": "察布查尔"}).context["timeline"]
    assert {p.supporter.name for p, _span in found} == {"扬州市援疆工作组", "盐城市援疆工作组"}
    mine = logged_in("suzhou").get("/pairings/").context["timeline"]
    assert {p.supporter.name for p, _span in mine} == {"苏州市援疆工作组"}


def test_a_bad_pairing_filter_is_named(logged_in):
    response = logged_in("hq").get("/pairings/", {"level": "galaxy"})
    assert "level" in response.context["form"].errors
    assert response.context["timeline"] == []


def test_timeline_bars_sit_where_their_dates_are(logged_in):
    response = logged_in("hq").get("/pairings/", {"q": "察布查尔"})
    axis = response.context["axis"]
    spans = {p.supporter.name: span for p, span in response.context["timeline"]}
    yangzhou, yancheng = spans["扬州市援疆工作组"], spans["盐城市援疆工作组"]
    assert axis.start == datetime.date(1997, 1, 1)
    assert yangzhou.left == 0 and not yangzhou.ongoing
    assert yancheng.left == pytest.approx(yangzhou.width, abs=0.1)  # one takes over from the other
    assert yancheng.ongoing and yancheng.left + yancheng.width <= 100


def test_organisation_pages_show_pairings_and_projects_in_scope(logged_in):
    suzhou = Organisation.objects.get(name="苏州市援疆工作组")
    response = logged_in("suzhou").get(f"/organisations/{suzhou.pk}/")
    assert response.status_code == 200
    assert {p.code for p in response.context["projects"]} == set(
        Project.objects.filter(pairing__supporter=suzhou).values_list("code", flat=True)
    )
    zhenjiang = Organisation.objects.get(name="镇江市援疆工作组")
    assert logged_in("suzhou").get(f"/organisations/{zhenjiang.pk}/").status_code == 404
    names = {
        unit.name for unit in logged_in("suzhou").get("/organisations/").context["organisations"]
    }
    assert "苏州市援疆工作组" in names and "镇江市援疆工作组" not in names


def test_maps_list_every_region_and_handle_missing_and_renamed_polygons():
    projects = Project.objects.all()
    prefectures = {row["code"]: row for row in map_view(projects, "prefecture")["rows"]}
    assert {"659011", "659012"} <= set(prefectures)  # listed though the GeoJSON has no polygon
    assert prefectures["659008"]["planned_text"] == "2.46 亿元"
    assert (
        prefectures["654000"]["projects"]
        == Project.objects.filter(region_shares__region__path__startswith="/650000/654000/")
        .distinct()
        .count()
    )
    county = map_view(projects, "county")
    assert county["renamed"]["654223"] == "654203"
    assert "654203" in {row["code"] for row in county["rows"]}
    supporters = {row["name"]: row for row in map_view(projects, "supporter")["rows"]}
    assert len(supporters) == 13
    assert (
        supporters["苏州市"]["projects"]
        == Project.objects.filter(pairing__supporter__name="苏州市援疆工作组").count()
    )


def test_a_region_page_counts_the_people_on_duty_there(logged_in):
    from duikou.geo.models import Region
    from duikou.people.selectors import on_duty

    response = logged_in("hq").get("/regions/659008/")
    expected = on_duty(
        Region.objects.get(code="659008"), datetime.date.today(), response.wsgi_request.user
    )
    assert response.context["people"]["count"] == expected["count"] > 0
    assert "今日在岗援疆干部人才" in response.content.decode()
