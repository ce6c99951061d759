"""Cadres and professionals of the demo programme, loaded idempotently through the services.

Everything here is illustrative: the report names no one. Names are obviously made up
(教师01, 医生01, 干部01), ID numbers are fictitious (valid check digit, never real), phone
numbers use the 1380000xxxx range, and every row is marked 示例 (``is_illustrative``).

- the 30 teachers and managers from 镇江 at 可克达拉市镇江高级中学 (a group-style school team);
- the 9 Jiangsu hospitals' teams at 克州人民医院, one department each (院包科), with members
  over time, mentoring pairs (师带徒) and successors planned for some posts;
- cadres of the two front commands and of some city groups in the current batch, one of them
  back early, and some of the previous batch.
"""

import datetime

from duikou.demo import programme
from duikou.partners.models import Organisation, Pairing
from duikou.partners.services import organisation_create, organisation_update
from duikou.people.models import (
    Batch,
    CareRecord,
    Duration,
    MentoringPair,
    Person,
    Posting,
    Team,
)
from duikou.people.selectors import planned_end_of
from duikou.people.services import (
    batch_create,
    batch_update,
    care_record_add,
    id_check_digit,
    mentoring_create,
    person_create,
    person_update,
    posting_create,
    posting_update,
    team_create,
)

NOTE = "示例数据:人员均为虚构,仅供演示。"
ZJ_EDU = "镇江市教育局"
ZJ_SCHOOLS = ["江苏省镇江中学", "镇江市第一中学", "镇江市实验高级中学"]
KOKDALA_SCHOOL = "可克达拉市镇江高级中学"

# number, start year, end year: the current batch is the 13th (years illustrative)
BATCHES = [(12, 2023, 2025), (13, 2026, 2028)]
CURRENT_START = "2026-02-01"
PREVIOUS_START = "2023-02-01"
# The day the demo's statuses describe: postings that ended before it are marked completed.
DEMO_DAY = datetime.date(2026, 11, 29)

ORGANISATIONS = [
    programme.Org(ZJ_EDU, "government", "321100", programme.JS, "镇江教育局", illustrative=True),
    *[programme.Org(name, "school", "321100", ZJ_EDU, illustrative=True) for name in ZJ_SCHOOLS],
]

SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "政治"]
MANAGERS = ["校长", "副校长", "教务处主任"]
EDUCATIONS = ["master", "bachelor", "bachelor", "doctorate", "master", "bachelor", "college"]
TITLES = ["高级教师", "一级教师", "正高级教师"]
DOCTOR_TITLES = ["主任医师", "副主任医师", "主治医师"]


def _id_number(area: str, born: datetime.date, sequence: int, female: bool) -> str:
    """A fictitious ID number with a valid check character (sequence odd for men)."""
    order = (sequence * 2 + (0 if female else 1)) % 1000
    first = f"{area}{born:%Y%m%d}{order:03d}"
    return first + id_check_digit(first)


def _person(index: int, name: str, unit: Organisation, area: str, education: str, title: str):
    female = index % 3 == 0
    born = datetime.date(1972 + index % 20, 1 + index % 12, 1 + index % 27)
    return {
        "name": name,
        "gender": "female" if female else "male",
        "birth_date": born,
        "ethnicity": "汉族",
        "education": education,
        "professional_title": title,
        "id_number": _id_number(area, born, index, female),
        "phone": f"1380000{index:04d}",
        "dispatching_unit": unit,
        "notes": NOTE,
        "is_illustrative": True,
    }


