"""Planning under /api/v1/planning/: the reserve (candidates and synergies), scenarios, their
solving as a background task, results with explanations in words, comparison and adoption."""

from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from duikou.common.api import (
    ERRORS,
    READ_ERRORS,
    Id,
    Pagination,
    ensure_can_write,
    if_match_version,
    import_answer,
    set_etag,
    upload_body,
)
from duikou.common.errors import field_error
from duikou.common.spreadsheets import XLSX, xlsx_response
from duikou.planning import schemas, services, spreadsheet, words
from duikou.planning.adoption import scenario_adopt
from duikou.planning.compare import compare
from duikou.planning.models import Candidate, Scenario
from duikou.planning.runs import scenario_queue
from duikou.planning.selectors import (
    candidate_rows,
    candidates_filtered,
    candidates_of,
    candidates_visible_to,
    scenarios_visible_to,
    synergies_among,
)

router = Router(tags=["planning"])
MAX_COMPARED = 4
SCENARIO_IDS = Query(..., description="要比较的方案 id,2 到 4 个:?scenario=1&scenario=2")


def _candidate(request, candidate_id: Id) -> Candidate:
    return get_object_or_404(candidate_rows(candidates_visible_to(request.user)), pk=candidate_id)


def _scenario(request, scenario_id: Id) -> Scenario:
    scenarios = scenarios_visible_to(request.user).prefetch_related(
        "budgets", "shares__category", "shares__region", "weights__element", "choices__candidate"
    )
    return get_object_or_404(scenarios, pk=scenario_id)


def _requirements(payload: dict) -> dict:
    if payload.get("requires") is not None:
        payload["requires"] = [dict(r) for r in payload["requires"]]
    return payload


# ------------------------------------------------------------------ the reserve


@router.get("/planning/candidates", response={200: list[schemas.CandidateOut], **READ_ERRORS})
@paginate(Pagination)
def list_candidates(request, pairing: Id | None = None, q: str = ""):
    """The reserve projects (储备) of the pairings the user sees; ``pairing`` takes its
    sub-pairings too."""
    return candidate_rows(candidates_filtered(request.user, q=q, pairing=pairing)).order_by("code")


@router.post("/planning/candidates", response={201: schemas.CandidateOut, **ERRORS})
def create_candidate(request, response: HttpResponse, payload: schemas.CandidateIn):
    """A reserve project: cost profile in 万元 by year from its start, expected results per
    data element of the results library, the candidates it needs first."""
    ensure_can_write(request)
    candidate = services.candidate_create(by=request.user, **_requirements(payload.dict()))
    set_etag(response, candidate)
    return Status(201, _candidate(request, candidate.pk))


@router.get(
    "/planning/candidates/{candidate_id}",
    response={200: schemas.CandidateOut, **READ_ERRORS},
)
def get_candidate(request, response: HttpResponse, candidate_id: Id):
    candidate = _candidate(request, candidate_id)
    set_etag(response, candidate)
    return candidate


@router.patch("/planning/candidates/{candidate_id}", response={200: schemas.CandidateOut, **ERRORS})
def update_candidate(
    request, response: HttpResponse, candidate_id: Id, payload: schemas.CandidatePatch
):
    ensure_can_write(request)
    candidate = _candidate(request, candidate_id)
    services.candidate_update(
        by=request.user,
        candidate=candidate,
        expected_version=if_match_version(request),
        **_requirements(payload.dict(exclude_unset=True)),
    )
    candidate = _candidate(request, candidate_id)
    set_etag(response, candidate)
    return candidate


@router.delete("/planning/candidates/{candidate_id}", response={204: None, **ERRORS})
def delete_candidate(request, candidate_id: Id):
    ensure_can_write(request)
    candidate = _candidate(request, candidate_id)
    services.candidate_delete(
        by=request.user, candidate=candidate, expected_version=if_match_version(request)
    )
    return Status(204, None)


