"""The pages in a real browser (Debian's Chromium through Playwright): they load, show what a
user needs, and break no rule of the Content-Security-Policy."""

import os
import shutil

import pytest

from duikou.demo.loader import demo_load
from duikou.projects.models import Project
from duikou.testing import served_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"),
        reason="Chromium is not installed (CI installs it)",
    ),
]


@pytest.fixture
def browser_page(transactional_db):
    from playwright.sync_api import sync_playwright

    if not Project.objects.exists():
        demo_load()
    school = Project.objects.get(code="JSYJ-YL-002").pk  # no ORM once Playwright runs
    with served_app() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.base, page.problems, page.school = base, problems, school
        yield page
        browser.close()


def login(page, username: str) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{page.base}/")


def test_hq_logs_in_and_sees_the_programme_without_policy_violations(browser_page):
    page = browser_page
    login(page, "hq")
    assert page.get_by_role("cell", name="可克达拉市镇江高级中学").is_visible()
    assert page.get_by_text("2.46 亿元").first.is_visible()
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
    page.get_by_text("/api/v1/projects").first.wait_for()
    assert page.problems == []


def test_year_selector_submits_itself(browser_page):
    page = browser_page
    login(page, "zhenjiang")
    page.get_by_label("年度").select_option("2018")
    page.wait_for_url("**/?year=2018")
    assert page.get_by_role("heading", name="2018 年度资金与政策执行").is_visible()
    assert page.problems == []
