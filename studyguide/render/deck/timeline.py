"""Timeline slides as native shapes: an axis, markers, range bars, connectors and labels.

Pure layout. Events keep their order and each slide covers a contiguous run of them, placed at
x positions proportional to their dates. Labels alternate above and below the axis and are
stacked into lanes so that no label overlaps another label or another label's connector; a
slide takes as many events (at most MAX_EVENTS) as can be placed that way.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from studyguide.outline import model as m
from studyguide.render.deck import fit
from studyguide.render.deck.blocks import inline_runs
from studyguide.render.deck.flow import split_para, title_shapes
from studyguide.render.deck.lanes import Side, Slot, place_one
from studyguide.render.deck.shapes import (BODY_TOP, INSET, MARGIN, Bar, Line, Oval, Page, Para,
                                           Shape, SlidePlan, TextBox, box_height, para_lines)

MAX_EVENTS = 8
MAX_LINES = 3
MARKER = 10.0
AXIS_PAD = 30.0
MIN_SPACING = 0.06  # of the axis length, between neighbouring markers
LABEL_GAP = 14.0  # between the axis (or the bars) and the nearest lane
LANE_GAP = 6.0
BAR_H = 6.0
BAR_STEP = 9.0


@dataclass(frozen=True)
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


def _positions(page: Page, events: list[m.TimelineEvent]) -> list[float]:
    """Marker x positions: proportional to the dates, but never closer than MIN_SPACING of
    the axis, so that a cluster of events in one week stays readable."""
    left, right = MARGIN + AXIS_PAD, page.width - MARGIN - AXIS_PAD
    lo = min(e.date.as_years()[0] for e in events)
    hi = max(e.date.as_years()[1] for e in events)
    if hi - lo < 1e-9:  # one date only: spread the markers evenly
        return [left + (i + 0.5) / len(events) * (right - left) for i in range(len(events))]
    xs = [_x_of(page, events, e.date.as_years()[0]) for e in events]
    if len(xs) < 2:
        return xs
    gap = min((right - left) * MIN_SPACING, (right - left) / (len(xs) - 1))
    for i in range(1, len(xs)):
        xs[i] = max(xs[i], xs[i - 1] + gap)
    xs[-1] = min(xs[-1], right)
    for i in range(len(xs) - 2, -1, -1):
        xs[i] = min(xs[i], xs[i + 1] - gap)
    return xs


def _x_of(page: Page, events: list[m.TimelineEvent], value: float) -> float:
    left, right = MARGIN + AXIS_PAD, page.width - MARGIN - AXIS_PAD
    lo = min(e.date.as_years()[0] for e in events)
    hi = max(e.date.as_years()[1] for e in events)
    return left if hi - lo < 1e-9 else left + (value - lo) / (hi - lo) * (right - left)


def _bar_lanes(page: Page, events: list[m.TimelineEvent]) -> list[tuple[int, float, float, int]]:
    """(event index, x0, x1, lane) for every range, lanes packed so bars never overlap."""
    ends: list[float] = []
    out = []
    for index, event in enumerate(events):
        if not event.date.is_range:
            continue
        start, end = event.date.as_years()
        x0, x1 = _x_of(page, events, start), max(_x_of(page, events, end), _x_of(page, events,
                                                                                start) + 4.0)
        lane = next((k for k, stop in enumerate(ends) if stop + 2.0 < x0), len(ends))
        if lane == len(ends):
            ends.append(x1)
        ends[lane] = x1
        out.append((index, x0, x1, lane))
    return out


def layout(page: Page, events: list[m.TimelineEvent]) -> list[Shape] | None:
    """The shapes of one timeline slide, or None when the events cannot all be placed."""
    axis_y = round((BODY_TOP + page.body_bottom) / 2 - 10.0, 1)
    xs = _positions(page, events)
    bars = _bar_lanes(page, events)
    band = (max((b[3] for b in bars), default=-1) + 1) * BAR_STEP
    labels = [make_label(page, e, i, x) for i, (e, x) in enumerate(zip(events, xs))]
    lane_h = max(label.h for label in labels) + LANE_GAP
    near = MARKER / 2 + LABEL_GAP
    sides = {"above": Side(near, int((axis_y - near - BODY_TOP + LANE_GAP) // lane_h), lane_h),
             "below": Side(near + band,
                           int((page.body_bottom - axis_y - near - band + LANE_GAP) // lane_h),
                           lane_h)}
    shapes: list[Shape] = [Line(MARGIN, axis_y, page.width - MARGIN, axis_y,
                                page.color("text"), 2.0)]
    for _, x0, x1, lane in bars:
        y = axis_y + MARKER / 2 + 2.0 + lane * BAR_STEP
        shapes.append(Bar(x0, y, x1 - x0, BAR_H, page.color("accent"), page.theme.slides.filled))
    for label in labels:
        order = ("above", "below") if label.index % 2 == 0 else ("below", "above")
        slot = place_one(sides, order, label.x, label.w, MARGIN, page.width - MARGIN,
                         MARKER / 2)
        if slot is None:
            return None
        shapes.extend(_label_shapes(page, label, slot, sides[slot.side], axis_y))
    return shapes


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
    while start < len(events):
        count, shapes = _chunk(page, events, start)
        chunk = list(events[start:start + count])
        title = timeline_title(chunk)
        slides.append(SlidePlan("timeline", title,
                                tuple(title_shapes(page, title) + (shapes or [])),
                                notes if not slides else ""))
        start += count
    return slides


def _chunk(page: Page, events: tuple[m.TimelineEvent, ...], start: int
           ) -> tuple[int, list[Shape] | None]:
    """How many events from `start` the next slide shows, and its shapes.

    The most that fit, evened out over the slides the rest will need (so that the last slide
    is not left with one event).
    """
    left = len(events) - start
    for count in range(min(MAX_EVENTS, left), 0, -1):
        shapes = layout(page, list(events[start:start + count]))
        if shapes is not None:
            break
    even = math.ceil(left / math.ceil(left / count))
    if even < count:
        evened = layout(page, list(events[start:start + even]))
        if evened is not None:
            return even, evened
    return count, shapes