@router.get(
    "/planning/candidates.xlsx",
    response={200: None, **READ_ERRORS},
    openapi_extra={"responses": {200: {"description": "储备库 (.xlsx)", "content": {XLSX: {}}}}},
)
def export_candidates(request, pairing: Id | None = None, q: str = ""):
    """The reserve the user sees (``pairing`` with its sub-pairings, ``q``) in the import's
    columns: export, change, import back."""
    candidates = candidates_filtered(request.user, q=q, pairing=pairing)
    return xlsx_response(spreadsheet.reserve_workbook(candidates), "reserve.xlsx", dated=True)


@router.get(
    "/planning/candidates-template.xlsx",
    response={200: None, **READ_ERRORS},
    openapi_extra={"responses": {200: {"description": "模板 (.xlsx)", "content": {XLSX: {}}}}},
)
def candidates_template(request):
    """The empty reserve sheet, with a sheet that explains each column."""
    return xlsx_response(spreadsheet.reserve_workbook(), "reserve-template.xlsx")


@router.post(
    "/planning/candidates-import",
    response={200: schemas.ReserveImportOut, **ERRORS},
    openapi_extra=upload_body(pairing={"type": "integer", "description": "导入到的结对关系 id"}),
)
def import_candidates(request):
    """Import reserve projects (.xlsx, the template's columns) into ``pairing``: a known code
    is updated, a new one created; any wrong row keeps everything out unless
    ``valid_rows_only``. Importing the same file again changes nothing."""
    ensure_can_write(request)
    try:
        upload = request.FILES.get("file")
        form = request.POST
    except MultiPartParserError:
        upload, form = None, {}
    if upload is None:
        raise field_error("file", _("请上传 .xlsx 格式的储备项目表(字段名 file)。"))
    pairing = services.pairing_for(request.user, form.get("pairing"))
    result = spreadsheet.reserve_import(
        upload.read(),
        by=request.user,
        pairing=pairing,
        valid_rows_only=form.get("valid_rows_only", "").lower() in {"1", "true", "on"},
    )
    return import_answer(result)


@router.get("/planning/synergies", response={200: list[schemas.SynergyOut], **READ_ERRORS})
@paginate(Pagination)
def list_synergies(request):
    """Pairs of candidates that support each other (相互支撑), with their bonus."""
    synergies = synergies_among(candidates_visible_to(request.user)).order_by("pk")
    return [
        {
            "id": s.pk,
            "first": s.first.code,
            "second": s.second.code,
            "bonus": s.bonus,
            "note": s.note,
        }
        for s in synergies
    ]


@router.put("/planning/synergies", response={200: schemas.SynergyIO, **ERRORS})
def set_synergy(request, payload: schemas.SynergyIO):
    """Set the bonus of a pair (0 removes it)."""
    ensure_can_write(request)
    visible = candidates_visible_to(request.user)
    pair = []
    for field in ("first", "second"):
        found = visible.filter(code=getattr(payload, field)).first()
        if found is None:
            raise field_error(field, _("储备项目不存在或不在您的权限范围内。"))
        pair.append(found)
    services.synergy_set(
        by=request.user, first=pair[0], second=pair[1], bonus=payload.bonus, note=payload.note
    )
    return payload


# ------------------------------------------------------------------ scenarios


@router.get("/planning/scenarios", response={200: list[schemas.ScenarioOut], **READ_ERRORS})
@paginate(Pagination)
def list_scenarios(request):
    return scenarios_visible_to(request.user).prefetch_related(
        "budgets", "shares__category", "shares__region", "weights__element", "choices__candidate"
    )


@router.post("/planning/scenarios", response={201: schemas.ScenarioOut, **ERRORS})
def create_scenario(request, response: HttpResponse, payload: schemas.ScenarioIn):
    """A scenario over a horizon: budgets by year, the two 80 % floors, category and region
    shares, weights per data element, and what the recipient requires, refuses or ranks."""
    ensure_can_write(request)
    scenario = services.scenario_create(by=request.user, **_scenario_fields(payload.dict()))
    set_etag(response, scenario)
    return Status(201, _scenario(request, scenario.pk))


def _scenario_fields(data: dict) -> dict:
    for name in ("shares", "choices"):
        if data.get(name) is not None:
            data[name] = [dict(row) for row in data[name]]
    return data


