"""What every spreadsheet import and export shares: columns with Chinese headers, the header
row's style, cell text as people typed it, reading the rows (required columns, a row limit,
blank rows skipped) and errors by row and column."""

import datetime
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, name: str, *, dated: bool = False) -> HttpResponse:
    """A spreadsheet download named ``name`` (``duikou-<name>-<yyyymmdd>.xlsx`` if ``dated``)."""
    if dated:
        name = f"duikou-{name}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@dataclass(frozen=True)
class Column:
    key: str  # the field the service takes (and its errors name)
    header: object  # lazily translated
    width: int
    required: bool = False
    choices: type | None = None
    text: bool = False  # kept as text in Excel (codes, not numbers)


@dataclass
class RowError:
    row: int  # the spreadsheet's row number (the header is row 1; 0: the file itself)
    column: str | None  # the column's header, None for the whole row
    message: str


def style_header(sheet, widths: list[int], *, freeze: str | None = "A2") -> None:
    """Bold headers, column widths, and the header row (and ``freeze``'s columns) kept in view."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        sheet.freeze_panes = freeze


def instructions_sheet(book: Workbook, columns, explanations: dict, paragraphs=()):
    """The "填写说明" sheet of an import template: each column with whether it is required
    and what to write in it, then the ``paragraphs`` after a blank row. Returned for more."""
    notes = book.create_sheet(str(_("填写说明")))
    notes.append([str(_("列")), str(_("必填")), str(_("说明"))])
    for column in columns:
        required = str(_("是")) if column.required else ""
        notes.append([str(column.header), required, str(explanations.get(column.key, ""))])
    if paragraphs:
        notes.append([])
    for paragraph in paragraphs:
        notes.append([str(paragraph)])
    return notes


def workbook_bytes(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def cell_text(value) -> str:
    """A cell as the text people typed: whole numbers without ".0", dates as yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def read_rows(
    data: bytes, columns: list[Column], *, max_rows: int, unreadable, sheet_title=None
) -> tuple[dict[str, int], list[tuple[int, tuple]], list[RowError]]:
    """The position of each known column, the non-blank rows with their numbers, and the
    errors of the file itself (unreadable, a required column missing, too many rows)."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
        title = str(sheet_title) if sheet_title else None
        sheet = book[title] if title in book.sheetnames else book.worksheets[0]
    except Exception:  # noqa: BLE001 - any unreadable upload is the same error to the user
        return {}, [], [RowError(0, None, str(unreadable))]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    known = {str(column.header): column for column in columns}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        column = known.get(cell_text(title))
        if column is not None:
            positions.setdefault(column.key, index)
    errors = [
        RowError(1, str(column.header), _("缺少必填列“%(column)s”。") % {"column": column.header})
        for column in columns
        if column.required and column.key not in positions
    ]
    body = []
    if not errors:
        for number, row in enumerate(rows, start=2):
            if all(cell_text(value) == "" for value in row):
                continue
            body.append((number, row))
            if len(body) > max_rows:
                errors.append(
                    RowError(number, None, _("一次最多导入 %(n)s 行。") % {"n": max_rows})
                )
                break
    book.close()
    return positions, body, errors


def row_errors(exc: Exception, row: int, headers: dict[str, str]) -> list[RowError]:
    """A service's error as errors of a row: each field's message under its column's header
    (``headers``: field → header), others for the whole row."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return [
            RowError(row, headers.get(name), str(message))
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    if isinstance(exc, ValidationError):
        return [RowError(row, None, str(message)) for message in exc.messages]
    return [RowError(row, None, str(exc) or str(_("您没有执行此操作的权限。")))]
