"""A project's budget lines, transactions and milestones: the same five endpoints each."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from duikou.common.api import ERRORS, READ_ERRORS, ensure_can_write, if_match_version, set_etag
from duikou.projects import schemas, services
from duikou.projects.models import BudgetLine, Milestone, Transaction
from duikou.projects.selectors import project_for

router = Router(tags=["project records"])


@dataclass(frozen=True)
class RecordKind:
    path: str  # URL segment, e.g. "budget-lines"
    model: type
    instance_arg: str  # the service's name for the record, e.g. "line"
    out: type[Schema]
    create_in: type[Schema]
    patch_in: type[Schema]
    create: callable
    update: callable


KINDS = [
    RecordKind(
        "budget-lines",
        BudgetLine,
        "line",
        schemas.BudgetLineOut,
        schemas.BudgetLineIn,
        schemas.BudgetLinePatch,
        services.budget_line_add,
        services.budget_line_update,
    ),
    RecordKind(
        "transactions",
        Transaction,
        "move",
        schemas.TransactionOut,
        schemas.TransactionIn,
        schemas.TransactionPatch,
        services.transaction_record,
        services.transaction_update,
    ),
    RecordKind(
        "milestones",
        Milestone,
        "milestone",
        schemas.MilestoneOut,
        schemas.MilestoneIn,
        schemas.MilestonePatch,
        services.milestone_add,
        services.milestone_update,
    ),
]


def _register(kind: RecordKind) -> None:
    collection = f"/projects/{{int:project_id}}/{kind.path}"
    item = f"{collection}/{{int:record_id}}"
    name = kind.path.replace("-", "_")
    label = kind.path.replace("-", " ")[:-1]  # "budget line"

    def record_of(request, project_id: int, record_id: int, *, edit: bool, deleted: bool = False):
        project = project_for(request.user, project_id, edit=edit)
        records = kind.model.all_objects if deleted else kind.model.objects
        return get_object_or_404(records, pk=record_id, project=project)

    @router.get(
        collection,
        response={200: list[kind.out], **READ_ERRORS},
        operation_id=f"list_{name}",
        summary=f"List the project's {label}s",
    )
    def list_records(request, project_id: int):
        return kind.model.objects.filter(project=project_for(request.user, project_id))

    @router.post(
        collection,
        response={201: kind.out, **ERRORS},
        operation_id=f"add_{name}",
        summary=f"Add a {label}",
    )
    def add_record(request, response: HttpResponse, project_id: int, payload: kind.create_in):
        ensure_can_write(request)
        project = project_for(request.user, project_id, edit=True)
        record = kind.create(by=request.user, project=project, **payload.dict())
        set_etag(response, record)
        return Status(201, record)

    @router.get(
        item,
        response={200: kind.out, **READ_ERRORS},
        operation_id=f"get_{name}",
        summary=f"Get a {label}",
    )
    def get_record(request, response: HttpResponse, project_id: int, record_id: int):
        record = record_of(request, project_id, record_id, edit=False)
        set_etag(response, record)
        return record

    @router.patch(
        item,
        response={200: kind.out, **ERRORS},
        operation_id=f"update_{name}",
        summary=f"Change a {label}",
    )
    def update_record(
        request, response: HttpResponse, project_id: int, record_id: int, payload: kind.patch_in
    ):
        ensure_can_write(request)
        record = record_of(request, project_id, record_id, edit=True)
        kind.update(
            by=request.user,
            expected_version=if_match_version(request),
            **{kind.instance_arg: record},
            **payload.dict(exclude_unset=True),
        )
        set_etag(response, record)
        return record

    @router.delete(
        item,
        response={204: None, **ERRORS},
        operation_id=f"delete_{name}",
        summary=f"Delete a {label} (softly)",
    )
    def delete_record(request, project_id: int, record_id: int):
        ensure_can_write(request)
        record = record_of(request, project_id, record_id, edit=True)
        services.record_delete(
            by=request.user, record=record, expected_version=if_match_version(request)
        )
        return Status(204, None)

    @router.post(
        f"{item}/restore",
        response={200: kind.out, **ERRORS},
        operation_id=f"restore_{name}",
        summary=f"Restore a deleted {label}",
    )
    def restore_record(request, response: HttpResponse, project_id: int, record_id: int):
        ensure_can_write(request)
        record = record_of(request, project_id, record_id, edit=True, deleted=True)
        services.record_restore(by=request.user, record=record)
        set_etag(response, record)
        return record


for _kind in KINDS:
    _register(_kind)
