"""The results pages: an element's target and actual for a period and region, over the years,
by region on the map, indicators and rankings; the results sections of the overview, region
and project pages; all within the user's scope."""

from decimal import Decimal

import pytest

from duikou.projects.models import Project
from duikou.results.models import DataElement, DataValue
from tests.web.pages import text

pytestmark = pytest.mark.django_db


def test_tourists_at_the_home_visit_points_over_the_years(logged_in):
    response = logged_in("hq").get("/results/?element=tourists&period=2024&region=654000")
    page = text(response)
    figures = response.context["figures"]
    # 央布拉克村's 13 home-visit points (伊宁县, in Ili): the demo's 2024 target and actual.
    assert (figures["target"], figures["actual"]) == (20500, 20700)
    assert "<h3>完成率</h3><p>101%</p>" in page
    series = response.context["series"]
    assert [p["period"] for p in series] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert series[0]["actual"] == 7200
    assert response.context["series_chart"]["series"][1]["data"][-1] == 20700.0
    assert dict((c.code, v) for c, v in response.context["children"])["654021"] == 20700


def test_the_map_is_coloured_by_prefecture(logged_in):
    response = logged_in("hq").get("/results/?element=patient_visits&period=2024")
    rows = response.context["maps"]["views"]["prefecture"]["rows"]
    kizilsu = next(row for row in rows if row["code"] == "653000")
    assert kizilsu["value"] == 420000.0 and kizilsu["text"] == "420,000"
    assert 'data-map="results-map-data"' in text(response)


def test_approved_only_leaves_out_the_submitted_year(logged_in):
    all_values = logged_in("hq").get("/results/?element=tourists&period=2025&region=654021")
    approved = logged_in("hq").get(
        "/results/?element=tourists&period=2025&region=654021&approved_only=on"
    )
    assert all_values.context["figures"]["actual"] == 23400
    assert approved.context["figures"]["actual"] is None  # 2025 is waiting for approval


def test_ranking_and_indicators(logged_in):
    response = logged_in("hq").get("/results/?element=trainees&period=2024")
    ranking = response.context["ranking"]
    assert ranking[0]["code"] == "JSYJ-KZ-004" and ranking[0]["achievement"] == Decimal("138.3")
    indicators = dict((i.code, v) for i, v in response.context["indicators"])
    # 克州人民医院 in 2024: 2,950 referrals out of 420,000 visits.
    assert str(indicators["referral_out_rate"]) == "0.7024"


def test_a_flagged_value_shows_why(logged_in):
    store = Project.objects.get(code="JSYJ-KZ-004")
    page = text(logged_in("suzhou").get(f"/projects/{store.pk}/"))
    section = page.split('id="results"')[1].split("</section>")[0]
    assert "需核实" in section and "是上一期(2025Q3:97)的 10.1 倍。" in section
    assert "2025Q4" in section and "电商销售额" in section


def test_results_follow_the_users_scope(logged_in):
    url = "/results/?element=trainees&period=2024&region=653001"
    assert logged_in("hq").get(url).context["figures"]["actual"] == 415
    assert logged_in("zhenjiang").get(url).context["figures"]["actual"] is None
    public = logged_in("public").get("/results/?element=tourists&period=2025&region=654021")
    assert public.context["figures"]["actual"] is None  # the public sees approved values only


def test_overview_and_region_pages_lead_with_the_key_results(logged_in):
    home = text(logged_in("hq").get("/?year=2024"))
    section = home.split('id="key-results"')[1].split("</section>")[0]
    assert "2024 年主要成效" in section and "新增就业" in section and "接待游客" in section
    region = logged_in("hq").get("/regions/654004/?year=2024")
    rows = {row["element"].code: row for row in region.context["key_results"]}
    assert rows["jobs_created"]["actual"] == 535 and rows["jobs_created"]["target"] == 400
    assert "tourists" not in rows  # 央布拉克村 is in 伊宁县, not 霍尔果斯市


def test_bad_choices_are_named(logged_in):
    response = logged_in("hq").get("/results/?element=trainees&period=2024Q7&region=999999")
    errors = response.context["form"].errors
    assert "period" in errors or "region" in errors
    assert "figures" not in response.context


def test_the_demo_results_are_marked_illustrative():
    assert not DataValue.objects.filter(is_illustrative=False).exists()
    assert DataValue.objects.filter(status="approved", period__code="2024").exists()
    assert not DataValue.objects.filter(status="approved", period__code="2025").exists()


def test_units_add_their_own_data_elements_on_the_library_page(logged_in):
    client = logged_in("zhenjiang")
    page = text(client.get("/results/library/"))
    assert "jobs_created" in page and "referral_out_rate" in page and "新增数据元素" in page
    form = {
        "form": "element",
        "element-code": "bilingual classes",
        "element-name": "双语班级",
        "element-value_type": "count",
        "element-aggregation": "last",
    }
    response = client.post("/results/library/", form)
    assert "代码只能包含英文字母" in str(response.context["forms"]["element"].errors["code"])
    assert not DataElement.objects.filter(name="双语班级").exists()
    response = client.post("/results/library/", {**form, "element-code": "bilingual_classes"})
    assert response.status_code == 302
    own = DataElement.objects.get(code="bilingual_classes")
    assert (own.name, own.aggregation, own.is_builtin) == ("双语班级", "last", False)
    bad = client.post(
        "/results/library/",
        {
            "form": "indicator",
            "indicator-code": "x",
            "indicator-name": "x",
            "indicator-numerator": "#{nope}",
            "indicator-denominator": "1",
            "indicator-factor": "1",
        },
    )
    assert "nope" in str(bad.context["forms"]["indicator"].errors["numerator"])
    assert logged_in("auditor").post("/results/library/", form).status_code == 403
    assert "新增数据元素" not in text(logged_in("auditor").get("/results/library/"))


def test_an_indicator_over_the_years_on_targets_and_actuals(logged_in):
    response = logged_in("hq").get(
        "/results/indicators/jobs_achievement/?period=2024&region=654004"
    )
    series = {point["period"]: point for point in response.context["series"]}
    assert list(series) == ["2019", "2020", "2021", "2022", "2023", "2024"]
    # 霍尔果斯市's labour-transfer training: 535 jobs against a target of 400 in 2024.
    assert series["2024"]["actual"] == Decimal("133.75")
    assert response.context["single"]  # actual ÷ target: one value, no target column
    assert "133.75" in text(response) and "按目标值" not in text(response)
    rate = logged_in("hq").get("/results/indicators/referral_out_rate/?period=2024&region=653000")
    assert not rate.context["single"] and "按目标值" in text(rate)
    assert rate.context["series"][0]["actual"] > rate.context["series"][-1]["actual"]
    assert logged_in("hq").get("/results/indicators/nope/").status_code == 404
    bad = logged_in("hq").get("/results/indicators/jobs_achievement/?region=999999")
    assert "region" in bad.context["form"].errors and "series" not in bad.context
