import pytest

from duikou.demo.loader import demo_load
from duikou.projects.models import Project
from duikou.testing import served_app
from tests.web.browser import CHROMIUM, SCREENSHOTS


@pytest.fixture
def logged_in(client, users):
    """The test client, logged in as a demo user: ``logged_in("hq").get("/")``."""

    def login(username: str):
        client.force_login(users[username])
        return client

    return login


@pytest.fixture
def browser_page(transactional_db):
    """A Chromium page on the app served with the demo; ``page.problems`` collects console
    errors and CSP violations."""
    from playwright.sync_api import sync_playwright

    if not Project.objects.exists():
        demo_load()
    school = Project.objects.get(code="JSYJ-YL-002").pk  # no ORM once Playwright runs
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
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
