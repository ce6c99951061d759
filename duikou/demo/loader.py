"""Load the demo programme through the services, idempotently: a second run changes nothing."""

import datetime
from decimal import Decimal

from django.db import transaction

from duikou.accounts.services import user_save
from duikou.demo import programme
from duikou.demo.people import load_people
from duikou.demo.planning import load_planning
from duikou.demo.results import load_results
from duikou.demo.sectors import load_sectors
from duikou.geo.models import Region
from duikou.geo.services import regions_load
from duikou.partners.models import Organisation, Pairing
from duikou.partners.services import organisation_create, organisation_update, pairing_create
from duikou.projects.models import Category, Project, Stage, Transaction
from duikou.projects.services import (
    budget_line_set,
    category_create,
    category_update,
    milestone_add,
    project_advance_stage,
    project_create,
    project_update,
    transaction_record,
)

WAN = Decimal(10_000)


def _money(wan: float) -> Decimal:
    return (Decimal(str(wan)) * WAN).quantize(Decimal("0.01"))


def _load_categories() -> None:
    by_code = {c.code: c for c in Category.objects.all()}
    for order, (code, name, name_en, parent, banned) in enumerate(programme.CATEGORIES, 1):
        fields = {
            "name": name,
            "name_en": name_en,
            "parent": by_code.get(parent),
            "is_banned": banned,
            "sort_order": order,
        }
        if code in by_code:
            category_update(by=None, category=by_code[code], **fields)
        else:
            by_code[code] = category_create(by=None, code=code, **fields)


def _load_organisations() -> dict[str, Organisation]:
    regions = {
        r.code: r
        for r in Region.objects.filter(code__in={org.region for org in programme.ORGANISATIONS})
    }
    orgs = {o.name: o for o in Organisation.objects.all()}
    for org in programme.ORGANISATIONS:
        fields = {
            "kind": org.kind,
            "region": regions[org.region],
            "parent": orgs[org.parent] if org.parent else None,
            "short_name": org.short_name,
            "name_en": org.name_en,
            "is_illustrative": org.illustrative,
        }
        if org.name in orgs:
            organisation_update(by=None, organisation=orgs[org.name], **fields)
        else:
            orgs[org.name] = organisation_create(by=None, name=org.name, **fields)
    return orgs


def _load_pairings(orgs: dict[str, Organisation]) -> dict[str, Pairing]:
    pairings: dict[str, Pairing] = {}
    for pair in programme.PAIRINGS:
        supporter = orgs[pair.supporter]
        recipient_org = orgs[pair.organisation] if pair.organisation else None
        region = Region.objects.get(code=pair.region) if pair.region else None
        existing = Pairing.objects.filter(
            supporter=supporter,
            recipient_region=region,
            recipient_organisation=recipient_org,
            start_date=pair.start,
        ).first()
        pairings[pair.key] = existing or pairing_create(
            by=None,
            supporter=supporter,
            recipient_region=region,
            recipient_organisation=recipient_org,
            level=pair.level,
            start_date=pair.start,
            end_date=pair.end,
            notes=pair.notes,
            is_illustrative=pair.illustrative,
            parent=pairings[pair.parent] if pair.parent else None,
        )
    return pairings


def _project_fields(proj: programme.Proj, pairings: dict[str, Pairing]) -> dict:
    return {
        "title": proj.title,
        "title_en": proj.title_en,
        "description": proj.description,
        "category": proj.category,
        "pairing": pairings[proj.pairing],
        "is_livelihood": proj.livelihood,
        "is_grassroots": proj.grassroots,
        "implementation_level": proj.level,
        "delivery_mode": proj.mode,
        "construction_type": proj.construction,
        "is_fixed_asset": proj.fixed_asset,
        "total_investment": _money(proj.investment) if proj.investment else None,
        "planned_start": proj.planned[0] if proj.planned else None,
        "planned_end": proj.planned[1] if proj.planned else None,
        "source_note": proj.source,
        # a project is illustrative when it is added, or when its added amounts are shown
        "is_illustrative": proj.illustrative or not proj.investment_is_fact,
    }


def _load_money(project: Project, proj: programme.Proj) -> None:
    """Budget lines are replaced per year; transactions are entered once."""
    for year, (planned, _in_place, _spent) in proj.funds.items():
        budget_line_set(
            by=None,
            project=project,
            year=year,
            amount=_money(planned),
            note="示例数据",
            is_illustrative=True,
        )
    if project.transactions.exists():
        return
    for year, (_planned, in_place, spent) in proj.funds.items():
        for kind, amount, day in (
            (Transaction.Kind.IN_PLACE, in_place, f"{year}-04-15"),
            (Transaction.Kind.EXPENDITURE, spent, f"{year}-10-31"),
        ):
            if amount and datetime.date.fromisoformat(day) <= datetime.date.today():
                transaction_record(
                    by=None,
                    project=project,
                    kind=kind,
                    date=day,
                    amount=_money(amount),
                    description="示例数据",
                    is_illustrative=True,
                )


def _load_lifecycle(project: Project, proj: programme.Proj) -> None:
    for stage, day in proj.stages:
        if Stage.order(stage) > Stage.order(project.stage):
            project_advance_stage(
                by=None, project=project, stage=stage, date=day, is_illustrative=True
            )
    titles = set(project.milestones.values_list("title", flat=True))
    for title, planned, actual in proj.milestones:
        if title not in titles:
            milestone_add(
                by=None,
                project=project,
                title=title,
                planned_date=planned,
                actual_date=actual,
                is_illustrative=True,
            )


def _load_projects(pairings: dict[str, Pairing]) -> None:
    existing = {p.code: p for p in Project.objects.all()}
    for proj in programme.PROJECTS:
        fields = _project_fields(proj, pairings)
        if proj.code in existing:
            project = project_update(
                by=None, project=existing[proj.code], regions=proj.regions, **fields
            )
        else:
            project = project_create(by=None, code=proj.code, regions=proj.regions, **fields)
        _load_money(project, proj)
        _load_lifecycle(project, proj)


def _load_users(orgs: dict[str, Organisation], password: str) -> None:
    for username, (role, org_name, full_name, staff) in programme.USERS.items():
        user_save(
            by=None,
            username=username,
            password=password,
            role=role,
            organisation=orgs[org_name] if org_name else None,
            full_name=full_name,
            check_password=False,
            administrator=staff,
        )


@transaction.atomic
def demo_load(password: str = "demo") -> dict[str, int]:
    """Load (or refresh) the regions, categories, units, pairings, projects and demo users."""
    if not Region.objects.filter(code="659008").exists():
        regions_load()
    _load_categories()
    load_sectors()
    orgs = _load_organisations()
    pairings = _load_pairings(orgs)
    _load_projects(pairings)
    _load_users(orgs, password)
    load_people(orgs, pairings)
    load_results()
    load_planning(pairings)
    return {
        "organisations": Organisation.objects.count(),
        "pairings": Pairing.objects.count(),
        "projects": Project.objects.count(),
    }
