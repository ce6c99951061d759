"""Abstract models shared by the editable records: versions, soft deletion, history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duikou.common.audit import AuditedHistory


class LiveQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class LiveManager(models.Manager.from_queryset(LiveQuerySet)):
    """The default manager: soft-deleted rows are left out everywhere unless asked for."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Editable(models.Model):
    """A record users edit: it has a version for optimistic locking, is deleted softly
    (restorable), and keeps a history of every change (who, when, channel, before/after)."""

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("删除人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LiveManager()
    all_objects = LiveQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def tracked_history(excluded_fields: list[str] | None = None) -> HistoricalRecords:
    """History for an editable model, stamped with the channel; the user comes from the
    services (``_history_user``) or the request. ``excluded_fields``: machine-written fields
    not worth a copy in every historical row."""
    return HistoricalRecords(
        bases=[AuditedHistory],
        cascade_delete_history=False,
        excluded_fields=excluded_fields or [],
    )
