"""What the browser tests share: Debian's Chromium driven by Playwright against the app served
on a free port, where screenshots go, logging in and taking a screenshot. The ``browser_page``
fixture is in conftest.py."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Screenshots of every page the tests visit; CI prints where they are.
SCREENSHOTS = Path(
    os.environ.get("DUIKOU_SCREENSHOTS", Path(__file__).parents[2] / "var" / "screenshots")
)
BROWSER_TESTS = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"),
        reason="Chromium is not installed (CI installs it)",
    ),
]


def login(page, username: str) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{page.base}/")


def shot(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
