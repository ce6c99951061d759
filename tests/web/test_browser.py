"""The pages in a real browser (Debian's Chromium through Playwright): they load, show what a
user needs, and break no rule of the Content-Security-Policy."""

import re

import pytest

from tests.web.browser import BROWSER_TESTS, login, shot

pytestmark = BROWSER_TESTS


def test_hq_logs_in_and_sees_the_programme_without_policy_violations(browser_page):
    page = browser_page
    login(page, "hq")
    assert page.get_by_role("cell", name="可克达拉市镇江高级中学").is_visible()
    assert page.locator("table.projects").get_by_text("2.46 亿元").first.is_visible()
    page.locator("[data-map][data-ready=true] canvas").wait_for()  # the Xinjiang map drew
    for path in [
        "/account/tokens/",
        "/projects/?region=653000",
        f"/projects/{page.school}/",
        f"/projects/{page.school}/edit/",
        "/api/v1/docs",
        "/admin/",
    ]:
        page.goto(f"{page.base}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{page.base}/api/v1/docs")
    page.get_by_text("/api/v1/projects", exact=True).first.wait_for()
    assert page.problems == []


def test_year_selector_submits_itself(browser_page):
    page = browser_page
    login(page, "zhenjiang")
    page.get_by_role("combobox", name="年度").select_option("2018")
    page.wait_for_url("**/?year=2018")
    assert page.get_by_role("heading", name="2018 年度资金与政策执行").is_visible()
    assert page.problems == []


ROLES = {
    # user: (a project the role sees, one it must not see)
    "hq": ("可克达拉市镇江高级中学", None),
    "zhenjiang": ("可克达拉市镇江高级中学", "苏宁易购阿图什电商扶贫实训店"),
    "kezhou_gov": ("苏宁易购阿图什电商扶贫实训店", "可克达拉市镇江高级中学"),
    "suzhou": ("霍尔果斯市与巩留县劳动力转移就业培训", "可克达拉市镇江高级中学"),
    "auditor": ("可克达拉市镇江高级中学", None),
}


@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_sees_its_own_projects(browser_page, username):
    page = browser_page
    seen, hidden = ROLES[username]
    login(page, username)
    page.goto(f"{page.base}/projects/")
    table = page.locator("#project-results table")
    assert table.get_by_role("link", name=seen).is_visible()
    if hidden:
        assert table.get_by_role("link", name=hidden).count() == 0
    shot(page, f"projects-{username}")
    assert page.problems == []


def test_dashboard_charts_and_map_draw_and_a_county_click_opens_its_page(browser_page):
    page = browser_page
    login(page, "hq")
    page.locator("[data-chart='chart-by-year'][data-ready=true] canvas").wait_for()
    page.locator("[data-chart='chart-by-category'][data-ready=true] canvas").wait_for()
    page.locator("[data-map][data-ready=true] canvas").wait_for()
    missing = page.locator("[data-map-missing]")
    assert "新星市" in missing.inner_text() and "白杨市" in missing.inner_text()
    shot(page, "overview")
    page.get_by_role("radio", name="江苏 · 支援城市").check()
    page.locator("[data-map][data-view=supporter][data-ready=true]").wait_for()
    page.get_by_role("radio", name="项目数").check()
    page.locator("[data-map][data-metric=projects][data-ready=true]").wait_for()
    shot(page, "overview-jiangsu-map")
    page.get_by_role("radio", name="新疆 · 县市").check()
    page.locator("[data-map][data-view=county][data-ready=true]").wait_for()
    assert page.locator("[data-map-missing]").inner_text().count("市(") == 2  # 新星市, 白杨市
    x, y = page.evaluate(
        """() => {
            const box = document.querySelector("[data-map-canvas]");
            const chart = window.echarts.getInstanceByDom(box);
            const county = window.echarts.getMap("duikou-county").geoJSON.features
                .find((f) => f.properties.name === "653001");
            const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, county.properties.centroid);
            const rect = box.getBoundingClientRect();
            return [rect.left + x, rect.top + y];
        }"""
    )
    page.mouse.click(x, y)
    page.wait_for_url("**/regions/653001/")
    assert "阿图什市" in page.get_by_role("heading", level=1).inner_text()
    page.locator("[data-chart][data-ready=true] canvas").wait_for()
    shot(page, "region-atushi")
    assert page.problems == []


