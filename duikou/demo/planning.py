"""Demo planning: a reserve of candidate projects for Kizilsu and Ili from 2027, on the seed's
themes (employment-first industry transfer, vocational training, tourism, e-commerce, medical
aid, education, logistics), and one scenario per front command. Every cost, expected result,
synergy and rule here is illustrative (示例); the report gives none of them.

The Ili scenario is solved when the demo loads; the Kizilsu one is ready to run.
"""

from duikou.partners.models import Pairing
from duikou.planning.models import Candidate, Scenario
from duikou.planning.runs import scenario_run
from duikou.planning.services import (
    candidate_create,
    candidate_update,
    scenario_create,
    scenario_update,
    synergy_set,
)
from duikou.projects.models import Project

NOTE = "示例数据:成本、预期成效与规则均为演示用。"

# code, title, English title, pairing key, region, category, livelihood, grassroots,
# costs (万元 from the start year), expected results, alternatives group, needs first
RESERVE = [
    (
        "KZ27-00",
        "克州人民医院“组团式”医疗援疆(续建)",
        "Group-style medical aid to Kizilsu People's Hospital (continuing)",
        "kz",
        "653001",
        "group-medical",
        True,
        False,
        (950, 950, 950),
        {"patient_visits": 20000, "new_techniques": 12, "surgeries": 900},
        "",
        (),
    ),
    (
        "KZ27-01",
        "阿图什市纺织服装产业园标准厂房(二期)",
        "Standard workshops of the Artux textile and garment park (phase 2)",
        "suzhou-atushi",
        "653001",
        "industry",
        False,
        True,
        (3000, 2000),
        {"jobs_created": 1200, "enterprises_attracted": 8},
        "",
        (),
    ),
    (
        "KZ27-02",
        "阿图什市乡村卫星工厂(帮扶车间)",
        "Village satellite factories (aid workshops) in Artux",
        "suzhou-atushi",
        "653001",
        "employment-training",
        True,
        True,
        (800,),
        {"jobs_created": 400, "aid_workshops": 10, "poor_households_reached": 300},
        "",
        ("KZ27-01",),
    ),
    (
        "KZ27-03",
        "克州职业技术学校实训基地",
        "Training base of the Kizilsu vocational school",
        "kz",
        "653000",
        "vocational-training",
        True,
        False,
        (1500, 1000),
        {"trainees": 3000, "jobs_created": 300},
        "",
        (),
    ),
    (
        "KZ27-04",
        "乌恰县劳动力转移就业培训",
        "Labour-transfer training in Wuqia",
        "changzhou-wuqia",
        "653024",
        "vocational-training",
        True,
        True,
        (400,),
        {"labour_transfer": 800, "trainees": 1200},
        "",
        (),
    ),
    (
        "KZ27-05",
        "克州人民医院远程医疗中心扩容",
        "Extending the remote medicine centre of Kizilsu People's Hospital",
        "kz",
        "653001",
        "group-medical",
        True,
        False,
        (1200,),
        {"remote_consultations": 2000, "new_techniques": 6},
        "",
        (),
    ),
    (
        "KZ27-06",
        "克州人民医院门诊医技楼新建",
        "New outpatient and medical-technology building, Kizilsu People's Hospital",
        "kz",
        "653001",
        "group-medical",
        True,
        False,
        (6000, 4000),
        {"patient_visits": 60000, "surgeries": 2000},
        "kz-hospital",
        (),
    ),
    (
        "KZ27-07",
        "克州人民医院门诊楼改扩建",
        "Extending the outpatient building, Kizilsu People's Hospital",
        "kz",
        "653001",
        "group-medical",
        True,
        False,
        (2500, 1500),
        {"patient_visits": 35000, "surgeries": 1200},
        "kz-hospital",
        (),
    ),
    (
        "KZ27-08",
        "阿图什市电商直播基地",
        "E-commerce live-streaming base in Artux",
        "suzhou-atushi",
        "653001",
        "ecommerce",
        True,
        True,
        (600,),
        {"ecommerce_sales": 8000, "jobs_created": 150},
        "",
        (),
    ),
    (
        "KZ27-09",
        "克州农产品冷链物流中心",
        "Cold-chain logistics centre for Kizilsu farm produce",
        "kz",
        "653001",
        "trade-logistics",
        False,
        True,
        (2000, 800),
        {"logistics_orders": 50000, "consumption_sales": 5000, "jobs_created": 120},
        "",
        (),
    ),
    (
        "KZ27-10",
        "乌恰县乡村旅游公路与民宿",
        "Village tourism road and guesthouses in Wuqia",
        "changzhou-wuqia",
        "653024",
        "village-tourism",
        True,
        True,
        (1200, 600),
        {"tourists": 40000, "tourism_income": 2000},
        "",
        (),
    ),
    (
        "KZ27-11",
        "阿图什市国家通用语言学校建设",
        "A national-language school in Artux",
        "suzhou-atushi",
        "653001",
        "education",
        True,
        True,
        (2500, 1500),
        {"students": 1500, "teachers_trained": 200},
        "",
        (),
    ),
    (
        "KZ27-12",
        "阿克陶县农村安居工程配套",
        "Services for rural housing in Akto",
        "kz",
        "653022",
        "housing-infrastructure",
        True,
        True,
        (1500,),
        {"poor_households_reached": 500},
        "",
        (),
    ),
    (
        "KZ27-13",
        "乌恰县牧区双语幼儿园",
        "Kindergartens for herding areas in Wuqia",
        "changzhou-wuqia",
        "653024",
        "education",
        True,
        True,
        (800,),
        {"students": 600},
        "",
        (),
    ),
    (
        "YL27-01",
        "霍尔果斯市纺织服装产业转移园配套",
        "Services for the Khorgos textile industry-transfer park",
        "suzhou-khorgos",
        "654004",
        "industry",
        False,
        True,
        (2000, 1500),
        {"jobs_created": 2000, "enterprises_attracted": 12},
        "",
        (),
    ),
    (
        "YL27-02",
        "霍尔果斯市跨境电商产业园",
        "Cross-border e-commerce park in Khorgos",
        "suzhou-khorgos",
        "654004",
        "ecommerce",
        True,
        True,
        (1500,),
        {"ecommerce_sales": 20000, "jobs_created": 300},
        "",
        (),
    ),
    (
        "YL27-03",
        "巩留县职业技能实训中心",
        "Vocational skills training centre in Gongliu",
        "suzhou-gongliu",
        "654024",
        "vocational-training",
        True,
        True,
        (1000, 500),
        {"trainees": 2500, "labour_transfer": 600},
        "",
        (),
    ),
    (
        "YL27-04",
        "巩留县劳务输出订单培训",
        "Order-based labour-export training in Gongliu",
        "suzhou-gongliu",
        "654024",
        "vocational-training",
        True,
        True,
        (400,),
        {"labour_transfer": 1000, "trainees": 1500},
        "",
        ("YL27-03",),
    ),
    (
        "YL27-05",
        "伊宁县中欧班列物流集散中心",
        "China–Europe rail freight logistics hub in Yining County",
        "nantong-yining",
        "654021",
        "trade-logistics",
        False,
        True,
        (1200, 600),
        {"logistics_orders": 80000, "jobs_created": 400},
        "",
        (),
    ),
    (
        "YL27-06",
        "特克斯县八卦城旅游提升",
        "Upgrading tourism in the Tekes Bagua city",
        "nanjing-tekes",
        "654027",
        "village-tourism",
        True,
        True,
        (1500, 500),
        {"tourists": 100000, "tourism_income": 6000},
        "yl-tourism",
        (),
    ),
    (
        "YL27-07",
        "昭苏县天马旅游小镇",
        "Celestial-horse tourist town in Zhaosu",
        "taizhou-zhaosu",
        "654026",
        "village-tourism",
        True,
        True,
        (1800, 700),
        {"tourists": 90000, "tourism_income": 5000},
        "yl-tourism",
        (),
    ),
    (
        "YL27-08",
        "伊犁州友谊医院“组团式”能力提升",
        "Group-style capacity building at Ili Friendship Hospital",
        "yl",
        "654002",
        "group-medical",
        True,
        False,
        (1500,),
        {"new_techniques": 15, "patient_visits": 20000, "surgeries": 1500},
        "",
        (),
    ),
    (
        "YL27-09",
        "伊宁县乡镇卫生院远程会诊网络",
        "Remote consultation network of Yining County township clinics",
        "nantong-yining",
        "654021",
        "group-medical",
        True,
        True,
        (500,),
        {"remote_consultations": 3000},
        "",
        ("YL27-08",),
    ),
    (
        "YL27-10",
        "奎屯市义务教育学校改扩建",
        "Extending compulsory-education schools in Kuytun",
        "xuzhou-kuytun",
        "654003",
        "education",
        True,
        True,
        (2000, 1000),
        {"students": 2000, "teachers_trained": 150},
        "",
        (),
    ),
    (
        "YL27-11",
        "霍尔果斯市安居富民房配套",
        "Services for rural housing in Khorgos",
        "suzhou-khorgos",
        "654004",
        "housing-infrastructure",
        True,
        True,
        (2500,),
        {"poor_households_reached": 800},
        "",
        (),
    ),
]

