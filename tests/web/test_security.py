"""Hardening: login throttling, security headers, CSP the pages satisfy, size limits,
no stack traces for clients, CSRF for session writes."""

import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_login_is_locked_after_five_failures(client):
    statuses = [
        client.post("/accounts/login/", {"username": "suzhou", "password": "wrong"}).status_code
        for _attempt in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    locked = client.post("/accounts/login/", {"username": "suzhou", "password": "demo"})
    assert locked.status_code == 429
    assert "暂时锁定" in locked.content.decode()
    other = Client().post("/accounts/login/", {"username": "zhenjiang", "password": "demo"})
    assert other.status_code == 302  # only that user name from that address is locked


def test_security_headers_on_pages_and_api(client, users):
    client.force_login(users["hq"])
    for url in ["/", "/accounts/login/", "/api/v1/projects"]:
        response = client.get(url, secure=True)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_cookies_are_secure_and_http_only(client):
    response = client.post("/accounts/login/", {"username": "hq", "password": "demo"})
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]


INLINE = [
    # inline script (JSON data islands are not run: type="application/json")
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),  # event handler attribute
    re.compile(r"\sstyle\s*=", re.I),  # style attribute
    re.compile(r"<style", re.I),  # style element
]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/accounts/login/",
        "/account/tokens/",
        "/projects/",
        "/projects/{school}/",
        "/projects/{school}/edit/",
    ],
)
def test_pages_keep_to_the_content_security_policy(client, users, url):
    from duikou.projects.models import Project

    client.force_login(users["hq"])
    url = url.format(school=Project.objects.get(code="JSYJ-YL-002").pk)
    html = client.get(url).content.decode()
    for pattern in INLINE:
        assert not pattern.search(html), (url, pattern.pattern)
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html


def test_oversized_request_body_is_refused(client, users):
    from duikou.accounts.tokens import token_create

    _token, secret = token_create(by=None, user=users["hq"], name="t", can_write=True)
    body = json.dumps({"code": "X", "title": "x" * (3 * 1024 * 1024)})
    response = Client().post(
        "/api/v1/projects",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "请求体过大。"


def test_api_errors_carry_no_stack_trace(users, monkeypatch):
    from duikou.accounts.tokens import token_create

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("duikou.projects.api.project_list", broken)
    _token, secret = token_create(by=None, user=users["hq"], name="t")
    response = Client(raise_request_exception=False).get(
        "/api/v1/projects", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 500
    assert response.json() == {"detail": "服务器内部错误。", "errors": []}


def test_pages_carry_no_stack_trace(users, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("duikou.web.views.funds_totals", broken)
    client = Client(raise_request_exception=False)
    client.force_login(users["hq"])
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错了" in html and "secret internals" not in html and "Traceback" not in html


def test_session_writes_to_the_api_need_the_csrf_token(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["zhenjiang"])
    from duikou.projects.models import Project

    url = f"/api/v1/projects/{Project.objects.get(code='JSYJ-YL-002').pk}/milestones"
    body = json.dumps({"title": "x", "planned_date": "2026-01-01"})
    refused = client.post(url, data=body, content_type="application/json")
    assert refused.status_code in (401, 403)
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        url, data=body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201
