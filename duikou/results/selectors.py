"""Who sees and who changes which results.

- A value of a project is seen by whoever sees the project and entered by whoever may change
  it. A value of a region (no project) is seen and entered by the units whose pairings reach
  that region (and its recipient government); HQ and auditors see everything.
- The public sees approved values only.
- Approving, returning and reopening belong to the recipient government of the value's
  region (or HQ).
"""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Role
from duikou.common.errors import field_error
from duikou.common.permissions import is_hq
from duikou.geo.models import Region
from duikou.geo.selectors import XINJIANG
from duikou.partners.selectors import pairings_editable_by, pairings_visible_to
from duikou.projects.selectors import projects_editable_by, projects_visible_to
from duikou.results.models import DataElement, DataValue, Indicator


def _region_paths(user, pairings: QuerySet) -> list[str]:
    """The region subtrees the user works in: the recipient regions of its pairings, and a
    recipient government's own region."""
    paths = set(
        pairings.filter(recipient_region__isnull=False).values_list(
            "recipient_region__path", flat=True
        )
    )
    if user.role == Role.RECIPIENT_GOVERNMENT and user.organisation is not None:
        paths.add(user.organisation.region.path)
    return sorted(paths)


def _within(paths: list[str]) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(region_path__startswith=path) for path in paths))


def values_visible_to(user) -> QuerySet[DataValue]:
    values = DataValue.objects.all()
    if not user.is_authenticated:
        return values.none()
    if user.sees_everything:
        return values
    if user.role == Role.PUBLIC:
        return values.filter(status=DataValue.Status.APPROVED).filter(
            Q(project__isnull=True) | Q(project__in=projects_visible_to(user))
        )
    regions = _within(_region_paths(user, pairings_visible_to(user)))
    return values.filter(
        Q(project__in=projects_visible_to(user)) | (Q(project__isnull=True) & regions)
    )


def may_enter(user, *, region_path: str, project=None) -> bool:
    """Whether ``user`` may enter or change a value of ``project`` (or of the region)."""
    if is_hq(user):
        return True
    if not user.is_authenticated or not user.may_edit_projects:
        return False
    if project is not None:
        return projects_editable_by(user).filter(pk=project.pk).exists()
    return any(
        region_path.startswith(path) for path in _region_paths(user, pairings_editable_by(user))
    )


def regions_enterable_by(user) -> QuerySet[Region]:
    """The regions whose own values (no project) ``user`` enters, by code: for HQ the
    prefectures and XPCC cities of Xinjiang; otherwise the recipient regions of the pairings it
    may change and a recipient government's own region (``may_enter`` with no project)."""
    regions = Region.objects.order_by("code")
    if is_hq(user):
        return regions.filter(parent__code=XINJIANG)
    if not user.is_authenticated or not user.may_edit_projects:
        return regions.none()
    return regions.filter(path__in=_region_paths(user, pairings_editable_by(user)))


def may_approve(user, value: DataValue) -> bool:
    if is_hq(user):
        return True
    return may_approve_any(user) and value.region_path.startswith(user.organisation.region.path)


def may_approve_any(user) -> bool:
    """HQ and the recipient governments approve (each in its own region)."""
    return is_hq(user) or (
        user.is_authenticated
        and user.role == Role.RECIPIENT_GOVERNMENT
        and user.organisation is not None
    )


def values_approvable_by(user) -> QuerySet[DataValue]:
    """The values ``user`` may approve, return or reopen (``may_approve``, in SQL)."""
    values = values_visible_to(user)
    if is_hq(user):
        return values
    if may_approve_any(user):
        return values.filter(region_path__startswith=user.organisation.region.path)
    return values.none()


def values_enterable_by(user) -> QuerySet[DataValue]:
    """The values ``user`` may change and submit (``may_enter``, in SQL)."""
    values = values_visible_to(user)
    if is_hq(user):
        return values
    if not user.may_edit_projects:
        return values.none()
    regions = _within(_region_paths(user, pairings_editable_by(user)))
    return values.filter(
        Q(project__in=projects_editable_by(user)) | (Q(project__isnull=True) & regions)
    )


def value_for(user, value_id: int) -> DataValue:
    value = (
        values_visible_to(user)
        .select_related("element", "period", "region", "project")
        .filter(pk=value_id)
        .first()
    )
    if value is None:
        raise Http404
    return value


def element_by_code(code, *, field: str = "element") -> DataElement:
    element = DataElement.objects.filter(code=str(code or "").strip()).first()
    if element is None:
        raise field_error(field, _("未知的数据元素代码:%(value)s"), value=code)
    return element


def indicator_by_code(code, *, field: str = "indicator") -> Indicator:
    indicator = Indicator.objects.filter(code=str(code or "").strip()).first()
    if indicator is None:
        raise field_error(field, _("未知的指标代码:%(value)s"), value=code)
    return indicator


def ensure_may_edit_library(user, record=None) -> None:
    """Units that enter results may add their own data elements and indicators; the built-in
    library is changed by HQ only."""
    if is_hq(user):
        return
    if not user.may_edit_projects:
        raise PermissionDenied(_("您的角色不能维护成效指标库。"))
    if record is not None and record.is_builtin:
        raise PermissionDenied(_("内置的数据元素和指标只有省援疆总部可以修改。"))