# (first, second, bonus points, why)
SYNERGIES = [
    ("KZ27-08", "KZ27-09", 3000, "直播带货需要冷链物流"),
    ("KZ27-01", "KZ27-03", 3000, "实训基地为产业园输送技工"),
    ("YL27-02", "YL27-05", 5000, "跨境电商依托中欧班列物流"),
    ("YL27-01", "YL27-03", 4000, "实训中心为转移园定向培训"),
    ("YL27-08", "YL27-09", 1500, "友谊医院为乡镇远程会诊提供专家"),
]

# points per unit of each expected result: employment first
WEIGHTS = {
    "jobs_created": 10,
    "labour_transfer": 6,
    "poor_households_reached": 5,
    "aid_workshops": 20,
    "enterprises_attracted": 50,
    "trainees": 1,
    "students": 2,
    "teachers_trained": 2,
    "patient_visits": "0.1",
    "surgeries": 1,
    "remote_consultations": "0.5",
    "new_techniques": 20,
    "ecommerce_sales": "0.2",
    "consumption_sales": "0.2",
    "logistics_orders": "0.02",
    "tourists": "0.05",
    "tourism_income": "0.5",
}

SCENARIOS = [
    {
        "code": "yl-2027-2028",
        "name": "伊犁州 2027—2028 年援建项目计划(示例)",
        "pairing": "yl",
        "budgets": {2027: 10000, 2028: 8000},
        "shares": [{"category": "industry", "max": 45}, {"region": "654004", "max": 50}],
        "choices": [
            {"candidate": "YL27-10", "decision": "required"},
            {"candidate": "YL27-07", "decision": "refused"},
            {"candidate": "YL27-11", "rank": 1},
            {"candidate": "YL27-03", "rank": 2},
            {"candidate": "YL27-09", "rank": 3},
        ],
        "solve": True,
    },
    {
        "code": "kz-2027-2028",
        "name": "克州 2027—2028 年援建项目计划(示例)",
        "pairing": "kz",
        "budgets": {2027: 9000, 2028: 6000},
        "shares": [{"category": "group-medical", "min": 15, "max": 40}],
        "choices": [
            {"candidate": "KZ27-00", "decision": "continuing", "start_year": 2026},
            {"candidate": "KZ27-11", "decision": "required"},
            {"candidate": "KZ27-02", "rank": 1},
            {"candidate": "KZ27-04", "rank": 2},
            {"candidate": "KZ27-10", "rank": 3},
        ],
        "solve": False,
    },
]


