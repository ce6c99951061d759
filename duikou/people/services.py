"""Every write to people, postings, batches, terms, teams, mentoring pairs and care records.
Validated (errors name the field), permission-checked, atomic, recorded in the history."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Role
from duikou.common.editing import lock_for_edit, save_as, save_edit
from duikou.common.errors import field_error
from duikou.common.permissions import ensure_hq
from duikou.common.services import apply_changes, parse_date
from duikou.geo.models import Region
from duikou.geo.selectors import region_by_code
from duikou.partners.models import Organisation, Pairing
from duikou.partners.selectors import pairings_editable_by
from duikou.people.models import (
    Batch,
    CareRecord,
    Category,
    Duration,
    Education,
    Gender,
    MentoringPair,
    Person,
    Posting,
    Team,
    TermRule,
)
from duikou.people.selectors import (
    may_edit_person,
    pairing_for_posting,
    people_visible_to,
    planned_end_of,
    units_user_may_dispatch_for,
)

PERSON_FIELDS = {
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "professional_title",
    "id_number",
    "phone",
    "dispatching_unit",
    "notes",
    "is_illustrative",
}
POSTING_FIELDS = {
    "batch",
    "category",
    "duration",
    "region",
    "recipient_organisation",
    "pairing",
    "team",
    "position",
    "start_date",
    "end_date",
    "status",
    "early_return_reason",
    "is_illustrative",
}
BATCH_FIELDS = {"number", "start_year", "end_year", "notes", "is_illustrative"}
TEAM_FIELDS = {
    "name",
    "kind",
    "supporter",
    "recipient_organisation",
    "pairing",
    "start_date",
    "end_date",
    "notes",
    "is_illustrative",
}
MENTORING_FIELDS = {
    "apprentice_name",
    "apprentice_organisation",
    "apprentice_position",
    "start_date",
    "end_date",
    "outcomes",
    "is_illustrative",
}

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_PHONE_PATTERN = re.compile(r"^\+?\d[\d-]{5,18}\d$")


# ------------------------------------------------------------------ parsing


def id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits of an ID number."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def parse_id_number(value, birth_date: datetime.date | None = None) -> str:
    """An 18-character resident ID number with a valid check character, whose birth date
    agrees with ``birth_date`` when given; empty is allowed."""
    text = str(value or "").strip().upper()
    if not text:
        return ""
    if not _ID_PATTERN.match(text) or id_check_digit(text[:17]) != text[17]:
        raise field_error("id_number", _("身份证号“%(value)s”格式或校验位不正确。"), value=text)
    try:
        born = datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise field_error("id_number", _("身份证号中的出生日期无效。")) from None
    if birth_date is not None and born != birth_date:
        raise field_error("id_number", _("身份证号中的出生日期与填写的出生日期不一致。"))
    return text


def parse_phone(value) -> str:
    text = re.sub(r"\s", "", str(value or ""))
    if text and not _PHONE_PATTERN.match(text):
        raise field_error("phone", _("手机号“%(value)s”格式不正确。"), value=text)
    return text


def _choice(value, choices, field: str) -> str:
    """A choice given by its code (``medical``) or its label (``医疗人才``)."""
    text = str(value or "").strip()
    for code, label in choices.choices:
        if text in (code, str(label)):
            return code
    raise field_error(field, _("无效的选项:%(value)s"), value=text)


def _organisation(value, field: str, message=None) -> Organisation | None:
    """An organisation given as itself, its id, or its full or short name."""
    if value in (None, ""):
        return None
    if isinstance(value, Organisation):
        return value
    if isinstance(value, int) or str(value).strip().isdigit():
        organisation = Organisation.objects.filter(pk=int(value)).first()
    else:
        name = str(value).strip()
        organisation = (
            Organisation.objects.filter(name=name).first()
            or Organisation.objects.filter(short_name=name).first()
        )
    if organisation is None:
        raise field_error(field, message or _("未知的单位:%(value)s"), value=value)
    return organisation


def supporter_roots() -> list[str]:
    """The tree roots of the supporter side: the top units above every pairing supporter."""
    paths = Pairing.objects.values_list("supporter__path", flat=True).distinct()
    return sorted({"/" + path.strip("/").split("/")[0] + "/" for path in paths if path})


def is_supporter_side(organisation: Organisation) -> bool:
    return any(organisation.path.startswith(root) for root in supporter_roots())


def _dispatching_unit(value, by) -> Organisation:
    if value in (None, ""):
        raise field_error("dispatching_unit", _("请填写派出单位。"))
    unit = _organisation(value, "dispatching_unit", _("未知的派出单位:%(value)s"))
    if not is_supporter_side(unit):
        raise field_error(
            "dispatching_unit",
            _("“%(name)s”不是支援方的单位,不能作为派出单位。"),
            name=unit.name,
        )
    scope = units_user_may_dispatch_for(by)
    if scope is not None and not Organisation.objects.filter(scope, pk=unit.pk).exists():
        raise field_error("dispatching_unit", _("派出单位不在您的权限范围内。"))
    return unit


def _region(value, field: str = "region") -> Region:
    if isinstance(value, Region):
        return value
    if value in (None, ""):
        raise field_error(field, _("请填写受援地区。"))
    return region_by_code(str(value), field=field)


def _batch(value) -> Batch | None:
    if value in (None, ""):
        return None
    if isinstance(value, Batch):
        return value
    batch = Batch.objects.filter(pk=value).first() if str(value).isdigit() else None
    if batch is None:
        raise field_error("batch", _("未知的批次:%(value)s"), value=value)
    return batch


# ------------------------------------------------------------------ batches and terms


@transaction.atomic
def batch_create(*, by, **fields) -> Batch:
    ensure_hq(by)
    batch = Batch()
    apply_changes(batch, fields, BATCH_FIELDS)
    _check_batch(batch)
    save_as(batch, by=by)
    return batch


@transaction.atomic
def batch_update(*, by, batch: Batch, expected_version=None, **changes) -> Batch:
    ensure_hq(by)
    lock_for_edit(batch, expected_version)
    if apply_changes(batch, changes, BATCH_FIELDS):
        _check_batch(batch)
        save_edit(batch, by=by)
    return batch


def _check_batch(batch: Batch) -> None:
    if batch.start_year and batch.end_year and batch.end_year < batch.start_year:
        raise field_error("end_year", _("结束年度不能早于起始年度。"))
    if Batch.all_objects.filter(number=batch.number).exclude(pk=batch.pk).exists():
        raise field_error("number", _("第%(number)s批已存在。"), number=batch.number)


@transaction.atomic
def term_rule_set(*, by, category: str, duration: str, months=0, days=0, note="") -> TermRule:
    """Set the planned term of a category and duration (HQ)."""
    ensure_hq(by)
    category = _choice(category, Category, "category")
    duration = _choice(duration, Duration, "duration")
    try:
        months, days = int(months or 0), int(days or 0)
    except (TypeError, ValueError):
        raise field_error("months", _("期限须为整数。")) from None
    if months < 0 or days < 0 or months + days == 0 or months > 120 or days > 3650:
        raise field_error("months", _("期限须为正数(最多 120 个月或 3650 天)。"))
    rule = TermRule.objects.filter(category=category, duration=duration).first() or TermRule(
        category=category, duration=duration
    )
    rule.months, rule.days, rule.note = months, days, note
    save_as(rule, by=by)
    return rule


# ------------------------------------------------------------------ people


def _resolve_person_fields(by, fields: dict, person: Person) -> None:
    if "birth_date" in fields:
        fields["birth_date"] = parse_date(fields["birth_date"], field="birth_date")
        if fields["birth_date"] > datetime.date.today():
            raise field_error("birth_date", _("出生日期不能晚于今天。"))
    if "gender" in fields:
        fields["gender"] = _choice(fields["gender"], Gender, "gender")
    if "education" in fields:
        fields["education"] = _choice(fields["education"], Education, "education")
    if "dispatching_unit" in fields:
        fields["dispatching_unit"] = _dispatching_unit(fields["dispatching_unit"], by)
    if "phone" in fields:
        fields["phone"] = parse_phone(fields["phone"])
    if "id_number" in fields or "birth_date" in fields:
        birth = fields.get("birth_date", person.birth_date if person.pk else None)
        number = fields.get("id_number", person.id_number)
        number = parse_id_number(number, birth)
        if "id_number" in fields:
            fields["id_number"] = number


def may_know_person(by, person: Person) -> bool:
    """Whether ``by`` may learn that ``person`` exists: someone they may see (``None``, the
    system, knows everyone); a deleted person only those who see everything."""
    if by is None:
        return True
    if person.is_deleted:
        return by.sees_everything
    return people_visible_to(by).filter(pk=person.pk).exists()


def id_number_refused() -> ValidationError:
    """The answer to an ID number that belongs to someone the user may not see: it names
    neither the person nor their unit, and sends the user to HQ, who sees everyone."""
    return field_error("id_number", _("该身份证号无法登记,请联系省援疆总部核对。"))


def _check_id_free(person: Person, by) -> None:
    if not person.id_number:
        return
    other = Person.all_objects.filter(id_number=person.id_number).exclude(pk=person.pk).first()
    if other is None:
        return
    if not may_know_person(by, other):
        raise id_number_refused()
    raise field_error("id_number", _("该身份证号已登记。"))


@transaction.atomic
def person_create(*, by, **fields) -> Person:
    """Register a person; the dispatching unit must be a supporter-side unit in the user's
    scope (HQ: any; a role that registers no one has no unit in scope)."""
    person = Person()
    _resolve_person_fields(by, fields, person)
    apply_changes(person, fields, PERSON_FIELDS)
    _check_id_free(person, by)
    save_as(person, by=by)
    return person


@transaction.atomic
def person_update(*, by, person: Person, expected_version=None, **changes) -> Person:
    if by is not None and not may_edit_person(by, person):
        raise PermissionDenied(_("您没有修改该人员信息的权限。"))
    lock_for_edit(person, expected_version)
    _resolve_person_fields(by, changes, person)
    if apply_changes(person, changes, PERSON_FIELDS):
        _check_id_free(person, by)
        save_edit(person, by=by)
    return person


# ------------------------------------------------------------------ postings


def _resolve_posting_fields(fields: dict) -> None:
    if "category" in fields:
        fields["category"] = _choice(fields["category"], Category, "category")
    if "duration" in fields:
        fields["duration"] = _choice(fields["duration"] or "long_term", Duration, "duration")
    if "status" in fields:
        fields["status"] = _choice(fields["status"], Posting.Status, "status")
    if "region" in fields:
        fields["region"] = _region(fields["region"])
    if "recipient_organisation" in fields:
        fields["recipient_organisation"] = _organisation(
            fields["recipient_organisation"], "recipient_organisation"
        )
    if "batch" in fields:
        fields["batch"] = _batch(fields["batch"])
    if (
        "team" in fields
        and fields["team"] not in (None, "")
        and not isinstance(fields["team"], Team)
    ):
        team = Team.objects.filter(pk=fields["team"]).first()
        if team is None:
            raise field_error("team", _("未知的组团式团队。"))
        fields["team"] = team
    if (
        "pairing" in fields
        and fields["pairing"] not in (None, "")
        and not isinstance(fields["pairing"], Pairing)
    ):
        pairing = Pairing.objects.filter(pk=fields["pairing"]).first()
        if pairing is None:
            raise field_error("pairing", _("结对关系不存在或不在您的权限范围内。"))
        fields["pairing"] = pairing
    for name in ("start_date", "end_date"):
        if name in fields:
            fields[name] = parse_date(fields[name], field=name, required=name == "start_date")


def _validate_posting(posting: Posting, *, term_changed: bool) -> None:
    """The rules of every posting: end after start, within the planned term unless an
    extension was approved, no overlap with the person's other postings, a reason for an
    early return."""
    if posting.start_date is None:
        raise field_error("start_date", _("请填写日期。"))
    if term_changed or posting.planned_end is None:
        posting.planned_end = planned_end_of(posting.start_date, posting.category, posting.duration)
    if posting.end_date is None:
        posting.end_date = posting.planned_end
    if posting.end_date < posting.start_date:
        raise field_error("end_date", _("结束日期不能早于开始日期。"))
    if posting.end_date > posting.planned_end and posting.extension_approved_on is None:
        raise field_error(
            "end_date",
            _("任职期限超过规定期限(应于 %(planned)s 期满),须经批准延期。"),
            planned=posting.planned_end.isoformat(),
        )
    if posting.status == Posting.Status.RETURNED_EARLY and not posting.early_return_reason:
        raise field_error("early_return_reason", _("提前返回须填写原因。"))
    if posting.status == Posting.Status.EXTENDED and posting.extension_approved_on is None:
        raise field_error("status", _("延期须经批准,请使用“批准延期”。"))
    if posting.team is not None and posting.recipient_organisation is None:
        posting.recipient_organisation = posting.team.recipient_organisation
    overlapping = (
        Posting.objects.filter(
            person_id=posting.person_id,
            start_date__lte=posting.end_date,
            end_date__gte=posting.start_date,
        )
        .exclude(pk=posting.pk)
        .order_by("start_date")
        .first()
    )
    if overlapping is not None:
        raise field_error(
            "start_date",
            _("与该人员 %(start)s 至 %(end)s 的任职(%(position)s)时间重叠。"),
            start=overlapping.start_date.isoformat(),
            end=overlapping.end_date.isoformat(),
            position=overlapping.position,
        )
    if posting.pairing is None:
        posting.pairing = pairing_for_posting(
            posting.region, posting.recipient_organisation, posting.start_date
        )


def _lock_person(person: Person) -> None:
    """Serialise the writes to one person's postings (the overlap check)."""
    Person.all_objects.select_for_update().filter(pk=person.pk).values_list("pk").first()


