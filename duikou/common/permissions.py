"""Permission checks shared by the services. ``by=None`` means the system itself (a command
run by the operator, a migration, the demo loader)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Role


def is_hq(by) -> bool:
    """The province HQ, an administrator, or the system itself."""
    return by is None or by.is_superuser or by.role == Role.PROVINCE_HQ


def ensure_hq(by) -> None:
    """Only the province HQ (or an administrator, or the system) may do this."""
    if not is_hq(by):
        raise PermissionDenied(_("只有省援疆总部可以执行此操作。"))
