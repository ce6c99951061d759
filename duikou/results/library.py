"""The built-in library: the data elements and indicators aid work reports (see the domain
brief, "Results reported in practice"). Loaded after every ``migrate``; an element or
indicator already there is left as the users made it. Users add their own beside these."""

from django.db import transaction

from duikou.results.models import Aggregation, DataElement, Indicator, ValueType
from duikou.results.services import element_create, indicator_create

C, N = ValueType.COUNT, ValueType.NUMBER
S, A, L = Aggregation.SUM, Aggregation.AVERAGE, Aggregation.LAST

# code, 名称, name, 单位, unit, value type, aggregation, (min, max) or None
ELEMENTS = [
    ("jobs_created", "新增就业", "Jobs created", "人", "people", C, S, None),
    ("labour_transfer", "转移就业", "Labour transferred to jobs", "人", "people", C, S, None),
    ("poverty_exits", "带动脱贫人口", "People lifted out of poverty", "人", "people", C, S, None),
    (
        "poor_households_reached",
        "带动建档立卡贫困户",
        "Registered poor households reached",
        "户",
        "households",
        C,
        L,
        None,
    ),
    (
        "poor_household_income",
        "建档立卡贫困户人均纯收入",
        "Net income per head of registered poor households",
        "元",
        "CNY",
        N,
        A,
        (0, 100000),
    ),
    ("trainees", "培训人次", "Trainees", "人次", "person-times", C, S, None),
    ("patient_visits", "接诊人次", "Patient visits", "人次", "visits", C, S, None),
    ("surgeries", "手术台次", "Surgeries", "台次", "operations", C, S, None),
    ("referrals_out", "转诊出院外患者", "Patients referred out", "人次", "patients", C, S, None),
    ("remote_consultations", "远程会诊", "Remote consultations", "例", "cases", C, S, None),
    (
        "new_techniques",
        "填补空白新技术",
        "New techniques filling a local gap",
        "项",
        "techniques",
        C,
        S,
        None,
    ),
    ("ecommerce_sales", "电商销售额", "E-commerce sales", "万元", "CNY 10k", N, S, None),
    (
        "consumption_sales",
        "消费帮扶销售额",
        "Consumption-assistance sales",
        "万元",
        "CNY 10k",
        N,
        S,
        None,
    ),
    ("logistics_orders", "物流订单", "Logistics orders", "单", "orders", C, S, None),
    ("logistics_cost", "物流费用", "Logistics cost", "万元", "CNY 10k", N, S, None),
    ("tourists", "接待游客", "Tourists received", "人次", "visits", C, S, None),
    ("tourism_income", "旅游收入", "Tourism income", "万元", "CNY 10k", N, S, None),
    ("enterprises_attracted", "引进企业", "Enterprises attracted", "家", "enterprises", C, S, None),
    ("investment_in_place", "到位投资", "Investment in place", "亿元", "CNY 100m", N, S, None),
    ("aid_workshops", "帮扶车间", "Aid workshops", "个", "workshops", C, L, None),
    ("students", "在校学生", "Students enrolled", "人", "students", C, L, None),
    ("teachers_trained", "培训教师", "Teachers trained", "人次", "person-times", C, S, None),
]

# code, 名称, name, numerator, denominator, factor, 单位, unit
INDICATORS = [
    (
        "referral_out_rate",
        "转诊率",
        "Referral-out rate",
        "#{referrals_out}",
        "#{patient_visits}",
        100,
        "%",
        "%",
    ),
    (
        "logistics_cost_per_order",
        "单均物流成本",
        "Logistics cost per order",
        "#{logistics_cost}",
        "#{logistics_orders}",
        10000,
        "元/单",
        "CNY/order",
    ),
    (
        "spend_per_tourist",
        "游客人均消费",
        "Spending per tourist",
        "#{tourism_income}",
        "#{tourists}",
        10000,
        "元/人次",
        "CNY/visit",
    ),
    (
        "jobs_achievement",
        "新增就业目标完成率",
        "Jobs created: achievement",
        "#{jobs_created.actual}",
        "#{jobs_created.target}",
        100,
        "%",
        "%",
    ),
    (
        "trainees_achievement",
        "培训目标完成率",
        "Trainees: achievement",
        "#{trainees.actual}",
        "#{trainees.target}",
        100,
        "%",
        "%",
    ),
    (
        "poverty_exits_achievement",
        "带动脱贫目标完成率",
        "People lifted out of poverty: achievement",
        "#{poverty_exits.actual}",
        "#{poverty_exits.target}",
        100,
        "%",
        "%",
    ),
    (
        "sales_achievement",
        "电商销售目标完成率",
        "E-commerce sales: achievement",
        "#{ecommerce_sales.actual}",
        "#{ecommerce_sales.target}",
        100,
        "%",
        "%",
    ),
]


@transaction.atomic
def library_load() -> tuple[int, int]:
    """Add the built-in elements and indicators that are missing; (elements, indicators)
    added."""
    have = set(DataElement.all_objects.values_list("code", flat=True))
    added_elements = 0
    for code, name, name_en, unit, unit_en, value_type, aggregation, bounds in ELEMENTS:
        if code in have:
            continue
        element_create(
            by=None,
            code=code,
            name=name,
            name_en=name_en,
            unit=unit,
            unit_en=unit_en,
            value_type=value_type,
            aggregation=aggregation,
            min_value=bounds[0] if bounds else None,
            max_value=bounds[1] if bounds else None,
            is_builtin=True,
        )
        added_elements += 1
    have = set(Indicator.all_objects.values_list("code", flat=True))
    added_indicators = 0
    for code, name, name_en, numerator, denominator, factor, unit, unit_en in INDICATORS:
        if code in have:
            continue
        indicator_create(
            by=None,
            code=code,
            name=name,
            name_en=name_en,
            numerator=numerator,
            denominator=denominator,
            factor=factor,
            unit=unit,
            unit_en=unit_en,
            is_builtin=True,
        )
        added_indicators += 1
    return added_elements, added_indicators
