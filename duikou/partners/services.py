"""Every write to organisations and pairings."""

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from duikou.common.editing import lock_for_edit, restore, save_as, save_edit, soft_delete
from duikou.common.errors import field_error
from duikou.common.permissions import ensure_hq
from duikou.common.services import apply_changes, check_end_after_start, parse_date
from duikou.geo.selectors import region_by_code
from duikou.partners.models import Organisation, Pairing
from duikou.partners.selectors import pairings_editable_by

ORGANISATION_FIELDS = {
    "name",
    "name_en",
    "short_name",
    "iati_ref",
    "iati_type",
    "kind",
    "region",
    "parent",
    "is_illustrative",
}
PAIRING_FIELDS = {
    "supporter",
    "recipient_region",
    "recipient_organisation",
    "level",
    "parent",
    "start_date",
    "end_date",
    "notes",
    "is_illustrative",
}


def _resolve_region(fields: dict, name: str) -> None:
    """Accept a region code for a region field and turn it into the region."""
    value = fields.get(name)
    if isinstance(value, str):
        fields[name] = region_by_code(value, field=name)


def _refresh_subtree_paths(node) -> None:
    """Recompute the path of ``node`` and, in one UPDATE, of every descendant (after a move)."""
    old_path = node.path
    node.path = node.compute_path()
    rows = type(node).all_objects
    rows.filter(pk=node.pk).update(path=node.path)
    if old_path and old_path != node.path:
        rows.filter(path__startswith=old_path).exclude(pk=node.pk).update(
            path=Concat(Value(node.path), Substr("path", len(old_path) + 1))
        )


def _check_not_own_ancestor(node, parent, field: str = "parent") -> None:
    if parent is not None and node.pk is not None and parent.path.startswith(node.path):
        raise field_error(field, _("上级不能是自身或其下级。"))


# ---------------------------------------------------------------- organisations


@transaction.atomic
def organisation_create(*, by, **fields) -> Organisation:
    ensure_hq(by)
    _resolve_region(fields, "region")
    organisation = Organisation()
    apply_changes(organisation, fields, ORGANISATION_FIELDS)
    if Organisation.all_objects.filter(name=organisation.name).exists():
        raise field_error("name", _("单位“%(name)s”已存在。"), name=organisation.name)
    save_as(organisation, by=by)
    _refresh_subtree_paths(organisation)
    return organisation


def _free_name(name: str, ref: str) -> str:
    """``name``, or ``name (ref)``, or a numbered variant: the first no unit has yet."""
    taken = Organisation.all_objects.filter(name__startswith=name[:150])
    names = set(taken.values_list("name", flat=True))
    candidates = [name, f"{name} ({ref})" if ref else name]
    candidates += [f"{name} ({ref or '#'}{n})" for n in range(2, 1000)]
    return next(c[:200] for c in candidates if c[:200] not in names)


@transaction.atomic
def organisation_register(
    *, by, name: str, iati_ref: str = "", iati_type: str = "", name_en: str = ""
) -> Organisation:
    """A unit named in an imported file (an IATI reporting or participating organisation) that
    Duikou does not know yet: created without a region (it may be abroad) under a name no
    other unit has. Whoever may import the file may register it."""
    name = " ".join((name or iati_ref).split())
    if not name:
        raise field_error("name", _("单位名称不能为空。"))
    if iati_ref and Organisation.all_objects.filter(iati_ref=iati_ref).exists():
        raise field_error("iati_ref", _("已有单位使用此 IATI 机构标识。"))
    organisation = Organisation(
        name=_free_name(name, iati_ref),
        name_en=name_en[:250],
        iati_ref=iati_ref,
        iati_type=iati_type,
        kind=Organisation.Kind.OTHER,
    )
    save_as(organisation, by=by)
    _refresh_subtree_paths(organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, by, organisation: Organisation, expected_version=None, **changes
) -> Organisation:
    ensure_hq(by)
    lock_for_edit(organisation, expected_version)
    _resolve_region(changes, "region")
    _check_not_own_ancestor(organisation, changes.get("parent"))
    changed = apply_changes(organisation, changes, ORGANISATION_FIELDS)
    if changed:
        save_edit(organisation, by=by)
        if "parent" in changed:
            _refresh_subtree_paths(organisation)
    return organisation


