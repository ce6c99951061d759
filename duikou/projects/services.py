"""Every write to projects, their regions, lifecycle, budgets, transactions and milestones."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from duikou.common.editing import (
    ensure_not_deleted,
    lock_for_edit,
    restore,
    save_as,
    save_edit,
    soft_delete,
)
from duikou.common.errors import field_error
from duikou.common.permissions import ensure_hq
from duikou.common.services import (
    apply_changes,
    check_end_after_start,
    parse_amount,
    parse_date,
    parse_year,
)
from duikou.geo.models import Region
from duikou.geo.selectors import region_by_code
from duikou.partners.models import Pairing
from duikou.partners.selectors import pairings_editable_by
from duikou.projects.models import (
    BudgetLine,
    Category,
    ComplianceThreshold,
    FundingSource,
    Milestone,
    Project,
    ProjectRegion,
    Stage,
    StageEvent,
    Transaction,
)
from duikou.projects.selectors import (
    ensure_may_create_projects,
    ensure_project_editable,
    may_step_to,
)

PROJECT_FIELDS = {
    "code",
    "title",
    "title_en",
    "description",
    "description_en",
    "category",
    "pairing",
    "is_livelihood",
    "is_grassroots",
    "implementation_level",
    "delivery_mode",
    "construction_type",
    "is_fixed_asset",
    "total_investment",
    "currency",
    "planned_start",
    "planned_end",
    "source_note",
    "is_illustrative",
}
CATEGORY_FIELDS = {"code", "name", "name_en", "parent", "is_banned", "sort_order", "description"}
HUNDRED = Decimal(100)


# ---------------------------------------------------------------- categories and thresholds


@transaction.atomic
def category_create(*, by, **fields) -> Category:
    ensure_hq(by)
    category = Category()
    apply_changes(category, fields, CATEGORY_FIELDS)
    save_as(category, by=by)
    return category


@transaction.atomic
def category_update(*, by, category: Category, expected_version=None, **changes) -> Category:
    ensure_hq(by)
    lock_for_edit(category, expected_version)
    if apply_changes(category, changes, CATEGORY_FIELDS):
        save_edit(category, by=by)
    return category


def _share(value, field: str) -> Decimal:
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise field_error(field, _("“%(value)s”不是有效的百分比。"), value=value) from None
    if not share.is_finite() or share < 0 or share > HUNDRED:
        raise field_error(field, _("百分比必须在 0 到 100 之间。"))
    if share != share.quantize(Decimal("0.01")):
        raise field_error(field, _("百分比最多保留两位小数。"))
    return share


@transaction.atomic
def threshold_set(
    *, by, year: int, livelihood_min_share, grassroots_min_share, note: str = ""
) -> ComplianceThreshold:
    """Set the "two 80 %" thresholds of one year."""
    ensure_hq(by)
    row = ComplianceThreshold.objects.filter(year=year).first() or ComplianceThreshold(year=year)
    row.livelihood_min_share = _share(livelihood_min_share, "livelihood_min_share")
    row.grassroots_min_share = _share(grassroots_min_share, "grassroots_min_share")
    row.note = note
    save_as(row, by=by)
    return row


# ---------------------------------------------------------------- projects


def _resolve_project_fields(by, fields: dict) -> None:
    if isinstance(fields.get("category"), str):
        category = Category.objects.filter(code=fields["category"]).first()
        if category is None:
            raise field_error("category", _("未知的项目类别:%(code)s"), code=fields["category"])
        fields["category"] = category
    if "pairing" in fields:
        pairing = fields["pairing"]
        if not isinstance(pairing, Pairing):
            pairing = Pairing.objects.filter(pk=pairing).first()
        if pairing is None or (
            by is not None and not pairings_editable_by(by).filter(pk=pairing.pk).exists()
        ):
            raise field_error("pairing", _("结对关系不存在或不在您的权限范围内。"))
        fields["pairing"] = pairing
    if fields.get("total_investment") not in (None, ""):
        fields["total_investment"] = parse_amount(
            fields["total_investment"], field="total_investment"
        )
    for name in ("planned_start", "planned_end"):
        if name in fields:
            fields[name] = parse_date(fields[name], field=name, required=False)


def _parse_regions(regions) -> list[tuple[Region, Decimal]]:
    """``regions``: pairs of (region or code, share in %); shares must sum to exactly 100."""
    if not regions:
        raise field_error("regions", _("请至少指定一个受援地区。"))
    parsed: list[tuple[Region, Decimal]] = []
    for index, (region, share) in enumerate(regions, start=1):
        if not isinstance(region, Region):
            region = region_by_code(str(region), field="regions")
        share = _share(share, "regions")
        if share <= 0:
            raise field_error("regions", _("第 %(n)s 个受援地区的占比必须大于 0。"), n=index)
        parsed.append((region, share))
    codes = [region.code for region, _share_ in parsed]
    if len(set(codes)) != len(codes):
        raise field_error("regions", _("同一受援地区只能出现一次。"))
    total = sum((share for _region, share in parsed), Decimal(0))
    if total != HUNDRED:
        raise field_error(
            "regions",
            _("各受援地区占比之和须为 100%%,现为 %(total)s%%。"),
            total=format(total.normalize(), "f"),
        )
    return parsed


def _as_set(regions: list[tuple[Region, Decimal]]) -> set[tuple[str, Decimal]]:
    return {(region.code, share) for region, share in regions}


def _current_regions(project: Project) -> set[tuple[str, Decimal]]:
    return set(project.region_shares.values_list("region__code", "share"))


def _set_regions(project: Project, regions: list[tuple[Region, Decimal]]) -> None:
    project.region_shares.all().delete()
    ProjectRegion.objects.bulk_create(
        ProjectRegion(project=project, region=region, share=share) for region, share in regions
    )


def _validate_project(project: Project) -> None:
    check_end_after_start(project.planned_start, project.planned_end, end_field="planned_end")


@transaction.atomic
def project_create(*, by, regions, **fields) -> Project:
    """Create a project with its recipient regions; the pairing must be in the user's scope."""
    ensure_may_create_projects(by)
    _resolve_project_fields(by, fields)
    parsed_regions = _parse_regions(regions)
    _check_code_free(fields.get("code"))
    project = Project()
    apply_changes(project, fields, PROJECT_FIELDS)
    _validate_project(project)
    save_as(project, by=by)
    _set_regions(project, parsed_regions)
    return project


