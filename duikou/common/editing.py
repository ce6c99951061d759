"""Optimistic locking and soft deletion for every editable record.

A client edits the version it read. ``lock_for_edit`` locks the row (SELECT … FOR UPDATE on
PostgreSQL; SQLite transactions take the write lock at BEGIN IMMEDIATE) and refuses the edit
when somebody else saved a newer version in between: no update is silently lost.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from duikou.common.errors import field_error


class StaleVersion(Exception):
    """The record changed since the client read it."""

    def __init__(self, instance, expected: int, current: int):
        self.instance, self.expected, self.current = instance, expected, current
        last = instance.history.order_by("-history_date", "-history_id").first()
        self.changed_by = last.history_user if last else None
        self.changed_at = last.history_date if last else None
        super().__init__(str(self.message))

    @property
    def message(self) -> str:
        who = (
            self.changed_by.get_full_name() or self.changed_by.username
            if self.changed_by
            else _("系统")
        )
        when = (
            date_format(timezone.localtime(self.changed_at), "DATETIME_FORMAT")
            if self.changed_at
            else ""
        )
        return _(
            "在您打开之后,该记录已被 %(who)s 于 %(when)s 修改(现为第 %(current)s 版)。"
            "请查看最新内容后再修改。"
        ) % {"who": who, "when": when, "current": self.current}


def lock_for_edit(instance, expected_version: int | None = None) -> None:
    """Lock the row and check that it is still at ``expected_version`` (by default the
    version the instance was read at). Call inside ``transaction.atomic``."""
    model = type(instance)
    current = (
        model.all_objects.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )
    expected = instance.version if expected_version is None else expected_version
    if current is None:
        raise field_error("id", _("记录不存在。"))
    if current != expected:
        raise StaleVersion(instance, expected, current)
    instance.version = current


def save_edit(instance, *, by) -> None:
    """Validate and save an edited record as its next version, with ``by`` in its history."""
    instance.version += 1
    save_as(instance, by=by)


def save_as(instance, *, by) -> None:
    """Validate (fields, choices, constraints) and save, recording ``by`` in the history."""
    if by is not None:
        instance._history_user = by
    instance.full_clean()
    instance.save()


def soft_delete(instance, *, by, expected_version: int | None = None) -> None:
    """Mark a record deleted (restorable); its history keeps who and when."""
    if instance.is_deleted:
        return
    lock_for_edit(instance, expected_version)
    instance.deleted_at = timezone.now()
    instance.deleted_by = by
    save_edit(instance, by=by)


def restore(instance, *, by, expected_version: int | None = None) -> None:
    if not instance.is_deleted:
        return
    lock_for_edit(instance, expected_version)
    instance.deleted_at = None
    instance.deleted_by = None
    save_edit(instance, by=by)


def ensure_not_deleted(instance) -> None:
    if instance.is_deleted:
        raise PermissionDenied(_("该记录已删除,请先恢复。"))
