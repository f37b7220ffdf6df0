"""The timeline graphic as a vector Flowable (drawn from a plan, split across pages), and the
chronological list of the same events that follows it."""

from __future__ import annotations

import bisect
from typing import Any

from reportlab.platypus import Flowable

from studyguide.outline import model as m
from studyguide.render.common.axis import event_span
from studyguide.render.common.lanes import MAX_LANES
from studyguide.render.pdf.boxes import split_width
from studyguide.render.pdf.context import RenderContext
from studyguide.render.pdf.timeline_plan import (
    MAX_DRIFT,
    Plan,
    cut_points,
    label_cuts,
    plan_timeline,
    window_ticks,
)

MAX_LABEL_CHARS = 220  # the graphic shows the gist; the list below has the full text
MARKER_R = 2.9
LANE_W = 4.5
LEADER_ROOM = 22.0
MIN_BAR = 2 * MARKER_R + 3  # a range shorter than this is drawn this long, capped at both ends
HANDOUT_PAGES = 1.5  # how far (in frame heights) a handout's axis may grow for its labels
MIN_TAIL = 120.0  # points a split leaves at least for the part overleaf, where it can
LOW_START = 0.3  # share of a frame under which a figure that would take three pages moves
MINOR_TICK_WIDTH = 0.35  # a year tick without its full label (a labelled one is 0.5)
HEADING_ROOM = 48.0  # points the heading kept with the graphic takes, with its spacing


class TimelineGraphic(Flowable):
    """The events on a proportional vertical axis. Parts after a split share one plan."""

    def __init__(self, events: tuple[m.TimelineEvent, ...], ctx: RenderContext,
                 shared: dict[str, Any] | None = None, window: tuple[float, float] | None = None,
                 pages: float = HANDOUT_PAGES) -> None:
        super().__init__()
        self.events, self.ctx, self.pages = events, ctx, pages
        self.shared = shared if shared is not None else {}
        self.window = window

    # -- planning (per width and room until the graphic is split or drawn, then fixed: every
    # part of a split shares one plan)
    def _plan(self, width: float) -> Plan:
        room = self._room()
        if self.shared.get("width") != width:
            labels = [self._label(e) for e in self.events]
            axis_x = self._axis_x(width, lanes=0)
            label_w = width - axis_x - LEADER_ROOM - MAX_LANES * LANE_W
            heights = [label.wrap(label_w, 10_000)[1] for label in labels]
            self.shared.update(width=width, labels=labels, heights=heights, room=None)
        if self.shared["room"] != room and not self.shared.get("fixed"):
            anchor = self.ctx.styles["timeline"].leading / 2
            spans = [event_span(e.date) for e in self.events]
            heights, anchors = self.shared["heights"], [anchor] * len(self.events)
            # A handout's timeline grows into the room left on its page when it fits there
            # readably (else it would move overleaf and leave the page half empty); else it
            # grows up to `pages` and is split between pages where no label is cut.
            fill = self.pages > HANDOUT_PAGES  # the pack's: one long figure filling its pages
            plan = plan_timeline(spans, heights, anchors, room, fill)
            if fill or plan.height > room or plan.drift > 2 * MAX_DRIFT:
                plan = plan_timeline(spans, heights, anchors,
                                     self.pages * self.ctx.styles.frame_height, fill)
            self.shared.update(room=room, plan=plan,
                               reach_tops=[p.reach[0] for p in plan.events])
        return self.shared["plan"]

    def _room(self) -> float:
        """The height left in the current frame, less the heading kept with the graphic."""
        doc = getattr(getattr(self, "canv", None), "_doctemplate", None)
        frame = getattr(doc, "frame", None)
        if frame is None:
            return 0.0
        return max(0.0, frame._y - frame._y1p - HEADING_ROOM)

    def _label(self, event: m.TimelineEvent) -> Any:
        text = event.text
        if len(m.plain_text(text)) > MAX_LABEL_CHARS:
            text = (m.Span(m.plain_text(text)[:MAX_LABEL_CHARS].rstrip() + " …"),)
        date = self.ctx.inliner.text(event.date.display(), event.line, bold=True)
        return self.ctx.para(text, event.line, "timeline", prefix=f"<b>{date}</b>  ")

    def _axis_x(self, width: float, lanes: int) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        axis = self.ctx.styles["axis"]
        return stringWidth("0000 BC", axis.fontName, axis.fontSize) + 8 + lanes * LANE_W + 4

    # -- flowable protocol
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        plan = self._plan(availWidth)
        top, bottom = self.window or (0.0, plan.height)
        self.width, self.height = availWidth, bottom - top
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        plan = self._plan(split_width(self, availWidth))
        top, bottom = self.window or (0.0, plan.height)
        if bottom - top <= availHeight:
            return [self]
        frame = self.ctx.styles.frame_height
        if top > 0 and availHeight < frame * 0.8:
            return []  # a part overleaf starts its page: not in the room its first part left
        limit = top + availHeight
        # No last event alone overleaf: a part that short shows no scale and reads as an
        # afterthought; the cut moves up so that the next page's part has some length.
        tail = min(MIN_TAIL, (bottom - top) / 3)
        cut = _last_between(cut_points(plan), top + 24, min(limit, bottom - tail))
        if cut is None:
            cut = _last_between(cut_points(plan), top + 24, limit)
        if cut is None and availHeight > self.ctx.styles.frame_height * 0.6:
            cut = _last_between(label_cuts(plan), top + 24, limit)  # a page-sized cluster
        if cut is None:
            return []
        if self.window is None and bottom - cut > frame and availHeight <= frame * LOW_START \
                and plan.height <= self.pages * frame + 1 and self.pages <= HANDOUT_PAGES:
            # Started low on its page, a figure of a page and a half would take three pages:
            # it starts overleaf instead, with its heading (the page it leaves has at most
            # LOW_START of its frame empty, and the heading's room), and takes two.
            return []
        self.shared["fixed"] = True
        return [TimelineGraphic(self.events, self.ctx, self.shared, (top, cut), self.pages),
                TimelineGraphic(self.events, self.ctx, self.shared, (cut, bottom), self.pages)]

    def draw(self) -> None:
        self.shared["fixed"] = True
        plan = self.shared["plan"]
        top, bottom = self.window or (0.0, plan.height)
        canvas = self.canv
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(-2, -1, self.width + 4, self.height + 2)
        canvas.clipPath(clip, stroke=0, fill=0)
        Drawer(self, plan, top, bottom).draw_all()
        canvas.restoreState()


