"""What became of an imported file: counts, file notes, and every problem and warning with
its line and identifier (the first thousand of each listed, all counted)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from duikou.exchange.iati.reader import Problem

MAX_LISTED = 1000  # problems and warnings listed in a report (all are counted)


@dataclass
class FileReport:
    """What became of one file."""

    name: str
    version: str = ""
    lines: int = 0
    activities: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: str = ""
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[Problem] = field(default_factory=list)
    warning_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.problem_count

    def problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)

    def warn(self, line: int, identifier: str, texts: Iterable[str]) -> None:
        for text in texts:
            self.warning_count += 1
            if len(self.warnings) < MAX_LISTED:
                self.warnings.append(Problem(line, identifier, text))

    def as_dict(self) -> dict:
        def rows(items):
            return [{"line": p.line, "identifier": p.identifier, "reason": p.reason} for p in items]

        return {
            "name": self.name,
            "version": self.version,
            "lines": self.lines,
            "activities": self.activities,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "notes": self.notes,
            "problems": rows(self.problems),
            "problem_count": self.problem_count,
            "warnings": rows(self.warnings),
            "warning_count": self.warning_count,
        }


Progress = Callable[[float, int], None]  # (share of the file read, activities read)