def test_the_school_is_found_from_the_map_and_reads_in_english(browser_page):
    page = browser_page
    login(page, "hq")
    page.locator("[data-map][data-ready=true] canvas").wait_for()
    page.get_by_text("地区列表").click()
    page.get_by_role("link", name="可克达拉市").first.click()
    page.wait_for_url("**/regions/659008/")
    page.get_by_role("link", name="可克达拉市镇江高级中学").click()
    page.wait_for_url(f"**/projects/{page.school}/")
    assert page.get_by_text("2.46 亿元").first.is_visible()
    assert page.get_by_text("交钥匙").first.is_visible()
    page.locator("[data-chart][data-ready=true] canvas").wait_for()
    shot(page, "project-school")
    page.get_by_role("button", name="English").click()
    page.get_by_text("CNY 246.00 million").first.wait_for()
    assert page.get_by_role("heading", name=re.compile("Zhenjiang Senior High School")).is_visible()
    shot(page, "project-school-en")
    page.get_by_role("button", name="简体中文").click()
    page.get_by_text("2.46 亿元").first.wait_for()
    assert page.problems == []


def test_the_project_list_filters_in_place(browser_page):
    page = browser_page
    login(page, "hq")
    page.goto(f"{page.base}/projects/")
    page.get_by_label("阶段").select_option(label="储备")
    page.wait_for_url("**/projects/?*status=reserve*")
    results = page.locator("#project-results")
    results.get_by_text("共 1 个项目").wait_for()
    assert results.get_by_role("link", name="克州人民医院胸痛中心提升").is_visible()
    assert "status=reserve" in page.locator("#export-link").get_attribute("href")
    shot(page, "projects-filtered")
    assert page.problems == []


def test_create_a_project_after_fixing_an_error(browser_page):
    page = browser_page
    login(page, "yili")
    page.goto(f"{page.base}/projects/")
    page.get_by_role("link", name="新建项目").click()
    pairing = page.locator("#id_pairing option", has_text="察布查尔").last.get_attribute("value")
    page.get_by_label("所属结对").select_option(pairing)
    page.get_by_label("类别").select_option(label="教育")
    page.get_by_label("项目编号").fill("JSYJ-YL-900")
    page.locator("#id_title").fill("察布查尔县双语幼儿园")
    page.get_by_label("实施层级").select_option(index=1)
    page.get_by_label("援建方式").select_option(index=1)
    page.get_by_label("总投资(元)").fill("1200万")
    page.locator("#id_regions-0-region").fill("654022")
    page.locator("#id_regions-0-share").fill("60")
    page.locator("#id_regions-1-region").fill("654025")
    page.locator("#id_regions-1-share").fill("30")
    page.get_by_role("button", name="保存").click()
    alert = page.locator("#regions_error")
    assert "现为 90%" in alert.inner_text()
    shot(page, "project-new-error")
    page.locator("#id_regions-1-share").fill("40")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r".*/projects/\d+/$"))
    assert page.get_by_text("已新建项目“察布查尔县双语幼儿园”。").is_visible()
    assert page.get_by_text("1200.00 万元").first.is_visible()
    shot(page, "project-new-saved")
    assert page.problems == []


def test_an_edit_conflict_is_explained(browser_page):
    page = browser_page
    login(page, "hq")
    edit = f"{page.base}/projects/{page.school}/edit/"
    page.goto(edit)
    other = page.context.browser.new_page()  # a colleague on another computer
    other.base = page.base
    login(other, "zhenjiang")
    other.goto(edit)
    other.locator("#id_description").fill("另一位同事先保存的说明。")
    other.get_by_role("button", name="保存").click()
    other.wait_for_url(f"**/projects/{page.school}/")
    page.locator("#id_description").fill("我的修改。")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("未保存:有人同时修改了该项目。").is_visible()
    assert page.locator("#id_description").input_value() == "我的修改。"
    shot(page, "project-edit-conflict")
    assert [p for p in page.problems if "409 (Conflict)" not in p] == []  # 409 is the answer


def test_a_tablet_gets_the_whole_page_and_the_keyboard_reaches_it(browser_page):
    page = browser_page
    login(page, "hq")
    page.set_viewport_size({"width": 768, "height": 1024})
    for path, name in [
        ("/", "tablet-overview"),
        ("/projects/", "tablet-projects"),
        ("/regions/654000/", "tablet-region-ili"),
        ("/pairings/", "tablet-pairings"),
    ]:
        page.goto(f"{page.base}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 768, (path, width)  # nothing pushes the page sideways
        shot(page, name)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.problems == []
