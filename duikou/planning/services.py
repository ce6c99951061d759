"""Every write to reserve projects and scenarios: validated, scoped, all or nothing, with
history. A change to a scenario's inputs clears its result: a result always answers the
inputs it shows."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from duikou.common.editing import lock_for_edit, save_as, save_edit, soft_delete
from duikou.common.errors import field_error
from duikou.common.services import apply_changes, parse_year
from duikou.geo.models import Region
from duikou.geo.selectors import region_by_code
from duikou.partners.models import Pairing
from duikou.partners.selectors import pairings_editable_by
from duikou.planning.models import (
    MAX_RANK,
    MAX_YEARS,
    Candidate,
    CandidateCost,
    CandidateOutcome,
    Dependency,
    Scenario,
    ScenarioBudget,
    ScenarioChoice,
    ScenarioShare,
    ScenarioWeight,
    Synergy,
)
from duikou.planning.selectors import candidates_of, ensure_may_edit
from duikou.projects.models import Category
from duikou.results.models import DataElement

CANDIDATE_FIELDS = [
    "code",
    "title",
    "title_en",
    "description",
    "pairing",
    "category",
    "region",
    "is_livelihood",
    "is_grassroots",
    "earliest_start",
    "alternative_group",
    "is_illustrative",
]
SCENARIO_FIELDS = [
    "code",
    "name",
    "pairing",
    "first_year",
    "years",
    "carry_over",
    "livelihood_min_share",
    "grassroots_min_share",
    "discount_rate",
    "rank_bonus",
    "time_limit",
    "gap",
    "note",
    "is_illustrative",
]
Status = Scenario.Status
Decision = ScenarioChoice.Decision
BIGGEST = Decimal("1e10")  # 万元 (a trillion yuan), points, results: all fit their columns


# ---------------------------------------------------------------- parsing


def _number(value, field: str, *, positive: bool = False, places: int = 4) -> Decimal:
    """A non-negative number with at most ``places`` decimals that its column can hold."""
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise field_error(field, _("“%(value)s”不是有效的数字。"), value=value) from None
    if not number.is_finite():
        raise field_error(field, _("“%(value)s”不是有效的数字。"), value=value)
    if number < 0 or (positive and number == 0):
        message = _("必须大于零。") if positive else _("不能为负数。")
        raise field_error(field, message)
    if number >= BIGGEST:
        raise field_error(field, _("数值过大。"))
    if number != number.quantize(Decimal(1).scaleb(-places)):
        if not places:
            raise field_error(field, _("须为整数。"))
        raise field_error(field, _("最多保留 %(n)s 位小数。"), n=places)
    return number


def _percent(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    share = _number(value, field)
    if share > 100:
        raise field_error(field, _("百分比必须在 0 到 100 之间。"))
    return share


def pairing_for(by, value) -> Pairing:
    """A pairing ``by`` may plan for (or its id); else an error on ``pairing``."""
    if isinstance(value, Pairing):
        pairing = value
    else:
        pk = str(value or "").strip()
        known = pk.isdigit() and int(pk) < 2**31
        pairing = Pairing.objects.filter(pk=int(pk)).first() if known else None
    if pairing is None or (
        by is not None and not pairings_editable_by(by).filter(pk=pairing.pk).exists()
    ):
        raise field_error("pairing", _("结对关系不存在或不在您的权限范围内。"))
    return pairing


def _element(code: str, field: str) -> DataElement:
    element = DataElement.objects.filter(code=str(code).strip()).first()
    if element is None:
        raise field_error(field, _("成效库中没有数据元素“%(code)s”。"), code=code)
    return element


def _category(value) -> Category:
    if isinstance(value, Category):
        return value
    category = Category.objects.filter(code=value).first()
    if category is None:
        raise field_error("category", _("未知的项目类别:%(code)s"), code=value)
    return category


def _region(value, field: str = "region") -> Region:
    return value if isinstance(value, Region) else region_by_code(str(value), field=field)


# ---------------------------------------------------------------- candidates


def parse_costs(values) -> list[Decimal]:
    """A cost profile: 万元 in each year from the start; at least one year costs money."""
    if isinstance(values, str):
        values = [v for v in values.replace(",", " ").replace(",", " ").split()]
    costs = [_number(v, "costs", places=2) for v in (values or [])]
    if not costs or sum(costs) == 0:
        raise field_error("costs", _("请填写成本:至少一个年度的金额(万元)大于零。"))
    if len(costs) > MAX_YEARS:
        raise field_error("costs", _("成本最多分 %(n)s 个年度。"), n=MAX_YEARS)
    return costs


def _outcomes(values) -> dict[DataElement, Decimal]:
    """Expected results: {data element code: value}; the codes come from the results library."""
    outcomes = {}
    for code, value in (values or {}).items():
        outcomes[_element(code, "outcomes")] = _number(value, "outcomes")
    return outcomes


def _resolve_candidate(by, fields: dict) -> None:
    if "pairing" in fields:
        fields["pairing"] = pairing_for(by, fields["pairing"])
    if "category" in fields:
        fields["category"] = _category(fields["category"])
        if fields["category"].is_banned:
            raise field_error("category", _("该类别不得使用援疆资金。"))
    if "region" in fields:
        fields["region"] = _region(fields["region"])
    if fields.get("earliest_start") not in (None, ""):
        fields["earliest_start"] = parse_year(fields["earliest_start"], field="earliest_start")
    elif "earliest_start" in fields:
        fields["earliest_start"] = None


def _check_candidate(candidate: Candidate) -> None:
    recipient = candidate.pairing.recipient_region
    if recipient is not None and not candidate.region.path.startswith(recipient.path):
        raise field_error(
            "region", _("实施地区须在结对的受援地区(%(name)s)之内。"), name=recipient.name
        )
    taken = Candidate.all_objects.filter(code=candidate.code).exclude(pk=candidate.pk)
    if taken.exists():
        raise field_error("code", _("储备编号 %(code)s 已存在。"), code=candidate.code)


def _requirements(candidate: Candidate, values) -> list[tuple[Candidate, int]]:
    """``values``: codes, or {"code": …, "lag": years}; in the same reserve, no cycle."""
    found = []
    for value in values or []:
        code, lag = (value, 0) if isinstance(value, str) else (value["code"], value.get("lag", 0))
        other = Candidate.objects.filter(code=code, pairing=candidate.pairing).first()
        if other is None:
            other = Candidate.objects.filter(code=code).first()
        if other is None or other.pk == candidate.pk:
            raise field_error("requires", _("前置项目“%(code)s”不存在。"), code=code)
        lag = _number(lag, "requires", places=0)
        if lag > MAX_YEARS:
            raise field_error("requires", _("间隔年数最多 %(n)s 年。"), n=MAX_YEARS)
        found.append((other, int(lag)))
    return found


def _check_no_cycle(candidate: Candidate) -> None:
    edges = dict.fromkeys(Candidate.objects.values_list("pk", flat=True), ())
    for pk, requires in Dependency.objects.values_list("candidate_id", "requires_id"):
        edges[pk] = (*edges.get(pk, ()), requires)
    seen, stack = set(), [candidate.pk]
    while stack:
        for other in edges.get(stack.pop(), ()):
            if other == candidate.pk:
                raise field_error("requires", _("前置关系形成了循环。"))
            if other not in seen:
                seen.add(other)
                stack.append(other)


def _set_details(candidate: Candidate, costs, outcomes, requires) -> bool:
    """Replace costs, outcomes and requirements given (None: keep); True when any changed."""
    changed = False
    if costs is not None:
        new = parse_costs(costs)
        old = [c.amount for c in candidate.costs.order_by("offset")]
        if old != new:
            candidate.costs.all().delete()
            CandidateCost.objects.bulk_create(
                CandidateCost(candidate=candidate, offset=k, amount=a) for k, a in enumerate(new)
            )
            changed = True
    if outcomes is not None:
        new = _outcomes(outcomes)
        old = {o.element_id: o.value for o in candidate.outcomes.all()}
        if old != {e.pk: v for e, v in new.items()}:
            candidate.outcomes.all().delete()
            CandidateOutcome.objects.bulk_create(
                CandidateOutcome(candidate=candidate, element=e, value=v) for e, v in new.items()
            )
            changed = True
    if requires is not None:
        new = _requirements(candidate, requires)
        old = {(d.requires_id, d.lag_years) for d in candidate.dependencies.all()}
        if old != {(o.pk, lag) for o, lag in new}:
            candidate.dependencies.all().delete()
            Dependency.objects.bulk_create(
                Dependency(candidate=candidate, requires=o, lag_years=lag) for o, lag in new
            )
            _check_no_cycle(candidate)
            changed = True
    return changed


def _number_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _bound_text(value: Decimal | None) -> str:
    return "" if value is None else _number_text(value)


def _candidate_details(candidate: Candidate) -> str:
    """Costs, outcomes and requirements in one text, for the history."""
    costs = " / ".join(_number_text(c.amount) for c in candidate.costs.order_by("offset"))
    outcomes = ", ".join(
        f"{o.element.code}={_number_text(o.value)}"
        for o in candidate.outcomes.select_related("element").order_by("element__code")
    )
    needs = ", ".join(
        f"{d.requires.code}(+{d.lag_years})"
        for d in candidate.dependencies.select_related("requires").order_by("requires__code")
    )
    return f"成本 {costs};成效 {outcomes or '—'};前置 {needs or '—'}"


def _scenario_inputs(scenario: Scenario) -> str:
    """Budgets, shares, weights and choices in one text, for the history."""
    budgets = ", ".join(f"{b.year}={_number_text(b.amount)}" for b in scenario.budgets.all())
    shares = ", ".join(
        f"{(s.category or s.region).code} {_bound_text(s.min_share)}–{_bound_text(s.max_share)}%"
        for s in scenario.shares.select_related("category", "region").order_by("pk")
    )
    weights = ", ".join(
        f"{w.element.code}={_number_text(w.weight)}"
        for w in scenario.weights.select_related("element").order_by("element__code")
    )
    choices = ", ".join(
        f"{c.candidate.code} {c.decision or ''}{c.start_year or ''}"
        f"{'#' + str(c.priority_rank) if c.priority_rank else ''}".strip()
        for c in scenario.choices.select_related("candidate").order_by("candidate__code")
    )
    return f"预算 {budgets};比例 {shares or '—'};权重 {weights or '—'};安排 {choices or '—'}"


def _summarise_created(record, field: str, text: str) -> None:
    """Set a summary written after the first save on the row and on its creation record."""
    setattr(record, field, text)
    type(record).objects.filter(pk=record.pk).update(**{field: text})
    latest = record.history.order_by("-history_id").first()
    type(latest).objects.filter(pk=latest.pk).update(**{field: text})


@transaction.atomic
def candidate_create(*, by, costs, outcomes=None, requires=None, **fields) -> Candidate:
    """A reserve project with its cost profile (万元 by year from its start), expected
    results ({element code: value}) and the candidates it needs first."""
    _ensure_planner(by)
    _resolve_candidate(by, fields)
    parsed_costs = parse_costs(costs)  # named before anything is saved
    candidate = Candidate()
    apply_changes(candidate, fields, set(CANDIDATE_FIELDS))
    _check_candidate(candidate)
    save_as(candidate, by=by)
    _set_details(candidate, parsed_costs, outcomes or {}, requires or [])
    _summarise_created(candidate, "details", _candidate_details(candidate))
    _stale_scenarios(candidate)
    return candidate


@transaction.atomic
def candidate_update(
    *,
    by,
    candidate: Candidate,
    expected_version=None,
    costs=None,
    outcomes=None,
    requires=None,
    **changes,
) -> Candidate:
    ensure_may_edit(by, candidate)
    lock_for_edit(candidate, expected_version)
    _resolve_candidate(by, changes)
    changed = apply_changes(candidate, changes, set(CANDIDATE_FIELDS))
    if changed:
        _check_candidate(candidate)
    if _set_details(candidate, costs, outcomes, requires) or changed:
        candidate.details = _candidate_details(candidate)
        save_edit(candidate, by=by)
        _stale_scenarios(candidate)
    return candidate


@transaction.atomic
def candidate_delete(*, by, candidate: Candidate, expected_version=None) -> None:
    ensure_may_edit(by, candidate)
    needed = Dependency.objects.filter(requires=candidate, candidate__deleted_at__isnull=True)
    if needed.exists():
        codes = ", ".join(needed.values_list("candidate__code", flat=True))
        raise field_error("id", _("以下储备项目以它为前置项目:%(codes)s。"), codes=codes)
    soft_delete(candidate, by=by, expected_version=expected_version)
    _stale_scenarios(candidate)


@transaction.atomic
def synergy_set(*, by, first: Candidate, second: Candidate, bonus, note: str = "") -> Synergy:
    """Two candidates that support each other; the bonus (points) counts when both are chosen.
    A bonus of 0 removes the pair."""
    for candidate in (first, second):
        ensure_may_edit(by, candidate, field="synergy")
    if first.pk == second.pk:
        raise field_error("synergy", _("协同效应需要两个不同的储备项目。"))
    first, second = sorted((first, second), key=lambda c: c.pk)
    amount = _number(bonus, "bonus", places=2)
    Synergy.objects.filter(first=first, second=second).delete()
    synergy = Synergy(first=first, second=second, bonus=amount, note=note)
    if amount:
        synergy.full_clean()
        synergy.save()
    _stale_scenarios(first)
    return synergy


# ---------------------------------------------------------------- scenarios


def _ensure_planner(by) -> None:
    if by is not None and not by.may_edit_projects:
        raise PermissionDenied(_("您的角色不能编制规划。"))


def _resolve_scenario(by, fields: dict) -> None:
    if "pairing" in fields:
        fields["pairing"] = pairing_for(by, fields["pairing"])
    if "first_year" in fields:
        fields["first_year"] = parse_year(fields["first_year"], field="first_year")
    for name in ("livelihood_min_share", "grassroots_min_share"):
        if name in fields:
            fields[name] = _percent(fields[name], name)
    for name in ("discount_rate", "rank_bonus", "gap"):
        if fields.get(name) not in (None, ""):
            fields[name] = _percent(fields[name], name)


def _budgets(scenario: Scenario, values) -> dict[int, Decimal]:
    """{year: 万元}; every year of the horizon needs one, no year outside it."""
    budgets = {
        parse_year(year, field="budgets"): _number(v, "budgets", places=2)
        for year, v in values.items()
    }
    years = set(scenario.year_list)
    outside = sorted(set(budgets) - years)
    if outside:
        raise field_error("budgets", _("%(year)s 年不在规划期内。"), year=outside[0])
    missing = sorted(years - set(budgets))
    if missing:
        raise field_error("budgets", _("请填写 %(year)s 年的预算。"), year=missing[0])
    return budgets


def _share_rows(values) -> list[ScenarioShare]:
    rows = []
    for k, value in enumerate(values or [], start=1):
        field = f"shares[{k}]"
        category, region = value.get("category"), value.get("region")
        if bool(category) == bool(region):
            raise field_error(field, _("每条比例规则只针对一个类别或一个地区。"))
        low = _percent(value.get("min"), field)
        high = _percent(value.get("max"), field)
        if low is None and high is None:
            raise field_error(field, _("请填写最低或最高比例。"))
        if low is not None and high is not None and low > high:
            raise field_error(field, _("最低比例不能高于最高比例。"))
        rows.append(
            ScenarioShare(
                category=_category(category) if category else None,
                region=_region(region, field) if region else None,
                min_share=low,
                max_share=high,
            )
        )
    return rows


def _weights(values) -> dict[DataElement, Decimal]:
    return {_element(code, "weights"): _number(w, "weights") for code, w in (values or {}).items()}


def _choices(scenario: Scenario, values) -> list[ScenarioChoice]:
    reserve = {c.code: c for c in candidates_of(scenario)}
    rows, seen, ranks = [], set(), set()
    for value in values or []:
        code = value.get("candidate")
        field = f"choices[{code}]"
        if code not in reserve:
            raise field_error(field, _("储备项目“%(code)s”不在本方案的储备库中。"), code=code)
        if code in seen:
            raise field_error(field, _("储备项目“%(code)s”重复出现。"), code=code)
        seen.add(code)
        decision = value.get("decision") or ""
        if decision not in Decision.values:
            raise field_error(field, _("无效的选项:%(value)s"), value=decision)
        start = value.get("start_year")
        start = parse_year(start, field=field) if start not in (None, "") else None
        if decision == Decision.CONTINUING and start is None:
            raise field_error(field, _("续建项目须填写开工年度。"))
        if decision == Decision.CONTINUING and start > scenario.year_list[-1]:
            raise field_error(field, _("续建项目须在规划期结束前已开工。"))
        rank = value.get("rank")
        rank = _rank(rank, field)
        if rank is not None and rank in ranks:
            raise field_error(field, _("优先次序 %(rank)s 重复。"), rank=rank)
        ranks.add(rank)
        if decision or rank is not None:
            rows.append(
                ScenarioChoice(
                    candidate=reserve[code],
                    decision=decision,
                    start_year=start if decision == Decision.CONTINUING else None,
                    priority_rank=rank,
                )
            )
    return rows


def _rank(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    rank = _number(value, field, positive=True, places=0)
    if rank > MAX_RANK:
        raise field_error(field, _("优先次序须在 1 到 %(n)s 之间。"), n=MAX_RANK)
    return int(rank)


def _replace(scenario: Scenario, related: str, rows) -> bool:
    manager = getattr(scenario, related)
    key = {
        "budgets": lambda r: (r.year, r.amount),
        "shares": lambda r: (r.category_id, r.region_id, r.min_share, r.max_share),
        "weights": lambda r: (r.element_id, r.weight),
        "choices": lambda r: (r.candidate_id, r.decision, r.start_year, r.priority_rank),
    }[related]
    if sorted(map(key, manager.all()), key=str) == sorted(map(key, rows), key=str):
        return False
    manager.all().delete()
    for row in rows:
        row.scenario = scenario
        row.save()
    return True


def _set_inputs(scenario: Scenario, budgets, shares, weights, choices) -> bool:
    changed = False
    if budgets is not None:
        parsed = _budgets(scenario, budgets)
        rows = [ScenarioBudget(year=y, amount=a) for y, a in sorted(parsed.items())]
        changed |= _replace(scenario, "budgets", rows)
    elif scenario.budgets.exclude(year__in=scenario.year_list).exists() or (
        scenario.budgets.count() != scenario.years
    ):
        raise field_error("budgets", _("规划期变了,请重新填写每年的预算。"))
    if shares is not None:
        changed |= _replace(scenario, "shares", _share_rows(shares))
    if weights is not None:
        parsed = _weights(weights)
        rows = [ScenarioWeight(element=e, weight=w) for e, w in parsed.items()]
        changed |= _replace(scenario, "weights", rows)
    if choices is not None:
        changed |= _replace(scenario, "choices", _choices(scenario, choices))
    return changed


@transaction.atomic
def scenario_create(*, by, budgets, shares=None, weights=None, choices=None, **fields) -> Scenario:
    """A scenario with its budget per year ({year: 万元}), category and region shares
    ([{"category" | "region": code, "min": %, "max": %}]), weights ({element code: points per
    unit}) and choices ([{"candidate": code, "decision", "start_year", "rank"}])."""
    _ensure_planner(by)
    _resolve_scenario(by, fields)
    scenario = Scenario()
    apply_changes(scenario, fields, set(SCENARIO_FIELDS))
    scenario.full_clean()
    _budgets(scenario, budgets)  # named before anything is saved
    save_as(scenario, by=by)
    _set_inputs(scenario, budgets, shares or [], weights or {}, choices or [])
    _summarise_created(scenario, "inputs", _scenario_inputs(scenario))
    return scenario


@transaction.atomic
def scenario_update(
    *,
    by,
    scenario: Scenario,
    expected_version=None,
    budgets=None,
    shares=None,
    weights=None,
    choices=None,
    **changes,
) -> Scenario:
    ensure_may_edit(by, scenario)
    lock_for_edit(scenario, expected_version)
    if scenario.status == Status.ADOPTED:
        raise field_error("status", _("方案已采纳,不能再修改;请复制为新方案。"))
    _resolve_scenario(by, changes)
    changed = apply_changes(scenario, changes, set(SCENARIO_FIELDS))
    if _set_inputs(scenario, budgets, shares, weights, choices) or changed:
        _clear_result(scenario)
        scenario.inputs = _scenario_inputs(scenario)
        save_edit(scenario, by=by)
    return scenario


@transaction.atomic
def scenario_delete(*, by, scenario: Scenario, expected_version=None) -> None:
    ensure_may_edit(by, scenario)
    if scenario.status == Status.ADOPTED:
        raise field_error("status", _("方案已采纳,不能删除。"))
    soft_delete(scenario, by=by, expected_version=expected_version)


def _clear_result(scenario: Scenario) -> None:
    scenario.status = Status.DRAFT
    scenario.result = None
    scenario.progress = {}
    scenario.solved_at = None


def _stale_scenarios(candidate: Candidate) -> None:
    """A changed candidate makes the results of the scenarios choosing from it out of date."""
    paths = [p for p in candidate.pairing.path.strip("/").split("/") if p]
    ancestors = ["/" + "/".join(paths[: k + 1]) + "/" for k in range(len(paths))]
    Scenario.objects.filter(pairing__path__in=ancestors).exclude(
        status__in=[Status.ADOPTED, Status.DRAFT]
    ).update(status=Status.DRAFT, result=None, progress={}, solved_at=None)


def scenario_copy(*, by, scenario: Scenario, code: str, name: str) -> Scenario:
    """A new scenario with the same settings and inputs, to vary one thing and compare."""
    fields = {name_: getattr(scenario, name_) for name_ in SCENARIO_FIELDS}
    fields.update(code=code, name=name, pairing=scenario.pairing)
    return scenario_create(
        by=by,
        budgets={b.year: b.amount for b in scenario.budgets.all()},
        shares=[
            {
                "category": s.category.code if s.category else None,
                "region": s.region.code if s.region else None,
                "min": s.min_share,
                "max": s.max_share,
            }
            for s in scenario.shares.select_related("category", "region")
        ],
        weights={w.element.code: w.weight for w in scenario.weights.select_related("element")},
        choices=[
            {
                "candidate": c.candidate.code,
                "decision": c.decision,
                "start_year": c.start_year,
                "rank": c.priority_rank,
            }
            for c in scenario.choices.select_related("candidate")
        ],
        **fields,
    )


def ensure_runnable(by, scenario: Scenario) -> None:
    ensure_may_edit(by, scenario)
    if scenario.status in (Status.QUEUED, Status.RUNNING):
        raise field_error("status", _("方案正在求解,请稍候。"))
    if scenario.status == Status.ADOPTED:
        raise field_error("status", _("方案已采纳,不能重新求解;请复制为新方案。"))
    ensure_solvable(scenario)


def ensure_solvable(scenario: Scenario) -> None:
    """A scenario has something to choose from and a way to value it."""
    if not candidates_of(scenario).exists():
        raise field_error("pairing", _("该结对下还没有储备项目。"))
    if not scenario.weights.filter(weight__gt=0).exists():
        raise field_error(
            "weights", _("请至少为一个数据元素设定大于零的权重,否则所有项目的成效都为零。")
        )
