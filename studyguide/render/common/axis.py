"""The time axis both renderers draw: dates as fractions of the axis length, long gaps cut out.

Spacing is proportional to time, except that an empty stretch (no event, no range across it)
that would take more than MAX_EMPTY of the axis, is far longer than the usual gap between
events and is longer than a few years (or a large part of a short span), is cut out and shown
as a break that takes BREAK_SHARE of the axis: outline 01's lone 1878, 1907 and 1912 no longer
push the crowded 1917-1923 into a corner. The handout turns fractions into points down the
page and the deck into points across the slide, so the same events sit at the same relative
places in both (within each unbroken piece). Pure: no reportlab, no python-pptx.

Times are years on the continuous axis of `DatePoint.as_years` (astronomical: 1 BC is 0.0).
`event_span` is the one place that decides which stretch of time an event covers: a range runs
from the start of its first unit to the end of its last (February-May 1924 ends on 31 May, 8-16
March 1921 at the end of the 16th, 1926-1927 at the end of 1927), for both outputs.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable

from studyguide.outline.dates import DatePoint, HistDate
from studyguide.records import record

BREAK_SHARE = 0.06  # of the axis length, taken by each cut-out gap
MAX_EMPTY = 0.1  # an empty stretch is cut when it would take more than this share of the axis ...
CUT_RATIO = 4.0  # ... and is this many times the median gap between neighbouring times
MAX_BREAKS = 4  # the longest empty stretches are cut first, at most this many
MIN_CUT_YEARS = 3.0  # a shorter stretch is part of the story (a quiet year) and stays, unless
CUT_SHARE = 0.3  # it is longer than this share of the whole span (a timeline of days)
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)
MONTH_STEPS = (1, 2, 3, 6)  # months, for an axis too short to show two round years
DAY_STEPS = (1, 2, 5, 10)  # days, for an axis of a few weeks
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")


def event_span(date: HistDate) -> tuple[float, float | None]:
    """(start, end or None) in years: a written range gets an end, at the end of its last unit."""
    start = date.start.as_years()
    if date.end is None:
        return start, None
    end = end_of_unit(date.end)
    return (start, end) if end > start else (start, None)


def end_of_unit(point: DatePoint) -> float:
    """The end of the day, month or year that `point` names, in years."""
    if point.day:
        return point.as_years() + 1 / (12 * _days_in(point.astronomical_year, point.month or 1))
    if point.month:
        return point.as_years() + 1 / 12
    return point.as_years() + 1


def _days_in(year: int, month: int) -> int:
    """Days in a month of an astronomical year (proleptic Gregorian leap years)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@record
class Piece:
    """A stretch of axis without breaks: years t0..t1 drawn from fraction f0 to f1."""

    t0: float
    t1: float
    f0: float
    f1: float

    def at(self, t: float) -> float:
        """The fraction of year `t`, clamped to this piece."""
        if self.t1 <= self.t0:
            return self.f0
        t = min(max(t, self.t0), self.t1)
        return self.f0 + (t - self.t0) * (self.f1 - self.f0) / (self.t1 - self.t0)


@record
class Tick:
    """A round year on the axis: where it sits and how it is written."""

    at: float
    year: float
    label: str


@record
class Axis:
    """Years to fractions of the axis length (0 is the first event, 1 the last)."""

    pieces: tuple[Piece, ...]

    @property
    def flat(self) -> bool:
        """True when no time passes between the first and the last event."""
        return all(p.t1 <= p.t0 for p in self.pieces)

    @property
    def breaks(self) -> tuple[float, ...]:
        """The fraction at the middle of each cut-out gap, where a break mark goes."""
        return tuple((a.f1 + b.f0) / 2 for a, b in zip(self.pieces, self.pieces[1:]))

    @property
    def scale(self) -> float:
        """Fraction of the axis per year (the same in every piece); 0 for a flat axis."""
        years = sum(p.t1 - p.t0 for p in self.pieces)
        return sum(p.f1 - p.f0 for p in self.pieces) / years if years > 0 else 0.0

    def at(self, t: float) -> float:
        """The fraction of year `t`; a time inside a cut-out gap goes to the nearer piece end."""
        starts = [p.t0 for p in self.pieces]
        index = max(0, bisect.bisect_right(starts, t) - 1)
        piece = self.pieces[index]
        if t > piece.t1 and index + 1 < len(self.pieces):
            after = self.pieces[index + 1]
            if after.t0 - t < t - piece.t1:
                return after.f0
        return piece.at(t)

    def ticks(self, min_gap: float) -> tuple[Tick, ...]:
        """Round years at least `min_gap` (a fraction of the axis) apart, in each piece; the
        first of every month or quarter instead when that would show fewer than two."""
        scale = self.scale
        if scale <= 0 or min_gap <= 0:
            return ()
        step = next((s for s in STEPS if s * scale >= min_gap), STEPS[-1])
        out = []
        for piece in self.pieces:
            out += [Tick(piece.at(t), t, year_label(t)) for t in round_years(piece, step)]
        months = next((k for k in MONTH_STEPS if k / 12 * scale >= min_gap), None)
        if len(out) < 2 and months is not None and step == 1:
            out = [Tick(piece.at(t), t, label) for piece in self.pieces
                   for t, label in month_starts(piece, months)]
        days = next((k for k in DAY_STEPS if k / 365 * scale >= min_gap), None)
        if len(out) < 2 and days is not None and months == 1:
            out = [Tick(piece.at(t), t, label) for piece in self.pieces
                   for t, label in _days(piece, days)]
        return tuple(out)


