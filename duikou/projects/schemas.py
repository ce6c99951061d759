"""The shapes of projects and their records in the API."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator

from duikou.common.api import Id, choices
from duikou.projects.models import Currency, FundingSource, Project, Stage, Transaction

StageName = choices(Stage)
SourceName = choices(FundingSource)
CurrencyCode = choices(Currency)
KindName = choices(Transaction.Kind)
DeliveryMode = choices(Project.DeliveryMode)
ImplementationLevel = choices(Project.ImplementationLevel)
ConstructionType = choices(Project.ConstructionType)

CENT = Decimal("0.01")
# Money and percentages leave the API with two decimals, whatever the database returned.
Money = Annotated[Decimal, AfterValidator(lambda value: value.quantize(CENT))]
Percent = Money


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    parent: str | None
    is_banned: bool
    version: int

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class CategoryIn(Schema):
    code: str = Field(max_length=50)
    name: str = Field(max_length=100)
    name_en: str = ""
    parent: str | None = None
    is_banned: bool = False
    description: str = ""


class CategoryPatch(Schema):
    name: str | None = Field(None, max_length=100)
    name_en: str | None = None
    is_banned: bool | None = None
    description: str | None = None


class RegionShareOut(Schema):
    code: str
    name: str
    share: Percent

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.region.name


class RegionShareIn(Schema):
    code: str = Field(max_length=12, description="区划代码")
    share: Decimal = Field(description="该地区所占百分比,各地区之和须为 100")


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    title_en: str
    category: str
    pairing: int
    supporter: str
    stage: str
    is_livelihood: bool
    is_grassroots: bool
    implementation_level: str
    delivery_mode: str
    construction_type: str
    is_fixed_asset: bool
    total_investment: Money | None
    currency: str
    planned_start: datetime.date | None
    planned_end: datetime.date | None
    actual_start: datetime.date | None
    actual_end: datetime.date | None
    regions: list[RegionShareOut]
    planned: Money = Field(description="累计计划资金(人民币)")
    in_place: Money = Field(description="累计到位资金(人民币)")
    spent: Money = Field(description="累计支出(人民币)")
    is_illustrative: bool
    version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code

    @staticmethod
    def resolve_pairing(obj) -> int:
        return obj.pairing_id

    @staticmethod
    def resolve_supporter(obj) -> str:
        return obj.pairing.supporter.name

    @staticmethod
    def resolve_regions(obj):
        return list(obj.region_shares.all())


class ProjectDetailOut(ProjectOut):
    description: str
    description_en: str
    source_note: str


class _ProjectFields(Schema):
    title_en: str | None = Field(None, max_length=250)
    description: str | None = None
    description_en: str | None = None
    is_livelihood: bool | None = None
    is_grassroots: bool | None = None
    construction_type: ConstructionType | None = None
    is_fixed_asset: bool | None = None
    total_investment: Decimal | None = None
    planned_start: datetime.date | None = None
    planned_end: datetime.date | None = None
    source_note: str | None = None


class ProjectIn(_ProjectFields):
    code: str = Field(max_length=40)
    title: str = Field(max_length=200)
    category: str = Field(description="类别代码")
    pairing: Id = Field(description="所属结对关系的 id")
    implementation_level: ImplementationLevel
    delivery_mode: DeliveryMode
    regions: list[RegionShareIn] = Field(min_length=1)


class ProjectPatch(_ProjectFields):
    code: str | None = Field(None, max_length=40)
    title: str | None = Field(None, max_length=200)
    category: str | None = None
    pairing: Id | None = None
    implementation_level: ImplementationLevel | None = None
    delivery_mode: DeliveryMode | None = None
    regions: list[RegionShareIn] | None = None


class StageEventOut(Schema):
    id: int
    stage: str
    date: datetime.date
    note: str
    recorded_by: str | None

    @staticmethod
    def resolve_recorded_by(obj) -> str | None:
        return obj.recorded_by.username if obj.recorded_by_id else None


class StageEventIn(Schema):
    stage: StageName = Field(
        description="储备 reserve → 前期 preparation → 招投标 tendering → "
        "在建 construction → 完工 completed → 验收 accepted → 移交 handed_over"
    )
    date: datetime.date
    note: str = Field("", max_length=500)


class BudgetLineOut(Schema):
    id: int
    year: int
    source: str
    amount: Money
    currency: str
    note: str
    is_illustrative: bool
    version: int


class BudgetLineIn(Schema):
    year: int = Field(ge=1990, le=2100)
    amount: Decimal
    source: SourceName = "aid"
    currency: CurrencyCode = "CNY"
    note: str = Field("", max_length=500)


class BudgetLinePatch(Schema):
    year: int | None = Field(None, ge=1990, le=2100)
    amount: Decimal | None = None
    source: SourceName | None = None
    currency: CurrencyCode | None = None
    note: str | None = Field(None, max_length=500)


class TransactionOut(Schema):
    id: int
    kind: str
    date: datetime.date
    amount: Money
    currency: str
    source: str
    description: str
    is_illustrative: bool
    version: int


class TransactionIn(Schema):
    kind: KindName = Field(description="commitment 承诺 / in_place 到位 / expenditure 支出")
    date: datetime.date
    amount: Decimal
    source: SourceName = "aid"
    currency: CurrencyCode = "CNY"
    description: str = Field("", max_length=500)


class TransactionPatch(Schema):
    kind: KindName | None = None
    date: datetime.date | None = None
    amount: Decimal | None = None
    source: SourceName | None = None
    currency: CurrencyCode | None = None
    description: str | None = Field(None, max_length=500)


class MilestoneOut(Schema):
    id: int
    title: str
    planned_date: datetime.date
    actual_date: datetime.date | None
    note: str
    version: int


class MilestoneIn(Schema):
    title: str = Field(max_length=200)
    planned_date: datetime.date
    actual_date: datetime.date | None = None
    note: str = Field("", max_length=500)


class MilestonePatch(Schema):
    title: str | None = Field(None, max_length=200)
    planned_date: datetime.date | None = None
    actual_date: datetime.date | None = None
    note: str | None = Field(None, max_length=500)


class ChangeOut(Schema):
    field: str
    before: str | None
    after: str | None


class HistoryOut(Schema):
    record: str = Field(description="project / budget_line / transaction / milestone")
    record_id: int
    at: datetime.datetime
    by: str | None
    channel: str
    action: str = Field(description="created / updated / deleted / restored")
    changes: list[ChangeOut]


class ShareCheckOut(Schema):
    amount: Money
    total: Money
    share: Percent | None
    threshold: Percent
    meets: bool | None


class ComplianceOut(Schema):
    pairing: int | None
    year: int
    livelihood_threshold: Percent
    grassroots_threshold: Percent
    planned_total: Money
    in_place_total: Money
    livelihood_planned: ShareCheckOut
    livelihood_in_place: ShareCheckOut
    grassroots_planned: ShareCheckOut
    grassroots_in_place: ShareCheckOut
    meets_two_80: bool | None
    funds_arrival_rate: Percent | None
    projects_planned: int
    projects_started: int
    start_rate: Percent | None
    banned_projects: list[str] = Field(description="禁止类(楼堂馆所)项目的编号")


class MoneyRow(Schema):
    planned: Money
    in_place: Money
    spent: Money


class YearRow(MoneyRow):
    year: int


class CategoryRow(MoneyRow):
    category: str
    name: str
    name_en: str


class RegionRow(MoneyRow):
    region: str | None
    name: str


class StatisticsOut(Schema):
    projects: int
    total_investment: Money
    by_year: list[YearRow]
    by_category: list[CategoryRow]
    by_region: list[RegionRow]
    region_level: str
