"""The IATI import in a real browser, with the real background worker of ``duikou serve``: a
city working group uploads the Netherlands sample, follows the progress until the report
shows, and finds an imported activity's IATI panel on its project page."""

import re
from pathlib import Path

from tests.web.browser import BROWSER_TESTS, login, shot

pytestmark = BROWSER_TESTS

NETHERLANDS = Path(__file__).parents[1] / "exchange" / "files" / "netherlands-mfa-13-activities.xml"


def _upload(page, path: Path):
    """Upload a file into suzhou's pairing with Atushi; the report once the run is done."""
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="IATI 导入").click()
    page.get_by_label("IATI 活动文件(.xml)").set_input_files(str(path))
    pairing = page.get_by_label("导入到结对关系")
    atushi = pairing.locator("option", has_text="阿图什").get_attribute("value")
    pairing.select_option(atushi)
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_url(re.compile(r"/exchange/iati/runs/\d+/$"))
    # the progress first (queued or running), until htmx is told to show the report
    page.locator("#progress, #report").first.wait_for()
    report = page.locator("#report")
    report.wait_for(timeout=60_000)
    assert page.locator("#progress").count() == 0
    return report


def _imported(page, report, created: str) -> None:
    """The report says all was imported: ``created`` new projects, none left out."""
    assert report.get_by_role("heading", name="已导入", exact=True).is_visible()
    assert page.locator("#created").inner_text() == created
    assert page.locator("#not-imported").inner_text() == "0"


def test_a_city_group_uploads_an_iati_file_and_reads_the_report(browser_page):
    page = browser_page
    login(page, "suzhou")
    _imported(page, _upload(page, NETHERLANDS), "13")
    shot(page, "iati-import-report")

    page.get_by_role("link", name="导入其他文件").click()
    runs = page.locator("#runs")
    assert runs.get_by_role("link", name=NETHERLANDS.name).is_visible()

    page.goto(f"{page.base}/projects/?q=NL-1-PPR-24706")
    page.get_by_role("link", name="ICTJ 2013-2014").first.click()
    panel = page.locator("#iati")
    assert panel.get_by_text("NL-1-PPR-24706", exact=True).is_visible()
    assert panel.locator("#iati-organisations").get_by_text("实施方").is_visible()
    shot(page, "iati-project-panel")
    assert page.problems == []


def _many_activities(path: Path, copies: int) -> Path:
    """The Netherlands sample's activities ``copies`` times over, each copy with its own
    identifier: a file of a few megabytes, which worker processes read in pieces."""
    text = NETHERLANDS.read_text(encoding="utf-8")
    start = text.index("<iati-activity ")
    end = text.rindex("</iati-activity>") + len("</iati-activity>")
    copies_text = [
        re.sub(
            r"(<iati-identifier>[^<]*)(</iati-identifier>)", rf"\g<1>-C{n}\g<2>", text[start:end]
        )
        for n in range(copies)
    ]
    path.write_text(text[:start] + "\n".join(copies_text) + text[end:], encoding="utf-8")
    return path


def test_a_large_file_is_read_by_worker_processes_of_the_background_worker(browser_page, tmp_path):
    big = _many_activities(tmp_path / "netherlands-30-times.xml", 30)
    assert big.stat().st_size > 3 << 20  # several pieces, one worker process per core
    page = browser_page
    login(page, "suzhou")

    _imported(page, _upload(page, big), "390")
    assert page.problems == []