def _ensure_may_post(by, person: Person, pairing: Pairing | None) -> None:
    if by is None or may_edit_person(by, person):
        return
    if (
        pairing is not None
        and by.role == Role.AID_WORKING_GROUP
        and pairings_editable_by(by).filter(pk=pairing.pk).exists()
    ):
        return
    raise field_error("person", _("人员不存在或不在您的权限范围内。"))


@transaction.atomic
def posting_create(*, by, person: Person, **fields) -> Posting:
    """Post a person. The end defaults to the end of the planned term."""
    _resolve_posting_fields(fields)
    fields.setdefault("duration", Duration.LONG_TERM)
    _ensure_may_post(by, person, fields.get("pairing"))
    _lock_person(person)
    posting = Posting(person=person)
    apply_changes(posting, fields, POSTING_FIELDS)
    _validate_posting(posting, term_changed=True)
    save_as(posting, by=by)
    return posting


@transaction.atomic
def posting_update(*, by, posting: Posting, expected_version=None, **changes) -> Posting:
    """Change a posting; an early return is ``status="returned_early"`` with the day left as
    ``end_date`` and an ``early_return_reason``."""
    _ensure_may_post(by, posting.person, posting.pairing)
    _resolve_posting_fields(changes)
    _lock_person(posting.person)
    lock_for_edit(posting, expected_version)
    changed = apply_changes(posting, changes, POSTING_FIELDS)
    if changed:
        term_changed = bool({"start_date", "category", "duration"} & set(changed))
        _validate_posting(posting, term_changed=term_changed)
        save_edit(posting, by=by)
    return posting


