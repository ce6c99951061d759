"""The people pages in a real browser: the roster filters in place, a dispatching unit's HR
reveals its own doctor's numbers, a roster is imported after a wrong row is seen, and the
pages fit a tablet."""

import re

from tests.people.builders import row, workbook
from tests.web.browser import BROWSER_TESTS, login, shot

pytestmark = BROWSER_TESTS

FULL_ID = re.compile(r"^\d{17}[\dX]$")


def test_the_roster_filters_in_place_and_hr_reveals_its_own_doctor(browser_page):
    page = browser_page
    login(page, "hospital_hr")
    page.goto(f"{page.base}/people/?on=")
    page.get_by_label("状态").select_option(label="在岗")
    page.wait_for_url("**/people/?*status=on_duty*")
    results = page.locator("#people-results")
    doctor = results.get_by_role("link", name=re.compile(r"^医生\d\d$")).first
    doctor.wait_for()
    assert results.get_by_role("link", name=re.compile(r"^教师")).count() == 0
    assert "status=on_duty" in page.locator("#people-export-link").get_attribute("href")
    shot(page, "people-roster-hospital-hr")

    doctor.click()
    number = page.locator("#person-id-number")
    assert "*" in number.inner_text()
    page.get_by_role("link", name="显示完整证件号和手机号").click()
    assert FULL_ID.match(number.inner_text().strip())
    shot(page, "people-person-revealed")
    assert page.problems == []


def test_a_city_group_never_gets_the_reveal_control(browser_page):
    page = browser_page
    login(page, "suzhou")
    page.goto(f"{page.base}/people/?on=")
    assert page.get_by_label("显示完整证件号和手机号(查看将留痕)").count() == 0
    page.locator("#people-results").get_by_role("link", name="干部07").first.click()
    assert "*" in page.locator("#person-id-number").inner_text()
    assert page.get_by_role("link", name="显示完整证件号和手机号").count() == 0
    assert page.problems == []


def test_import_a_roster_after_seeing_the_wrong_row(browser_page, tmp_path):
    page = browser_page
    wrong = tmp_path / "roster.xlsx"
    wrong.write_bytes(workbook([row(1), row(2, 开始日期="2026-02-30")]))
    login(page, "hospital_hr")
    page.goto(f"{page.base}/people/")
    page.get_by_role("link", name="导入花名册").first.click()
    page.get_by_label("花名册文件(.xlsx)").set_input_files(wrong)
    page.get_by_role("button", name="检查并导入").click()
    result = page.locator("#import-result")
    assert result.get_by_role("heading", name="未导入任何数据").is_visible()
    assert result.get_by_role("cell", name="第 3 行").is_visible()
    assert result.get_by_role("cell", name="开始日期").is_visible()
    shot(page, "people-import-error")

    page.get_by_label("花名册文件(.xlsx)").set_input_files(wrong)
    page.get_by_label("有错误时仍导入正确的行").check()
    page.get_by_role("button", name="检查并导入").click()
    assert result.get_by_role("heading", name="已导入正确的行,以下各行未导入").is_visible()
    page.goto(f"{page.base}/people/?on=&q=导入01")
    assert page.locator("#people-results").get_by_role("link", name="导入01").is_visible()
    assert page.problems == []


def test_the_people_pages_fit_a_tablet(browser_page):
    page = browser_page
    login(page, "hq")
    page.set_viewport_size({"width": 768, "height": 1024})
    for path, name in [
        ("/people/", "tablet-people"),
        ("/people/term-ends/?as_of=2026-11-29", "tablet-people-term-ends"),
        ("/people/batches/", "tablet-people-batches"),
        ("/people/teams/", "tablet-people-teams"),
    ]:
        page.goto(f"{page.base}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 768, (path, width)
        shot(page, name)
    page.get_by_role("link", name="镇江高级中学“组团式”教育援疆").click()
    assert page.locator("#members tbody tr").count() == 33
    shot(page, "people-team-school")
    page.goto(f"{page.base}/people/batches/")
    page.get_by_role("link", name=re.compile("第13批")).click()
    assert page.get_by_role("heading", name="学历构成").is_visible()
    shot(page, "people-batch-13")
    assert page.problems == []
