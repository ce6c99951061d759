"""Adopting a solved scenario: its chosen candidates enter the annual plan as projects with
aid budget lines for the years they need money (continuing projects get their lines), each
write recorded in the projects' history and the scenario marked adopted."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.common.editing import lock_for_edit, save_edit
from duikou.common.errors import field_error
from duikou.planning.models import Candidate, Scenario
from duikou.planning.selectors import candidates_of, ensure_may_edit
from duikou.projects.models import FundingSource, Project
from duikou.projects.services import budget_line_set, project_create

WAN = Decimal(10_000)
Status = Scenario.Status


def _new_project(by, candidate: Candidate, start: int) -> Project:
    if Project.all_objects.filter(code=candidate.code).exists():
        raise field_error(
            "candidates", _("项目编号 %(code)s 已被其他项目使用。"), code=candidate.code
        )
    costs = [c.amount for c in candidate.costs.all()]
    return project_create(
        by=by,
        regions=[(candidate.region, Decimal(100))],
        code=candidate.code,
        title=candidate.title,
        title_en=candidate.title_en,
        description=candidate.description,
        category=candidate.category,
        pairing=candidate.pairing,
        is_livelihood=candidate.is_livelihood,
        is_grassroots=candidate.is_grassroots,
        implementation_level=(
            Project.ImplementationLevel.COUNTY
            if candidate.is_grassroots
            else Project.ImplementationLevel.PREFECTURE_DIRECT
        ),
        delivery_mode=Project.DeliveryMode.TURNKEY,
        construction_type=Project.ConstructionType.NEW,
        total_investment=sum(costs) * WAN,
        planned_start=datetime.date(start, 1, 1),
        planned_end=datetime.date(start + len(costs) - 1, 12, 31),
        is_illustrative=candidate.is_illustrative,
    )


@transaction.atomic
def scenario_adopt(*, by, scenario: Scenario, expected_version=None) -> list[Project]:
    """Move the chosen candidates into the annual plan; all of them or none."""
    ensure_may_edit(by, scenario)
    lock_for_edit(scenario, expected_version)
    if scenario.status != Status.SOLVED:
        raise field_error("status", _("只有已求解的方案才能采纳。"))
    reserve = {c.code: c for c in candidates_of(scenario).prefetch_related("costs")}
    note = _("来自规划方案“%(name)s”") % {"name": scenario.name}
    projects = []
    for row in scenario.result["chosen"]:
        candidate = reserve.get(row["key"])
        if candidate is None:
            raise field_error("candidates", _("储备项目 %(code)s 已不存在。"), code=row["key"])
        project = candidate.project or _new_project(by, candidate, row["start"])
        for offset, cost in enumerate(candidate.costs.all()):
            year = row["start"] + offset
            if year in scenario.year_list and cost.amount:
                budget_line_set(
                    by=by,
                    project=project,
                    year=year,
                    amount=cost.amount * WAN,
                    source=FundingSource.AID,
                    note=note,
                    is_illustrative=candidate.is_illustrative,
                )
        if candidate.project_id != project.pk:
            candidate.project = project
            save_edit(candidate, by=by)
        projects.append(project)
    scenario.status = Status.ADOPTED
    scenario.adopted_at = timezone.now()
    scenario.adopted_by = by
    save_edit(scenario, by=by)
    return projects