@transaction.atomic
def posting_extend(
    *, by, posting: Posting, end_date, reason: str, approved_on=None, expected_version=None
) -> Posting:
    """Approve an extension (HQ, or an aid working group for a posting under a pairing it
    runs): the posting may then run to ``end_date``."""
    if by is not None and not by.is_superuser and by.role != Role.PROVINCE_HQ:
        allowed = (
            by.role == Role.AID_WORKING_GROUP
            and posting.pairing_id is not None
            and pairings_editable_by(by).filter(pk=posting.pairing_id).exists()
        )
        if not allowed:
            raise PermissionDenied(_("只有省援疆总部或前方指挥部(工作组)可以批准延期。"))
    if not (reason or "").strip():
        raise field_error("reason", _("请填写延期事由。"))
    _lock_person(posting.person)
    lock_for_edit(posting, expected_version)
    posting.end_date = parse_date(end_date, field="end_date")
    posting.extension_approved_on = parse_date(approved_on, field="approved_on", required=False)
    posting.extension_approved_on = posting.extension_approved_on or datetime.date.today()
    posting.extension_reason = reason.strip()
    posting.status = Posting.Status.EXTENDED
    _validate_posting(posting, term_changed=False)
    save_edit(posting, by=by)
    return posting


# ------------------------------------------------------------------ teams


