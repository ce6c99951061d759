"""A project's history: every change to the project and to its money and milestones, with
who, when, through which channel, and each field before and after."""

import datetime
from itertools import chain

from django.db.models import BooleanField
from django.utils.translation import gettext_lazy as _

from duikou.common.audit import Channel
from duikou.projects.models import BudgetLine, Milestone, Project, Transaction

# Bookkeeping fields that change with every edit and say nothing to a reader.
NOT_SHOWN = {"version", "updated_at", "created_at", "recorded_at", "path"}
RECORDS = [
    ("project", Project, "id"),
    ("budget_line", BudgetLine, "project_id"),
    ("transaction", Transaction, "project_id"),
    ("milestone", Milestone, "project_id"),
]


def _action(record, previous) -> str:
    if record.history_type == "+":
        return "created"
    if record.history_type == "-":
        return "deleted"
    if previous is not None and previous.deleted_at is None and record.deleted_at is not None:
        return "deleted"
    if previous is not None and previous.deleted_at is not None and record.deleted_at is None:
        return "restored"
    return "updated"


def _text(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _changes(record, previous) -> list[dict]:
    """Each shown field whose value differs from the previous record (all set ones for the
    first); foreign keys as ids, so no query is made."""
    fields = [f for f in record.tracked_fields if f.attname not in NOT_SHOWN and f.name != "id"]
    changes = []
    for field in fields:
        after = getattr(record, field.attname)
        before = getattr(previous, field.attname) if previous is not None else None
        if before != after and not (previous is None and after in (None, "")):
            changes.append({"field": field.name, "before": _text(before), "after": _text(after)})
    return changes


def _entries(label: str, model, key: str, project_id: int) -> list[dict]:
    records = list(
        model.history.filter(**{key: project_id})
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    entries, previous_of = [], {}
    for record in records:
        previous = previous_of.get(record.id)
        entries.append(
            {
                "record": label,
                "record_id": record.id,
                "at": record.history_date,
                "by": record.history_user.username if record.history_user else None,
                "channel": record.history_channel,
                "action": _action(record, previous),
                "changes": _changes(record, previous),
            }
        )
        previous_of[record.id] = record
    return entries


def project_history(project: Project) -> list[dict]:
    """Newest first; one query per kind of record."""
    entries = chain.from_iterable(
        _entries(label, model, key, project.pk) for label, model, key in RECORDS
    )
    return sorted(entries, key=lambda entry: entry["at"], reverse=True)


ACTIONS = {
    "created": _("新建"),
    "updated": _("修改"),
    "deleted": _("删除"),
    "restored": _("恢复"),
}


def _readable(change: dict, field) -> dict:
    """A change with the field's name and its values as a reader knows them (labels of
    choices, 是/否), not as stored."""
    words = {str(key): label for key, label in field.flatchoices} if field.choices else {}
    if isinstance(field, BooleanField):
        words = {"True": _("是"), "False": _("否")}
    return {
        **change,
        "label": field.verbose_name,
        "before": words.get(change["before"], change["before"]),
        "after": words.get(change["after"], change["after"]),
    }


def with_labels(entries: list[dict]) -> list[dict]:
    """The entries with what a reader sees: the kind of record, the action, the channel and
    each changed field by their names, not their codes."""
    models = {label: model for label, model, _key in RECORDS}
    channels = dict(Channel.choices)
    labelled = []
    for entry in entries:
        model = models[entry["record"]]
        changes = [
            _readable(change, model._meta.get_field(change["field"]))
            for change in entry["changes"]
            if change["field"] != "project"  # a record's project is the page's own
        ]
        labelled.append(
            {
                **entry,
                "record_label": model._meta.verbose_name,
                "action_label": ACTIONS.get(entry["action"], entry["action"]),
                "channel_label": channels.get(entry["channel"], entry["channel"]),
                "changes": changes,
            }
        )
    return labelled
