"""Timeline slides as native shapes: an axis with year ticks, markers, range bars, connectors
and labels, grouped as one figure whose alt text is the chronology.

Pure layout. Events keep their order and each slide covers a contiguous run of them. Where a
date sits across the slide (proportional to time, long empty gaps cut out as breaks), where a
range ends (the end of its last unit) and which lane its bar takes come from render/common, as
for the handout; a marker sits exactly at its date, never nudged, so every bar starts at its
own marker and a dot inside a bar's stretch is one of its days. Labels alternate above and below
the axis and are stacked into lanes (slots.py) so that no label overlaps another label or
another label's connector; a slide takes as many events (at most MAX_EVENTS) as fit that way.
"""

from __future__ import annotations

import dataclasses
import math

from studyguide.outline import model as m
from studyguide.records import record
from studyguide.render.common.axis import Axis, event_span, plan_axis
from studyguide.render.common.chronology import chronology_text
from studyguide.render.common.lanes import assign_lanes
from studyguide.render.deck import fit
from studyguide.render.deck.blocks import inline_runs
from studyguide.render.deck.flow import split_para, title_shapes
from studyguide.render.deck.shapes import (
    BODY_TOP,
    INSET,
    MARGIN,
    Bar,
    Group,
    Line,
    Oval,
    Page,
    Para,
    Shape,
    SlidePlan,
    TextBox,
    box_height,
    para_lines,
)
from studyguide.render.deck.slots import Side, Slot, place_one

MAX_EVENTS = 8
MAX_LINES = 3
MARKER = 10.0
AXIS_PAD = 30.0
MIN_BAR = 8.0  # a shorter range is drawn this long, with a cap at each end
CAP = 3.0  # how far a bar's end caps stand out above and below it
TICK = 5.0  # half the length of a year tick across the axis
TICK_GAP = 70.0  # points between year ticks, at least
TICK_BAND = 16.0  # room for the tick labels between the axis and the lowest label lane above
LABEL_GAP = 14.0  # between the axis (or the bars) and the nearest lane
LANE_GAP = 6.0
BAR_H = 6.0
BAR_STEP = 9.0
BREAK_OPEN = 6.0  # half the opening in the axis line at a cut-out gap


@record
class Label:
    index: int  # position of the event within the slide
    x: float  # the event's x on the axis
    para: Para
    w: float
    h: float


def label_size(page: Page) -> float:
    return max(16.0, round(page.base * 0.75, 1))


def label_widths(page: Page) -> tuple[float, ...]:
    """Label widths to try, narrowest first: a long label widens before it is cut."""
    return tuple(min(w, page.body_width / 2.6) for w in (220.0, 270.0, 330.0))


def make_label(page: Page, event: m.TimelineEvent, index: int, x: float) -> Label:
    """The label `date — text`, wrapped to at most MAX_LINES lines and measured."""
    size = label_size(page)
    date = page.run(f"{event.date.display()} — ", "body", bold=True, color="primary")
    para = Para((date, *inline_runs(page, event.text)), size, align="center")
    for box_w in label_widths(page):
        lines = para_lines(para, box_w - 2 * INSET)
        if len(lines) <= MAX_LINES:
            break
    else:
        para = _shorten(page, para, box_w - 2 * INSET)
        lines = para_lines(para, box_w - 2 * INSET)
    widest = max(fit.line_width(line, size) for line in lines)
    w = min(widest + 2 * INSET + 2.0, box_w)
    return Label(index, x, para, w, box_height([para], w))


def _shorten(page: Page, para: Para, limit: float) -> Para:
    head, _ = split_para(para, limit + 2 * INSET, MAX_LINES)
    runs = list(head.runs)
    while True:
        last = runs[-1]
        text = last.text.rstrip()
        runs[-1] = dataclasses.replace(last, text=text + "…")
        candidate = Para(tuple(runs), para.size, align=para.align)
        if len(para_lines(candidate, limit)) <= MAX_LINES or len(text) <= 1:
            return candidate
        runs[-1] = dataclasses.replace(last, text=text[:-2])


def _axis_x(page: Page) -> tuple[float, float]:
    """Where fractions 0 and 1 of the time axis sit across the slide."""
    return MARGIN + AXIS_PAD, page.width - MARGIN - AXIS_PAD