def month_starts(piece: Piece, months: int) -> list[tuple[float, str]]:
    """The first days of every `months`-th month inside a piece, as (year, `Mar 1923`)."""
    if piece.t1 <= piece.t0:
        return []
    first, last = math.ceil(piece.t0 * 12 - 1e-9), math.floor(piece.t1 * 12 + 1e-9)
    return [(k / 12, f"{MONTH_NAMES[k % 12]} {year_label(k / 12)}")
            for k in range(first, last + 1) if k % months == 0]


def _days(piece: Piece, step: int) -> list[tuple[float, str]]:
    """Days 1, 1 + step, ... of each month inside a piece, as (year, `21 Aug`)."""
    if piece.t1 <= piece.t0:
        return []
    out = []
    for k in range(math.floor(piece.t0 * 12), math.floor(piece.t1 * 12) + 1):
        length = _days_in(math.floor(k / 12), k % 12 + 1)
        for day in range(1, length + 1 - step // 2, step):
            t = (k + (day - 1) / length) / 12
            if piece.t0 - 1e-9 <= t <= piece.t1 + 1e-9:
                out.append((t, f"{day} {MONTH_NAMES[k % 12]}"))
    return out


def round_years(piece: Piece, step: int) -> list[float]:
    """Multiples of `step` as historians count (for BC: 1 - multiple) inside a piece (none in
    a lone moment's piece: its event's own label says the date)."""
    if piece.t1 <= piece.t0:
        return []
    first = math.ceil(piece.t0 / step) * step
    years = []
    for k in range(int((piece.t1 - first) // step) + 1):
        t = first + k * step
        label_t = t if t > 0 else 1 - (math.ceil((1 - t) / step) * step)
        if piece.t0 <= label_t <= piece.t1:
            years.append(float(label_t))
    return years


def year_label(t: float) -> str:
    """An axis position (astronomical years: 0 is 1 BC) as a year label."""
    year = math.floor(t + 1e-9)
    return f"{1 - year} BC" if year <= 0 else str(year)


def _runs(times: list[float], covered: list[tuple[float, float]], max_empty: float,
          min_cut_years: float, max_breaks: int) -> list[tuple[float, float]]:
    """Split sorted distinct times into runs at the empty stretches worth cutting out."""
    if len(times) < 3:
        return [(times[0], times[-1])]
    gaps = [(a, b) for a, b in zip(times, times[1:])
            if not any(s <= (a + b) / 2 <= e for s, e in covered)]
    steps = sorted(b - a for a, b in zip(times, times[1:]))
    median = steps[len(steps) // 2] or (times[-1] - times[0]) / len(steps)
    cut: list[tuple[float, float]] = []
    for gap in sorted(gaps, key=lambda g: g[0] - g[1]):  # longest first
        years = times[-1] - times[0] - sum(b - a for a, b in cut)
        share = (gap[1] - gap[0]) / years * (1 - BREAK_SHARE * len(cut))
        length = gap[1] - gap[0]
        worth = length > min_cut_years or length > CUT_SHARE * (times[-1] - times[0])
        if len(cut) >= max_breaks or share <= max_empty or length <= CUT_RATIO * median:
            break
        if not worth:
            continue
        cut.append(gap)
    edges = [times[0], *(t for gap in sorted(cut) for t in gap), times[-1]]
    return list(zip(edges[::2], edges[1::2]))


def plan_axis(spans: Iterable[tuple[float, float | None]], max_empty: float = MAX_EMPTY,
              min_cut_years: float = MIN_CUT_YEARS, max_breaks: int = MAX_BREAKS) -> Axis:
    """The axis for events given as (start, end or None) in years, in any order.

    A long axis (the handout's, grown for its labels) may ask for more cuts than the defaults:
    `max_empty` is then the share of the axis an empty stretch may take before it is cut.
    """
    spans = list(spans)
    times = sorted({t for span in spans for t in span if t is not None})
    if not times:
        return Axis((Piece(0.0, 0.0, 0.5, 0.5),))
    runs = _runs(times, [(s, e) for s, e in spans if e is not None], max_empty, min_cut_years,
                 max_breaks)
    years = sum(t1 - t0 for t0, t1 in runs)
    if years <= 0:  # one moment only: everything in the middle
        return Axis((Piece(times[0], times[0], 0.5, 0.5),))
    room = 1.0 - BREAK_SHARE * (len(runs) - 1)
    pieces, f = [], 0.0
    for t0, t1 in runs:
        length = (t1 - t0) / years * room
        pieces.append(Piece(t0, t1, f, f + length))
        f += length + BREAK_SHARE
    return Axis(tuple(pieces))