# The figure's key, by what its axis draws (a closed-up stretch, a break): both are explained
# only in the documentation otherwise, and a reader of the printed page has no way to know.
RAIL_KEY = "a double line marks years drawn closer together"
BREAK_KEY = "a break (two slanted strokes) marks years left out"


def axis_key(plan: Plan) -> str:
    """The one-line key under the figure for the scale marks its axis draws ("" for none)."""
    keys = [key for drawn, key in ((plan.compressed, RAIL_KEY), (plan.breaks, BREAK_KEY))
            if drawn]
    return f"On the axis, {'; '.join(keys)}." if keys else ""


class AxisKey(Flowable):
    """The key set under a timeline graphic in the caption style, when its plan draws a
    double rail or a break (known once the graphic is planned: it comes before the key)."""

    def __init__(self, graphic: TimelineGraphic, space: float) -> None:
        super().__init__()
        self.graphic, self.space = graphic, space
        self.para: Any = None

    def _refresh(self) -> None:
        plan = self.graphic.shared.get("plan")
        text = axis_key(plan) if plan is not None else ""
        if text != getattr(self.para, "sg_key", ""):
            self.para = self.graphic.ctx.text_para(text, None, "caption") if text else None
            if self.para is not None:
                self.para.sg_key = text

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._refresh()
        self.width = availWidth
        self.height = self.para.wrap(availWidth, availHeight)[1] if self.para else 0.0
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        # Without a key, the figure's usual space below it; with one, the key is set close
        # under the figure (the plan ends 4 pt below its last label) and the heading after
        # it brings its own space: the key then costs the page no more than that space did.
        self._refresh()  # the frame asks before it wraps
        return 0.0 if self.para else self.space

    def draw(self) -> None:
        if self.para is not None:
            self.para.drawOn(self.canv, 0, 0)