def _check_code_free(code, project: Project | None = None) -> None:
    taken = Project.all_objects.filter(code=code)
    if project is not None:
        taken = taken.exclude(pk=project.pk)
    if taken.exists():
        raise field_error("code", _("项目编号 %(code)s 已存在。"), code=code)


def _ensure_writable(by, project: Project) -> None:
    """Every change to a project or its records: the project is in scope and not deleted."""
    ensure_project_editable(by, project)
    ensure_not_deleted(project)


def _start_edit(by, project: Project, expected_version) -> None:
    """A change to the project itself, at the version the user read."""
    _ensure_writable(by, project)
    lock_for_edit(project, expected_version)


@transaction.atomic
def project_update(
    *, by, project: Project, expected_version=None, regions=None, **changes
) -> Project:
    """Change a project the user may edit, at the version the user read."""
    _start_edit(by, project, expected_version)
    _resolve_project_fields(by, changes)
    if "code" in changes:
        _check_code_free(changes["code"], project)
    changed = apply_changes(project, changes, PROJECT_FIELDS)
    parsed_regions = _parse_regions(regions) if regions is not None else None
    if parsed_regions is not None and _current_regions(project) == _as_set(parsed_regions):
        parsed_regions = None  # the same regions and shares: nothing to change
    if changed or parsed_regions is not None:
        _validate_project(project)
        save_edit(project, by=by)
    if parsed_regions is not None:
        _set_regions(project, parsed_regions)
    return project


