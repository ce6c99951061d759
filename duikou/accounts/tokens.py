"""Personal API tokens: made, checked and revoked here."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import ApiToken, User
from duikou.common.errors import field_error

TOKEN_PREFIX = "dk_"
# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _ensure_may_manage(by, user: User) -> None:
    if by is None or by == user or by.is_superuser:
        return
    raise PermissionDenied(_("只能管理自己的令牌。"))


@transaction.atomic
def token_create(*, by, user: User, name: str, can_write: bool = False) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it with its secret, which is never shown again."""
    _ensure_may_manage(by, user)
    name = (name or "").strip()
    if not name:
        raise field_error("name", _("请为令牌起一个名称。"))
    if len(name) > 100:
        raise field_error("name", _("名称不能超过 100 个字符。"))
    if not user.is_active:
        raise field_error("user", _("该用户已停用。"))
    body = secrets.token_urlsafe(32)
    secret = f"{TOKEN_PREFIX}{body}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:10], key_hash=_digest(secret), can_write=can_write
    )
    return token, secret


def token_revoke(*, by, token: ApiToken) -> ApiToken:
    _ensure_may_manage(by, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, its user loaded; records when it was last used."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(key_hash=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user: User):
    return ApiToken.objects.filter(user=user)