@transaction.atomic
def team_create(*, by, **fields) -> Team:
    """A group-style team: a supporter unit takes a recipient department (HQ, or an aid
    working group for a pairing it runs)."""
    if fields.get("pairing") not in (None, "") and not isinstance(fields["pairing"], Pairing):
        fields["pairing"] = Pairing.objects.filter(pk=fields["pairing"]).first()
        if fields["pairing"] is None:
            raise field_error("pairing", _("结对关系不存在或不在您的权限范围内。"))
    pairing = fields.get("pairing")
    if (
        by is not None
        and pairing is not None
        and not pairings_editable_by(by).filter(pk=pairing.pk).exists()
    ):
        raise field_error("pairing", _("结对关系不存在或不在您的权限范围内。"))
    if by is not None and not by.is_superuser and by.role != Role.PROVINCE_HQ:
        if by.role != Role.AID_WORKING_GROUP or pairing is None:
            raise PermissionDenied(
                _("只有省援疆总部或援疆工作组(须指明结对关系)可以建立组团式团队。")
            )
    for name in ("supporter", "recipient_organisation"):
        fields[name] = _organisation(fields.get(name), name)
        if fields[name] is None:
            raise field_error(name, _("请填写单位。"))
    if "kind" in fields:
        fields["kind"] = _choice(fields["kind"], Team.Kind, "kind")
    for name in ("start_date", "end_date"):
        if name in fields:
            fields[name] = parse_date(fields[name], field=name, required=name == "start_date")
    team = Team()
    apply_changes(team, fields, TEAM_FIELDS)
    if team.end_date and team.end_date < team.start_date:
        raise field_error("end_date", _("结束日期不能早于开始日期。"))
    save_as(team, by=by)
    return team