@transaction.atomic
def project_delete(*, by, project: Project, expected_version=None) -> None:
    """Delete softly: the project leaves every list and sum, and can be restored."""
    ensure_project_editable(by, project)
    soft_delete(project, by=by, expected_version=expected_version)


@transaction.atomic
def project_restore(*, by, project: Project) -> None:
    ensure_project_editable(by, project)
    restore(project, by=by)


@transaction.atomic
def project_advance_stage(
    *,
    by,
    project: Project,
    stage: str,
    date,
    note: str = "",
    is_illustrative: bool = False,
    expected_version=None,
) -> StageEvent:
    """Move a project forward in its lifecycle and record the date of the step."""
    _start_edit(by, project, expected_version)
    if stage not in Stage.values:
        raise field_error("stage", _("未知的项目阶段:%(stage)s"), stage=stage)
    day = parse_date(date, field="date")
    if day > datetime.date.today():
        raise field_error("date", _("阶段日期不能晚于今天。"))
    if Stage.order(stage) <= Stage.order(project.stage):
        raise field_error(
            "stage",
            _("项目已处于“%(current)s”,只能推进到其后的阶段。"),
            current=project.get_stage_display(),
        )
    if by is not None and not may_step_to(by, project, stage):
        # 验收 is the recipient government's: no one else may accept, or step past it.
        raise field_error("stage", _("只有受援地政府可以验收项目。"))
    last = project.stage_events.order_by("-date").first()
    if last is not None and day < last.date:
        raise field_error(
            "date",
            _("日期不能早于上一阶段(%(stage)s,%(date)s)。"),
            stage=last.get_stage_display(),
            date=last.date.isoformat(),
        )
    event = StageEvent(
        project=project,
        stage=stage,
        date=day,
        note=note,
        recorded_by=by,
        is_illustrative=is_illustrative,
    )
    save_as(event, by=by)
    project.stage = stage
    if stage in Stage.started() and project.actual_start is None:
        project.actual_start = day
    if Stage.order(stage) >= Stage.order(Stage.COMPLETED) and project.actual_end is None:
        project.actual_end = day
    save_edit(project, by=by)
    return event


# ---------------------------------------------------------------- money


def _check_choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise field_error(field, _("无效的选项:%(value)s"), value=value)
    return value


def _budget_line_write(
    by, project: Project, year, amount, source, currency, note, is_illustrative, *, replace: bool
) -> BudgetLine:
    _ensure_writable(by, project)
    year = parse_year(year)
    _check_choice(source, FundingSource, "source")
    wanted = {
        "amount": parse_amount(amount, field="amount"),
        "currency": currency,
        "note": note,
        "is_illustrative": is_illustrative,
        "deleted_at": None,
        "deleted_by": None,
    }
    line = BudgetLine.all_objects.filter(project=project, year=year, source=source).first()
    if line is None:
        line = BudgetLine(project=project, year=year, source=source, **wanted)
        save_as(line, by=by)
        return line
    if not replace and not line.is_deleted:
        raise field_error("year", _("该项目当年此资金来源已有预算,请修改那一条。"))
    lock_for_edit(line)
    if apply_changes(line, wanted, set(wanted)):
        save_edit(line, by=by)
    return line


@transaction.atomic
def budget_line_set(
    *,
    by,
    project: Project,
    year,
    amount,
    source: str = FundingSource.AID,
    currency: str = "CNY",
    note: str = "",
    is_illustrative: bool = False,
) -> BudgetLine:
    """Plan money for a project in one year from one source (replaces that year's line):
    for loaders that own the figures, such as the demo."""
    return _budget_line_write(
        by, project, year, amount, source, currency, note, is_illustrative, replace=True
    )


@transaction.atomic
def budget_line_add(
    *,
    by,
    project: Project,
    year,
    amount,
    source: str = FundingSource.AID,
    currency: str = "CNY",
    note: str = "",
) -> BudgetLine:
    """Add the budget line of a year and source; one that exists is changed with its own
    version (PATCH), never overwritten here. A deleted one comes back with the new values."""
    return _budget_line_write(
        by, project, year, amount, source, currency, note, False, replace=False
    )


