"""The results pages in a real browser: the analysis draws its chart and map, a school enters
its figures for a year, submits them, and the recipient government approves them."""

import re

from tests.web.browser import BROWSER_TESTS, login, shot

pytestmark = BROWSER_TESTS


def test_the_analysis_draws_its_chart_and_map(browser_page):
    page = browser_page
    login(page, "hq")
    page.get_by_role("link", name="成效", exact=True).first.click()
    page.locator("#id_element").select_option("tourists")
    page.locator("#id_period").fill("2024")
    page.locator("#id_region").fill("654000")
    page.get_by_role("button", name="查看").click()
    page.locator("[data-chart][data-ready=true] canvas").wait_for()
    page.locator("[data-map][data-ready=true] canvas").wait_for()
    figures = page.locator("#results-figures")
    assert figures.get_by_text("20,700").is_visible() and figures.get_by_text("101%").is_visible()
    shot(page, "results-analysis")
    assert page.problems == []


def test_a_school_enters_its_figures_and_the_city_approves_them(browser_page):
    page = browser_page
    login(page, "zhenjiang")
    page.goto(f"{page.base}/projects/{page.school}/")
    page.get_by_role("link", name="填报成效").click()
    page.locator("#id_period").fill("2026")
    page.get_by_role("button", name="切换期间").click()
    row = page.locator("tr", has_text="培训教师")
    inputs = row.locator("input[type=text], input:not([type])")
    inputs.nth(1).fill("150")  # target
    inputs.nth(2).fill("-3")  # actual: a count cannot be negative
    page.get_by_role("button", name="保存", exact=True).click()
    assert page.locator("#entry-errors").is_visible()
    assert page.get_by_text("不能为负数").first.is_visible()
    shot(page, "results-entry-error")
    page.locator("tr", has_text="培训教师").locator("input[type=text], input:not([type])").nth(
        2
    ).fill("142")
    page.get_by_role("button", name="保存并提交审核").click()
    page.get_by_text(re.compile("已保存")).first.wait_for()
    shot(page, "results-entry-saved")
    assert page.problems == []

    other = page.context.browser.new_page()
    other.base = page.base
    login(other, "kokdala")
    other.goto(f"{page.base}/results/approval/")
    pending = other.locator("tr", has_text="培训教师").filter(has_text="142")
    pending.get_by_role("button", name="审核通过").click()
    other.get_by_text(re.compile("审核通过|已审核")).first.wait_for()
    shot(other, "results-approved")
    other.goto(f"{page.base}/projects/{page.school}/")
    section = other.locator("#results")
    assert (
        section.locator("tr", has_text="2026")
        .filter(has_text="培训教师")
        .get_by_text("已审核")
        .is_visible()
    )
