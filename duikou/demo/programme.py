"""The demo programme: Jiangsu's pairing assistance to Kizilsu and Ili, after the seed report
(Xinhua Daily, 2018-09-28) and the domain brief.

What the report states is entered as it states it (names, "9 specialties ← 9 Jiangsu
hospitals", "2 academician workstations", "13 home-visit points", "2.46 亿元", "交钥匙").
Everything added to make a working demo (amounts by year, dates, the specialties and the
hospitals behind them, the county-level projects) is marked ``illustrative``.
Amounts here are in 万元 (10,000 CNY).
"""

from dataclasses import dataclass, field

SEED = "新华报业网 2018-09-28《娄勤俭看望慰问援疆干部》"


@dataclass(frozen=True)
class Org:
    name: str
    kind: str
    region: str
    parent: str | None = None
    short_name: str = ""
    name_en: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class Pair:
    key: str
    supporter: str
    level: str
    start: str
    region: str | None = None
    organisation: str | None = None
    parent: str | None = None
    end: str | None = None
    notes: str = ""
    illustrative: bool = True  # dates are given to the month or guessed: see notes


@dataclass(frozen=True)
class Proj:
    code: str
    title: str
    title_en: str
    pairing: str
    category: str
    regions: tuple[tuple[str, int], ...]
    level: str
    mode: str
    description: str
    livelihood: bool = True
    grassroots: bool = True
    fixed_asset: bool = True
    construction: str = "new"
    investment: float | None = None  # 万元
    investment_is_fact: bool = False
    planned: tuple[str, str] | None = None
    stages: tuple[tuple[str, str], ...] = ()
    # year → (planned, in place, spent), 万元, all illustrative
    funds: dict[int, tuple[float, float, float]] = field(default_factory=dict)
    milestones: tuple[tuple[str, str, str | None], ...] = ()
    source: str = ""
    illustrative: bool = False  # the project itself is added, not in the report


CATEGORIES = [
    # code, name, English name, parent code, banned
    (
        "housing-infrastructure",
        "城乡住房及基础设施",
        "Urban and rural housing and infrastructure",
        None,
        False,
    ),
    ("education", "教育", "Education", None, False),
    (
        "employment-training",
        "就业设施及劳动力培训",
        "Employment facilities and labour training",
        None,
        False,
    ),
    ("industry", "产业发展", "Industrial development", None, False),
    ("cadres-talent", "干部人才支援及培养", "Cadre and talent support and training", None, False),
    (
        "health-science-social",
        "科技卫生交流及其它社会事业",
        "Science, health exchange and other social services",
        None,
        False,
    ),
    ("group-medical", "组团式医疗", "Group-style medical aid", "health-science-social", False),
    ("ecommerce", "电商扶贫", "E-commerce poverty alleviation", "industry", False),
    (
        "vocational-training",
        "职业教育培训",
        "Vocational education and training",
        "employment-training",
        False,
    ),
    ("village-tourism", "乡村旅游", "Village tourism", "industry", False),
    (
        "trade-logistics",
        "商贸物流与陆海联运",
        "Trade, logistics and the land–sea corridor",
        "industry",
        False,
    ),
    ("environment", "生态环境保护", "Environmental protection", None, False),
    ("grassroots-governance", "基层治理", "Grassroots governance", None, False),
    ("office-buildings", "楼堂馆所", "Government office buildings (banned use)", None, True),
]

JS = "江苏省人民政府"
KZ_FRONT = "江苏省对口支援新疆克孜勒苏柯尔克孜自治州前方指挥部"
YL_FRONT = "江苏省对口支援新疆伊犁哈萨克自治州前方指挥部"
KZ_HOSPITAL = "克孜勒苏柯尔克孜自治州人民医院"

CITY_GROUPS = [
    # name, short name, region, English name
    ("南京市援疆工作组", "南京", "320100", "Nanjing aid working group"),
    ("南通市援疆工作组", "南通", "320600", "Nantong aid working group"),
    ("江阴市援疆工作组", "江阴", "320281", "Jiangyin aid working group"),
    ("盐城市援疆工作组", "盐城", "320900", "Yancheng aid working group"),
    ("扬州市援疆工作组", "扬州", "321000", "Yangzhou aid working group"),
    ("徐州市援疆工作组", "徐州", "320300", "Xuzhou aid working group"),
    ("泰州市援疆工作组", "泰州", "321200", "Taizhou aid working group"),
    ("苏州市援疆工作组", "苏州", "320500", "Suzhou aid working group"),
    ("常州市援疆工作组", "常州", "320400", "Changzhou aid working group"),
    ("无锡市援疆工作组", "无锡", "320200", "Wuxi aid working group"),
    ("镇江市援疆工作组", "镇江", "321100", "Zhenjiang aid working group"),
]

