"""Reads with rules: which import runs a user follows."""

from django.db.models import QuerySet

from duikou.accounts.models import Role
from duikou.exchange.models import ImportRun


def import_runs_visible_to(user) -> QuerySet[ImportRun]:
    """The runs a user follows: their own; the provincial HQ (and a superuser) sees all."""
    runs = ImportRun.objects.select_related(
        "created_by",
        "pairing__supporter",
        "pairing__recipient_region",
        "pairing__recipient_organisation",
    )
    if not user.is_authenticated:
        return runs.none()
    if user.is_superuser or user.role == Role.PROVINCE_HQ:
        return runs
    return runs.filter(created_by=user)