@router.get("/planning/scenarios/{scenario_id}", response={200: schemas.ScenarioOut, **READ_ERRORS})
def get_scenario(request, response: HttpResponse, scenario_id: Id):
    scenario = _scenario(request, scenario_id)
    set_etag(response, scenario)
    return scenario


@router.patch("/planning/scenarios/{scenario_id}", response={200: schemas.ScenarioOut, **ERRORS})
def update_scenario(
    request, response: HttpResponse, scenario_id: Id, payload: schemas.ScenarioPatch
):
    """Change the scenario; its result is cleared (solve it again)."""
    ensure_can_write(request)
    scenario = _scenario(request, scenario_id)
    services.scenario_update(
        by=request.user,
        scenario=scenario,
        expected_version=if_match_version(request),
        **_scenario_fields(payload.dict(exclude_unset=True)),
    )
    scenario = _scenario(request, scenario_id)
    set_etag(response, scenario)
    return scenario


@router.delete("/planning/scenarios/{scenario_id}", response={204: None, **ERRORS})
def delete_scenario(request, scenario_id: Id):
    ensure_can_write(request)
    scenario = _scenario(request, scenario_id)
    services.scenario_delete(
        by=request.user, scenario=scenario, expected_version=if_match_version(request)
    )
    return Status(204, None)


@router.post(
    "/planning/scenarios/{scenario_id}/copy", response={201: schemas.ScenarioOut, **ERRORS}
)
def copy_scenario(request, response: HttpResponse, scenario_id: Id, payload: schemas.CopyIn):
    """A new scenario with the same inputs, to vary one thing and compare."""
    ensure_can_write(request)
    scenario = _scenario(request, scenario_id)
    copy = services.scenario_copy(by=request.user, scenario=scenario, **payload.dict())
    set_etag(response, copy)
    return Status(201, _scenario(request, copy.pk))


@router.post("/planning/scenarios/{scenario_id}/solve", response={202: schemas.ResultOut, **ERRORS})
def solve_scenario(request, scenario_id: Id):
    """Queue the scenario for the solver (a background task); follow ``GET …/result``:
    ``status`` goes queued → running (with ``progress``) → solved, infeasible or failed."""
    ensure_can_write(request)
    scenario = scenario_queue(by=request.user, scenario=_scenario(request, scenario_id))
    return Status(202, {"status": scenario.status, "result": None})


@router.get(
    "/planning/scenarios/{scenario_id}/result",
    response={200: schemas.ResultOut, **READ_ERRORS},
)
def scenario_result(request, scenario_id: Id):
    """The result with every rule, reason and conflict also in words (``text``)."""
    scenario = _scenario(request, scenario_id)
    names = dict(candidates_of(scenario).values_list("code", "title"))
    result = words.result_in_words(scenario.result, names)
    if scenario.status in (Scenario.Status.QUEUED, Scenario.Status.RUNNING):
        result = {"progress": scenario.progress}
    return {"status": scenario.status, "result": result}


@router.post("/planning/scenarios/{scenario_id}/adopt", response={200: schemas.AdoptOut, **ERRORS})
def adopt_scenario(request, scenario_id: Id):
    """Move the chosen candidates into the annual plan (projects with aid budget lines);
    needs ``If-Match``."""
    ensure_can_write(request)
    scenario = _scenario(request, scenario_id)
    projects = scenario_adopt(
        by=request.user, scenario=scenario, expected_version=if_match_version(request)
    )
    return {"projects": [p.code for p in projects]}


@router.get("/planning/compare", response={200: dict, **READ_ERRORS})
def compare_scenarios(request, scenario: list[Id] = SCENARIO_IDS):
    """2–4 scenarios side by side: value, cash flow, binding rules, and the candidates they
    choose differently (``differences``: code → start year or null per scenario)."""
    if not 2 <= len(scenario) <= MAX_COMPARED:
        raise field_error("scenario", _("请选择 2 到 4 个方案。"))
    return compare([_scenario(request, pk) for pk in scenario])
