import json

import pytest
from django.test import Client

from duikou.accounts.tokens import token_create
from duikou.projects.models import Project


class ApiClient:
    """A client that talks to /api/v1/ with a bearer token and JSON bodies."""

    def __init__(self, secret: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def request(self, method: str, path: str, body=None, **headers):
        data = json.dumps(body) if body is not None else None
        kwargs = {"content_type": "application/json"} if data is not None else {}
        response = getattr(self.client, method.lower())(
            f"/api/v1{path}", data=data, headers={**self.headers, **headers}, **kwargs
        )
        response.json_body = response.json() if response.content else None
        return response

    def get(self, path, **headers):
        return self.request("GET", path, **headers)

    def post(self, path, body=None, **headers):
        return self.request("POST", path, body if body is not None else {}, **headers)

    def patch(self, path, body, **headers):
        return self.request("PATCH", path, body, **headers)

    def delete(self, path, **headers):
        return self.request("DELETE", path, **headers)


@pytest.fixture
def api(users):
    """``api("zhenjiang")`` → a read-write client; ``api("zhenjiang", write=False)`` read-only."""

    def make(username: str | None, write: bool = True) -> ApiClient:
        if username is None:
            return ApiClient(None)
        _token, secret = token_create(by=None, user=users[username], name="test", can_write=write)
        return ApiClient(secret)

    return make


@pytest.fixture
def project_id(db):
    def get(code: str) -> int:
        return Project.objects.get(code=code).pk

    return get
