"""Where everything on the timeline graphic goes: a pure plan, no reportlab.

The axis runs down the page. Where each date sits (proportional to time, with long empty gaps
cut out as breaks), the round-year ticks and the range bars' lanes come from render/common, so
the deck places the same events alike. This module turns those fractions into points and
places the labels to the right of the axis, each as close to its event's marker as the labels
around it allow; when events are close in time the labels stack and a leader line joins each to
its marker. Labels keep the order of their markers, so no two leaders cross; and the axis grows
(up to the caller's `max_length`) until no label sits more than MAX_DRIFT from its marker, so a
crowded year gets the room its labels need instead of pushing them years away; grown, it cuts
out any quiet stretch drawn longer than MAX_EMPTY_POINTS. All y values are points from the top
of the graphic, growing downwards.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from studyguide.records import record
from studyguide.render.common.axis import (
    BREAK_SHARE,
    STEPS,
    Axis,
    Piece,
    month_starts,
    plan_axis,
    round_years,
    year_label,
)
from studyguide.render.common.lanes import Lanes, assign_lanes
from studyguide.render.pdf.timeline_scale import (
    BREAK_GAP,
    MAX_EMPTY_POINTS,
    plan_scale,
    scale_ticks,
    year_marks,
)

LABEL_GAP = 3.0  # points between stacked labels
SLACK = 1.25  # axis length (without breaks) as a multiple of the stacked labels' height
MAX_DRIFT = 30.0  # points a label's first line may sit from its marker before the axis grows
PROPORTIONAL_DRIFT = 12.0  # beyond this (a cluster's labels fanned out), the scale is piecewise
GROWTH = 1.2  # each step lengthens the axis by this factor, up to the caller's limit
FILL_SLACK = 1.15  # the same for a figure that fills its pages (on the piecewise scale)
MAX_BREAKS_DRAWN = 12
MIN_TICK_SPACING = 30.0  # points between year ticks


@record
class Segment:
    """A piece of the axis without breaks: years t0..t1 drawn from y0 to y1."""

    t0: float
    t1: float
    y0: float
    y1: float


@record
class Placed:
    """One event: its marker, its range bar's end and lane (None: no bar), its label box."""

    marker: float
    end: float | None
    lane: int | None
    top: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def reach(self) -> tuple[float, float]:
        """The vertical extent a page break must not cut: marker, leader and label."""
        return min(self.marker, self.top), max(self.marker, self.bottom)


@record
class Plan:
    height: float
    segments: tuple[Segment, ...]
    breaks: tuple[float, ...]  # y of each break mark (the middle of a cut-out gap)
    events: tuple[Placed, ...]
    ticks: tuple[tuple[float, str], ...]  # (y, year label)
    lanes: int
    drift: float = 0.0  # the farthest a label's first line sits from its marker
    compressed: tuple[tuple[float, float], ...] = ()  # (y0, y1) of each closed-up stretch
    minor: tuple[tuple[float, str], ...] = ()  # (y, short label or "") of the other years


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


def plan_timeline(spans: list[tuple[float, float | None]], heights: list[float],
                  anchors: list[float], max_length: float = 0.0, fill: bool = False) -> Plan:
    """Lay out events given as (start, end or None) in years, sorted by start.

    `heights` are the label heights; `anchors` the distance from a label's top to the middle
    of its first line, which is what lines up with the marker. The axis grows up to
    `max_length` points (the whole graphic's height) to keep labels near their markers
    (0: no growth). Where that leaves a label more than PROPORTIONAL_DRIFT from its marker, or when
    the figure is to `fill` its pages (the course pack's master timeline), the scale is
    piecewise instead (timeline_scale.py): each stretch gets the room its labels need.
    """
    if not spans:
        return Plan(0.0, (), (), (), (), 0)
    plan = _proportional(spans, heights, anchors, max_length)
    if plan.drift <= PROPORTIONAL_DRIFT and not fill:
        return plan
    needs = [h + LABEL_GAP for h in heights]
    budget = sum(needs) * (FILL_SLACK if fill else SLACK)
    scale = plan_scale(spans, needs, budget, anchors[0])
    segments = tuple(Segment(s.t0, s.t1, s.y0, s.y1) for s in scale.stretches if not s.cut)
    markers = [scale.y(s) for s, _ in spans]
    ends = [None if e is None else scale.y(e) for _, e in spans]
    tops = place_labels([mk - a for mk, a in zip(markers, anchors)], heights)
    reach = max([*markers, *(e for e in ends if e is not None), 1.0])
    lanes = assign_lanes([(mk / reach, None if e is None else e / reach)
                          for mk, e in zip(markers, ends)])
    ticks = scale_ticks(scale, MIN_TICK_SPACING)
    plan = _assemble(markers, ends, tops, heights, anchors, lanes, segments, scale.breaks,
                     ticks, scale.compressed())
    # On an uneven scale, every year start has a tick: a reader cannot count the years
    # between two labelled ticks there (1931 and 1933 in the pack's master timeline).
    return replace(plan, minor=year_marks(scale, ticks))


