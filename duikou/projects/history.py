"""A project's history: every change to the project and to its money and milestones, with
who, when, through which channel, and each field before and after (built by
``duikou.common.history``)."""

from duikou.common import history
from duikou.projects.models import BudgetLine, Milestone, Project, Transaction

RECORDS = [
    ("project", Project, "id"),
    ("budget_line", BudgetLine, "project_id"),
    ("transaction", Transaction, "project_id"),
    ("milestone", Milestone, "project_id"),
]


def project_history(project: Project) -> list[dict]:
    """Newest first; one query per kind of record."""
    return history.newest_first(
        history.entries(label, model.history.filter(**{key: project.pk}))
        for label, model, key in RECORDS
    )


def with_labels(entries: list[dict]) -> list[dict]:
    """The entries in words; a record's project is the page's own, so it is left out."""
    models = {label: model for label, model, _key in RECORDS}
    return history.with_labels(entries, models, hidden={"project"})