# 克州人民医院: 9 specialties, each supported by one Jiangsu hospital (院包科). The report gives
# the numbers; which specialty goes with which hospital is illustrative.
GROUP_MEDICAL = [
    ("心血管内科", "江苏省人民医院", "320100"),
    ("神经外科", "南京鼓楼医院", "320100"),
    ("重症医学科", "东南大学附属中大医院", "320100"),
    ("中医科", "江苏省中医院", "320100"),
    ("骨科", "苏州大学附属第一医院", "320500"),
    ("妇产科", "南京医科大学第二附属医院", "320100"),
    ("儿科", "无锡市人民医院", "320200"),
    ("普外科", "常州市第一人民医院", "320400"),
    ("医学影像科", "徐州医科大学附属医院", "320300"),
]

ORGANISATIONS = [
    Org(JS, "government", "320000", short_name="江苏省", name_en="People's Government of Jiangsu"),
    Org("江苏省审计厅", "government", "320000", JS, "省审计厅", "Jiangsu Provincial Audit Office"),
    Org(
        KZ_FRONT, "front_command", "653000", JS, "江苏援克前指", "Jiangsu Front Command in Kizilsu"
    ),
    Org(YL_FRONT, "front_command", "654000", JS, "江苏援伊前指", "Jiangsu Front Command in Ili"),
    *[
        Org(name, "aid_working_group", region, JS, short, name_en)
        for name, short, region, name_en in CITY_GROUPS
    ],
    Org(
        "克孜勒苏柯尔克孜自治州人民政府",
        "government",
        "653000",
        short_name="克州政府",
        name_en="People's Government of Kizilsu Kirghiz Autonomous Prefecture",
    ),
    Org(
        "伊犁哈萨克自治州人民政府",
        "government",
        "654000",
        short_name="伊犁州政府",
        name_en="People's Government of Ili Kazakh Autonomous Prefecture",
    ),
    Org("阿图什市人民政府", "government", "653001", short_name="阿图什市政府"),
    Org(
        "可克达拉市人民政府",
        "government",
        "659008",
        short_name="可克达拉市政府",
        name_en="People's Government of Kokdala (4th Division)",
    ),
    Org(
        KZ_HOSPITAL,
        "hospital",
        "653001",
        short_name="克州人民医院",
        name_en="Kizilsu Prefecture People's Hospital",
    ),
    *[
        Org(f"克州人民医院{dept}", "hospital", "653001", KZ_HOSPITAL, illustrative=True)
        for dept, _hospital, _region in GROUP_MEDICAL
    ],
    *[Org(hospital, "hospital", region) for _dept, hospital, region in GROUP_MEDICAL],
    Org("克州职业技术学校", "school", "653001", short_name="克州职校"),
    Org(
        "可克达拉市镇江高级中学",
        "school",
        "659008",
        short_name="镇江高级中学",
        name_en="Zhenjiang Senior High School of Kokdala",
    ),
    Org("苏宁易购集团", "enterprise", "320100", short_name="苏宁易购", name_en="Suning.com"),
]

