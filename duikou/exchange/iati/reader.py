"""Read an IATI activity file safely and in flat memory, one activity at a time.

Before anything is read into data:

1. ``read_prolog``: expat reads what comes before the root element. A document type
   declaration (the door to external entities and entity expansion: XXE, billion laughs) is
   refused with its line and column; a root that is not ``iati-activities`` is refused; where
   the root's start tag ends is noted, so that the file can be read in pieces.
2. ``check_well_formed``: libxml2 walks the whole file keeping nothing. A file that is not
   well-formed XML is rejected whole with the line and column, before anything is written.

Then ``ActivityReader`` reads the file, or a piece of it (``Piece``). Each activity is checked
against the IATI 2.03 schema (2.0x files; 1.0x files are read by their own rules and reported
as old), read into an ``Activity`` or reported with its identifier and the reason. The whole
file is read with lxml ``iterparse``, which hands over each ``iati-activity`` when it ends and
clears it with everything before it, so memory stays flat; a piece of about a megabyte is read
whole and checked against the schema at once, which is faster. A piece is the file's head (up
to the root's start tag) and the bytes between two activities, closed by the root's end tag: it
reads as the same XML, at the same line numbers (see ``pieces``).
"""

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from xml.parsers import expat

from django.utils.translation import gettext as _
from lxml import etree

from duikou.exchange.iati import parse
from duikou.exchange.iati.activity import Activity

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "iati" / "schema"
VERSIONS = {"1.01", "1.02", "1.03", "1.04", "1.05", "2.01", "2.02", "2.03"}
CHUNK = 1 << 20
MAX_REASONS = 3
ROOT = "iati-activities"
# lxml reads without entities, network, DTD, comments or processing instructions
SAFE = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}
# A minimal valid activity: the stand-in that lets the schema judge the file's root alone.
STAND_IN = (
    "<iati-activity><iati-identifier>x</iati-identifier>"
    '<reporting-org ref="x" type="10"><narrative>x</narrative></reporting-org>'
    "<title><narrative>x</narrative></title><description><narrative>x</narrative></description>"
    '<participating-org role="1" ref="x"/><activity-status code="1"/>'
    '<activity-date type="1" iso-date="2000-01-01"/></iati-activity>'
)
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


class BrokenPiece(Exception):
    """A piece that does not read as XML on its own: it was cut inside a comment, a CDATA
    section or an element (the whole file is well-formed)."""


@dataclass(frozen=True)
class Problem:
    """An activity that is not imported, with where it is and why."""

    line: int
    identifier: str
    reason: str


class Read(NamedTuple):
    """An activity read, its XML as published (comments left out) and the number of its
    results' indicators."""

    activity: Activity
    xml: str
    indicators: int


@dataclass
class FileFacts:
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


@functools.cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA / "iati-activities-schema.xsd"), parser))


def _refuse_dtd(*_args) -> None:
    raise Rejected(_("文件含有文档类型定义(DTD)。出于安全原因(外部实体、实体膨胀),不接受 DTD。"))


class _RootFound(Exception):
    def __init__(self, name: str, attributes: dict, offset: int):
        self.name, self.attributes, self.offset = name, attributes, offset


def _not_iati(line: int = 0, column: int = 0) -> Rejected:
    return Rejected(_("这不是 IATI 活动文件:根元素应为 iati-activities。"), line, column)


def _not_well_formed(reason: str, line: int, column: int) -> Rejected:
    return Rejected(_("不是格式正确的 XML:%(reason)s") % {"reason": reason}, line, column)


def read_prolog(path: Path) -> FileFacts:
    """What comes before the root element, read with expat: a DTD is refused, the root must
    be ``iati-activities``; the facts of the file's shape."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
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
            raise _not_well_formed(
                expat.ErrorString(error.code), error.lineno, error.offset + 1
            ) from None
        except Rejected as refused:
            refused.line, refused.column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
            raise
        except _RootFound as found:
            if found.name != ROOT:
                raise _not_iati(parser.CurrentLineNumber, 1) from None
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
        raise _not_well_formed(POSITION.sub("", error.msg or ""), line, column) from None
    return lines


def _expat_walk(path: Path) -> None:
    """Walk a file with expat: ``Rejected`` at the start of its first fault."""
    parser = expat.ParserCreate()
    try:
        with open(path, "rb") as stream:
            parser.ParseFile(stream)
    except expat.ExpatError as error:
        raise _not_well_formed(
            expat.ErrorString(error.code), error.lineno, error.offset + 1
        ) from None


def _schema_reasons(log, line_shift: int = 0) -> str:
    reasons = []
    for entry in list(log)[:MAX_REASONS]:
        message = re.sub(r"\{[^}]*\}", "", entry.message)
        line = entry.line + line_shift
        reasons.append(_("第 %(line)s 行:%(message)s") % {"line": line, "message": message})
    if len(log) > MAX_REASONS:
        reasons.append(_("另有 %(n)s 处") % {"n": len(log) - MAX_REASONS})
    return ";".join(reasons)


@dataclass(frozen=True)
class Piece:
    """Bytes ``start``–``end`` of a file, read as XML: after the file's head (``head_end``
    bytes: declaration, root start tag) unless the piece starts the file, and before the
    root's end tag unless it ends the file. ``line_shift`` turns its line numbers into the
    file's. A ``small`` piece (one cut by ``pieces``) is read whole into memory."""

    path: str
    start: int
    end: int
    head_end: int = 0
    line_shift: int = 0
    cr_only: bool = False
    small: bool = False

    @property
    def is_whole_file(self) -> bool:
        return self.start == 0 and self.end < 0


