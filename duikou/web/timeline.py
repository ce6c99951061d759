"""Positions of dated spans on a shared time axis, for the timelines of pairings and postings (SVG
with percentages, so the page needs no inline style)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    left: float  # % of the axis
    width: float
    ongoing: bool


@dataclass(frozen=True)
class Axis:
    start: datetime.date
    end: datetime.date
    ticks: list[tuple[int, float]]  # (year, % from the left)

    def place(self, start: datetime.date, end: datetime.date | None, today) -> Span:
        total = (self.end - self.start).days
        stop = min(end or today, self.end)
        left = (start - self.start).days / total * 100
        width = max((stop - start).days / total * 100, 0.6)
        return Span(round(left, 2), round(min(width, 100 - left), 2), end is None or end >= today)


def axis_for(starts: list[datetime.date], ends: list[datetime.date | None], today) -> Axis:
    """An axis from the first start's year to the end of the later of today and the last end,
    with a tick every year (every few years on long axes)."""
    first = min(starts, default=today).year
    last = max([today.year] + [end.year for end in ends if end is not None])
    start, end = datetime.date(first, 1, 1), datetime.date(last + 1, 1, 1)
    step = -(-(last + 1 - first) // 8)  # at most 8 ticks
    total = (end - start).days
    ticks = [
        (year, round((datetime.date(year, 1, 1) - start).days / total * 100, 2))
        for year in range(first, last + 1, step)
    ]
    ticks = [(year, x) for year, x in ticks if x <= 92]  # room for the last label
    return Axis(start, end, ticks)


def dated_spans(items, today: datetime.date) -> tuple[Axis, list]:
    """The axis and, for each dated item (``start_date``, ``end_date``: a pairing, a posting),
    ``(item, span)``."""
    items = list(items)
    axis = axis_for([i.start_date for i in items], [i.end_date for i in items], today)
    return axis, [(i, axis.place(i.start_date, i.end_date, today)) for i in items]