_NEW_ROUND = "1997 年起干部援疆,2010 年起新一轮全面对口支援;起止日期为示例。"
PAIRINGS = [
    Pair("kz", KZ_FRONT, "province", "1997-01-01", region="653000", notes=_NEW_ROUND),
    Pair("yl", YL_FRONT, "province", "1997-01-01", region="654000", notes=_NEW_ROUND),
    Pair(
        "d4",
        YL_FRONT,
        "province",
        "2010-07-01",
        region="660400",
        notes="江苏对口支援兵团第四师(可克达拉市)。日期为示例。",
    ),
    Pair(
        "d7",
        YL_FRONT,
        "province",
        "2010-07-01",
        region="660700",
        notes="江苏对口支援兵团第七师。日期为示例。",
    ),
    # city → county, Kizilsu
    Pair("suzhou-atushi", "苏州市援疆工作组", "city", "2010-07-01", region="653001", parent="kz"),
    Pair("changzhou-wuqia", "常州市援疆工作组", "city", "2010-07-01", region="653024", parent="kz"),
    Pair(
        "wuxi-aheqi",
        "无锡市援疆工作组",
        "city",
        "2007-01-01",
        region="653023",
        parent="kz",
        notes="无锡援建阿合奇县始于 2007 年(据报道),具体日期为示例。",
    ),
    # city → county, Ili
    Pair(
        "nanjing-yining-city",
        "南京市援疆工作组",
        "city",
        "2010-07-01",
        region="654002",
        parent="yl",
    ),
    Pair("nanjing-tekes", "南京市援疆工作组", "city", "2010-07-01", region="654027", parent="yl"),
    Pair("nantong-yining", "南通市援疆工作组", "city", "2010-07-01", region="654021", parent="yl"),
    Pair(
        "jiangyin-huocheng", "江阴市援疆工作组", "city", "2010-07-01", region="654023", parent="yl"
    ),
    Pair(
        "yangzhou-qapqal",
        "扬州市援疆工作组",
        "city",
        "1997-01-01",
        end="2010-12-31",
        region="654022",
        parent="yl",
        notes="新一轮对口支援前由扬州支援察布查尔县;日期为示例。",
    ),
    Pair(
        "yancheng-qapqal",
        "盐城市援疆工作组",
        "city",
        "2011-01-01",
        region="654022",
        parent="yl",
        notes="2011 年起由盐城支援察布查尔县;日期为示例。",
    ),
    Pair(
        "yangzhou-xinyuan",
        "扬州市援疆工作组",
        "city",
        "2011-01-01",
        region="654025",
        parent="yl",
        notes="扬州自 2011 年起支援新源县;日期为示例。",
    ),
    Pair("xuzhou-kuytun", "徐州市援疆工作组", "city", "2010-07-01", region="654003", parent="yl"),
    Pair("taizhou-zhaosu", "泰州市援疆工作组", "city", "2010-07-01", region="654026", parent="yl"),
    Pair("suzhou-khorgos", "苏州市援疆工作组", "city", "2010-07-01", region="654004", parent="yl"),
    Pair("suzhou-gongliu", "苏州市援疆工作组", "city", "2010-07-01", region="654024", parent="yl"),
    Pair(
        "zhenjiang-kokdala",
        "镇江市援疆工作组",
        "city",
        "2010-07-01",
        region="659008",
        organisation="可克达拉市人民政府",
        parent="d4",
        notes="镇江对口支援第四师可克达拉市(师市合一)。日期为示例。",
    ),
    # hospital → department (院包科), under the Kizilsu pairing
    *[
        Pair(
            f"medical-{index}",
            hospital,
            "department",
            "2017-03-01",
            organisation=f"克州人民医院{dept}",
            region="653001",
            parent="kz",
            notes="“组团式”医疗援疆,院包科;科室与医院的对应及日期为示例。",
        )
        for index, (dept, hospital, _region) in enumerate(GROUP_MEDICAL, start=1)
    ],
]

_KZ_MEDICAL = (
    "江苏实施“组团式”模式援助的地方医院,该院 9 个专科接受江苏 9 家医院重点支持,"
    "逐步形成医疗、科研、教学三位一体的管理特色,成为当地唯一一所三甲医院。"
)

