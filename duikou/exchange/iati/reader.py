"""Read an IATI activity file safely and in flat memory, one activity at a time.

Two passes over the file:

1. ``check_well_formed``: expat, with no handlers but one that refuses a document type
   declaration, walks the whole file. A file that is not well-formed XML is rejected whole with
   the line and column, before anything is written; a DTD (the door to external entities and
   entity expansion: XXE, billion laughs) is refused the same way.
2. ``ActivityReader``: lxml ``iterparse`` hands over each ``iati-activity`` when it ends. Each
   is checked against the IATI 2.03 schema (2.0x files; 1.0x files are read by their own
   rules and reported as old), read into an ``Activity`` or reported with its identifier and
   the reason, then cleared with everything before it, so memory stays flat.
"""

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from django.utils.translation import gettext as _
from lxml import etree

from duikou.exchange.iati import parse
from duikou.exchange.iati.activity import Activity

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "iati" / "schema"
VERSIONS = {"1.01", "1.02", "1.03", "1.04", "1.05", "2.01", "2.02", "2.03"}
CHUNK = 1 << 20
MAX_REASONS = 3
# A minimal valid activity: the stand-in that lets the schema judge the file's root alone.
STAND_IN = (
    "<iati-activity><iati-identifier>x</iati-identifier>"
    '<reporting-org ref="x" type="10"><narrative>x</narrative></reporting-org>'
    "<title><narrative>x</narrative></title><description><narrative>x</narrative></description>"
    '<participating-org role="1" ref="x"/><activity-status code="1"/>'
    '<activity-date type="1" iso-date="2000-01-01"/></iati-activity>'
)


class Rejected(Exception):
    """The whole file is refused: not well-formed, a DTD, or not an IATI activity file."""

    def __init__(self, reason: str, line: int = 0, column: int = 0):
        self.reason, self.line, self.column = reason, line, column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.line:
            return _("第 %(line)s 行第 %(column)s 列:%(reason)s") % {
                "line": self.line,
                "column": self.column,
                "reason": self.reason,
            }
        return self.reason


@dataclass(frozen=True)
class Problem:
    """An activity that is not imported, with where it is and why."""

    line: int
    identifier: str
    reason: str


@dataclass
class FileFacts:
    version: str = ""
    lines: int = 0
    notes: list[str] = field(default_factory=list)
    cr_only: bool = False  # old Mac line endings: lxml would count the whole file as line 1

    @property
    def is_old(self) -> bool:
        return self.version.startswith("1.")


@functools.cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA / "iati-activities-schema.xsd"), parser))


def _refuse_dtd(*_args) -> None:
    raise Rejected(_("文件含有文档类型定义(DTD)。出于安全原因(外部实体、实体膨胀),不接受 DTD。"))