def _positions(page: Page, axis: Axis, events: list[m.TimelineEvent]) -> list[float]:
    """Marker x positions, exactly where the shared axis puts each date."""
    left, right = _axis_x(page)
    return [left + axis.at(event_span(e.date)[0]) * (right - left) for e in events]


def _bars(page: Page, axis: Axis, events: list[m.TimelineEvent]) -> tuple[list[Shape], int]:
    """A bar per range below the axis, in the lanes render/common gives the PDF as well, and
    the number of lanes they take. A bar starts at its own marker and ends at the end of its
    last unit; a short one is drawn MIN_BAR long and capped at both ends, so that it reads as
    a span and not as a pin."""
    left, right = _axis_x(page)
    spans = [event_span(e.date) for e in events]
    fractions = [(axis.at(s), None if e is None else axis.at(e)) for s, e in spans]
    lanes = assign_lanes(fractions)
    axis_y = _axis_y(page)
    out: list[Shape] = []
    for (f0, f1), lane in zip(fractions, lanes.lanes):
        if lane is None or f1 is None:
            continue
        x0 = left + f0 * (right - left)
        x1 = max(left + f1 * (right - left), x0 + MIN_BAR)
        y = axis_y + MARKER / 2 + 2.0 + lane * BAR_STEP
        out.append(Bar(x0, y, x1 - x0, BAR_H, page.color("accent"), page.theme.slides.filled))
        out += [Line(x, y - CAP, x, y + BAR_H + CAP, page.color("primary"), 1.25)
                for x in (x0, x1)]
    return out, lanes.count


def _ticks(page: Page, axis: Axis) -> list[tuple[float, Shape, TextBox]]:
    """Year ticks across the axis with their labels above it: (x, tick, label)."""
    left, right = _axis_x(page)
    axis_y, size = _axis_y(page), max(11.0, round(label_size(page) * 0.7, 1))
    out: list[tuple[float, Shape, TextBox]] = []
    for tick in axis.ticks(TICK_GAP / (right - left)):
        x = left + tick.at * (right - left)
        line = Line(x, axis_y - TICK, x, axis_y + TICK, page.color("muted"), 1.0)
        para = Para((page.run(tick.label, "body", color="muted"),), size, align="center")
        h = box_height([para], 60.0)
        label = TextBox(x - 30.0, axis_y - TICK - h, 60.0, h, (para,), role="tick")
        out.append((x, line, label))
    return out


def _axis_lines(page: Page, axis: Axis) -> list[Shape]:
    """The axis across the slide, open at each cut-out gap with a `//` break mark."""
    left, right = _axis_x(page)
    axis_y, color = _axis_y(page), page.color("text")
    stops = [left + b * (right - left) for b in axis.breaks]
    starts = [MARGIN, *(x + BREAK_OPEN for x in stops)]
    ends = [*(x - BREAK_OPEN for x in stops), page.width - MARGIN]
    shapes: list[Shape] = [Line(a, axis_y, b, axis_y, color, 2.0) for a, b in zip(starts, ends)]
    for x in stops:
        shapes += [Line(x + dx - 3.0, axis_y + 6.0, x + dx + 3.0, axis_y - 6.0, color, 1.5)
                   for dx in (-2.5, 2.5)]
    return shapes


def _axis_y(page: Page) -> float:
    return round((BODY_TOP + page.body_bottom) / 2 - 10.0, 1)


