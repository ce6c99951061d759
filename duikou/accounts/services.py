"""Every write to users."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import ROLES_SEEING_EVERYTHING, Role, User
from duikou.common.errors import field_error
from duikou.common.permissions import ensure_hq


def _check_role(role: str, organisation) -> None:
    if role not in Role.values:
        raise field_error("role", _("未知的角色:%(role)s"), role=role)
    if organisation is None and role not in ROLES_SEEING_EVERYTHING | {Role.PUBLIC}:
        raise field_error("organisation", _("该角色的用户必须属于一个单位。"))
    if organisation is not None and organisation.region_id is None:
        # a user's scope is the unit's region; units from IATI files may have none
        raise field_error("organisation", _("该单位没有所在地区,不能作为用户的单位。"))


@transaction.atomic
def user_save(
    *,
    by,
    username: str,
    password: str | None,
    role: str,
    organisation=None,
    full_name: str = "",
    email: str = "",
    check_password: bool = True,
    administrator: bool = False,
) -> User:
    """Create a user, or update the user of that name; roles without a unit see all or little.
    ``administrator`` opens the admin site to the user (staff and superuser).

    ``check_password=False`` skips Django's password validators; only the demo loader uses it,
    for its well-known demo password.
    """
    ensure_hq(by)
    username = (username or "").strip()
    if not username:
        raise field_error("username", _("请填写用户名。"))
    _check_role(role, organisation)
    user = User.objects.filter(username=username).first() or User(username=username)
    user.role, user.organisation, user.email = role, organisation, email
    user.first_name = full_name
    user.is_staff = user.is_superuser = administrator
    if password is not None:
        if check_password:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise ValidationError({"password": error.messages}) from None
        user.set_password(password)
    elif user.pk is None:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user
