"""The planning pages in a real browser, with the real background worker of ``duikou serve``:
the Kizilsu front command solves its scenario and watches the progress until the result
shows, copies it with a smaller budget, solves the copy and compares the two."""

import re

from tests.web.browser import BROWSER_TESTS, login, shot

pytestmark = BROWSER_TESTS

KIZILSU = "克州 2027—2028 年援建项目计划(示例)"


def solve(page) -> None:
    """Press 求解 and wait for the worker: the progress shows, then the page reloads itself
    with the result (htmx polls the progress and is told to refresh)."""
    page.get_by_role("button", name="求解", exact=True).click()
    page.locator("#progress, #chosen").first.wait_for()
    page.locator("#chosen").wait_for(timeout=60_000)
    assert page.locator("#progress").count() == 0


def test_a_front_command_solves_copies_and_compares_its_scenarios(browser_page):
    page = browser_page
    login(page, "kezhou")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="规划").click()
    page.get_by_role("link", name=KIZILSU).click()
    assert page.get_by_text("方案尚未求解。").is_visible()
    solve(page)
    assert page.locator("#chosen").get_by_text("KZ27-11").is_visible()
    assert page.locator("#cash-flow").get_by_role("cell", name="2027", exact=True).is_visible()
    page.locator("[data-chart][data-ready=true] canvas").wait_for()
    shot(page, "planning-scenario")

    copy = page.locator("#copy")
    copy.get_by_label("新方案代码").fill("kz-lean")
    copy.get_by_label("新方案名称").fill("克州 压缩预算")
    copy.get_by_role("button", name="复制").click()
    page.wait_for_url(re.compile(r"/planning/scenarios/\d+/edit/$"))
    page.get_by_label("2028 年预算(万元)").fill("5000")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("已保存方案").wait_for()
    solve(page)

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="规划").click()
    page.get_by_label(f"比较“{KIZILSU}”").check()
    page.get_by_label("比较“克州 压缩预算”").check()
    page.get_by_role("button", name="比较所选方案").click()
    differences = page.locator("#differences")
    differences.wait_for()
    # less money in 2028: the labour-transfer training starts a year later
    row = differences.get_by_role("row").filter(has_text="KZ27-04")
    assert row.get_by_text("2027 年开工").is_visible()
    assert row.get_by_text("2028 年开工").is_visible()
    shot(page, "planning-compare")
    assert page.problems == []
