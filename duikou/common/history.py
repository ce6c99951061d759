"""The change history of any tracked record (``tracked_history()``): entries with who, when,
through which channel, what was done, and each shown field before and after; and the same
entries in words for a page.

A history is built from groups of historical records (one query each), one group per kind of
record, merged newest first. Sensitive fields are given a mask, applied to both the value
before and after: the history is never a way to read them.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from itertools import chain

from django.db.models import BooleanField, ForeignKey, Model, QuerySet
from django.utils.translation import gettext_lazy as _

from duikou.common.audit import Channel

# Bookkeeping fields that change with every edit and say nothing to a reader.
NOT_SHOWN = {"version", "updated_at", "created_at", "recorded_at", "path"}

Mask = Callable[[str], str]


def action(record, previous) -> str:
    """created / updated / deleted / restored, from the record and the one before it."""
    if record.history_type == "+":
        return "created"
    if record.history_type == "-":
        return "deleted"
    if previous is not None and previous.deleted_at is None and record.deleted_at is not None:
        return "deleted"
    if previous is not None and previous.deleted_at is not None and record.deleted_at is None:
        return "restored"
    return "updated"


def text(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _shown(value, mask: Mask | None) -> str | None:
    value = text(value)
    return mask(value) if mask is not None and value else value


def changes(record, previous, masks: Mapping[str, Mask] | None = None) -> list[dict]:
    """Each shown field whose value differs from the previous record (all set ones for the
    first); foreign keys as ids, so no query is made. A field in ``masks`` is compared in
    the clear but shown masked."""
    masks = masks or {}
    fields = [f for f in record.tracked_fields if f.attname not in NOT_SHOWN and f.name != "id"]
    found = []
    for field in fields:
        after = getattr(record, field.attname)
        before = getattr(previous, field.attname) if previous is not None else None
        if before != after and not (previous is None and after in (None, "")):
            mask = masks.get(field.name)
            found.append(
                {"field": field.name, "before": _shown(before, mask), "after": _shown(after, mask)}
            )
    return found


def entries(label: str, records: QuerySet, masks: Mapping[str, Mask] | None = None) -> list[dict]:
    """The entries of one kind of record (``records``: a queryset of its historical
    records, e.g. ``Milestone.history.filter(project_id=1)``), in one query."""
    records = records.select_related("history_user").order_by("id", "history_date", "history_id")
    found, previous_of = [], {}
    for record in records:
        previous = previous_of.get(record.id)
        found.append(
            {
                "record": label,
                "record_id": record.id,
                "at": record.history_date,
                "by": record.history_user.username if record.history_user else None,
                "channel": record.history_channel,
                "action": action(record, previous),
                "changes": changes(record, previous, masks),
            }
        )
        previous_of[record.id] = record
    return found


def newest_first(groups: Iterable[list[dict]]) -> list[dict]:
    """Entries of several kinds of record merged, newest first (ties keep their order)."""
    return sorted(chain.from_iterable(groups), key=lambda entry: entry["at"], reverse=True)


# ------------------------------------------------------------------ in words

ACTIONS = {
    "created": _("新建"),
    "updated": _("修改"),
    "deleted": _("删除"),
    "restored": _("恢复"),
}


def readable(change: dict, field, names: Mapping[str, str] | None = None) -> dict:
    """A change with the field's name and its values as a reader knows them (labels of
    choices, 是/否, the name of a related record), not as stored."""
    words = {str(key): label for key, label in field.flatchoices} if field.choices else {}
    if isinstance(field, BooleanField):
        words = {"True": _("是"), "False": _("否")}
    if names is not None:
        words = names
    return {
        **change,
        "label": field.verbose_name,
        "before": words.get(change["before"], change["before"]),
        "after": words.get(change["after"], change["after"]),
    }


def related_names(changes: Iterable[tuple[object, dict]]) -> dict[type[Model], dict[str, str]]:
    """The names of the records that foreign-key changes point to: one query per related
    model, deleted records included."""
    wanted: dict[type[Model], set[str]] = {}
    for field, change in changes:
        if isinstance(field, ForeignKey):
            ids = wanted.setdefault(field.related_model, set())
            ids.update(value for value in (change["before"], change["after"]) if value)
    return {
        model: {str(record.pk): str(record) for record in model._base_manager.filter(pk__in=ids)}
        for model, ids in wanted.items()
    }


def with_labels(
    entries: list[dict], models: Mapping[str, type[Model]], hidden: Iterable[str] = ()
) -> list[dict]:
    """The entries with what a reader sees: the kind of record, the action, the channel and
    each changed field by their names, not their codes. ``models``: the model of each
    record label; ``hidden``: fields left out (e.g. the page's own record)."""
    hidden = set(hidden)
    channels = dict(Channel.choices)
    fields = [
        [
            (models[entry["record"]]._meta.get_field(change["field"]), change)
            for change in entry["changes"]
            if change["field"] not in hidden
        ]
        for entry in entries
    ]
    names = related_names(chain.from_iterable(fields))
    labelled = []
    for entry, shown in zip(entries, fields, strict=True):
        model = models[entry["record"]]
        labelled.append(
            {
                **entry,
                "record_label": model._meta.verbose_name,
                "action_label": ACTIONS.get(entry["action"], entry["action"]),
                "channel_label": channels.get(entry["channel"], entry["channel"]),
                "changes": [
                    readable(change, field, names.get(getattr(field, "related_model", None)))
                    for field, change in shown
                ],
            }
        )
    return labelled
