"""The shapes of people, postings, batches, teams and their records in the API."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from duikou.common.api import Id, choices
from duikou.people.models import (
    CareRecord,
    Category,
    Duration,
    Education,
    Gender,
    Posting,
    Team,
)

# An id as the database stores it (a larger number is refused, not overflowed).
CategoryName = choices(Category)
DurationName = choices(Duration)
GenderName = choices(Gender)
EducationName = choices(Education)
StatusName = choices(Posting.Status)
TeamKind = choices(Team.Kind)
CareKind = choices(CareRecord.Kind)


class PersonOut(Schema):
    """ID and phone numbers are masked unless asked for (``reveal``) by HQ or the person's
    dispatching-unit HR; every unmasked view is logged."""

    id: int
    name: str
    gender: str
    birth_date: datetime.date
    ethnicity: str
    education: str
    professional_title: str
    id_number: str
    phone: str
    dispatching_unit: int
    dispatching_unit_name: str
    is_illustrative: bool
    version: int


class PersonIn(Schema):
    name: str = Field(min_length=1, max_length=50)
    gender: GenderName
    birth_date: datetime.date
    education: EducationName
    dispatching_unit: Id = Field(description="派出单位 id(支援方单位)")
    ethnicity: str = Field("", max_length=20)
    professional_title: str = Field("", max_length=50)
    id_number: str = Field("", max_length=18)
    phone: str = Field("", max_length=20)
    notes: str = ""


class PersonPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=50)
    gender: GenderName | None = None
    birth_date: datetime.date | None = None
    education: EducationName | None = None
    dispatching_unit: Id | None = None
    ethnicity: str | None = Field(None, max_length=20)
    professional_title: str | None = Field(None, max_length=50)
    id_number: str | None = Field(None, max_length=18)
    phone: str | None = Field(None, max_length=20)
    notes: str | None = None


class PostingOut(Schema):
    id: int
    person: int
    person_name: str
    dispatching_unit_name: str
    batch: int | None
    batch_number: int | None
    category: str
    duration: str
    region: str
    region_name: str
    recipient_organisation: int | None
    recipient_organisation_name: str | None
    pairing: int | None
    team: int | None
    position: str
    start_date: datetime.date
    end_date: datetime.date
    planned_end: datetime.date
    status: str
    early_return_reason: str
    extension_approved_on: datetime.date | None
    extension_reason: str
    is_illustrative: bool
    version: int

    @staticmethod
    def resolve_person(obj) -> int:
        return obj.person_id

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_dispatching_unit_name(obj) -> str:
        return obj.person.dispatching_unit.name

    @staticmethod
    def resolve_batch(obj) -> int | None:
        return obj.batch_id

    @staticmethod
    def resolve_batch_number(obj) -> int | None:
        return obj.batch.number if obj.batch_id else None

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.region.name

    @staticmethod
    def resolve_recipient_organisation(obj) -> int | None:
        return obj.recipient_organisation_id

    @staticmethod
    def resolve_recipient_organisation_name(obj) -> str | None:
        return obj.recipient_organisation.name if obj.recipient_organisation_id else None

    @staticmethod
    def resolve_pairing(obj) -> int | None:
        return obj.pairing_id

    @staticmethod
    def resolve_team(obj) -> int | None:
        return obj.team_id


class TermEndOut(PostingOut):
    replacement_needed: bool = Field(description="该岗位尚无后续人选")


class PostingIn(Schema):
    person: Id
    category: CategoryName
    region: str = Field(max_length=12, description="受援地区代码")
    position: str = Field(min_length=1, max_length=200)
    start_date: datetime.date
    end_date: datetime.date | None = Field(None, description="不填为期满日期")
    duration: DurationName = "long_term"
    batch: Id | None = None
    recipient_organisation: Id | None = None
    pairing: Id | None = Field(None, description="不填则按受援单位和地区推定")
    team: Id | None = None


class PostingPatch(Schema):
    category: CategoryName | None = None
    duration: DurationName | None = None
    region: str | None = Field(None, max_length=12)
    position: str | None = Field(None, min_length=1, max_length=200)
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    batch: Id | None = None
    recipient_organisation: Id | None = None
    team: Id | None = None
    status: StatusName | None = None
    early_return_reason: str | None = Field(None, max_length=500)


class ExtensionIn(Schema):
    end_date: datetime.date
    reason: str = Field(min_length=1, max_length=500)
    approved_on: datetime.date | None = None


class OnDutyOut(Schema):
    count: int
    by_category: dict[str, int]
    by_dispatching_unit: dict[str, int]


class BatchOut(Schema):
    id: int
    number: int
    start_year: int
    end_year: int
    notes: str
    is_illustrative: bool
    version: int


class BatchIn(Schema):
    number: int = Field(ge=1, le=1000)
    start_year: int = Field(ge=1990, le=2100)
    end_year: int = Field(ge=1990, le=2100)
    notes: str = ""


class BatchStatisticsOut(Schema):
    batch: int
    number: int
    size: int
    average_age: Decimal | None = Field(description="批次起始年度的平均年龄")
    education: dict[str, int]
    by_category: dict[str, int]
    professionals: int
    professional_share: Decimal | None = Field(description="专业技术人才占比(%)")
    early_returns: int


class TeamOut(Schema):
    id: int
    name: str
    kind: str
    supporter: int
    supporter_name: str
    recipient_organisation: int
    recipient_organisation_name: str
    pairing: int | None
    start_date: datetime.date
    end_date: datetime.date | None
    is_illustrative: bool
    version: int

    @staticmethod
    def resolve_supporter(obj) -> int:
        return obj.supporter_id

    @staticmethod
    def resolve_supporter_name(obj) -> str:
        return obj.supporter.name

    @staticmethod
    def resolve_recipient_organisation(obj) -> int:
        return obj.recipient_organisation_id

    @staticmethod
    def resolve_recipient_organisation_name(obj) -> str:
        return obj.recipient_organisation.name

    @staticmethod
    def resolve_pairing(obj) -> int | None:
        return obj.pairing_id


class TeamIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: TeamKind
    supporter: Id
    recipient_organisation: Id
    start_date: datetime.date
    end_date: datetime.date | None = None
    pairing: Id | None = None
    notes: str = ""


class MentoringOut(Schema):
    id: int
    mentor: int
    mentor_name: str
    apprentice_name: str
    apprentice_organisation: int | None
    apprentice_position: str
    start_date: datetime.date
    end_date: datetime.date | None
    outcomes: str
    is_illustrative: bool
    version: int

    @staticmethod
    def resolve_mentor(obj) -> int:
        return obj.mentor_id

    @staticmethod
    def resolve_mentor_name(obj) -> str:
        return obj.mentor.name

    @staticmethod
    def resolve_apprentice_organisation(obj) -> int | None:
        return obj.apprentice_organisation_id


class MentoringIn(Schema):
    mentor: Id
    apprentice_name: str = Field(min_length=1, max_length=50)
    apprentice_organisation: Id | None = None
    apprentice_position: str = Field("", max_length=200)
    start_date: datetime.date
    end_date: datetime.date | None = None
    outcomes: str = ""


class CareRecordOut(Schema):
    id: int
    person: int
    person_name: str
    organisation: int
    date: datetime.date
    kind: str
    description: str
    is_illustrative: bool
    version: int

    @staticmethod
    def resolve_person(obj) -> int:
        return obj.person_id

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id


class CareRecordIn(Schema):
    person: Id
    date: datetime.date
    kind: CareKind
    description: str = Field(min_length=1, max_length=5000)


class PersonChangeOut(Schema):
    field: str
    before: str | None = Field(description="身份证号和手机号始终脱敏")
    after: str | None = Field(description="身份证号和手机号始终脱敏")


class PersonHistoryOut(Schema):
    record: str = Field(description="person / posting")
    record_id: int
    at: datetime.datetime
    by: str | None
    channel: str
    action: str = Field(description="created / updated / deleted / restored")
    changes: list[PersonChangeOut]


class ImportErrorOut(Schema):
    row: int
    column: str | None
    message: str


class ImportResultOut(Schema):
    rows: int
    valid_rows: int
    imported: bool
    people_created: int
    people_updated: int
    postings_created: int
    postings_updated: int
    unchanged_rows: int
    errors: list[ImportErrorOut]
