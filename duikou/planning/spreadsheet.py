"""The reserve (储备库) as a spreadsheet: a template, an import into one pairing that checks
every row before anything is kept, and an export of any list of candidates that imports back.

One row is one candidate, found again by its code: a new code is created, a known one
updated, and a row that matches what is stored changes nothing — importing the same file
twice changes nothing the second time. Costs are written "1200 800" (万元 in each year from
the start), expected results "jobs_created=300; trainees=500", prerequisites "KZ27-01" or
"KZ27-01+1" (at least a year later). Rows that need others of the same file come after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

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
from duikou.planning.models import Candidate
from duikou.planning.selectors import candidate_rows, ensure_may_edit
from duikou.planning.services import candidate_create, candidate_update, parse_costs

MAX_ROWS = 5_000
COLUMNS = [
    Column("code", _("储备编号"), 14, True, text=True),
    Column("title", _("项目名称"), 36, True),
    Column("title_en", _("英文名称"), 30),
    Column("category", _("类别代码"), 20, True, text=True),
    Column("region", _("区划代码"), 10, True, text=True),
    Column("is_livelihood", _("民生项目"), 10),
    Column("is_grassroots", _("县及县以下基层"), 12),
    Column("earliest_start", _("最早开工年度"), 12),
    Column("alternative_group", _("互斥组"), 14, text=True),
    Column("costs", _("分年度成本(万元)"), 18, True, text=True),
    Column("outcomes", _("预期成效"), 40),
    Column("requires", _("前置项目"), 18, text=True),
    Column("description", _("项目简介"), 40),
]
YES = {"是", "yes", "y", "true", "1", "√"}
NO = {"否", "no", "n", "false", "0", "×"}
PARTS = re.compile(r"[;;\n]+")
EQUALS = str.maketrans({"\uff1d": "=", "\uff1a": "=", ":": "="})  # =, : and : as =


def _headers() -> dict[str, str]:
    return {column.key: str(column.header) for column in COLUMNS}


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


# ------------------------------------------------------------------ template and export


def _row_of(candidate: Candidate) -> list:
    return [
        candidate.code,
        candidate.title,
        candidate.title_en,
        candidate.category.code,
        candidate.region.code,
        str(_("是")) if candidate.is_livelihood else str(_("否")),
        str(_("是")) if candidate.is_grassroots else str(_("否")),
        candidate.earliest_start or "",
        candidate.alternative_group,
        " ".join(_number(c.amount) for c in candidate.costs.all()),
        "; ".join(f"{o.element.code}={_number(o.value)}" for o in candidate.outcomes.all()),
        " ".join(
            d.requires.code + (f"+{d.lag_years}" if d.lag_years else "")
            for d in candidate.dependencies.all()
        ),
        candidate.description,
    ]


def reserve_workbook(candidates=None) -> bytes:
    """The candidates in the import's columns (none: the empty template), and a sheet that
    explains each column."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("储备项目"))
    sheet.append([str(column.header) for column in COLUMNS])
    if candidates is not None:
        for candidate in candidate_rows(candidates).order_by("code"):
            sheet.append(_row_of(candidate))
    style_header(sheet, [column.width for column in COLUMNS])
    explanations = {
        "code": _("储备编号,例如 KZ27-01;已有的编号将被更新"),
        "title": _("项目名称"),
        "title_en": _("可选:英文名称"),
        "category": _("项目类别代码,例如 vocational-training、industry、group-medical"),
        "region": _("实施地区的 6 位区划代码,须在结对的受援地区之内"),
        "is_livelihood": _("是 或 否,默认 是"),
        "is_grassroots": _("是 或 否,默认 是"),
        "earliest_start": _("可选:最早开工年度"),
        "alternative_group": _("可选:同一互斥组的项目至多选一个"),
        "costs": _("自开工年起各年成本(万元),以空格分隔,例如 1200 800"),
        "outcomes": _("数据元素代码=预期值,以分号分隔,例如 jobs_created=300; trainees=500"),
        "requires": _("可选:前置项目的储备编号,以空格分隔;写 KZ27-01+1 表示至少晚一年开工"),
        "description": _("可选:项目简介"),
    }
    closing = _(
        "默认任何一行有错误则整个文件都不导入;每个错误都会指出行号和列名。"
        "与已有内容相同的行不做任何修改,重复导入同一文件不会改变数据。"
    )
    notes = instructions_sheet(book, COLUMNS, explanations, [closing])
    style_header(notes, [20, 8, 90], freeze=None)
    return workbook_bytes(book)


# ------------------------------------------------------------------ import