def layout(page: Page, events: list[m.TimelineEvent],
           measured: dict[int, Label] | None = None) -> list[Shape] | None:
    """The shapes of one timeline slide, or None when the events cannot all be placed.
    `measured`: labels already made, by the id of their event (a label's text and size do
    not depend on where it stands), kept across the tries of one timeline."""
    axis_y = _axis_y(page)
    axis = plan_axis(event_span(e.date) for e in events)
    xs = _positions(page, axis, events)
    bars, lane_count = _bars(page, axis, events)
    band = lane_count * BAR_STEP
    labels = [_label(page, e, i, x, measured) for i, (e, x) in enumerate(zip(events, xs))]
    lane_h = max(label.h for label in labels) + LANE_GAP
    near = MARKER / 2 + LABEL_GAP
    ticks = _ticks(page, axis)
    above = near + TICK_BAND
    sides = {"above": Side(above, int((axis_y - above - BODY_TOP + LANE_GAP) // lane_h), lane_h),
             "below": Side(near + band,
                           int((page.body_bottom - axis_y - near - band + LANE_GAP) // lane_h),
                           lane_h)}
    shapes = _axis_lines(page, axis) + [line for _, line, _ in ticks] + bars
    placed: list[Shape] = []
    for label in labels:
        order = ("above", "below") if label.index % 2 == 0 else ("below", "above")
        slot = place_one(sides, order, label.x, label.w, MARGIN, page.width - MARGIN,
                         MARKER / 2)
        if slot is None:
            return None
        placed.extend(_label_shapes(page, label, slot, sides[slot.side], axis_y))
    connectors = [s for s in placed if isinstance(s, Line)]
    # A tick's year is left out where a connector passes through it (the tick stays).
    shapes += [box for _, _, box in ticks if not any(_through(c, box) for c in connectors)]
    return shapes + placed


def _label(page: Page, event: m.TimelineEvent, index: int, x: float,
           measured: dict[int, Label] | None) -> Label:
    """make_label, from `measured` when the event's label was made in an earlier try."""
    if measured is None:
        return make_label(page, event, index, x)
    found = measured.get(id(event))
    if found is None:
        found = measured[id(event)] = make_label(page, event, index, x)
    return Label(index, x, found.para, found.w, found.h)


def _through(line: Line, box: TextBox) -> bool:
    """True when the segment passes through `box` (sampled)."""
    for step in range(21):
        t = step / 20
        x, y = line.x1 + (line.x2 - line.x1) * t, line.y1 + (line.y2 - line.y1) * t
        if box.x - 2 < x < box.x + box.w + 2 and box.y < y < box.y + box.h:
            return True
    return False


def _label_shapes(page: Page, label: Label, slot: Slot, side: Side, axis_y: float
                  ) -> list[Shape]:
    near = side.band(slot.lane)[0]
    sign = -1.0 if slot.side == "above" else 1.0
    edge = axis_y + sign * near
    y = edge - label.h if slot.side == "above" else edge
    connector = Line(label.x, axis_y + sign * MARKER / 2, slot.anchor, edge,
                     page.color("muted"), 0.75)
    marker = Oval(label.x - MARKER / 2, axis_y - MARKER / 2, MARKER, MARKER,
                  page.color("primary"), page.theme.slides.filled)
    box = TextBox(slot.x, y, label.w, label.h, (label.para,), role="label")
    return [connector, marker, box]


def timeline_title(events: list[m.TimelineEvent]) -> str:
    """`Timeline: 1922–1927`, from the first start year to the last end year."""
    first = events[0].date.start.year_text()
    last_event = max(events, key=lambda e: e.date.as_years()[1])
    last = (last_event.date.end or last_event.date.start).year_text()
    return f"Timeline: {first}" if first == last else f"Timeline: {first}–{last}"


def timeline_slides(page: Page, events: tuple[m.TimelineEvent, ...], notes: str = ""
                    ) -> list[SlidePlan]:
    """Slides covering every event in order, each with as many events as fit (at most 8)."""
    slides: list[SlidePlan] = []
    start = 0
    measured: dict[int, Label] = {}  # the events live as long as this call
    while start < len(events):
        count, shapes = _chunk(page, events, start, measured)
        chunk = list(events[start:start + count])
        title = timeline_title(chunk)
        figure: list[Shape] = ([Group(tuple(shapes), chronology_text(chunk, title), "Timeline")]
                               if shapes else [])
        slides.append(SlidePlan("timeline", title, tuple(title_shapes(page, title) + figure),
                                notes if not slides else ""))
        start += count
    return slides


def _chunk(page: Page, events: tuple[m.TimelineEvent, ...], start: int,
           measured: dict[int, Label]) -> tuple[int, list[Shape] | None]:
    """How many events from `start` the next slide shows, and its shapes.

    The most that fit, evened out over the slides the rest will need (so that the last slide
    is not left with one event).
    """
    left = len(events) - start
    for count in range(min(MAX_EVENTS, left), 0, -1):
        shapes = layout(page, list(events[start:start + count]), measured)
        if shapes is not None:
            break
    even = math.ceil(left / math.ceil(left / count))
    if even < count:
        evened = layout(page, list(events[start:start + even]), measured)
        if evened is not None:
            return even, evened
    return count, shapes