def _load_reserve(pairings: dict[str, Pairing]) -> None:
    for row in RESERVE:
        code, title, title_en, pairing, region, category, livelihood, grassroots = row[:8]
        costs, outcomes, group, requires = row[8:]
        fields = {
            "title": title,
            "title_en": title_en,
            "pairing": pairings[pairing],
            "region": region,
            "category": category,
            "is_livelihood": livelihood,
            "is_grassroots": grassroots,
            "alternative_group": group,
            "is_illustrative": True,
            "description": NOTE,
        }
        existing = Candidate.objects.filter(code=code).first()
        if existing is None:
            candidate = candidate_create(
                by=None, code=code, costs=costs, outcomes=outcomes, **fields
            )
        else:
            candidate = candidate_update(
                by=None, candidate=existing, costs=costs, outcomes=outcomes, **fields
            )
        if code == "KZ27-00" and candidate.project is None:
            candidate.project = Project.objects.filter(code="JSYJ-KZ-001").first()
            candidate.save(update_fields=["project"])
    for row in RESERVE:  # once every candidate exists
        if row[-1]:
            candidate_update(
                by=None, candidate=Candidate.objects.get(code=row[0]), requires=list(row[-1])
            )
    for first, second, bonus, note in SYNERGIES:
        synergy_set(
            by=None,
            first=Candidate.objects.get(code=first),
            second=Candidate.objects.get(code=second),
            bonus=bonus,
            note=note,
        )


def _load_scenarios(pairings: dict[str, Pairing]) -> None:
    for spec in SCENARIOS:
        fields = {
            "name": spec["name"],
            "pairing": pairings[spec["pairing"]],
            "first_year": 2027,
            "years": 2,
            "note": NOTE,
            "is_illustrative": True,
            "time_limit": 30,
            "budgets": spec["budgets"],
            "shares": spec["shares"],
            "weights": WEIGHTS,
            "choices": spec["choices"],
        }
        scenario = Scenario.objects.filter(code=spec["code"]).first()
        if scenario is None:
            scenario = scenario_create(by=None, code=spec["code"], **fields)
        elif scenario.status != Scenario.Status.ADOPTED:
            scenario = scenario_update(by=None, scenario=scenario, **fields)
        if spec["solve"] and scenario.status == Scenario.Status.DRAFT:
            scenario_run(scenario)


def load_planning(pairings: dict[str, Pairing]) -> None:
    _load_reserve(pairings)
    _load_scenarios(pairings)