@transaction.atomic
def organisation_delete(*, by, organisation: Organisation, expected_version=None) -> None:
    """Delete softly; a unit still used by live pairings, units or users stays."""
    ensure_hq(by)
    in_use = (
        Pairing.objects.filter(supporter=organisation).exists()
        or Pairing.objects.filter(recipient_organisation=organisation).exists()
        or Organisation.objects.filter(parent=organisation).exists()
        or organisation.users.filter(is_active=True).exists()
    )
    if in_use:
        raise field_error("id", _("该单位仍有结对关系、下级单位或用户,不能删除。"))
    soft_delete(organisation, by=by, expected_version=expected_version)


@transaction.atomic
def organisation_restore(*, by, organisation: Organisation) -> None:
    ensure_hq(by)
    restore(organisation, by=by)


# ---------------------------------------------------------------- pairings


def _validate_pairing(pairing: Pairing) -> None:
    if pairing.recipient_region_id is None and pairing.recipient_organisation_id is None:
        raise field_error("recipient_region", _("请指定受援地区或受援单位。"))
    check_end_after_start(pairing.start_date, pairing.end_date, end_field="end_date")
    if pairing.recipient_organisation_id and (
        pairing.recipient_organisation_id == pairing.supporter_id
    ):
        raise field_error("recipient_organisation", _("支援方与受援单位不能相同。"))


def _ensure_may_write_pairing(by, parent: Pairing | None) -> None:
    """HQ writes any pairing; a unit may add or change sub-pairings of its own pairings."""
    if by is None or by.is_superuser or (by.sees_everything and by.may_edit_projects):
        return
    if parent is None or not pairings_editable_by(by).filter(pk=parent.pk).exists():
        raise field_error("parent", _("上级结对不存在或不在您的权限范围内。"))


def _normalise_pairing_fields(fields: dict) -> None:
    _resolve_region(fields, "recipient_region")
    for name, required in (("start_date", True), ("end_date", False)):
        if name in fields:
            fields[name] = parse_date(fields[name], field=name, required=required)


@transaction.atomic
def pairing_create(*, by, **fields) -> Pairing:
    _normalise_pairing_fields(fields)
    _ensure_may_write_pairing(by, fields.get("parent"))
    pairing = Pairing()
    apply_changes(pairing, fields, PAIRING_FIELDS)
    _validate_pairing(pairing)
    save_as(pairing, by=by)
    _refresh_subtree_paths(pairing)
    return pairing


@transaction.atomic
def pairing_update(*, by, pairing: Pairing, expected_version=None, **changes) -> Pairing:
    _ensure_may_write_pairing(by, pairing.parent)
    lock_for_edit(pairing, expected_version)
    _normalise_pairing_fields(changes)
    if "parent" in changes:
        _ensure_may_write_pairing(by, changes["parent"])
        _check_not_own_ancestor(pairing, changes["parent"])
    changed = apply_changes(pairing, changes, PAIRING_FIELDS)
    if changed:
        _validate_pairing(pairing)
        save_edit(pairing, by=by)
        if "parent" in changed:
            _refresh_subtree_paths(pairing)
    return pairing


def pairing_end(*, by, pairing: Pairing, end_date) -> Pairing:
    """Close a pairing on a date (pairings change over time; the record stays)."""
    return pairing_update(by=by, pairing=pairing, end_date=end_date)


@transaction.atomic
def pairing_delete(*, by, pairing: Pairing, expected_version=None) -> None:
    """Delete softly; a pairing with live projects or sub-pairings stays (end it instead)."""
    _ensure_may_write_pairing(by, pairing.parent)
    if pairing.projects.exists() or Pairing.objects.filter(parent=pairing).exists():
        raise field_error("id", _("该结对关系下仍有项目或下级结对,不能删除;可设置结束日期。"))
    soft_delete(pairing, by=by, expected_version=expected_version)


@transaction.atomic
def pairing_restore(*, by, pairing: Pairing) -> None:
    _ensure_may_write_pairing(by, pairing.parent)
    restore(pairing, by=by)