class PieceStream:
    """A piece as a stream for lxml: head, the piece's bytes, the root's end tag."""

    def __init__(self, piece: Piece):
        self.piece = piece
        self.stream = open(piece.path, "rb")  # noqa: SIM115 (closed on leaving the context)
        self.parts = self._parts()

    def __enter__(self) -> "PieceStream":
        return self

    def __exit__(self, *_exc) -> None:
        self.stream.close()

    def _parts(self) -> Iterator[bytes]:
        piece, stream = self.piece, self.stream
        if piece.start > 0:
            yield stream.read(piece.head_end)
            stream.seek(piece.start)
        left = piece.end - piece.start if piece.end >= 0 else -1
        while left != 0 and (block := stream.read(CHUNK if left < 0 else min(CHUNK, left))):
            left -= len(block) if left > 0 else 0
            yield block
        if piece.end >= 0:
            yield f"</{ROOT}>".encode()

    def read(self, _size: int = -1) -> bytes:
        data = next(self.parts, b"")
        return data.replace(b"\r", b"\n") if self.piece.cr_only else data


def _next_end(stream, offset: int) -> int | None:
    """The byte after the first activity end tag from ``offset`` on (looked for in the next
    64 KiB, then the next MiB); None when there is none that near."""
    for size in (1 << 16, CHUNK):
        stream.seek(offset)
        found = ACTIVITY_END.search(stream.read(size))
        if found is not None:
            return offset + found.end()
    return None


def _line_counter(stream, line_end: bytes):
    """Counts the line ends in bytes ``start``–``end`` of a file, through one buffer."""
    buffer = bytearray(CHUNK)

    def count(start: int, end: int) -> int:
        stream.seek(start)
        found = 0
        while start < end and (read := stream.readinto(buffer)):
            found += buffer.count(line_end, 0, min(read, end - start))
            start += read
        return found

    return count


def whole_file(path: Path, facts: FileFacts) -> Piece:
    return Piece(str(path), 0, -1, facts.head_end, 0, facts.cr_only)


ACTIVITY_END = re.compile(rb"</iati-activity\s*>")


def pieces(path: Path, facts: FileFacts, size: int) -> Iterator[Piece]:
    """The file cut after an activity's end tag about every ``size`` bytes. A cut may fall
    inside a comment or a nested element: the piece before it then fails to read
    (``BrokenPiece``), and the reader goes on with the rest of the file in one piece."""
    if not facts.ascii_based or facts.size <= size:
        yield whole_file(path, facts)
        return
    with open(path, "rb") as stream:
        count_lines = _line_counter(stream, facts.line_end)
        head_lines = count_lines(0, facts.head_end)  # in the first piece, not in the others
        start, shift = 0, 0
        while True:
            found = _next_end(stream, start + size)
            if found is None:
                break
            end = found
            yield Piece(str(path), start, end, facts.head_end, shift, facts.cr_only, small=True)
            shift += count_lines(start, end) - (head_lines if start == 0 else 0)
            start = end
    yield Piece(str(path), start, -1, facts.head_end, shift, facts.cr_only, small=start > 0)


