"""The roster as a spreadsheet (.xlsx): a template with Chinese headers, an import that checks
every row before anything is kept, and an export of any filtered list of postings.

One row is one posting of one person. A person is matched by ID number (updated, never
duplicated), a posting by its person and start date; a row that matches what is stored changes
nothing, so importing the same file twice changes nothing the second time.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from duikou.common.audit import Channel, channel
from duikou.common.spreadsheets import (
    Column,
    RowError,
    cell_text,
    instructions_sheet,
    read_rows,
    row_errors,
    style_header,
    workbook_bytes,
)
from duikou.people import services
from duikou.people.models import Batch, Category, Duration, Education, Gender, Person, Posting
from duikou.people.privacy import sensitive_for

MAX_ROWS = 10_000


COLUMNS = [
    Column("name", gettext_lazy("姓名"), 10, True),
    Column("gender", gettext_lazy("性别"), 6, True, Gender),
    Column("birth_date", gettext_lazy("出生日期"), 12, True),
    Column("ethnicity", gettext_lazy("民族"), 8),
    Column("education", gettext_lazy("学历"), 12, True, Education),
    Column("professional_title", gettext_lazy("职称"), 14),
    Column("id_number", gettext_lazy("身份证号"), 22, True),
    Column("phone", gettext_lazy("手机号"), 14),
    Column("dispatching_unit", gettext_lazy("派出单位"), 26, True),
    Column("batch", gettext_lazy("批次"), 6),
    Column("category", gettext_lazy("人才类别"), 14, True, Category),
    Column("duration", gettext_lazy("期限类型"), 12, False, Duration),
    Column("region", gettext_lazy("受援地区代码"), 12, True),
    Column("recipient_organisation", gettext_lazy("受援单位"), 26),
    Column("position", gettext_lazy("岗位"), 20, True),
    Column("start_date", gettext_lazy("开始日期"), 12, True),
    Column("end_date", gettext_lazy("结束日期"), 12),
    Column("status", gettext_lazy("状态"), 10, False, Posting.Status),
    Column("early_return_reason", gettext_lazy("提前返回原因"), 20),
]
# The columns that describe the person (the rest describe the posting).
PERSON_KEYS = [column.key for column in COLUMNS if column.key in services.PERSON_FIELDS]
DATE_KEYS = {"birth_date", "start_date", "end_date"}
EXPORT_EXTRA = [(gettext_lazy("期满日期"), 12), (gettext_lazy("示例数据"), 8)]


def _header_map() -> dict[str, Column]:
    return {str(column.header): column for column in COLUMNS}


# ------------------------------------------------------------------ template


def roster_template() -> bytes:
    """An empty roster with the headers, drop-down lists for the choices, text cells for ID
    and phone numbers, and a sheet that explains each column."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("花名册")
    sheet.append([str(column.header) for column in COLUMNS])
    style_header(sheet, [column.width for column in COLUMNS], freeze="B2")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        if column.choices is not None:
            labels = ",".join(str(label) for _code, label in column.choices.choices)
            validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
        if column.key in {"id_number", "phone", "region"}:
            sheet.column_dimensions[letter].number_format = "@"  # text, not a number
    explanations = {
        "birth_date": _("日期,格式 YYYY-MM-DD"),
        "id_number": _("18 位居民身份证号;据此识别人员,已登记的人员将被更新而不是重复登记"),
        "dispatching_unit": _("支援方单位的全称或简称,须已在系统中登记"),
        "batch": _("批次号(数字),例如 11 表示第11批"),
        "duration": _("不填为“长期”"),
        "region": _("受援地区的区划代码,例如 659008"),
        "recipient_organisation": _("受援单位的全称或简称,须已在系统中登记"),
        "start_date": _("日期,格式 YYYY-MM-DD;同一人员同一开始日期的任职将被更新"),
        "end_date": _("不填为期满日期(按人才类别的规定期限)"),
        "status": _("不填为“在岗”;提前返回须填写原因"),
    }
    for column in COLUMNS:
        if column.choices and column.key not in explanations:
            allowed = "、".join(str(label) for _code, label in column.choices.choices)
            explanations[column.key] = _("可选:") + allowed
    notes = instructions_sheet(book, COLUMNS, explanations)
    style_header(notes, [16, 6, 80], freeze="B2")
    return workbook_bytes(book)


# ------------------------------------------------------------------ export