def check_well_formed(path: Path) -> int:
    """Walk the file with expat; the number of lines, or ``Rejected`` with line and column."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        with open(path, "rb") as stream:
            parser.ParseFile(stream)
    except expat.ExpatError as error:
        raise Rejected(
            _("不是格式正确的 XML:%(reason)s") % {"reason": expat.ErrorString(error.code)},
            error.lineno,
            error.offset + 1,
        ) from None
    except Rejected as refused:
        refused.line, refused.column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        raise
    return parser.CurrentLineNumber


def has_cr_only_line_endings(path: Path) -> bool:
    with open(path, "rb") as stream:
        head = stream.read(CHUNK)
    return b"\r" in head and b"\n" not in head


class CrAsNewline:
    """A file with CR-only line endings read with LF ones, so line numbers are right (the
    same characters to XML, which reads a lone CR as a line end)."""

    def __init__(self, path: Path):
        self.stream = open(path, "rb")  # noqa: SIM115 (closed when read to the end)

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        if not data:
            self.stream.close()
        return data.replace(b"\r", b"\n")


def _schema_reasons(log) -> str:
    reasons = []
    for entry in list(log)[:MAX_REASONS]:
        message = re.sub(r"\{[^}]*\}", "", entry.message)
        reasons.append(_("第 %(line)s 行:%(message)s") % {"line": entry.line, "message": message})
    if len(log) > MAX_REASONS:
        reasons.append(_("另有 %(n)s 处") % {"n": len(log) - MAX_REASONS})
    return ";".join(reasons)


class ActivityReader:
    """Iterate over a checked file: an ``Activity`` or a ``Problem`` for each activity."""

    def __init__(self, path: Path, *, facts: FileFacts | None = None):
        self.path = Path(path)
        self.facts = facts or FileFacts()
        self._root = None
        self._extras: list = []

    def __iter__(self) -> Iterator[Activity | Problem]:
        source = CrAsNewline(self.path) if self.facts.cr_only else str(self.path)
        events = etree.iterparse(
            source,
            events=("start", "end"),
            tag=("iati-activities", "iati-activity"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            for event, element in events:
                if event == "start":
                    if self._root is None:
                        self._start(element)
                    continue
                if element is self._root:
                    continue
                yield self._read(element)
                self._forget(element)
        except etree.XMLSyntaxError as error:
            line, column = error.position if error.position else (0, 0)
            raise Rejected(
                _("不是格式正确的 XML:%(reason)s") % {"reason": error.msg}, line, column
            ) from None
        if self._root is None:
            raise Rejected(_("这不是 IATI 活动文件:根元素应为 iati-activities。"))
        self._check_root()

    def _start(self, element) -> None:
        if element.getparent() is not None or element.tag != "iati-activities":
            raise Rejected(
                _("这不是 IATI 活动文件:根元素应为 iati-activities。"), element.sourceline or 0, 1
            )
        docinfo = element.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            _refuse_dtd()
        self._root = element
        version = (element.get("version") or "").strip()
        self.facts.version = version
        if not version:
            self.facts.notes.append(_("文件未注明 IATI 版本(iati-activities 的 version 属性)。"))
        elif version not in VERSIONS:
            self.facts.notes.append(
                _("未知的 IATI 版本“%(version)s”:按 2.03 读取。") % {"version": version}
            )
        elif self.facts.is_old:
            self.facts.notes.append(
                _("IATI %(version)s 是已停用的旧版本:按该版本的规则读取,不按 2.03 模式校验。")
                % {"version": version}
            )

    def _read(self, element) -> Activity | Problem:
        identifier = parse.identifier_of(element)
        line = element.sourceline or 0
        if element.getparent() is not self._root:
            return Problem(line, identifier, _("iati-activity 不在 iati-activities 之下。"))
        if not self.facts.is_old:
            validator = schema()
            if not validator.validate(element):
                return Problem(line, identifier, _schema_reasons(validator.error_log))
        try:
            activity = parse.activity(element)
        except parse.Unreadable as error:
            return Problem(line, identifier, str(error))
        return activity

    def _forget(self, element) -> None:
        """Clear the activity just read and drop everything before it from the tree."""
        element.clear(keep_tail=False)
        parent = element.getparent()
        while element.getprevious() is not None:
            previous = element.getprevious()
            if previous.tag != "iati-activity" and isinstance(previous.tag, str):
                self._extras.append(previous)
            del parent[0]

    def _check_root(self) -> None:
        """The root alone against the schema: its attributes and what follows the activities."""
        if self.facts.is_old:
            return
        shell = etree.Element(self._root.tag, attrib=dict(self._root.attrib))
        shell.append(etree.fromstring(STAND_IN))
        for extra in [*self._extras, *self._root]:
            if extra.tag != "iati-activity" and isinstance(extra.tag, str):
                shell.append(_copy(extra))
        validator = schema()
        if not validator.validate(shell):
            reasons = ";".join(
                re.sub(r"\{[^}]*\}", "", entry.message)
                for entry in list(validator.error_log)[:MAX_REASONS]
            )
            self.facts.notes.append(
                _("文件根元素不符合 IATI 模式:%(reasons)s") % {"reasons": reasons}
            )


def _copy(element):
    return etree.fromstring(etree.tostring(element))


def open_checked(path: Path) -> ActivityReader:
    """Check the whole file first (``Rejected`` if it is not well-formed or has a DTD)."""
    path = Path(path)
    facts = FileFacts(lines=check_well_formed(path), cr_only=has_cr_only_line_endings(path))
    return ActivityReader(path, facts=facts)