class ActivityReader:
    """Iterate over a checked file, or a piece of it: a ``Read`` or a ``Problem`` for each
    activity. ``extras`` then holds the root's other children (as XML)."""

    def __init__(
        self,
        path: Path,
        *,
        facts: FileFacts | None = None,
        piece: Piece | None = None,
        skip: frozenset[str] = frozenset(),
    ):
        self.facts = facts or FileFacts()
        self.piece = piece or Piece(str(path), 0, -1, cr_only=self.facts.cr_only)
        self.skip = skip  # elements of an activity not read into it (``parse.activity``)
        self._root = None
        self.extras: list[bytes] = []

    def __iter__(self) -> Iterator[Read | Problem]:
        try:
            yield from (self._whole() if self.piece.small else self._streamed())
        except etree.XMLSyntaxError as error:
            if self.piece.end >= 0:  # a piece cut before the file's end
                raise BrokenPiece from None
            line, column = error.position if error.position else (0, 0)
            raise _not_well_formed(POSITION.sub("", error.msg or ""), line, column) from None
        if self._root is None:
            raise _not_iati()
        self.extras += [_xml(e) for e in self._root if _is_extra(e)]

    def _streamed(self) -> Iterator[Read | Problem]:
        """Each activity as it ends, then cleared: memory stays flat."""
        with PieceStream(self.piece) as stream:
            events = etree.iterparse(
                stream, events=("start", "end"), tag=(ROOT, "iati-activity"), **SAFE
            )
            for event, element in events:
                if event == "start":
                    if self._root is None:
                        self._start(element)
                    continue
                if element is self._root:
                    continue
                yield self._read(element, valid=False)
                self._forget(element)

    def _whole(self) -> Iterator[Read | Problem]:
        """A small piece read whole, and checked against the schema at once (faster): only
        when that fails is each activity checked on its own."""
        with PieceStream(self.piece) as stream:
            root = etree.parse(stream, etree.XMLParser(**SAFE)).getroot()
        self._start(root)
        valid = not self.facts.is_old and schema().validate(root)
        for element in root.iter("iati-activity"):
            yield self._read(element, valid=valid)

    def _start(self, element) -> None:
        if element.getparent() is not None or element.tag != ROOT:
            raise _not_iati(element.sourceline or 0, 1)
        docinfo = element.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            _refuse_dtd()
        self._root = element
        self.facts.version = (element.get("version") or "").strip()
        self.facts.root = dict(element.attrib)
        self.facts.notes += version_notes(self.facts.version)

    def _read(self, element, *, valid: bool) -> Read | Problem:
        """``valid``: the schema already passed it."""
        line = (element.sourceline or 0) + self.piece.line_shift
        if element.getparent() is not self._root:
            return Problem(
                line, parse.identifier_of(element), _("iati-activity 不在 iati-activities 之下。")
            )
        if not self.facts.is_old and not valid:
            validator = schema()
            if not validator.validate(element):
                reasons = _schema_reasons(validator.error_log, self.piece.line_shift)
                return Problem(line, parse.identifier_of(element), reasons)
        try:
            activity = parse.activity(element, line=line, skip=self.skip)
        except parse.Unreadable as error:
            return Problem(line, parse.identifier_of(element), str(error))
        indicators = sum(
            1 for result in element.iterchildren("result") for _ in result.iterchildren("indicator")
        )
        xml = etree.tostring(element, encoding="unicode", with_tail=False)
        return Read(activity, xml, indicators)

    def _forget(self, element) -> None:
        """Clear the activity just read and drop everything before it from the tree."""
        element.clear(keep_tail=False)
        parent = element.getparent()
        while element.getprevious() is not None:
            previous = element.getprevious()
            if _is_extra(previous):
                self.extras.append(_xml(previous))
            del parent[0]


def _is_extra(element) -> bool:
    return element.tag != "iati-activity" and isinstance(element.tag, str)


def _xml(element) -> bytes:
    return etree.tostring(element, with_tail=False)


def version_notes(version: str) -> list[str]:
    """What a file's IATI version says about how it is read."""
    if not version:
        return [_("文件未注明 IATI 版本(iati-activities 的 version 属性)。")]
    if version not in VERSIONS:
        return [_("未知的 IATI 版本“%(version)s”:按 2.03 读取。") % {"version": version}]
    if version.startswith("1."):
        return [
            _("IATI %(version)s 是已停用的旧版本:按该版本的规则读取,不按 2.03 模式校验。")
            % {"version": version}
        ]
    return []


def root_notes(facts: FileFacts, root: dict, extras: list[bytes]) -> list[str]:
    """The root alone against the schema: its attributes and its children other than
    activities, beside a stand-in activity."""
    if facts.is_old:
        return []
    shell = etree.Element(ROOT, attrib=root)
    shell.append(etree.fromstring(STAND_IN))
    for extra in extras:
        shell.append(etree.fromstring(extra))
    validator = schema()
    if validator.validate(shell):
        return []
    reasons = ";".join(
        re.sub(r"\{[^}]*\}", "", entry.message) for entry in list(validator.error_log)[:MAX_REASONS]
    )
    return [_("文件根元素不符合 IATI 模式:%(reasons)s") % {"reasons": reasons}]


def open_checked(path: Path) -> ActivityReader:
    """Check the whole file first (``Rejected`` if it is not well-formed or has a DTD)."""
    path = Path(path)
    facts = read_prolog(path)
    facts.lines = check_well_formed(path, facts)
    return ActivityReader(path, facts=facts)