def _proportional(spans: list[tuple[float, float | None]], heights: list[float],
                  anchors: list[float], max_length: float) -> Plan:
    """The plan on a proportional axis (long empty stretches cut out), grown for its labels."""
    axis = plan_axis(spans)
    length, y, markers, tops = _grow(axis, spans, heights, anchors, max_length)
    # Grown for its labels, an axis may draw a quiet stretch a third of a page long: cut out
    # every empty stretch longer than MAX_EMPTY_POINTS, then grow again.
    if length > 0:
        cut = plan_axis(spans, max_empty=MAX_EMPTY_POINTS / length, min_cut_years=0.0,
                        max_breaks=MAX_BREAKS_DRAWN)
        if len(cut.breaks) > len(axis.breaks):
            axis = cut
            length, y, markers, tops = _grow(axis, spans, heights, anchors, max_length)
    ends = [None if e is None else y(axis.at(e)) for _, e in spans]
    # the lanes from the axis's fractions, as the deck assigns them
    lanes = assign_lanes([(axis.at(s), None if e is None else axis.at(e)) for s, e in spans])
    segments = tuple(Segment(p.t0, p.t1, y(p.f0), y(p.f1)) for p in axis.pieces)
    return _assemble(markers, ends, tops, heights, anchors, lanes, segments,
                     tuple(y(b) for b in axis.breaks), _ticks(axis, length, y), ())


def _assemble(markers: list[float], ends: list[float | None], tops: list[float],
              heights: list[float], anchors: list[float], lanes: Lanes,
              segments: tuple[Segment, ...],
              breaks: tuple[float, ...], ticks: tuple[tuple[float, str], ...],
              compressed: tuple[tuple[float, float], ...]) -> Plan:
    """The plan from placed markers, range ends, labels and lanes: the bars, the height."""
    bar_ends = [None if lane is None else e for e, lane in zip(ends, lanes.lanes)]
    placed = tuple(Placed(mk, e, ln, t, h)
                   for mk, e, ln, t, h in zip(markers, bar_ends, lanes.lanes, tops, heights))
    bottom = max(max(p.bottom for p in placed), max(e or 0.0 for e in bar_ends),
                 segments[-1].y1)
    drift = max(abs(t + a - mk) for t, a, mk in zip(tops, anchors, markers))
    return Plan(bottom + 4.0, segments, breaks, placed, ticks, lanes.count, drift, compressed)


def _grow(axis: Axis, spans: list[tuple[float, float | None]], heights: list[float],
          anchors: list[float], max_length: float
          ) -> tuple[float, Callable[[float], float], list[float], list[float]]:
    """The axis scale (points per unit of fraction) at which labels sit beside their markers,
    or the largest within `max_length`; with the fraction-to-y mapping, markers and label tops.
    """
    stacked = sum(heights) + LABEL_GAP * len(heights)
    # The pieces share the room the labels need at one scale; each break is a fixed gap, so
    # an axis that grows for a crowded year does not grow its empty stretches too.
    length = 0.0 if axis.flat else stacked * SLACK / (1 - BREAK_SHARE * len(axis.breaks))
    top = anchors[0] if anchors else 0.0
    fractions = [axis.at(s) for s, _ in spans]
    while True:
        y = _mapping(axis, top, length)
        markers = [y(f) for f in fractions]
        tops = place_labels([m - a for m, a in zip(markers, anchors)], heights)
        drift = max(abs(t + a - m) for t, a, m in zip(tops, anchors, markers))
        total = max(max(t + h for t, h in zip(tops, heights)), y(1.0)) + 4.0
        if drift <= MAX_DRIFT or length <= 0 or total * GROWTH > max_length:
            return length, y, markers, tops
        length *= GROWTH