def roster_workbook(postings, *, user, reveal: bool = False) -> bytes:
    """``postings`` (as ``posting_list`` gives them) in the import's columns, plus the planned
    end. ID and phone numbers are masked unless ``reveal`` and the user may see them; each
    unmasked person is logged."""
    postings = list(postings)
    people = {posting.person.pk: posting.person for posting in postings}
    sensitive = sensitive_for(user, people.values(), unmask=reveal, context="roster export")
    book = Workbook()
    sheet = book.active
    sheet.title = _("花名册")
    sheet.append([str(c.header) for c in COLUMNS] + [str(h) for h, _w in EXPORT_EXTRA])
    for posting in postings:
        person = posting.person
        values = {
            "name": person.name,
            "gender": person.get_gender_display(),
            "birth_date": person.birth_date,
            "ethnicity": person.ethnicity,
            "education": person.get_education_display(),
            "professional_title": person.professional_title,
            "id_number": sensitive[person.pk]["id_number"],
            "phone": sensitive[person.pk]["phone"],
            "dispatching_unit": person.dispatching_unit.name,
            "batch": posting.batch.number if posting.batch else None,
            "category": posting.get_category_display(),
            "duration": posting.get_duration_display(),
            "region": posting.region.code,
            "recipient_organisation": (
                posting.recipient_organisation.name if posting.recipient_organisation else ""
            ),
            "position": posting.position,
            "start_date": posting.start_date,
            "end_date": posting.end_date,
            "status": posting.get_status_display(),
            "early_return_reason": posting.early_return_reason,
        }
        sheet.append(
            [values[c.key] for c in COLUMNS]
            + [posting.planned_end, _("是") if person.is_illustrative else ""]
        )
    style_header(sheet, [c.width for c in COLUMNS] + [w for _h, w in EXPORT_EXTRA], freeze="B2")
    for index, column in enumerate(COLUMNS, start=1):
        if column.key in DATE_KEYS:
            for cell in sheet[get_column_letter(index)][1:]:
                cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(book)


# ------------------------------------------------------------------ import


@dataclass
class RosterImportResult:
    rows: int = 0
    valid_rows: int = 0
    imported: bool = False
    people_created: int = 0
    people_updated: int = 0
    postings_created: int = 0
    postings_updated: int = 0
    unchanged_rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_rows(data: bytes):
    return read_rows(
        data,
        COLUMNS,
        max_rows=MAX_ROWS,
        unreadable=_("无法读取该文件,请上传 .xlsx 格式的花名册。"),
    )


def _row_values(positions: dict[str, int], row: tuple) -> dict[str, str]:
    return {
        key: cell_text(row[index]) if index < len(row) else "" for key, index in positions.items()
    }


def _errors_of(exc: Exception, row: int) -> list[RowError]:
    headers = {column.key: str(column.header) for column in COLUMNS}
    headers["person"] = headers["id_number"]
    return row_errors(exc, row, headers)


def _import_row(by, values: dict[str, str], result: RosterImportResult) -> None:
    id_number = values.get("id_number", "").upper()
    if not id_number:
        raise ValidationError({"id_number": [_("导入时须填写身份证号。")]})
    person_fields = {key: values.get(key, "") for key in PERSON_KEYS if key in values}
    person_fields["id_number"] = id_number
    person = Person.all_objects.filter(id_number=id_number).first()
    if person is not None and not services.may_know_person(by, person):
        # Someone the user may not see: refused without a word about them, never updated.
        raise services.id_number_refused()
    if person is None:
        person = services.person_create(by=by, **person_fields)
        result.people_created += 1
        person_changed = True
    else:
        if person.is_deleted:
            raise ValidationError({"id_number": [_("该身份证号的人员已删除,请先恢复。")]})
        version = person.version
        services.person_update(by=by, person=person, **person_fields)
        person_changed = person.version != version
        result.people_updated += int(person_changed)

    posting_fields = {
        key: values[key]
        for key in (
            "batch",
            "category",
            "duration",
            "region",
            "recipient_organisation",
            "position",
            "start_date",
            "end_date",
            "status",
            "early_return_reason",
        )
        if key in values
    }
    if posting_fields.get("batch"):
        batch = (
            Batch.objects.filter(number=posting_fields["batch"]).first()
            if posting_fields["batch"].isdigit()
            else None
        )
        if batch is None:
            raise ValidationError(
                {"batch": [_("未知的批次:%(value)s") % {"value": posting_fields["batch"]}]}
            )
        posting_fields["batch"] = batch
    for key in ("end_date", "status", "duration"):
        if posting_fields.get(key) == "":
            del posting_fields[key]  # blank: the default, or what is stored
    start = services.parse_date(posting_fields.get("start_date"), field="start_date")
    posting = Posting.objects.filter(person=person, start_date=start).first()
    if posting is None:
        services.posting_create(by=by, person=person, **posting_fields)
        result.postings_created += 1
    else:
        version = posting.version
        services.posting_update(by=by, posting=posting, **posting_fields)
        if posting.version != version:
            result.postings_updated += 1
        elif not person_changed:
            result.unchanged_rows += 1


def roster_import(data: bytes, *, by, valid_rows_only: bool = False) -> RosterImportResult:
    """Check every row; keep nothing when a row is wrong, unless ``valid_rows_only`` (then the
    valid rows are kept and the wrong ones listed). Each error names its row and column."""
    result = RosterImportResult()
    positions, rows, errors = _read_rows(data)
    result.rows = len(rows)
    if errors:
        result.errors = errors
        return result
    with channel(Channel.IMPORT), transaction.atomic():
        for number, row in rows:
            try:
                with transaction.atomic():
                    _import_row(by, _row_values(positions, row), result)
                result.valid_rows += 1
            except (ValidationError, PermissionDenied) as exc:
                result.errors.extend(_errors_of(exc, number))
        if result.errors and not valid_rows_only:
            transaction.set_rollback(True)
            result.imported = False
            result.people_created = result.people_updated = 0
            result.postings_created = result.postings_updated = result.unchanged_rows = 0
        else:
            result.imported = result.valid_rows > 0
    return result
