"""Read an IATI activity file, or a piece of it, safely and in flat memory, one activity at a
time (the whole file checked first: ``checks``).

Each activity is checked against the IATI 2.03 schema (2.0x files; 1.0x files are read by their
own rules and reported as old), read into an ``Activity`` or reported with its identifier and
the reason. A whole file is read with lxml ``iterparse``, which hands over each
``iati-activity`` when it ends and clears it with everything before it, so memory stays flat; a
piece of about a megabyte (``pieces``) is read whole and checked against the schema at once,
which is faster.
"""

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _
from lxml import etree

from duikou.exchange.iati import parse
from duikou.exchange.iati.activity import Activity
from duikou.exchange.iati.checks import (
    POSITION,
    ROOT,
    FileFacts,
    check_well_formed,
    not_iati,
    not_well_formed,
    read_prolog,
    refuse_dtd,
)
from duikou.exchange.iati.pieces import Piece, PieceStream

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "iati" / "schema"
VERSIONS = {"1.01", "1.02", "1.03", "1.04", "1.05", "2.01", "2.02", "2.03"}
MAX_REASONS = 3
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


@functools.cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA / "iati-activities-schema.xsd"), parser))


def _schema_reasons(log, line_shift: int = 0) -> str:
    reasons = []
    for entry in list(log)[:MAX_REASONS]:
        message = re.sub(r"\{[^}]*\}", "", entry.message)
        line = entry.line + line_shift
        reasons.append(_("第 %(line)s 行:%(message)s") % {"line": line, "message": message})
    if len(log) > MAX_REASONS:
        reasons.append(_("另有 %(n)s 处") % {"n": len(log) - MAX_REASONS})
    return ";".join(reasons)


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
            raise not_well_formed(POSITION.sub("", error.msg or ""), line, column) from None
        if self._root is None:
            raise not_iati()
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
            raise not_iati(element.sourceline or 0, 1)
        docinfo = element.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            refuse_dtd()
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