@transaction.atomic
def budget_line_update(*, by, line: BudgetLine, expected_version=None, **changes) -> BudgetLine:
    _ensure_writable(by, line.project)
    lock_for_edit(line, expected_version)
    if "amount" in changes:
        changes["amount"] = parse_amount(changes["amount"], field="amount")
    if "year" in changes:
        changes["year"] = parse_year(changes["year"])
    if apply_changes(line, changes, {"year", "source", "amount", "currency", "note"}):
        clash = BudgetLine.all_objects.filter(
            project=line.project, year=line.year, source=line.source
        ).exclude(pk=line.pk)
        if clash.exists():
            raise field_error("year", _("该项目当年此资金来源已有预算。"))
        save_edit(line, by=by)
    return line


@transaction.atomic
def transaction_record(
    *,
    by,
    project: Project,
    kind: str,
    date,
    amount,
    source: str = FundingSource.AID,
    currency: str = "CNY",
    description: str = "",
    is_illustrative: bool = False,
) -> Transaction:
    """Record money committed, put in place (到位) or spent for a project."""
    _ensure_writable(by, project)
    _check_choice(kind, Transaction.Kind, "kind")
    _check_choice(source, FundingSource, "source")
    move = Transaction(
        project=project,
        kind=kind,
        date=parse_date(date, field="date"),
        source=source,
        currency=currency,
        amount=parse_amount(amount, field="amount", allow_zero=False),
        description=description,
        recorded_by=by,
        is_illustrative=is_illustrative,
    )
    save_as(move, by=by)
    return move


@transaction.atomic
def transaction_update(*, by, move: Transaction, expected_version=None, **changes) -> Transaction:
    _ensure_writable(by, move.project)
    lock_for_edit(move, expected_version)
    if "amount" in changes:
        changes["amount"] = parse_amount(changes["amount"], field="amount", allow_zero=False)
    if "date" in changes:
        changes["date"] = parse_date(changes["date"], field="date")
    for name, choices in (("kind", Transaction.Kind), ("source", FundingSource)):
        if name in changes:
            _check_choice(changes[name], choices, name)
    allowed = {"kind", "date", "amount", "currency", "source", "description"}
    if apply_changes(move, changes, allowed):
        save_edit(move, by=by)
    return move


# ---------------------------------------------------------------- milestones


@transaction.atomic
def milestone_add(
    *,
    by,
    project: Project,
    title: str,
    planned_date,
    actual_date=None,
    note: str = "",
    is_illustrative: bool = False,
) -> Milestone:
    _ensure_writable(by, project)
    milestone = Milestone(
        project=project,
        title=title,
        note=note,
        is_illustrative=is_illustrative,
        planned_date=parse_date(planned_date, field="planned_date"),
        actual_date=parse_date(actual_date, field="actual_date", required=False),
    )
    save_as(milestone, by=by)
    return milestone


@transaction.atomic
def milestone_update(*, by, milestone: Milestone, expected_version=None, **changes) -> Milestone:
    _ensure_writable(by, milestone.project)
    lock_for_edit(milestone, expected_version)
    if "planned_date" in changes:
        changes["planned_date"] = parse_date(changes["planned_date"], field="planned_date")
    if "actual_date" in changes:
        changes["actual_date"] = parse_date(
            changes["actual_date"], field="actual_date", required=False
        )
    if apply_changes(milestone, changes, {"title", "planned_date", "actual_date", "note"}):
        save_edit(milestone, by=by)
    return milestone


@transaction.atomic
def record_delete(
    *, by, record: BudgetLine | Transaction | Milestone, expected_version=None
) -> None:
    """Delete a budget line, transaction or milestone softly (restorable)."""
    _ensure_writable(by, record.project)
    soft_delete(record, by=by, expected_version=expected_version)


@transaction.atomic
def record_restore(*, by, record: BudgetLine | Transaction | Milestone) -> None:
    """Bring back a deleted budget line, transaction or milestone of a project."""
    _ensure_writable(by, record.project)
    restore(record, by=by)
