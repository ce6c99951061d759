import hashlib

import pytest
from django.core.management import call_command
from django.test import Client

from duikou.accounts.models import ApiToken
from duikou.accounts.tokens import token_create, token_revoke

pytestmark = pytest.mark.django_db


def get(secret: str, url: str = "/api/v1/projects"):
    return Client().get(url, headers={"Authorization": f"Bearer {secret}"})


def test_token_is_stored_hashed_and_records_its_last_use(users):
    token, secret = token_create(by=None, user=users["suzhou"], name="报表")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.prefix, stored.key_hash, stored.name}
    assert stored.last_used_at is None
    assert get(secret).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_revoked_or_unknown_tokens_are_refused(users):
    token, secret = token_create(by=None, user=users["suzhou"], name="x")
    token_revoke(by=users["suzhou"], token=token)
    assert get(secret).status_code == 401
    assert get("dk_not-a-token").status_code == 401
    assert get(secret.replace("dk_", "xx_")).status_code == 401


def test_a_deactivated_user_loses_api_access(users):
    _token, secret = token_create(by=None, user=users["suzhou"], name="x")
    users["suzhou"].is_active = False
    users["suzhou"].save()
    assert get(secret).status_code == 401


def test_only_the_owner_manages_a_token(users):
    from django.core.exceptions import PermissionDenied

    token, _secret = token_create(by=None, user=users["suzhou"], name="x")
    with pytest.raises(PermissionDenied):
        token_revoke(by=users["zhenjiang"], token=token)
    with pytest.raises(PermissionDenied):
        token_create(by=users["zhenjiang"], user=users["suzhou"], name="y")


def test_token_command_prints_the_token_once(users, capsys):
    call_command("token", "zhenjiang", "--write", "--name", "夜间同步")
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=users["zhenjiang"], name="夜间同步")
    assert token.can_write and secret.startswith(token.prefix)
    assert get(secret).status_code == 200


def test_health_needs_no_credentials():
    response = Client().get("/api/v1/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
