"""A piecewise time scale for a crowded timeline: dense years open out, thin years close up.

A proportional axis gives a year the same length whether it holds one event or nine; when the
labels of a crowded stretch need more room than its share, they fan out far from their dots,
and a long timeline (the course pack's master timeline) spends pages on quiet years. Here each
stretch between two neighbouring dates gets the larger of its time at a common scale and the
height its labels need, so every label can sit level with its own marker; the common scale is
the largest that keeps the whole within a length budget. A stretch longer than MAX_EMPTY_POINTS
at that scale is cut out as a break. The scale is linear between neighbouring dates, and the
ticks are placed on the same mapping, so their uneven spacing shows where time is stretched:
the stretches drawn at less than COMPRESSED of the figure's typical scale are marked by the
drawer as compressed. Pure: no reportlab.
"""

from __future__ import annotations

import bisect
import math

from studyguide.records import record
from studyguide.render.common.axis import MAX_EMPTY, MIN_CUT_YEARS, MONTH_NAMES, STEPS, year_label

MAX_EMPTY_POINTS = 150.0  # a stretch drawn longer than this at the common scale is cut out
BREAK_GAP = 26.0  # points a cut-out stretch takes down the page, with its break mark
COMPRESSED = 0.5  # a stretch drawn at less than this share of the median scale is compressed
SHORT_LABEL_GAP = 12.0  # points from any other label a year's short label ('31) needs
MIN_MARK_GAP = 4.0  # points from any other tick a year's bare tick needs


@record
class Stretch:
    """Years t0..t1 drawn from y0 to y1 (linear inside); `cut`: a break, nothing to scale."""

    t0: float
    t1: float
    y0: float
    y1: float
    cut: bool = False

    @property
    def scale(self) -> float:
        """Points per year (0 for a cut stretch)."""
        return 0.0 if self.cut or self.t1 <= self.t0 else (self.y1 - self.y0) / (self.t1 - self.t0)