PROJECTS = [
    Proj(
        "JSYJ-KZ-001",
        "克州人民医院“组团式”医疗援疆(9个专科)",
        "Group-style medical aid to Kizilsu People's Hospital (9 specialties)",
        "kz",
        "group-medical",
        (("653001", 100),),
        "prefecture_direct",
        "know_how",
        _KZ_MEDICAL,
        grassroots=False,
        fixed_asset=False,
        construction="continued",
        stages=(("preparation", "2016-10-01"), ("construction", "2017-03-01")),
        funds={
            2017: (600, 600, 580),
            2018: (800, 800, 790),
            2024: (900, 900, 880),
            2025: (900, 900, 870),
            2026: (950, 700, 520),
        },
        milestones=(
            ("9 个专科完成院包科结对", "2017-06-30", "2017-06-20"),
            ("通过三级甲等医院评审", "2018-06-30", "2018-05-15"),
        ),
        source=SEED,
    ),
    Proj(
        "JSYJ-KZ-002",
        "克州人民医院院士工作站(2个)",
        "Two academician workstations at Kizilsu People's Hospital",
        "kz",
        "health-science-social",
        (("653001", 100),),
        "prefecture_direct",
        "know_how",
        "在克州人民医院成立两个院士工作站,医疗、科研、教学三位一体。",
        grassroots=False,
        fixed_asset=False,
        stages=(("preparation", "2017-09-01"), ("construction", "2018-01-10")),
        funds={2018: (150, 150, 140), 2025: (120, 120, 110), 2026: (120, 80, 60)},
        source=SEED,
    ),
    Proj(
        "JSYJ-KZ-003",
        "克州人民医院远程会诊中心(联通江苏省人民医院)",
        "Remote consultation centre at Kizilsu People's Hospital, linked to Jiangsu "
        "Province Hospital",
        "kz",
        "health-science-social",
        (("653001", 100),),
        "prefecture_direct",
        "turnkey",
        "江苏援建的远程会诊中心,可与江苏省人民医院专家远程会诊。",
        grassroots=False,
        investment=480,
        stages=(
            ("preparation", "2017-03-01"),
            ("tendering", "2017-05-10"),
            ("construction", "2017-07-01"),
            ("completed", "2017-12-20"),
            ("accepted", "2018-01-15"),
            ("handed_over", "2018-02-01"),
        ),
        funds={2017: (480, 480, 470)},
        source=SEED,
    ),
    Proj(
        "JSYJ-KZ-004",
        "苏宁易购阿图什电商扶贫实训店",
        "Suning.com Artux e-commerce poverty-alleviation training store",
        "suzhou-atushi",
        "ecommerce",
        (("653001", 100),),
        "county",
        "cheque",
        "全疆首家电商扶贫实训店:为建档立卡贫困户提供就业岗位,开展电商知识、营销技能、"
        "品牌推广等培训,借助苏宁易购的销售渠道把克州特色农产品销往全国。",
        fixed_asset=False,
        investment=300,
        stages=(
            ("preparation", "2017-10-01"),
            ("construction", "2018-01-05"),
            ("completed", "2018-04-28"),
            ("accepted", "2018-05-10"),
            ("handed_over", "2018-05-20"),
        ),
        funds={2018: (300, 300, 300)},
        source=SEED,
    ),
    Proj(
        "JSYJ-KZ-005",
        "克州职业技术学校汽修工作室",
        "Auto-repair workshop at Kizilsu Vocational and Technical School",
        "kz",
        "vocational-training",
        (("653001", 100),),
        "prefecture_direct",
        "turnkey",
        "发挥江苏教育优势,结合当地实际加强职业教育培训,为克州产业发展培养人才。",
        grassroots=False,
        investment=260,
        stages=(
            ("preparation", "2017-04-01"),
            ("construction", "2017-08-01"),
            ("completed", "2018-03-01"),
            ("accepted", "2018-04-10"),
            ("handed_over", "2018-05-01"),
        ),
        funds={2017: (160, 160, 150), 2018: (100, 100, 100)},
        source=SEED,
    ),
    Proj(
        "JSYJ-KZ-006",
        "克州职业技术学校校企合作实训基地",
        "School–enterprise training base at Kizilsu Vocational and Technical School",
        "kz",
        "vocational-training",
        (("653001", 100),),
        "prefecture_direct",
        "turnkey",
        "校企合作实训基地,面向克州产业需要培养技能人才。",
        grassroots=False,
        investment=520,
        stages=(
            ("preparation", "2017-05-01"),
            ("construction", "2017-09-01"),
            ("completed", "2018-06-30"),
        ),
        funds={2017: (220, 220, 200), 2018: (300, 300, 280)},
        source=SEED,
    ),
    Proj(
        "JSYJ-KZ-007",
        "克州职业技术学校民族服饰培训基地",
        "Ethnic costume training base at Kizilsu Vocational and Technical School",
        "kz",
        "vocational-training",
        (("653001", 100),),
        "prefecture_direct",
        "turnkey",
        "民族服饰培训基地,带动妇女就业增收。",
        grassroots=False,
        investment=180,
        stages=(
            ("preparation", "2017-06-01"),
            ("construction", "2017-10-01"),
            ("completed", "2018-05-30"),
            ("accepted", "2018-06-20"),
        ),
        funds={2017: (80, 80, 80), 2018: (100, 100, 95)},
        source=SEED,
    ),
    Proj(
        "JSYJ-KZ-008",
        "乌恰县安居富民工程",
        "Wuqia county rural housing programme",
        "changzhou-wuqia",
        "housing-infrastructure",
        (("653024", 100),),
        "county",
        "cheque",
        "支持农牧民安居房建设,改善基层群众居住条件(示例项目)。",
        investment=3200,
        stages=(
            ("preparation", "2024-10-01"),
            ("tendering", "2025-02-15"),
            ("construction", "2025-04-01"),
        ),
        funds={2025: (1600, 1600, 1400), 2026: (1600, 1200, 800)},
        illustrative=True,
    ),
    Proj(
        "JSYJ-KZ-009",
        "阿合奇县乡镇卫生院能力提升",
        "Township clinic upgrade in Aheqi county",
        "wuxi-aheqi",
        "health-science-social",
        (("653023", 100),),
        "county",
        "turnkey",
        "改善乡镇卫生院设备与用房,提升基层医疗服务能力(示例项目)。",
        investment=900,
        stages=(
            ("preparation", "2025-09-01"),
            ("tendering", "2026-03-01"),
            ("construction", "2026-05-10"),
        ),
        funds={2026: (900, 500, 200)},
        illustrative=True,
    ),
    Proj(
        "JSYJ-KZ-010",
        "克州江苏产业园配套设施",
        "Jiangsu industrial park facilities in Kizilsu",
        "kz",
        "industry",
        (("653001", 60), ("653024", 40)),
        "joint",
        "cheque",
        "坚持就业第一、产业带动,推动江苏企业向克州有序转移、集中布局、集聚发展(示例项目)。",
        livelihood=False,
        grassroots=False,
        investment=2400,
        stages=(
            ("preparation", "2025-06-01"),
            ("tendering", "2025-11-01"),
            ("construction", "2026-04-01"),
        ),
        funds={2026: (1200, 900, 400)},
        illustrative=True,
    ),
    Proj(
        "JSYJ-KZ-011",
        "克州人民医院胸痛中心提升",
        "Chest pain centre upgrade, Kizilsu",
        "kz",
        "group-medical",
        (("653001", 100),),
        "prefecture_direct",
        "turnkey",
        "储备项目:在组团式医疗援疆基础上建设胸痛中心(示例项目)。",
        grassroots=False,
        investment=650,
        illustrative=True,
    ),
    Proj(
        "JSYJ-YL-001",
        "央布拉克村民俗旅游(13个旅游观光家访点)",
        "Folk tourism in Yangbulake village (13 home-visit points)",
        "yl",
        "village-tourism",
        (("654021", 100),),
        "county",
        "cheque",
        "江苏援疆干部帮助央布拉克村改善村庄面貌、发展民俗旅游,重点打造 13 个旅游观光家访点,"
        "帮助当地群众通过劳动创造财富、改善生活。(所在县为示例归属。)",
        investment=450,
        stages=(
            ("preparation", "2017-03-01"),
            ("construction", "2017-05-01"),
            ("completed", "2018-06-30"),
            ("accepted", "2018-07-20"),
        ),
        funds={2017: (250, 250, 240), 2018: (200, 200, 190)},
        milestones=(("13 个家访点开放接待", "2018-06-30", "2018-06-25"),),
        source=SEED,
    ),
    Proj(
        "JSYJ-YL-002",
        "可克达拉市镇江高级中学",
        "Zhenjiang Senior High School of Kokdala",
        "zhenjiang-kokdala",
        "education",
        (("659008", 100),),
        "county",
        "turnkey",
        "江苏省总投资 2.46 亿元修建的“交钥匙”工程。镇江市从星级以上重点高中首批选派名校长、"
        "中层管理骨干和骨干教师共 30 名,帮助当地建名校、育名师。",
        investment=24600,
        investment_is_fact=True,
        stages=(
            ("preparation", "2015-09-01"),
            ("tendering", "2016-02-01"),
            ("construction", "2016-04-15"),
            ("completed", "2018-06-30"),
            ("accepted", "2018-07-20"),
            ("handed_over", "2018-08-10"),
        ),
        funds={2016: (8000, 8000, 7600), 2017: (11000, 11000, 10800), 2018: (5600, 5600, 5600)},
        milestones=(
            ("主体结构封顶", "2017-06-30", "2017-07-12"),
            ("首批 30 名镇江教师和管理骨干到岗", "2018-08-31", "2018-08-25"),
        ),
        source=SEED,
    ),
    Proj(
        "JSYJ-YL-003",
        "连云港—霍尔果斯新亚欧陆海联运通道合作",
        "Lianyungang–Khorgos New Eurasian land–sea corridor cooperation",
        "yl",
        "trade-logistics",
        (("654004", 100),),
        "joint",
        "know_how",
        "依托连云港和霍尔果斯,扩大国际贸易、跨境电商、仓储物流、港航物流等方面的合作,"
        "把连云港打造为新疆最便捷的出海口,把霍尔果斯打造成江苏向西开放的战略支撑点。",
        livelihood=False,
        grassroots=True,
        fixed_asset=False,
        construction="continued",
        stages=(("preparation", "2018-10-01"), ("construction", "2019-03-01")),
        funds={2019: (500, 500, 480), 2025: (800, 800, 760), 2026: (800, 600, 420)},
        source=SEED,
    ),
    Proj(
        "JSYJ-YL-004",
        "霍尔果斯跨境电商与仓储物流中心",
        "Khorgos cross-border e-commerce and warehousing centre",
        "suzhou-khorgos",
        "trade-logistics",
        (("654004", 100),),
        "county",
        "turnkey",
        "霍尔果斯跨境电商与仓储物流设施(示例项目)。",
        livelihood=False,
        investment=5000,
        stages=(
            ("preparation", "2025-03-01"),
            ("tendering", "2025-07-01"),
            ("construction", "2025-09-01"),
        ),
        funds={2025: (2000, 2000, 1500), 2026: (2500, 1500, 900)},
        illustrative=True,
    ),
    Proj(
        "JSYJ-YL-005",
        "察布查尔县农村饮水安全巩固提升",
        "Rural drinking water in Qapqal county",
        "yancheng-qapqal",
        "housing-infrastructure",
        (("654022", 100),),
        "county",
        "cheque",
        "巩固提升农村饮水安全(示例项目)。",
        investment=1800,
        stages=(
            ("preparation", "2025-10-01"),
            ("tendering", "2026-02-20"),
            ("construction", "2026-04-15"),
        ),
        funds={2026: (1800, 1400, 900)},
        illustrative=True,
    ),
    Proj(
        "JSYJ-YL-006",
        "伊宁市社区综合服务中心",
        "Community service centres in Yining city",
        "nanjing-yining-city",
        "grassroots-governance",
        (("654002", 100),),
        "county",
        "turnkey",
        "提升社区服务与基层治理能力(示例项目)。",
        investment=1500,
        planned=("2026-06-01", "2027-09-30"),
        stages=(("preparation", "2025-11-01"), ("tendering", "2026-03-15")),
        funds={2026: (1500, 600, 0)},
        illustrative=True,
    ),
    Proj(
        "JSYJ-YL-007",
        "霍尔果斯市与巩留县劳动力转移就业培训",
        "Labour transfer training in Khorgos and Gongliu",
        "suzhou-khorgos",
        "employment-training",
        (("654004", 50), ("654024", 50)),
        "county",
        "know_how",
        "坚持就业第一,开展技能培训和转移就业服务(示例项目)。",
        fixed_asset=False,
        stages=(("preparation", "2026-01-10"), ("construction", "2026-03-01")),
        funds={2026: (600, 450, 300)},
        illustrative=True,
    ),
]

# username → (role, organisation name or None, full name, staff)
USERS = {
    "hq": ("province_hq", JS, "省援疆总部演示用户", True),
    "kezhou": ("aid_working_group", KZ_FRONT, "克州前指演示用户", False),
    "yili": ("aid_working_group", YL_FRONT, "伊犁前指演示用户", False),
    "zhenjiang": ("aid_working_group", "镇江市援疆工作组", "镇江工作组演示用户", False),
    "suzhou": ("aid_working_group", "苏州市援疆工作组", "苏州工作组演示用户", False),
    "kokdala": ("recipient_government", "可克达拉市人民政府", "可克达拉市政府演示用户", False),
    "kezhou_gov": (
        "recipient_government",
        "克孜勒苏柯尔克孜自治州人民政府",
        "克州政府演示用户",
        False,
    ),
    "hospital_hr": ("dispatching_hr", "江苏省人民医院", "江苏省人民医院人事处演示用户", False),
    "auditor": ("auditor", "江苏省审计厅", "审计演示用户", False),
    "public": ("public", None, "公众演示用户", False),
}