def _last_between(cuts: list[float], low: float, high: float) -> float | None:
    index = bisect.bisect_right(cuts, high) - 1
    return cuts[index] if index >= 0 and cuts[index] > low else None


class Drawer:
    """Draws the part of a plan between `top` and `bottom` onto the graphic's canvas."""

    def __init__(self, graphic: TimelineGraphic, plan: Plan, top: float, bottom: float) -> None:
        self.g, self.plan, self.top, self.bottom = graphic, plan, top, bottom
        self.canvas = graphic.canv
        self.styles = graphic.ctx.styles
        self.axis_x = graphic._axis_x(graphic.width, plan.lanes)
        self.label_x = graphic._axis_x(graphic.width, MAX_LANES) + LEADER_ROOM

    def y(self, plan_y: float) -> float:
        return self.g.height - (plan_y - self.top)

    def draw_all(self) -> None:
        self.draw_axis()
        self.draw_ticks()
        first = bisect.bisect_left(self.g.shared["reach_tops"], self.top - 2000)
        for index in range(first, len(self.plan.events)):
            placed = self.plan.events[index]
            if placed.reach[0] > self.bottom:
                break
            if placed.end is not None and placed.lane is not None:
                self.draw_bar(placed)
            if self.top - 1 <= placed.top <= self.bottom:
                self.draw_label(index, placed)
        for index in range(first, len(self.plan.events)):
            placed = self.plan.events[index]
            if placed.reach[0] > self.bottom:
                break
            if self.top - 1 <= placed.marker <= self.bottom + 1:  # else another part draws it
                self.draw_marker(index, placed)

    def draw_axis(self) -> None:
        c, s = self.canvas, self.styles
        c.setStrokeColor(s.colors.primary)
        c.setLineWidth(max(1.0, s.rule_width * 1.4))
        for seg in self.plan.segments:
            if seg.y1 < self.top or seg.y0 > self.bottom:
                continue
            c.line(self.axis_x, self.y(seg.y0 - 4), self.axis_x, self.y(seg.y1 + 4))
        for mark in self.plan.breaks:
            if self.top <= mark <= self.bottom:
                self.draw_break(mark)
        # A closed-up stretch (quiet years on a piecewise scale) is drawn as a thin double rail,
        # so that a reader sees the scale change there and not only in the ticks' spacing.
        c.setLineWidth(0.5)
        c.setStrokeColor(s.colors.background)
        for y0, y1 in self.plan.compressed:
            if y1 >= self.top and y0 <= self.bottom:
                c.line(self.axis_x, self.y(y0 + 2), self.axis_x, self.y(y1 - 2))

    def draw_break(self, mark: float) -> None:
        c, x, y = self.canvas, self.axis_x, self.y(mark)
        c.setDash(1.2, 2.2)
        c.line(x, y + 9, x, y - 9)
        c.setDash()
        c.setLineWidth(self.styles.rule_width)
        for dy in (-2.2, 2.2):
            c.line(x - 6, y + dy - 2.5, x + 6, y + dy + 2.5)

    def draw_ticks(self) -> None:
        c, axis = self.canvas, self.styles["axis"]
        c.setStrokeColor(self.styles.colors.muted)
        c.setFillColor(self.styles.colors.muted)
        c.setLineWidth(0.5)
        c.setFont(axis.fontName, axis.fontSize)
        tick_x = self.axis_x - self.plan.lanes * LANE_W - 6
        drawn = window_ticks(self.plan, self.top, self.bottom)
        for plan_y, label in drawn:
            y = self.y(plan_y)
            c.line(tick_x, y, self.axis_x, y)
            c.drawRightString(tick_x - 2, y - axis.fontSize * 0.35, label)
        # the other years' ticks: shorter and thinner, a short label ('31) where there is room
        c.setLineWidth(MINOR_TICK_WIDTH)
        for plan_y, label in self.plan.minor:
            if not self.top <= plan_y <= self.bottom or any(
                    abs(plan_y - other) < 3 for other, _ in drawn):
                continue
            y = self.y(plan_y)
            c.line(tick_x + 2.5, y, self.axis_x, y)
            if label:
                c.drawRightString(tick_x - 2, y - axis.fontSize * 0.35, label)

    def draw_bar(self, placed: Any) -> None:
        """The range's bar in its lane, joined to the axis at both ends like a bracket, so a
        short range reads as a span (from its start to the end of its last day) and not a pin."""
        c = self.canvas
        x = self.axis_x - 4 - (placed.lane + 1) * LANE_W
        y0 = self.y(placed.marker)
        y1 = min(self.y(placed.end), y0 - MIN_BAR)
        c.setFillColor(self.styles.colors.accent)
        c.setStrokeColor(self.styles.colors.primary)
        c.setLineWidth(0.4)
        c.roundRect(x, y1, LANE_W - 1.2, y0 - y1, 1.2, stroke=1, fill=1)
        for y in (y0, y1):
            c.line(x + LANE_W - 1.2, y, self.axis_x, y)

    def draw_marker(self, index: int, placed: Any) -> None:
        c, colors = self.canvas, self.styles.colors
        y = self.y(placed.marker)
        event = self.g.events[index]
        hollow = event.date.start.circa
        c.setStrokeColor(colors.primary)
        c.setFillColor(colors.background if hollow else colors.accent)
        c.setLineWidth(0.9)
        c.circle(self.axis_x, y, MARKER_R, stroke=1, fill=1)
        # The leader: out from the marker, then a slant to the label's first line.
        label_y = self.y(placed.top + self.styles["timeline"].leading / 2)
        c.setStrokeColor(self.styles.colors.rule)
        c.setLineWidth(0.5)
        knee = self.axis_x + MARKER_R + 6
        path = c.beginPath()
        path.moveTo(self.axis_x + MARKER_R + 1, y)
        path.lineTo(knee, y)
        path.lineTo(self.label_x - 6, label_y)
        path.lineTo(self.label_x - 3, label_y)
        c.drawPath(path, stroke=1, fill=0)

    def draw_label(self, index: int, placed: Any) -> None:
        label = self.g.shared["labels"][index]
        label.drawOn(self.canvas, self.label_x, self.y(placed.bottom))


