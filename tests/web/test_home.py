import pytest

pytestmark = pytest.mark.django_db


def test_home_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_and_login_with_demo_password(client):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert "登录" in page.content.decode()
    response = client.post("/accounts/login/", {"username": "hq", "password": "demo"})
    assert response.status_code == 302 and response["Location"] == "/"
    bad = client.post("/accounts/login/", {"username": "hq", "password": "wrong"})
    assert bad.status_code == 200
    assert 'role="alert"' in bad.content.decode()


def test_hq_sees_the_school_and_its_investment(logged_in):
    html = logged_in("hq").get("/").content.decode()
    assert 'value="en" lang="en">English</button>' in html  # the switch names its language
    assert "可克达拉市镇江高级中学" in html
    assert "2.46 亿元" in html
    assert "两个80%" in html
    assert "资金到位率" in html and "开工率" in html


def test_zhenjiang_does_not_see_suzhou_on_its_home_page(logged_in):
    html = logged_in("zhenjiang").get("/").content.decode()
    assert "可克达拉市镇江高级中学" in html
    assert "苏宁易购阿图什电商扶贫实训店" not in html


def test_year_selector_and_bad_year(logged_in):
    client = logged_in("hq")
    html = client.get("/?year=2018").content.decode()
    assert "2018 年度资金与政策执行" in html
    bad = client.get("/?year=abc").content.decode()
    assert "年度“abc”无效" in bad


def test_english_shows_money_in_cny_millions(logged_in):
    client = logged_in("hq")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "CNY 246.00 million" in html
    assert "Zhenjiang Senior High School of Kokdala" in html
    assert "Zhenjiang aid working group" in html  # the unit's English name
    assert ">Kokdala<" in html  # the region's English name
    assert "Project overview" in html  # the interface itself is translated


def test_chinese_first_whatever_the_browser_says(logged_in):
    html = logged_in("hq").get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in html
    assert "2.46 亿元" in html