# ------------------------------------------------------------------ mentoring, care


@transaction.atomic
def mentoring_create(*, by, mentor: Person, **fields) -> MentoringPair:
    if by is not None and not may_edit_person(by, mentor):
        raise field_error("mentor", _("人员不存在或不在您的权限范围内。"))
    fields["apprentice_organisation"] = _organisation(
        fields.get("apprentice_organisation"), "apprentice_organisation"
    )
    for name in ("start_date", "end_date"):
        if name in fields:
            fields[name] = parse_date(fields[name], field=name, required=name == "start_date")
    pair = MentoringPair(mentor=mentor)
    apply_changes(pair, fields, MENTORING_FIELDS)
    if not pair.apprentice_name.strip():
        raise field_error("apprentice_name", _("请填写徒弟姓名。"))
    if pair.end_date and pair.end_date < pair.start_date:
        raise field_error("end_date", _("结束日期不能早于开始日期。"))
    save_as(pair, by=by)
    return pair


@transaction.atomic
def care_record_add(
    *, by, person: Person, date, kind: str, description: str, is_illustrative=False
) -> CareRecord:
    """A care visit or family support by the person's dispatching unit (its HR or aid working
    group, or HQ)."""
    if by is not None and not by.is_superuser and by.role != Role.PROVINCE_HQ:
        own = by.organisation is not None and person.dispatching_unit.path.startswith(
            by.organisation.path
        )
        if not own or by.role not in {Role.DISPATCHING_HR, Role.AID_WORKING_GROUP}:
            raise field_error("person", _("人员不存在或不在您的权限范围内。"))
    if not (description or "").strip():
        raise field_error("description", _("请填写关怀内容。"))
    record = CareRecord(
        person=person,
        organisation=person.dispatching_unit,
        date=parse_date(date, field="date"),
        kind=_choice(kind, CareRecord.Kind, "kind"),
        description=description.strip(),
        is_illustrative=is_illustrative,
    )
    save_as(record, by=by)
    return record
