"""Shapes of the planning API."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from duikou.common.api import Id, choices
from duikou.planning.models import MAX_RANK, MAX_YEARS, ScenarioChoice

Percent = Field(None, ge=0, le=100, description="百分比(0–100)")


class RequirementIO(Schema):
    code: str = Field(..., description="前置储备项目的编号")
    lag: int = Field(0, ge=0, le=MAX_YEARS, description="至少间隔的年数(0:同年即可)")


class CandidateOut(Schema):
    id: int
    code: str
    title: str
    title_en: str
    description: str
    pairing: int = Field(..., alias="pairing_id")
    category: str
    region: str
    is_livelihood: bool
    is_grassroots: bool
    earliest_start: int | None
    alternative_group: str
    costs: list[Decimal] = Field(..., description="自开工起各年成本(万元)")
    outcomes: dict[str, Decimal] = Field(..., description="预期成效:数据元素代码 → 预期值")
    requires: list[RequirementIO]
    project: int | None = Field(None, alias="project_id")
    is_illustrative: bool
    version: int

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_costs(obj) -> list[Decimal]:
        return [cost.amount for cost in obj.costs.all()]

    @staticmethod
    def resolve_outcomes(obj) -> dict[str, Decimal]:
        return {o.element.code: o.value for o in obj.outcomes.all()}

    @staticmethod
    def resolve_requires(obj) -> list[dict]:
        return [{"code": d.requires.code, "lag": d.lag_years} for d in obj.dependencies.all()]


class CandidateIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    title: str = Field(..., min_length=1, max_length=200)
    title_en: str = Field("", max_length=250)
    description: str = Field("", max_length=5000)
    pairing: Id
    category: str = Field(..., description="项目类别代码")
    region: str = Field(..., description="实施地区的行政区划代码")
    is_livelihood: bool = True
    is_grassroots: bool = True
    earliest_start: int | None = Field(None, ge=1990, le=2100)
    alternative_group: str = Field("", max_length=40)
    costs: list[Decimal] = Field(..., description="自开工起各年成本(万元),如 [1200, 800]")
    outcomes: dict[str, Decimal] = Field(default_factory=dict)
    requires: list[RequirementIO] = Field(default_factory=list)


class CandidatePatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=40)
    title: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, max_length=250)
    description: str | None = Field(None, max_length=5000)
    category: str | None = None
    region: str | None = None
    is_livelihood: bool | None = None
    is_grassroots: bool | None = None
    earliest_start: int | None = Field(None, ge=1990, le=2100)
    alternative_group: str | None = Field(None, max_length=40)
    costs: list[Decimal] | None = None
    outcomes: dict[str, Decimal] | None = None
    requires: list[RequirementIO] | None = None


class SynergyIO(Schema):
    first: str = Field(..., description="储备项目编号")
    second: str = Field(..., description="储备项目编号")
    bonus: Decimal = Field(..., ge=0, description="两者都入选时的协同加分;0 表示删除")
    note: str = Field("", max_length=300)


class SynergyOut(SynergyIO):
    id: int


class ShareIO(Schema):
    category: str | None = None
    region: str | None = None
    min: Decimal | None = Percent
    max: Decimal | None = Percent


class ChoiceIO(Schema):
    candidate: str = Field(..., description="储备项目编号")
    decision: choices(ScenarioChoice.Decision) = ""
    start_year: int | None = Field(None, ge=1990, le=2100, description="续建项目的开工年度")
    rank: int | None = Field(None, ge=1, le=MAX_RANK, description="受援地优先次序(1 最优先)")


class ScenarioIn(Schema):
    code: str = Field(..., min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=200)
    pairing: Id
    first_year: int = Field(..., ge=1990, le=2100)
    years: int = Field(1, ge=1, le=10)
    carry_over: bool = False
    livelihood_min_share: Decimal | None = Field(Decimal(80), ge=0, le=100)
    grassroots_min_share: Decimal | None = Field(Decimal(80), ge=0, le=100)
    discount_rate: Decimal = Field(Decimal(5), ge=0, le=100)
    rank_bonus: Decimal = Field(Decimal(20), ge=0, le=100)
    time_limit: int = Field(60, ge=1, le=3600, description="求解时限(秒)")
    gap: Decimal = Field(Decimal("0.5"), ge=0, le=100, description="最优性间隙(%)")
    note: str = Field("", max_length=5000)
    budgets: dict[int, Decimal] = Field(..., description="年度 → 预算(万元)")
    shares: list[ShareIO] = Field(default_factory=list)
    weights: dict[str, Decimal] = Field(
        default_factory=dict, description="数据元素代码 → 每单位分值"
    )
    choices: list[ChoiceIO] = Field(default_factory=list)


class ScenarioPatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str | None = Field(None, min_length=1, max_length=200)
    first_year: int | None = Field(None, ge=1990, le=2100)
    years: int | None = Field(None, ge=1, le=10)
    carry_over: bool | None = None
    livelihood_min_share: Decimal | None = Field(None, ge=0, le=100)
    grassroots_min_share: Decimal | None = Field(None, ge=0, le=100)
    discount_rate: Decimal | None = Field(None, ge=0, le=100)
    rank_bonus: Decimal | None = Field(None, ge=0, le=100)
    time_limit: int | None = Field(None, ge=1, le=3600)
    gap: Decimal | None = Field(None, ge=0, le=100)
    note: str | None = Field(None, max_length=5000)
    budgets: dict[int, Decimal] | None = None
    shares: list[ShareIO] | None = None
    weights: dict[str, Decimal] | None = None
    choices: list[ChoiceIO] | None = None


class ScenarioOut(Schema):
    id: int
    code: str
    name: str
    pairing: int = Field(..., alias="pairing_id")
    first_year: int
    years: int
    carry_over: bool
    livelihood_min_share: Decimal | None
    grassroots_min_share: Decimal | None
    discount_rate: Decimal
    rank_bonus: Decimal
    time_limit: int
    gap: Decimal
    note: str
    budgets: dict[int, Decimal]
    shares: list[ShareIO]
    weights: dict[str, Decimal]
    choices: list[ChoiceIO]
    status: str
    progress: dict
    solved_at: datetime.datetime | None
    adopted_at: datetime.datetime | None
    is_illustrative: bool
    version: int

    @staticmethod
    def resolve_budgets(obj) -> dict:
        return {b.year: b.amount for b in obj.budgets.all()}

    @staticmethod
    def resolve_shares(obj) -> list[dict]:
        return [
            {
                "category": s.category.code if s.category else None,
                "region": s.region.code if s.region else None,
                "min": s.min_share,
                "max": s.max_share,
            }
            for s in obj.shares.all()
        ]

    @staticmethod
    def resolve_weights(obj) -> dict:
        return {w.element.code: w.weight for w in obj.weights.all()}

    @staticmethod
    def resolve_choices(obj) -> list[dict]:
        return [
            {
                "candidate": c.candidate.code,
                "decision": c.decision,
                "start_year": c.start_year,
                "rank": c.priority_rank,
            }
            for c in obj.choices.all()
        ]


class CopyIn(Schema):
    code: str = Field(..., min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=200)


class ResultOut(Schema):
    status: str
    result: dict | None = Field(
        None,
        description="求解结果:现金流、规则、入选项目的贡献、未入选项目的原因(含文字)、"
        "预算增加 10% 的效果;无可行方案时为相互冲突的规则",
    )


class AdoptOut(Schema):
    projects: list[str] = Field(..., description="进入年度计划的项目编号")


class ImportErrorOut(Schema):
    row: int = Field(..., description="行号(第 1 行是列名;0:整个文件)")
    column: str | None
    message: str


class ReserveImportOut(Schema):
    rows: int
    valid_rows: int
    imported: bool
    created: int
    updated: int
    unchanged: int
    errors: list[ImportErrorOut]
