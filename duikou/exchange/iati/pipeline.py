"""A checked file's activities, read in worker processes while the importer writes.

The file is cut into pieces (``pieces.pieces``). Each worker process reads a piece (the schema
check, the reading, the mapping: ``mapping.prepare``) and leaves what the importer writes in a
file (a pipe between processes is slow for megabytes); the importer takes the pieces in the
file's order, one at a time, so its memory stays flat. One worker first checks the whole file
(``check_well_formed``) while the others read ahead. The workers are forked: they have the
lookups, the settings and the language of the import, and never touch the database. A file of
one piece, or a machine with one core, is read here, streaming.

A cut that falls inside a comment or an element shows as a piece that does not read
(``BrokenPiece``): what the workers read after it is dropped and the rest of the file is read
here, in one piece.
"""

import dataclasses
import gc
import multiprocessing
import os
import pickle
import signal
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from duikou.exchange.iati import mapping
from duikou.exchange.iati.checks import FileFacts, check_well_formed
from duikou.exchange.iati.pieces import Piece, pieces, whole_file
from duikou.exchange.iati.reader import ActivityReader, BrokenPiece, Problem, Read, root_notes

# Pieces read ahead per worker (what they read waits in files, not in memory): many while
# the file is checked and nothing can be written yet, few after (the importer then catches
# up while they read on, and little is left for it alone at the end).
AHEAD_WHILE_CHECKED, AHEAD = 16, 4
# What the import does not read into an activity: it is kept in the activity's XML (results
# are read from there when they are written: ``Mapped.results``).
NOT_READ = frozenset({"planned-disbursement", "recipient-region", "result"})
NICER = 5  # the workers' scheduling priority below the importer's
# Reading makes many small objects that live as long as their activity: the garbage collector
# runs less often while a file is read (its defaults: 700, 10, 10).
GC_THRESHOLD = (50_000, 20, 100)


@dataclass
class PieceResult:
    items: list = field(default_factory=list)  # Mapped or Problem, in the piece's order
    extras: list[bytes] = field(default_factory=list)  # the root's other children
    facts: FileFacts | None = None  # the version, its notes, the root's attributes
    broken: bool = False


_lookups: mapping.Lookups | None = None  # a worker's, set when it starts


def _start_worker(lookups: mapping.Lookups) -> None:
    """The workers give way to the importing process: it writes, and they only read ahead.
    They stop when told to, whatever the importing process does with signals (a task worker
    finishes its task first), and leave Ctrl+C to it."""
    global _lookups
    _lookups = lookups
    os.nice(NICER)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _item(found: Read | Problem, lookups: mapping.Lookups):
    return found if isinstance(found, Problem) else mapping.prepare(found, lookups)


def read_piece(piece: Piece, spool: str) -> str:
    """In a worker: one piece, read whole; what was read is left in a file of ``spool``. What
    a piece makes lives until it is sent: the garbage collector waits for the end."""
    reader = ActivityReader(Path(piece.path), facts=FileFacts(), piece=piece, skip=NOT_READ)
    gc.disable()
    try:
        items = [_item(found, _lookups) for found in reader]
        result = PieceResult(items, reader.extras, reader.facts)
    except BrokenPiece:
        result = PieceResult(broken=True)
    finally:
        gc.enable()
    path = Path(spool) / f"{piece.start}.pickle"
    with open(path, "wb") as stream:
        pickle.dump(result, stream, pickle.HIGHEST_PROTOCOL)
    return str(path)


def _taken(path: str) -> PieceResult:
    """What a worker read, from its file (then removed)."""
    with open(path, "rb") as stream:
        result = pickle.load(stream)
    os.unlink(path)
    return result


class Activities:
    """The activities of a file (``Mapped`` or ``Problem``), in the file's order. Use it as a
    context manager: entering checks the whole file (``check_well_formed``, while the workers
    start reading ahead) and raises ``Rejected``; leaving stops the workers. ``facts`` gets
    the lines, the version, its notes and the root's."""

    def __init__(self, path: Path, facts: FileFacts, lookups, *, workers: int, piece_bytes: int):
        self.path, self.facts, self.lookups = Path(path), facts, lookups
        self.workers = workers
        self.pieces = pieces(self.path, facts, piece_bytes)
        self.extras: list[bytes] = []
        self.pool = None
        self.window: deque = deque()

    def __enter__(self) -> "Activities":
        # What exists now lives through the import: the garbage collector need not walk it
        # again and again (nor the workers copy it, touching it).
        gc.freeze()
        self.gc_threshold = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLD)
        self.first = next(self.pieces)
        try:
            if self.first.is_whole_file or self.workers < 2:
                self.first = whole_file(self.path, self.facts)
                self.facts.lines = check_well_formed(self.path, self.facts)
            else:
                self.spool = tempfile.TemporaryDirectory(prefix="duikou-iati-")
                self.pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_start_worker,
                    initargs=(self.lookups,),
                )
                # one worker checks the file while the others start reading it
                checked = self.pool.submit(check_well_formed, self.path, self.facts)
                self._send(self.first)
                self._fill(AHEAD_WHILE_CHECKED)
                self.facts.lines = checked.result()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self._stop()
        gc.set_threshold(*self.gc_threshold)
        gc.unfreeze()

    def _stop(self) -> None:
        """Pieces not begun are dropped, those begun finished (a worker killed midway could
        leave a lock between the processes taken, and stopping would hang)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            self.spool.cleanup()
        self.window.clear()

    def _send(self, piece: Piece) -> None:
        self.window.append((piece, self.pool.submit(read_piece, piece, self.spool.name)))

    def _fill(self, ahead: int = AHEAD) -> None:
        while len(self.window) < self.workers * ahead:
            piece = next(self.pieces, None)
            if piece is None:
                return
            self._send(piece)

    def __iter__(self) -> Iterator:
        if self.pool is None:
            yield from self._here(self.first)
        while self.window:
            piece, pending = self.window.popleft()
            result = _taken(pending.result())
            if result.broken:
                self._stop()
                yield from self._here(dataclasses.replace(piece, end=-1, small=False))
                break
            self._keep(piece, result.facts, result.extras)
            self._fill()
            yield from result.items
        self.facts.notes += root_notes(self.facts, self.facts.root, self.extras)

    def _here(self, piece: Piece) -> Iterator:
        """A piece read in this process, streaming."""
        reader = ActivityReader(self.path, facts=FileFacts(), piece=piece, skip=NOT_READ)
        for found in reader:
            yield _item(found, self.lookups)
        self._keep(piece, reader.facts, reader.extras)

    def _keep(self, piece: Piece, facts: FileFacts, extras: list[bytes]) -> None:
        if piece.start == 0:  # every piece reads the root; the first one tells
            self.facts.version, self.facts.root = facts.version, facts.root
            self.facts.notes += facts.notes
        self.extras += extras
