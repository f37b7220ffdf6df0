"""The time axis both renderers draw: dates as fractions of the axis length, long gaps cut out.

Spacing is proportional to time, except that a gap far longer than the rest (1878, then the
1910s and 1920s) is cut out and shown as a break that takes BREAK_SHARE of the axis. The handout
turns fractions into points down the page and the deck into points across the slide, so the
same events sit at the same relative places in both. Pure: no reportlab, no python-pptx.

Times are years on the continuous axis of `DatePoint.as_years` (astronomical: 1 BC is 0.0).
`event_span` is the one place that decides which stretch of time an event covers, so a change
such as "a range ends at the end of its last unit" is made there for both outputs.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass

from studyguide.outline.dates import HistDate

BREAK_SHARE = 0.06  # of the axis length, taken by each cut-out gap
CUT_SHARE = 0.3  # a gap is cut only when longer than this share of the whole span ...
CUT_RATIO = 8.0  # ... and this many times the median gap between neighbouring times
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)


def event_span(date: HistDate) -> tuple[float, float | None]:
    """(start, end or None) in years: only a written range that takes time gets an end."""
    start, end = date.as_years()
    if not date.is_range or end <= start:
        return start, None
    return start, end


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Tick:
    """A round year on the axis: where it sits and how it is written."""

    at: float
    year: float
    label: str


@dataclass(frozen=True)
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
        """Round years at least `min_gap` (a fraction of the axis) apart, in each piece."""
        scale = self.scale
        if scale <= 0 or min_gap <= 0:
            return ()
        step = next((s for s in STEPS if s * scale >= min_gap), STEPS[-1])
        out = []
        for piece in self.pieces:
            out += [Tick(piece.at(t), t, year_label(t)) for t in _round_years(piece, step)]
        return tuple(out)


def _round_years(piece: Piece, step: int) -> list[float]:
    """Multiples of `step` as historians count (for BC: 1 - multiple) inside a piece."""
    if piece.t1 - piece.t0 < step:
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


def _runs(times: list[float]) -> list[tuple[float, float]]:
    """Split sorted distinct times into runs separated by disproportionately long gaps."""
    if len(times) < 3:
        return [(times[0], times[-1])]
    span = times[-1] - times[0]
    gaps = sorted(b - a for a, b in zip(times, times[1:]))
    median = gaps[len(gaps) // 2] or (span / len(gaps))
    runs, start = [], times[0]
    for a, b in zip(times, times[1:]):
        if b - a > CUT_SHARE * span and b - a > CUT_RATIO * median:
            runs.append((start, a))
            start = b
    runs.append((start, times[-1]))
    return runs


def plan_axis(spans: Iterable[tuple[float, float | None]]) -> Axis:
    """The axis for events given as (start, end or None) in years, in any order."""
    times = sorted({t for span in spans for t in span if t is not None})
    if not times:
        return Axis((Piece(0.0, 0.0, 0.5, 0.5),))
    runs = _runs(times)
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
