"""Shapes of the results API."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from duikou.common.api import Id, choices
from duikou.results.models import Aggregation, DataValue, ValueType

Code = Field(..., min_length=1, max_length=50, description="代码(英文字母、数字、下划线)")


class ElementOut(Schema):
    code: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    value_type: str
    aggregation: str
    min_value: Decimal | None
    max_value: Decimal | None
    description: str
    is_builtin: bool
    version: int


class ElementIn(Schema):
    code: str = Code
    name: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    unit: str = Field("", max_length=30)
    unit_en: str = Field("", max_length=30)
    value_type: choices(ValueType) = ValueType.COUNT
    aggregation: choices(Aggregation) = Aggregation.SUM
    min_value: Decimal | None = Field(None, description="合理下限:低于它的数值会被标记待核实")
    max_value: Decimal | None = Field(None, description="合理上限:高于它的数值会被标记待核实")
    description: str = Field("", max_length=2000)


class ElementPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    unit: str | None = Field(None, max_length=30)
    unit_en: str | None = Field(None, max_length=30)
    value_type: choices(ValueType) | None = None
    aggregation: choices(Aggregation) | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    description: str | None = Field(None, max_length=2000)


class IndicatorOut(Schema):
    code: str
    name: str
    name_en: str
    numerator: str
    denominator: str
    factor: Decimal
    unit: str
    unit_en: str
    description: str
    is_builtin: bool
    version: int


class IndicatorIn(Schema):
    code: str = Code
    name: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    numerator: str = Field(..., min_length=1, max_length=500, description="如 #{referrals_out}")
    denominator: str = Field("1", min_length=1, max_length=500, description="如 #{patient_visits}")
    factor: Decimal = Field(Decimal(1), description="系数,如百分比为 100")
    unit: str = Field("", max_length=30)
    unit_en: str = Field("", max_length=30)
    description: str = Field("", max_length=2000)


class IndicatorPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    numerator: str | None = Field(None, min_length=1, max_length=500)
    denominator: str | None = Field(None, min_length=1, max_length=500)
    factor: Decimal | None = None
    unit: str | None = Field(None, max_length=30)
    unit_en: str | None = Field(None, max_length=30)
    description: str | None = Field(None, max_length=2000)


class ValueOut(Schema):
    id: int
    element: str = Field(..., alias="element.code")
    period: str = Field(..., alias="period.code")
    region: str = Field(..., alias="region.code")
    region_name: str = Field(..., alias="region.name")
    project: int | None = Field(None, alias="project_id")
    kind: str
    value: Decimal
    comment: str
    follow_up: bool
    follow_up_reason: str
    status: str
    status_reason: str
    decided_at: datetime.datetime | None
    is_illustrative: bool
    version: int


class ValueIn(Schema):
    element: str = Field(..., min_length=1, max_length=50, description="数据元素代码")
    period: str = Field(
        ..., min_length=1, max_length=10, description="2024、2024Q1、202403 或 十四五"
    )
    region: str = Field(..., min_length=1, max_length=12, description="区划代码")
    project: Id | None = Field(None, description="项目 id;不填为地区数据")
    kind: choices(DataValue.Kind)
    value: Decimal
    comment: str | None = Field(None, max_length=2000, description="备注;不填则保留原有备注")
    follow_up: bool | None = Field(
        None, description="手工标记待核实(true)或取消(false);不填则保留原有标记"
    )


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class RollupOut(Schema):
    element: str
    period: str
    region: str | None
    kind: str
    value: Decimal | None
    unit: str
    aggregation: str
    approved_only: bool


class RegionValueOut(Schema):
    region: str
    name: str
    value: Decimal | None


class ByRegionOut(Schema):
    element: str
    period: str
    region: str
    kind: str
    approved_only: bool
    items: list[RegionValueOut]


class IndicatorValueOut(Schema):
    indicator: str
    period: str
    region: str | None
    kind: str
    value: Decimal | None
    unit: str
    approved_only: bool


class SeriesPointOut(Schema):
    period: str
    target: Decimal | None
    actual: Decimal | None
    achievement: Decimal | None


class RankingOut(Schema):
    project: int
    code: str
    title: str
    actual: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