@dataclass
class ReserveImportResult:
    rows: int = 0
    valid_rows: int = 0
    imported: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _flag(text: str, name: str) -> bool:
    if not text:
        return True
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    raise ValidationError({name: [_("请填写“是”或“否”。")]})


def _outcomes(text: str) -> dict[str, str]:
    outcomes = {}
    for part in PARTS.split(text):
        if not part.strip():
            continue
        code, sep, value = part.translate(EQUALS).partition("=")
        if not sep:
            raise ValidationError(
                {"outcomes": [_("“%(part)s”应写成 数据元素代码=预期值。") % {"part": part.strip()}]}
            )
        outcomes[code.strip()] = value.strip()
    return outcomes


def _requires(text: str) -> list[dict]:
    found = []
    for part in re.split(r"[\s;;,,]+", text):
        if part:
            code, _plus, lag = part.partition("+")
            found.append({"code": code, "lag": lag or 0})
    return found


def _fields(values: dict[str, str]) -> dict:
    """A row's cells as the service takes them; every wrong cell of the row at once."""
    fields, errors = {}, {}
    for name in ("code", "title", "title_en", "category", "region", "alternative_group"):
        fields[name] = values.get(name, "")
    fields["description"] = values.get("description", "")
    fields["earliest_start"] = values.get("earliest_start", "") or None
    for name, parse in (
        ("costs", parse_costs),
        ("is_livelihood", lambda t: _flag(t, "is_livelihood")),
        ("is_grassroots", lambda t: _flag(t, "is_grassroots")),
        ("outcomes", _outcomes),
        ("requires", _requires),
    ):
        try:
            fields[name] = parse(values.get(name, ""))
        except ValidationError as exc:
            errors.update(exc.error_dict)
    for name in ("code", "title", "category", "region"):
        if not fields[name]:
            errors[name] = [_("请填写此列。")]
    if errors:
        raise ValidationError(errors)
    return fields


def _in_order(rows: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Rows whose prerequisites are other rows of the file come after those rows."""
    codes = {fields["code"]: (number, fields) for number, fields in rows}
    done, ordered = set(), []

    def visit(code: str, trail: tuple) -> None:
        if code in done or code in trail:
            return
        number, fields = codes[code]
        for need in fields["requires"]:
            if need["code"] in codes:
                visit(need["code"], (*trail, code))
        done.add(code)
        ordered.append((number, fields))

    for _row, fields in rows:
        visit(fields["code"], ())
    return ordered


def _save(by, pairing, fields: dict, result: ReserveImportResult) -> None:
    existing = Candidate.objects.filter(code=fields["code"]).first()
    if existing is None:
        candidate_create(by=by, pairing=pairing, **fields)
        result.created += 1
        return
    ensure_may_edit(by, existing, field="code")
    if existing.pairing_id != pairing.pk:
        raise ValidationError({"code": [_("该储备编号属于另一个结对。")]})
    version = existing.version
    candidate_update(by=by, candidate=existing, **fields)
    if existing.version != version:
        result.updated += 1
    else:
        result.unchanged += 1


def reserve_import(data: bytes, *, by, pairing, valid_rows_only: bool = False):
    """Check every row; keep nothing when a row is wrong, unless ``valid_rows_only``."""
    result = ReserveImportResult()
    positions, rows, errors = read_rows(
        data,
        COLUMNS,
        max_rows=MAX_ROWS,
        unreadable=_("无法读取该文件,请上传 .xlsx 格式的储备项目表。"),
        sheet_title=_("储备项目"),
    )
    result.rows = len(rows)
    if errors:
        result.errors = errors
        return result
    ready, seen = [], {}
    for number, row in rows:
        values = {key: cell_text(row[i]) if i < len(row) else "" for key, i in positions.items()}
        try:
            fields = _fields(values)
        except ValidationError as exc:
            result.errors.extend(row_errors(exc, number, _headers()))
            continue
        if fields["code"] in seen:
            message = _("与第 %(row)s 行的储备编号重复。") % {"row": seen[fields["code"]]}
            result.errors.append(RowError(number, str(_("储备编号")), str(message)))
            continue
        seen[fields["code"]] = number
        ready.append((number, fields))
    with channel(Channel.IMPORT), transaction.atomic():
        for number, fields in _in_order(ready):
            try:
                with transaction.atomic():
                    _save(by, pairing, fields, result)
                result.valid_rows += 1
            except (ValidationError, PermissionDenied) as exc:
                result.errors.extend(row_errors(exc, number, _headers()))
        result.errors.sort(key=lambda error: error.row)
        if result.errors and not valid_rows_only:
            transaction.set_rollback(True)
            result.created = result.updated = result.unchanged = 0
        else:
            result.imported = result.valid_rows > 0
    return result
