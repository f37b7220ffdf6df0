"""Where everything on the timeline graphic goes: a pure plan, no reportlab.

The axis runs down the page; spacing is proportional to time, except that a gap far longer than
the rest (44 BC, then the 1920s) is cut out and shown as a break. Labels sit to the right of the
axis, each as close to its event's marker as the labels around it allow; when events are close
in time the labels stack and a leader line joins each to its marker. All y values are points
from the top of the graphic, growing downwards.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

BREAK_GAP = 30.0  # points of axis a cut-out gap takes
LABEL_GAP = 3.0  # points between stacked labels
SLACK = 1.25  # axis length as a multiple of the stacked labels' height
MIN_TICK_SPACING = 30.0  # points between year ticks
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)


@dataclass(frozen=True)
class Segment:
    """A piece of the axis without breaks: years t0..t1 drawn from y0 to y1."""

    t0: float
    t1: float
    y0: float
    y1: float

    def y(self, t: float) -> float:
        if self.t1 <= self.t0:
            return self.y0
        return self.y0 + (t - self.t0) * (self.y1 - self.y0) / (self.t1 - self.t0)


@dataclass(frozen=True)
class Placed:
    """One event: its marker (and range end), its lane for a range bar, and its label box."""

    marker: float
    end: float | None
    lane: int
    top: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def reach(self) -> tuple[float, float]:
        """The vertical extent a page break must not cut: marker, leader and label."""
        return min(self.marker, self.top), max(self.marker, self.bottom)


@dataclass(frozen=True)
class Plan:
    height: float
    segments: tuple[Segment, ...]
    breaks: tuple[float, ...]  # y of each break mark (the middle of a cut-out gap)
    events: tuple[Placed, ...]
    ticks: tuple[tuple[float, str], ...]  # (y, year label)
    lanes: int


def _groups(times: list[float]) -> list[tuple[float, float]]:
    """Split the sorted distinct times into runs separated by disproportionately long gaps."""
    if len(times) < 3:
        return [(times[0], times[-1])]
    span = times[-1] - times[0]
    gaps = sorted(b - a for a, b in zip(times, times[1:]))
    median = gaps[len(gaps) // 2] or (span / len(gaps))
    runs, start = [], times[0]
    for a, b in zip(times, times[1:]):
        if b - a > 0.3 * span and b - a > 8 * median:
            runs.append((start, a))
            start = b
    runs.append((start, times[-1]))
    return runs


def _segments(groups: list[tuple[float, float]], scale: float, top: float) -> list[Segment]:
    out, y = [], top
    for t0, t1 in groups:
        length = (t1 - t0) * scale
        out.append(Segment(t0, t1, y, y + length))
        y += length + BREAK_GAP
    return out


def _locate(segments: list[Segment], starts: list[float], t: float) -> float:
    seg = segments[max(0, bisect.bisect_right(starts, t) - 1)]
    return seg.y(min(max(t, seg.t0), seg.t1))


def place_labels(ideal: list[float], heights: list[float], gap: float = LABEL_GAP) -> list[float]:
    """Label tops as near their ideal tops as possible without overlapping, in order, >= 0.

    Overlapping labels merge into a block placed where the squared distances of its labels
    from their ideal tops are least; blocks live on a stack, so the whole pass is linear.
    """
    # Each block: [top, height, sum of (ideal top - offset in block), label count, first label]
    blocks: list[list[float]] = []
    for index, (want, height) in enumerate(zip(ideal, heights)):
        block = [max(want, 0.0), height, want, 1.0, float(index)]
        while blocks and blocks[-1][0] + blocks[-1][1] + gap > block[0]:
            prev = blocks.pop()
            offset = prev[1] + gap
            total = prev[2] + block[2] - offset * block[3]
            count = prev[3] + block[3]
            block = [max(total / count, 0.0), offset + block[1], total, count, prev[4]]
        blocks.append(block)
    tops = [0.0] * len(ideal)
    firsts = [int(b[4]) for b in blocks] + [len(ideal)]
    for block, end in zip(blocks, firsts[1:]):
        y = block[0]
        for index in range(int(block[4]), end):
            tops[index] = y
            y += heights[index] + gap
    return tops


MAX_LANES = 6


def _lanes(events: list[tuple[float, float | None]]) -> tuple[list[int], int]:
    """A lane per range bar so overlapping ranges sit side by side (greedy interval colouring)."""
    lane_ends: list[float] = []
    lanes = []
    for start, end in events:
        if end is None:
            lanes.append(-1)
            continue
        free = next((i for i, e in enumerate(lane_ends) if e + 2 < start), None)
        if free is None and len(lane_ends) < MAX_LANES:
            lane_ends.append(end)
            free = len(lane_ends) - 1
        elif free is None:
            free = min(range(len(lane_ends)), key=lane_ends.__getitem__)
        lane_ends[free] = max(lane_ends[free], end)
        lanes.append(free)
    return lanes, len(lane_ends)


def plan_timeline(spans: list[tuple[float, float | None]], heights: list[float],
                  anchors: list[float]) -> Plan:
    """Lay out events given as (start, end or None) in years, sorted by start.

    `heights` are the label heights; `anchors` the distance from a label's top to the middle
    of its first line, which is what lines up with the marker.
    """
    if not spans:
        return Plan(0.0, (), (), (), (), 0)
    times = sorted({t for span in spans for t in span if t is not None})
    groups = _groups(times)
    length = sum(t1 - t0 for t0, t1 in groups)
    stacked = sum(heights) + LABEL_GAP * len(heights)
    scale = stacked * SLACK / length if length > 0 else 0.0
    top = anchors[0] if anchors else 0.0
    segments = _segments(groups, scale, top)
    starts = [s.t0 for s in segments]
    markers = [_locate(segments, starts, s) for s, _ in spans]
    ends = [None if e is None else _locate(segments, starts, e) for _, e in spans]
    tops = place_labels([m - a for m, a in zip(markers, anchors)], heights)
    lanes, lane_count = _lanes(list(zip(markers, ends)))
    placed = tuple(Placed(m, e, ln, t, h)
                   for m, e, ln, t, h in zip(markers, ends, lanes, tops, heights))
    bottom = max(max(p.bottom for p in placed), max(e or 0.0 for e in ends), segments[-1].y1)
    breaks = tuple((a.y1 + b.y0) / 2 for a, b in zip(segments, segments[1:]))
    return Plan(bottom + 4.0, tuple(segments), breaks, placed,
                tuple(_ticks(segments, scale)), lane_count)


def year_label(t: float) -> str:
    """An axis position (astronomical years: 0 is 1 BC) as a year label."""
    year = math.floor(t + 1e-9)
    return f"{1 - year} BC" if year <= 0 else str(year)


def _ticks(segments: list[Segment], scale: float) -> list[tuple[float, str]]:
    if scale <= 0:
        return []
    step = next((s for s in STEPS if s * scale >= MIN_TICK_SPACING), STEPS[-1])
    ticks = []
    for seg in segments:
        if seg.t1 - seg.t0 < step:
            continue
        # Ticks fall on round historical years: for BC that is 1 - (multiple of step).
        first = math.ceil(seg.t0 / step) * step
        for k in range(int((seg.t1 - first) // step) + 1):
            t = first + k * step
            label_t = t if t > 0 else 1 - (math.ceil((1 - t) / step) * step)
            if seg.t0 <= label_t <= seg.t1:
                ticks.append((seg.y(label_t), year_label(label_t)))
    return ticks


def cut_points(plan: Plan) -> list[float]:
    """Every y where a page may end without cutting a label, marker or leader line."""
    cuts = []
    reach_bottom = -math.inf
    for a, b in zip(plan.events, plan.events[1:]):
        reach_bottom = max(reach_bottom, a.reach[1])
        if reach_bottom + 1 < b.reach[0]:
            cuts.append((reach_bottom + b.reach[0]) / 2)
    return cuts


def label_cuts(plan: Plan) -> list[float]:
    """Weaker cut points (between stacked labels) for a cluster taller than a page."""
    return [(a.bottom + b.top) / 2 for a, b in zip(plan.events, plan.events[1:])]