def event_list(events: tuple[m.TimelineEvent, ...], ctx: RenderContext) -> list[Any]:
    """The events as a chronological list: date in bold, text, then any details indented."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Indenter, Paragraph

    from studyguide.render.pdf.blocks import block_flowables
    from studyguide.render.pdf.paragraphs import build_paragraph

    s = ctx.styles
    base = s["body"]
    bold_font = s.fonts.body.face(bold=True)
    dates = [e.date.display() for e in events]
    widest = max((stringWidth(d, bold_font, base.fontSize) for d in dates), default=0.0)
    column = min(widest + s.base * 1.2, s.frame_width * 0.32)
    style = ParagraphStyle("event", parent=base, leftIndent=column, spaceAfter=s.base * 0.35,
                           bulletFontName=s.fonts.body.name, bulletFontSize=base.fontSize,
                           bulletIndent=0)
    # A date wider than its column (a range, "28 July 1914 – 11 November 1918") runs into the
    # first line, the text after it, and the lines after hang at the column as the others do:
    # set on a line of its own, it read as a heading with its event cut off below.
    run_in = ParagraphStyle("event-run-in", parent=style, firstLineIndent=-column)
    out: list[Any] = []
    for event, date in zip(events, dates):
        date_markup = f"<b>{ctx.inliner.text(date, event.line, bold=True)}</b>"
        text = ctx.inliner.markup(event.text, event.line)
        if stringWidth(date, bold_font, base.fontSize) + s.base * 0.8 > column:
            out.append(build_paragraph(Paragraph, f"{date_markup}\u2002{text}", run_in))
        else:
            out.append(build_paragraph(Paragraph, f"<bullet>{date_markup}</bullet>{text}",
                                       style))
        if event.details:
            details = block_flowables(event.details, ctx, 1)
            details[-1].spaceAfter = max(getattr(details[-1], "spaceAfter", 0), s.base * 0.5)
            out += [Indenter(left=column), *details, Indenter(left=-column)]
    return out