@record
class Scale:
    """Years to points down the figure, stretch by stretch."""

    stretches: tuple[Stretch, ...]

    def y(self, t: float) -> float:
        """The y of year `t`; a time inside a cut stretch goes to its nearer end."""
        if not self.stretches:
            return 0.0
        starts = [s.t0 for s in self.stretches]
        s = self.stretches[max(0, bisect.bisect_right(starts, t) - 1)]
        if t <= s.t0:
            return s.y0
        if t >= s.t1:
            return s.y1
        if s.cut:
            return s.y0 if t - s.t0 < s.t1 - t else s.y1
        return s.y0 + (t - s.t0) * s.scale

    @property
    def breaks(self) -> tuple[float, ...]:
        return tuple((s.y0 + s.y1) / 2 for s in self.stretches if s.cut)

    def compressed(self) -> tuple[tuple[float, float], ...]:
        """(y0, y1) of each stretch drawn at less than COMPRESSED of the median scale."""
        scales = sorted(s.scale for s in self.stretches if s.scale > 0)
        if not scales:
            return ()
        median = scales[len(scales) // 2]
        return tuple((s.y0, s.y1) for s in self.stretches
                     if 0 < s.scale < COMPRESSED * median and s.y1 - s.y0 > 4)


def plan_scale(spans: list[tuple[float, float | None]], needs: list[float], budget: float,
               top: float = 0.0) -> Scale:
    """The scale for events (start, end or None) sorted by start, whose labels need `needs`
    points each before the next marker, drawn in about `budget` points from `top`."""
    knots = sorted({s for s, _ in spans})
    need = {t: 0.0 for t in knots}
    for (start, _), height in zip(spans, needs):
        need[start] += height
    last = max([e for _, e in spans if e is not None] + knots)
    gaps = [(a, b, need[a]) for a, b in zip(knots, knots[1:])]
    if last > knots[-1]:
        gaps.append((knots[-1], last, 0.0))
    if not gaps:
        return Scale((Stretch(knots[0], knots[0], top, top),))
    stretches = _fit(gaps, budget, top, cuts=True)
    if all(s.cut for s in stretches):  # nothing left to show the time: no cuts then
        stretches = _fit(gaps, budget, top, cuts=False)
    return Scale(stretches)


def _fit(gaps: list[tuple[float, float, float]], budget: float, top: float, cuts: bool
         ) -> tuple[Stretch, ...]:
    """The stretches at the largest common scale whose drawing fits the budget: found with
    every stretch capped at MAX_EMPTY_POINTS (the length then grows with the scale), then the
    capped ones are cut out and the rest share the room freed, until no more are cut."""
    cut: set[int] = set()
    # a quiet stretch of more than a few years is cut out when it would take a large share of
    # a short figure, even under MAX_EMPTY_POINTS (outline 01's lone 1878 before 1907)
    longest = min(MAX_EMPTY_POINTS, MAX_EMPTY * budget)
    while True:
        low, high = 0.0, max(budget, 1.0) / min(b - a for a, b, _ in gaps)
        for _ in range(60):
            mid = (low + high) / 2
            low, high = (mid, high) if _length(gaps, mid, cut) <= budget else (low, mid)
        more = {i for i, (a, b, need) in enumerate(gaps)
                if cuts and need < MAX_EMPTY_POINTS and ((b - a) * low > MAX_EMPTY_POINTS or (
                    (b - a) * low > longest and b - a > MIN_CUT_YEARS))} - cut
        if not more or len(cut | more) == len(gaps):
            break
        cut |= more
    out, y = [], top
    for i, (a, b, room) in enumerate(gaps):
        length = _stretch(b - a, room, low, i in cut)
        out.append(Stretch(a, b, y, y + length, i in cut))
        y += length
    return tuple(out)


def _stretch(years: float, need: float, scale: float, cut: bool) -> float:
    """A stretch's length at `scale` points per year: a stretch to be cut out is a break."""
    if cut:
        return max(need, BREAK_GAP)
    return max(min(years * scale, MAX_EMPTY_POINTS), need)


def _length(gaps: list[tuple[float, float, float]], scale: float, cut: set[int]) -> float:
    return sum(_stretch(b - a, need, scale, i in cut) for i, (a, b, need) in enumerate(gaps))


def scale_ticks(scale: Scale, min_gap: float) -> tuple[tuple[float, str], ...]:
    """Round years (the roundest first) at least `min_gap` points apart, placed on the scale;
    the first of months instead where that would show fewer than two."""
    years = _candidates(scale, _year_times(scale), min_gap)
    if len(years) >= 2:
        return years
    months = _candidates(scale, _month_times(scale), min_gap)
    return months if len(months) > len(years) else years


def year_marks(scale: Scale, ticks: tuple[tuple[float, str], ...]
               ) -> tuple[tuple[float, str], ...]:
    """A minor tick for every year start the labelled `ticks` leave out, where the scale is
    uneven a reader cannot count the years between two labels: labelled with the short form
    ('31) where it stands SHORT_LABEL_GAP from every other label, else bare where it stands
    MIN_MARK_GAP from every other tick. Only on a scale of single years, AD."""
    times = _year_times(scale)
    if not ticks or any(t % 1 or t <= 0 for t, _, _ in times):
        return ()
    labelled = {label for _, label in ticks}
    labels = sorted(y for y, _ in ticks)
    marks = list(labels)
    out = []
    for t, _, label in sorted(times):
        y = scale.y(t)
        if label in labelled or not _clear(marks, y, MIN_MARK_GAP):
            continue
        short = _clear(labels, y, SHORT_LABEL_GAP)
        if short:
            bisect.insort(labels, y)
        bisect.insort(marks, y)
        out.append((y, f"\u2019{label[-2:]}" if short else ""))
    return tuple(out)


def _clear(kept: list[float], y: float, gap: float) -> bool:
    """True when `y` is at least `gap` from every y in the sorted list `kept`."""
    index = bisect.bisect_left(kept, y)
    return all(abs(y - k) >= gap for k in kept[max(0, index - 1):index + 1])


def _year_times(scale: Scale) -> list[tuple[float, int, str]]:
    drawn = [s for s in scale.stretches if not s.cut and s.t1 > s.t0]
    if not drawn:
        return []
    first, last = drawn[0].t0, drawn[-1].t1
    step = next(s for s in STEPS if (last - first) / s <= 400) if last - first > 400 else 1
    out = []
    for k in range(math.ceil(first / step), math.floor(last / step) + 1):
        t = float(k * step)
        if any(s.t0 - 1e-9 <= t <= s.t1 + 1e-9 for s in drawn):
            rank = max((i for i, s in enumerate(STEPS) if t % s == 0), default=0)
            out.append((t, -rank, year_label(t)))
    return out


def _month_times(scale: Scale) -> list[tuple[float, int, str]]:
    drawn = [s for s in scale.stretches if not s.cut and s.t1 > s.t0]
    out = []
    for s in drawn:
        for k in range(math.ceil(s.t0 * 12 - 1e-9), math.floor(s.t1 * 12 + 1e-9) + 1):
            rank = next(i for i, m in enumerate((12, 6, 3, 1)) if k % m == 0)
            out.append((k / 12, rank, f"{MONTH_NAMES[k % 12]} {year_label(k / 12)}"))
    return sorted(set(out))


def _candidates(scale: Scale, times: list[tuple[float, int, str]], min_gap: float
                ) -> tuple[tuple[float, str], ...]:
    """The roundest times first, each kept when it is `min_gap` from every kept one."""
    kept: list[float] = []
    out = []
    for t, _, label in sorted(times, key=lambda c: (c[1], c[0])):
        y = scale.y(t)
        index = bisect.bisect_left(kept, y)
        near = kept[max(0, index - 1):index + 1]
        if all(abs(y - k) >= min_gap for k in near):
            kept.insert(index, y)
            out.append((y, label))
    return tuple(sorted(out))