def _mapping(axis: Axis, top: float, length: float) -> Callable[[float], float]:
    """Axis fractions to y: `length` points per unit of fraction, BREAK_GAP points a break."""
    breaks = axis.breaks

    def y(fraction: float) -> float:
        before = sum(1 for b in breaks if b < fraction - 1e-9)
        if any(abs(b - fraction) <= 1e-9 for b in breaks):  # a break mark: its gap's middle
            return top + (fraction - BREAK_SHARE / 2 - before * BREAK_SHARE) * length \
                + before * BREAK_GAP + BREAK_GAP / 2
        return top + (fraction - before * BREAK_SHARE) * length + before * BREAK_GAP
    return y


def _ticks(axis: Axis, length: float, y: Callable[[float], float]
           ) -> tuple[tuple[float, str], ...]:
    """The axis's round-year ticks as (y, label), at least MIN_TICK_SPACING points apart."""
    if length <= 0:
        return ()
    return tuple((y(t.at), t.label) for t in axis.ticks(MIN_TICK_SPACING / length))


MIN_PART_TICK_SPACING = 16.0  # points between ticks a page part adds to show its own scale
TICK_EDGE = 3.0  # points a tick stays inside its part, so that its label is whole
PART_STEPS = (("years", STEPS), ("months", (6, 3, 2, 1)))  # coarsest first, within each


def window_ticks(plan: Plan, top: float, bottom: float) -> tuple[tuple[float, str], ...]:
    """The ticks drawn on the part of the graphic between `top` and `bottom` (a page's part).

    The plan's ticks there, when there are at least two: a reader can then tell the scale on
    every page. A part that shows fewer (a split put most of a year on the next page) gets the
    coarsest finer ticks, round years then the first of every few months, that show two,
    at least MIN_PART_TICK_SPACING apart.
    """
    top, bottom = top + TICK_EDGE, bottom - TICK_EDGE  # a tick's label is not cut by the page
    own = tuple((y, label) for y, label in plan.ticks if top <= y <= bottom)
    if len(own) >= 2:
        return own
    clipped = [_clip(seg, top, bottom) for seg in plan.segments]
    pieces = [p for p in clipped if p is not None]
    for unit, steps in PART_STEPS:
        for step in sorted(steps, reverse=True):
            found = _piece_ticks(pieces, step, unit == "months")
            gaps = [b[0] - a[0] for a, b in zip(found, found[1:])]
            if len(found) >= 2 and min(gaps) >= MIN_PART_TICK_SPACING:
                return found
    return own


def _clip(seg: Segment, top: float, bottom: float) -> Piece | None:
    """The stretch of a segment between `top` and `bottom`, as a Piece whose fractions are y."""
    y0, y1 = max(seg.y0, top), min(seg.y1, bottom)
    if y1 <= y0 or seg.y1 <= seg.y0 or seg.t1 <= seg.t0:
        return None
    per_y = (seg.t1 - seg.t0) / (seg.y1 - seg.y0)
    return Piece(seg.t0 + (y0 - seg.y0) * per_y, seg.t0 + (y1 - seg.y0) * per_y, y0, y1)


def _piece_ticks(pieces: list[Piece], step: int, months: bool
                 ) -> tuple[tuple[float, str], ...]:
    out: list[tuple[float, str]] = []
    for piece in pieces:
        if months:
            out += [(piece.at(t), label) for t, label in month_starts(piece, step)]
        else:
            out += [(piece.at(t), year_label(t)) for t in round_years(piece, step)]
    return tuple(sorted(out))


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