class _Loader:
    def __init__(self, orgs: dict[str, Organisation], pairings: dict[str, Pairing]):
        self.orgs, self.pairings = orgs, pairings
        self.batches = {b.number: b for b in Batch.objects.all()}

    def organisations(self) -> None:
        from duikou.geo.models import Region

        for org in ORGANISATIONS:
            fields = {
                "kind": org.kind,
                "region": Region.objects.get(code=org.region),
                "parent": self.orgs[org.parent],
                "short_name": org.short_name,
                "is_illustrative": org.illustrative,
            }
            if org.name in self.orgs:
                organisation_update(by=None, organisation=self.orgs[org.name], **fields)
            else:
                self.orgs[org.name] = organisation_create(by=None, name=org.name, **fields)

    def batch_list(self) -> None:
        for number, start, end in BATCHES:
            fields = {"start_year": start, "end_year": end, "notes": "批次年份为示例。"}
            if number in self.batches:
                batch_update(by=None, batch=self.batches[number], **fields)
            else:
                self.batches[number] = batch_create(
                    by=None, number=number, is_illustrative=True, **fields
                )

    def person(self, fields: dict) -> Person:
        existing = Person.all_objects.filter(id_number=fields["id_number"]).first()
        if existing is None:
            return person_create(by=None, **fields)
        return person_update(by=None, person=existing, **fields)

    def posting(self, person: Person, **fields) -> Posting:
        fields.setdefault("is_illustrative", True)
        start = datetime.date.fromisoformat(fields["start_date"])
        if planned_end_of(start, fields["category"], Duration.LONG_TERM) < DEMO_DAY:
            fields.setdefault("status", Posting.Status.COMPLETED)
        existing = Posting.objects.filter(person=person, start_date=start).first()
        if existing is None:
            return posting_create(by=None, person=person, **fields)
        return posting_update(by=None, posting=existing, **fields)

    def team(self, name, kind, supporter, recipient, pairing, start) -> Team:
        existing = Team.objects.filter(
            supporter=supporter, recipient_organisation=recipient, start_date=start
        ).first()
        return existing or team_create(
            by=None,
            name=name,
            kind=kind,
            supporter=supporter,
            recipient_organisation=recipient,
            pairing=pairing,
            start_date=start,
            notes=NOTE,
            is_illustrative=True,
        )

    # ---------------------------------------------------------------- the school

    def school(self) -> None:
        school = self.orgs[KOKDALA_SCHOOL]
        team = self.team(
            "镇江高级中学“组团式”教育援疆",
            "education",
            self.orgs[ZJ_SCHOOLS[0]],
            school,
            self.pairings["zhenjiang-kokdala"],
            "2020-08-01",
        )
        for index in range(1, 31):
            manager = index <= len(MANAGERS)
            name = f"管理{index:02d}" if manager else f"教师{index - len(MANAGERS):02d}"
            unit = self.orgs[ZJ_EDU] if manager else self.orgs[ZJ_SCHOOLS[index % 3]]
            person = self.person(
                _person(
                    index,
                    name,
                    unit,
                    "321102",
                    EDUCATIONS[index % len(EDUCATIONS)],
                    TITLES[index % 3],
                )
            )
            position = MANAGERS[index - 1] if manager else f"{SUBJECTS[index % len(SUBJECTS)]}教师"
            if index in (4, 5, 6):  # served before, in the previous batch
                self.posting(
                    person,
                    batch=self.batches[12],
                    category="education",
                    region="659008",
                    recipient_organisation=school,
                    team=team,
                    position=position,
                    start_date="2024-08-15",
                )
            self.posting(
                person,
                batch=self.batches[13],
                category="education",
                region="659008",
                recipient_organisation=school,
                team=team,
                position=position,
                start_date="2026-02-15",
            )

    # ---------------------------------------------------------------- the hospital

    def hospital(self) -> None:
        number = 0
        for index, (dept, hospital_name, area) in enumerate(programme.GROUP_MEDICAL, start=1):
            hospital = self.orgs[hospital_name]
            department = self.orgs[f"克州人民医院{dept}"]
            team = self.team(
                f"{hospital.short_name or hospital.name}—克州人民医院{dept}",
                "medical",
                hospital,
                department,
                self.pairings[f"medical-{index}"],
                "2017-03-01",
            )
            area_code = area[:4] + "02"
            plan = [("2024-02-01", "主任"), ("2025-08-01", "主任"), ("2025-08-01", "医师")]
            if index <= 3:  # successors already chosen for three departments
                plan.append(("2027-02-01", "主任"))
            for start, role in plan:
                number += 1
                person = self.person(
                    _person(
                        100 + number,
                        f"医生{number:02d}",
                        hospital,
                        area_code,
                        "doctorate" if role == "主任" else "master",
                        DOCTOR_TITLES[number % 3],
                    )
                )
                self.posting(
                    person,
                    batch=self.batches[12 if start < CURRENT_START else 13],
                    category="medical",
                    region="653001",
                    recipient_organisation=department,
                    team=team,
                    position=f"{dept}{role}",
                    start_date=start,
                )
                if start == "2025-08-01" and role == "主任":
                    self.mentoring(person, department, index)
                    self.care(person, hospital, "2026-09-10")

    def mentoring(self, mentor: Person, department: Organisation, index: int) -> None:
        apprentice = f"徒弟{index:02d}"
        if MentoringPair.objects.filter(mentor=mentor, apprentice_name=apprentice).exists():
            return
        mentoring_create(
            by=None,
            mentor=mentor,
            apprentice_name=apprentice,
            apprentice_organisation=department,
            apprentice_position="住院医师",
            start_date="2025-09-01",
            outcomes="独立开展新技术 1 项(示例)",
            is_illustrative=True,
        )

    def care(self, person: Person, unit: Organisation, day: str) -> None:
        if CareRecord.objects.filter(person=person, date=day).exists():
            return
        care_record_add(
            by=None,
            person=person,
            date=day,
            kind="family",
            description=f"{unit.short_name or unit.name}走访慰问家属(示例)。",
            is_illustrative=True,
        )

    # ---------------------------------------------------------------- the cadres

    def cadres(self) -> None:
        js = self.orgs[programme.JS]
        plan = [
            # (dispatching unit, area, region, recipient unit, position, start, return)
            (js, "320102", "653000", "克孜勒苏柯尔克孜自治州人民政府", "前方指挥部总指挥"),
            (js, "320102", "653000", "克孜勒苏柯尔克孜自治州人民政府", "前方指挥部副总指挥"),
            (js, "320102", "653000", None, "前方指挥部综合处处长"),
            (js, "320102", "654000", "伊犁哈萨克自治州人民政府", "前方指挥部总指挥"),
            (js, "320102", "654000", "伊犁哈萨克自治州人民政府", "前方指挥部副总指挥"),
            (js, "320102", "654000", None, "前方指挥部项目处处长"),
            (self.orgs["苏州市援疆工作组"], "320502", "653001", "阿图什市人民政府", "副市长"),
            (self.orgs["苏州市援疆工作组"], "320502", "654004", None, "霍尔果斯市副市长"),
            (self.orgs["镇江市援疆工作组"], "321102", "659008", "可克达拉市人民政府", "副市长"),
            (self.orgs["镇江市援疆工作组"], "321102", "659008", "可克达拉市人民政府", "副秘书长"),
        ]
        for index, (unit, area, region, recipient, position) in enumerate(plan, start=1):
            person = self.person(_person(200 + index, f"干部{index:02d}", unit, area, "master", ""))
            extra = {}
            if index == 6:
                extra = {
                    "status": "returned_early",
                    "end_date": "2026-09-30",
                    "early_return_reason": "因健康原因提前返回(示例)。",
                }
            if index in (1, 4, 7):  # previous batch too
                self.posting(
                    person,
                    batch=self.batches[12],
                    category="cadre",
                    region=region,
                    recipient_organisation=self.orgs[recipient] if recipient else None,
                    position=position.replace("总指挥", "副总指挥"),
                    start_date=PREVIOUS_START,
                )
            self.posting(
                person,
                batch=self.batches[13],
                category="cadre",
                region=region,
                recipient_organisation=self.orgs[recipient] if recipient else None,
                position=position,
                start_date=CURRENT_START,
                **extra,
            )
            if index == 1:
                self.care(person, js, "2026-09-28")


def load_people(orgs: dict[str, Organisation], pairings: dict[str, Pairing]) -> dict[str, int]:
    loader = _Loader(orgs, pairings)
    loader.organisations()
    loader.batch_list()
    loader.school()
    loader.hospital()
    loader.cadres()
    return {"people": Person.objects.count(), "postings": Posting.objects.count()}
