"""A large file read in pieces: each piece is the file's head (up to the root's start tag) and
the bytes between two activities, closed by the root's end tag. It reads as the same XML, at
the same line numbers once shifted (``Piece.line_shift``)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from duikou.exchange.iati.checks import CHUNK, ROOT, FileFacts


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
        while (end := _next_end(stream, start + size)) is not None:
            yield Piece(str(path), start, end, facts.head_end, shift, facts.cr_only, small=True)
            shift += count_lines(start, end) - (head_lines if start == 0 else 0)
            start = end
    yield Piece(str(path), start, -1, facts.head_end, shift, facts.cr_only, small=start > 0)
