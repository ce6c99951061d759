"""Data values as a spreadsheet (.xlsx): a template with Chinese headers, an import that checks
every row before anything is kept, and an export of any list of values that imports back.

One row is one value: data element, period, region, optional project and kind (the key), and
the number. Every row goes through ``services.value_save`` (the same checks as entry on the
page); a row whose key is already stored updates that value, and a row that matches what is
stored changes nothing, so importing the same file twice changes nothing the second time.
Rows are saved in period order, so the "ten times the previous period" check sees the same
previous values whatever the order of the rows in the file.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
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
from duikou.geo.models import Region
from duikou.geo.selectors import region_by_code
from duikou.projects.models import Project
from duikou.results import services
from duikou.results.models import DataElement, DataValue, Period
from duikou.results.periods import period_for
from duikou.results.selectors import element_by_code

MAX_ROWS = 20_000


COLUMNS = [
    Column("element", _("数据元素代码"), 22, True, text=True),
    Column("period", _("期间"), 10, True, text=True),
    Column("region", _("区划代码"), 10, True, text=True),
    Column("project", _("项目编号"), 16, False, text=True),
    Column("kind", _("数值种类"), 10, True),
    Column("value", _("数值"), 14, True),
    Column("comment", _("备注"), 30),
]
EXPORT_EXTRA = [
    (_("数据元素名称"), 20),
    (pgettext_lazy("measure", "单位"), 8),
    (_("地区名称"), 14),
    (_("状态"), 8),
    (_("需核实"), 8),
    (_("核实原因"), 40),
]
PERIOD_EXAMPLES = [
    ("2024", _("年")),
    ("2024Q1", _("季度(第一季度;Q1 至 Q4)")),
    ("202403", _("月(也可写 2024-03)")),
    ("十四五", _("五年规划(2021—2025 年;也可写 FYP14)")),
]


def _headers() -> dict[str, str]:
    """Field → header, in the active language."""
    return {column.key: str(column.header) for column in COLUMNS}


def _text_columns(sheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        if column.text:
            sheet.column_dimensions[get_column_letter(index)].number_format = "@"


def _kind_labels() -> str:
    return "、".join(str(label) for _code, label in DataValue.Kind.choices)


# ------------------------------------------------------------------ template


def values_template() -> bytes:
    """An empty sheet with the headers (a drop-down for the kind, a list of the element codes,
    codes kept as text) and a sheet that explains each column, lists the data elements and
    shows how periods are written."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("成效数据"))
    sheet.append([str(column.header) for column in COLUMNS])
    style_header(sheet, [column.width for column in COLUMNS])
    _text_columns(sheet)
    kinds = ",".join(str(label) for _code, label in DataValue.Kind.choices)
    kind_letter = get_column_letter(
        next(i for i, c in enumerate(COLUMNS, start=1) if c.key == "kind")
    )
    validation = DataValidation(type="list", formula1=f'"{kinds}"', allow_blank=True)
    validation.add(f"{kind_letter}2:{kind_letter}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)

    explanations = {
        "element": _("数据元素的代码,见下方“数据元素”表,例如 jobs_created"),
        "period": _("期间代码:2024(年)、2024Q1(季度)、202403(月)或 十四五(五年规划),见下方示例"),
        "region": _(
            "填报地区的 6 位区划代码,例如 659008(可克达拉市);数值记在该地区,汇总时计入其上级地区"
        ),
        "project": _("可选:项目编号,例如 JSYJ-YL-002;不填为该地区的数值(不属于某个项目)"),
        "kind": _("%(labels)s 之一(也可写 baseline、target、actual)") % {"labels": _kind_labels()},
        "value": _("数字,最多四位小数;计数类数据元素须为非负整数"),
        "comment": _("可选:说明或数据来源;留空将清除已有备注"),
    }
    paragraphs = [
        _(
            "同一数据元素、期间、地区、项目和数值种类只能有一行;已有的数值将被更新,"
            "与已有数值相同的行不做任何修改,重复导入同一文件不会改变数据。"
        ),
        _(
            "默认任何一行有错误则整个文件都不导入;"
            "每个错误都会指出行号和列名。导出的文件可以修改后重新导入,"
            "其中数据元素名称、单位、地区名称、状态、需核实、核实原因各列仅供查看,导入时忽略。"
        ),
    ]
    notes = instructions_sheet(book, COLUMNS, explanations, paragraphs)

    notes.append([])
    header_row = notes.max_row + 1
    notes.append(
        [
            str(_("数据元素代码")),
            str(_("名称")),
            str(pgettext_lazy("measure", "单位")),
            str(_("汇总方式")),
            "",
        ]
    )
    for cell in notes[header_row]:
        cell.font = Font(bold=True)
    first = notes.max_row + 1
    for element in DataElement.objects.order_by("code"):
        notes.append([element.code, element.name, element.unit, element.get_aggregation_display()])
    last = notes.max_row
    if last >= first:
        element_letter = get_column_letter(
            next(i for i, c in enumerate(COLUMNS, start=1) if c.key == "element")
        )
        title = notes.title.replace("'", "''")
        codes = DataValidation(
            type="list",
            formula1=f"'{title}'!$A${first}:$A${last}",
            allow_blank=True,
            showErrorMessage=False,  # the list helps; a code added later is still allowed
        )
        codes.add(f"{element_letter}2:{element_letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(codes)

    notes.append([])
    header_row = notes.max_row + 1
    notes.append([str(_("期间示例")), str(_("含义"))])
    for cell in notes[header_row]:
        cell.font = Font(bold=True)
    for code, meaning in PERIOD_EXAMPLES:
        notes.append([code, str(meaning)])
    style_header(notes, [24, 28, 80, 12], freeze=None)
    return workbook_bytes(book)


# ------------------------------------------------------------------ export


def _cell_number(number: Decimal):
    """A number Excel keeps exactly (an int or a float that reads back the same), or else the
    text of it (more than about 15 significant digits)."""
    if number == number.to_integral_value() and abs(number) < 2**53:
        return int(number)
    as_float = float(number)
    if Decimal(repr(as_float)) == number:
        return as_float
    return services.plain(number)


def values_workbook(values_qs) -> bytes:
    """The values in the import's columns, then (for reading only; ignored on import) the
    element's name and unit, the region's name, the status and the follow-up flag."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("成效数据"))
    sheet.append([str(c.header) for c in COLUMNS] + [str(h) for h, _w in EXPORT_EXTRA])
    values = values_qs.select_related("element", "period", "region", "project")
    for value in values.iterator(chunk_size=2000):
        sheet.append(
            [
                value.element.code,
                value.period.code,
                value.region.code,
                value.project.code if value.project else "",
                value.get_kind_display(),
                _cell_number(value.value),
                value.comment,
                value.element.name,
                value.element.unit,
                value.region.name,
                value.get_status_display(),
                str(_("是")) if value.follow_up else "",
                value.follow_up_reason,
            ]
        )
    style_header(sheet, [c.width for c in COLUMNS] + [w for _h, w in EXPORT_EXTRA])
    for index, column in enumerate(COLUMNS, start=1):
        if column.text:
            for cell in sheet[get_column_letter(index)][1:]:
                cell.number_format = "@"
    return workbook_bytes(book)


# ------------------------------------------------------------------ import


@dataclass
class ValuesImportResult:
    rows: int = 0  # rows with anything in them
    valid_rows: int = 0
    imported: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0  # imported values flagged for follow-up (implausible)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _period_text(value) -> str:
    """Excel turns "2024-03" into the date 2024-03-01: read that back as the month."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date) and value.day == 1:
        return f"{value.year}{value.month:02d}"
    return cell_text(value)


def _read_rows(data: bytes):
    return read_rows(
        data,
        COLUMNS,
        max_rows=MAX_ROWS,
        unreadable=_("无法读取该文件,请上传 .xlsx 格式的成效数据表。"),
        sheet_title=_("成效数据"),
    )


def _row_values(positions: dict[str, int], row: tuple) -> dict[str, str]:
    values = {}
    for key, index in positions.items():
        cell = row[index] if index < len(row) else None
        values[key] = _period_text(cell) if key == "period" else cell_text(cell)
    return values


def _errors_of(exc: Exception, row: int) -> list[RowError]:
    return row_errors(exc, row, _headers())


def _kinds() -> dict[str, str]:
    """What the kind column accepts: the labels and the codes (any case)."""
    accepted = {}
    for code, label in DataValue.Kind.choices:
        accepted[code.lower()] = code
        accepted[str(label).lower()] = code
    return accepted


class _Keys:
    """Turns a row's text into the value's key (element, period, region, project, kind) and
    its number, reporting every wrong cell of the row at once. Elements, periods, regions
    and projects are looked up once per import."""

    def __init__(self):
        self.cache: dict[tuple[str, str], object] = {}
        self.kinds = _kinds()

    def _cached(self, kind: str, text: str, find):
        if (kind, text) not in self.cache:
            try:
                self.cache[kind, text] = find(text)
            except ValidationError as exc:
                self.cache[kind, text] = exc
        found = self.cache[kind, text]
        if isinstance(found, ValidationError):
            raise found
        return found

    def element(self, text: str) -> DataElement:
        if not text:
            raise ValidationError({"element": [_("请填写数据元素代码。")]})
        return self._cached("element", text, element_by_code)

    def period(self, text: str) -> Period:
        return self._cached("period", text, period_for)

    def region(self, text: str) -> Region:
        if not text:
            raise ValidationError({"region": [_("请填写区划代码。")]})
        return self._cached("region", text, region_by_code)

    def project(self, text: str) -> Project | None:
        if not text:
            return None
        return self._cached("project", text, _project_by_code)

    def kind(self, text: str) -> str:
        if not text:
            raise ValidationError({"kind": [_("请填写数值种类。")]})
        kind = self.kinds.get(text.lower())
        if kind is None:
            raise ValidationError(
                {
                    "kind": [
                        _("未知的数值种类“%(value)s”:请填写 %(labels)s。")
                        % {"value": text, "labels": _kind_labels()}
                    ]
                }
            )
        return kind

    def row(self, values: dict[str, str]) -> tuple[dict, Decimal]:
        key, errors = {}, {}
        for name in ("element", "period", "region", "project", "kind"):
            try:
                key[name] = getattr(self, name)(values.get(name, ""))
            except ValidationError as exc:
                errors.update(exc.error_dict)
        try:
            number = services.parse_number(values.get("value"))
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if errors:
            raise ValidationError(errors)
        return key, number


def _project_by_code(text: str) -> Project:
    """The project by its code (what the export writes), or else by its id."""
    project = Project.objects.filter(code=text).first()
    if project is None and text.isdigit():
        project = Project.objects.filter(pk=int(text)).first()
    if project is None:
        raise ValidationError({"project": [_("项目不存在:%(value)s") % {"value": text}]})
    return project


def _identity(key: dict) -> tuple:
    project = key["project"]
    return (
        key["element"].pk,
        key["period"].pk,
        key["region"].pk,
        project.pk if project else None,
        key["kind"],
    )


def _save_row(by, key: dict, number: Decimal, values: dict, result: ValuesImportResult) -> None:
    """Save a row; without a comment column the stored comment (and a flag set by hand) stay,
    and the same value again is no change, even when approved."""
    existing = DataValue.objects.filter(**key).values_list("version", flat=True).first()
    record = services.value_save(by=by, **key, value=number, comment=values.get("comment"))
    if existing is None:
        result.created += 1
    elif record.version != existing:
        result.updated += 1
    else:
        result.unchanged += 1
    result.flagged += int(record.follow_up)


def values_import(data: bytes, *, by, valid_rows_only: bool = False) -> ValuesImportResult:
    """Check every row; keep nothing when a row is wrong, unless ``valid_rows_only`` (then the
    valid rows are kept and the wrong ones listed). Each error names its row and column (no
    column: the whole row, e.g. a value the user may not enter)."""
    result = ValuesImportResult()
    positions, rows, errors = _read_rows(data)
    result.rows = len(rows)
    if errors:
        result.errors = errors
        return result
    keys = _Keys()
    with channel(Channel.IMPORT), transaction.atomic():
        ready, first_row = [], {}
        for number, row in rows:
            values = _row_values(positions, row)
            try:
                key, value = keys.row(values)
            except ValidationError as exc:
                result.errors.extend(_errors_of(exc, number))
                continue
            identity = _identity(key)
            if identity in first_row:
                result.errors.append(
                    RowError(
                        number,
                        None,
                        str(
                            _("与第 %(row)s 行重复:数据元素、期间、地区、项目和数值种类都相同。")
                            % {"row": first_row[identity]}
                        ),
                    )
                )
                continue
            first_row[identity] = number
            ready.append((number, key, value, values))
        # Earlier periods first: the plausibility check compares with the previous period.
        ready.sort(key=lambda item: (item[1]["period"].start, item[1]["period"].end, item[0]))
        for number, key, value, values in ready:
            try:
                with transaction.atomic():
                    _save_row(by, key, value, values, result)
                result.valid_rows += 1
            except (ValidationError, PermissionDenied) as exc:
                result.errors.extend(_errors_of(exc, number))
        result.errors.sort(key=lambda error: error.row)
        if result.errors and not valid_rows_only:
            transaction.set_rollback(True)
            result.imported = False
            result.created = result.updated = result.unchanged = result.flagged = 0
        else:
            result.imported = result.valid_rows > 0
    return result
