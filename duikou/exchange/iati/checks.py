"""Checks of a whole IATI file before anything in it is read into data.

1. ``read_prolog``: expat reads what comes before the root element. A document type
   declaration (the door to external entities and entity expansion: XXE, billion laughs) is
   refused with its line and column; a root that is not ``iati-activities`` is refused; where
   the root's start tag ends is noted, so that the file can be read in pieces.
2. ``check_well_formed``: libxml2 walks the whole file keeping nothing. A file that is not
   well-formed XML is rejected whole with the line and column, before anything is written.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from django.utils.translation import gettext as _
from lxml import etree

CHUNK = 1 << 20
ROOT = "iati-activities"
POSITION = re.compile(r", line \d+, column \d+$")


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


@dataclass
class FileFacts:
    """What the checks and the reading find out about a file."""

    version: str = ""
    lines: int = 0
    notes: list[str] = field(default_factory=list)
    cr_only: bool = False  # old Mac line endings: lxml would count the whole file as line 1
    head_end: int = 0  # the byte just after the root's start tag
    size: int = 0
    ascii_based: bool = True  # an encoding in which "<" is the byte "<" (not UTF-16)
    root: dict = field(default_factory=dict)  # the root's attributes

    @property
    def is_old(self) -> bool:
        return self.version.startswith("1.")

    @property
    def line_end(self) -> bytes:
        return b"\r" if self.cr_only else b"\n"


def refuse_dtd(*_args) -> None:
    raise Rejected(_("文件含有文档类型定义(DTD)。出于安全原因(外部实体、实体膨胀),不接受 DTD。"))


class _RootFound(Exception):
    def __init__(self, name: str, attributes: dict, offset: int):
        self.name, self.attributes, self.offset = name, attributes, offset


def not_iati(line: int = 0, column: int = 0) -> Rejected:
    return Rejected(_("这不是 IATI 活动文件:根元素应为 iati-activities。"), line, column)


def not_well_formed(reason: str, line: int, column: int) -> Rejected:
    return Rejected(_("不是格式正确的 XML:%(reason)s") % {"reason": reason}, line, column)


def read_prolog(path: Path) -> FileFacts:
    """What comes before the root element, read with expat: a DTD is refused, the root must
    be ``iati-activities``; the facts of the file's shape."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def root(name, attributes):
        raise _RootFound(name, attributes, parser.CurrentByteIndex)

    parser.StartElementHandler = root
    facts = FileFacts(size=path.stat().st_size)
    with open(path, "rb") as stream:
        first = stream.read(CHUNK)
        facts.cr_only = b"\r" in first and b"\n" not in first
        facts.ascii_based = not first.startswith((b"\xfe\xff", b"\xff\xfe", b"\x00<", b"<\x00"))
        block = first
        try:
            while True:
                parser.Parse(block, not block)
                if not block:
                    break
                block = stream.read(CHUNK)
        except expat.ExpatError as error:
            raise not_well_formed(
                expat.ErrorString(error.code), error.lineno, error.offset + 1
            ) from None
        except Rejected as refused:
            refused.line, refused.column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
            raise
        except _RootFound as found:
            if found.name != ROOT:
                raise not_iati(parser.CurrentLineNumber, 1) from None
            facts.head_end = _start_tag_end(path, found.offset)
            facts.version = (found.attributes.get("version") or "").strip()
    return facts


def _start_tag_end(path: Path, offset: int) -> int:
    """The byte after the start tag at ``offset`` (a ">" may stand inside quotes)."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        quote, position = None, offset
        while block := stream.read(CHUNK):
            for index, byte in enumerate(block):
                if quote is not None:
                    quote = None if byte == quote else quote
                elif byte in b"\"'":
                    quote = byte
                elif byte == ord(">"):
                    return position + index + 1
            position += len(block)
    return position


class _Nothing:
    """A parser target that keeps nothing: libxml2 only checks."""

    def close(self) -> None:
        return None


def check_well_formed(path: Path, facts: FileFacts) -> int:
    """Walk the file with libxml2, keeping nothing; the number of lines, or ``Rejected``
    with line and column. Call it after ``read_prolog`` (no DTD gets this far)."""
    parser = etree.XMLParser(
        target=_Nothing(), resolve_entities=False, no_network=True, load_dtd=False
    )
    line_end, lines = facts.line_end, 1
    try:
        with open(path, "rb") as stream:
            while block := stream.read(CHUNK):
                lines += block.count(line_end)
                parser.feed(block.replace(b"\r", b"\n") if facts.cr_only else block)
        parser.close()
    except etree.XMLSyntaxError as error:
        _expat_walk(path)  # expat says where the fault starts, libxml2 where it saw it
        line, column = error.position if error.position else (0, 0)
        raise not_well_formed(POSITION.sub("", error.msg or ""), line, column) from None
    return lines


def _expat_walk(path: Path) -> None:
    """Walk a file with expat: ``Rejected`` at the start of its first fault."""
    parser = expat.ParserCreate()
    try:
        with open(path, "rb") as stream:
            parser.ParseFile(stream)
    except expat.ExpatError as error:
        raise not_well_formed(
            expat.ErrorString(error.code), error.lineno, error.offset + 1
        ) from None
