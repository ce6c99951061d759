"""The API served for real: two clients racing on one project, and schemathesis fuzzing."""

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from duikou.accounts.models import User
from duikou.accounts.tokens import token_create
from duikou.demo.loader import demo_load
from duikou.projects.models import Project
from duikou.testing import served_app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def served(transactional_db) -> str:
    """The app behind gunicorn on the test database, with the demo programme loaded
    (transactional tests start from a flushed database)."""
    if not Project.objects.exists():
        demo_load()
    with served_app() as url:
        yield url


def token(username: str) -> str:
    return token_create(
        by=None, user=User.objects.get(username=username), name="live", can_write=True
    )[1]


def call(url: str, secret: str, method: str = "GET", body=None, etag=None):
    request = urllib.request.Request(
        url, method=method, data=json.dumps(body).encode() if body is not None else None
    )
    request.add_header("Authorization", f"Bearer {secret}")
    request.add_header("Content-Type", "application/json")
    if etag:
        request.add_header("If-Match", etag)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("ETag"), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None, json.loads(error.read())


def test_two_clients_editing_the_same_project_lose_no_update(served):
    project = Project.objects.get(code="JSYJ-YL-002")
    url = f"{served}/api/v1/projects/{project.pk}"
    clients = {"zhenjiang": token("zhenjiang"), "hq": token("hq")}
    edits = {
        "zhenjiang": {"title": "可克达拉市镇江高级中学(二期)"},
        "hq": {"description": "总部补充的项目说明"},
    }
    _status, etag, _body = call(url, clients["hq"])
    barrier = threading.Barrier(len(clients))
    results: dict[str, int] = {}

    def edit(name: str) -> None:
        barrier.wait()
        results[name] = call(url, clients[name], "PATCH", edits[name], etag)[0]

    threads = [threading.Thread(target=edit, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results.values()) == [200, 412]  # one wins, the other is told
    loser = next(name for name, status in results.items() if status == 412)
    _status, fresh_etag, _body = call(url, clients[loser])
    assert call(url, clients[loser], "PATCH", edits[loser], fresh_etag)[0] == 200

    project.refresh_from_db()
    assert project.title == edits["zhenjiang"]["title"]
    assert project.description == edits["hq"]["description"]
    history = call(f"{url}/history", clients["hq"])[2]
    updates = [e for e in history if e["record"] == "project" and e["action"] == "updated"]
    assert {e["by"] for e in updates[:2]} == {"zhenjiang", "hq"}


def test_schemathesis_finds_no_server_error_and_no_schema_violation(served):
    secret = token("hq")
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{served}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {secret}",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--max-examples",
        "10",
        "--workers",
        "1",
        "--seed",
        "20261129",
        "--request-timeout",
        "30",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
