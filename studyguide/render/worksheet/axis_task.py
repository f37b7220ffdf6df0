"""The timeline task's graphic: the time axis of render/common/axis.py down the left, a dot
at each event's date (proportional to time, long gaps cut out and marked as breaks), and a
leader from each dot to its row: the date and the event, one of them an empty box."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from studyguide.render.common.axis import Axis, event_span, plan_axis
from studyguide.render.pdf.styles import Styles

AXIS_X = 40.0  # the axis line, after the year labels
ROW_X = 78.0  # where the rows start, after the leaders
DATE_WIDTH = 92.0


class AxisTask(Flowable):
    """Rows of (date paragraph, event paragraph) beside a proportional axis; `blank` (0 the
    date, 1 the event) is the cell drawn as a box to write in. Split across pages between
    rows; each part draws the axis of its own events, so every page reads on its own."""

    def __init__(self, events: list[Any], rows: list[tuple[Any, Any]], blank: int,
                 styles: Styles, ticks: bool = True) -> None:
        super().__init__()
        self.events, self.rows, self.blank, self.styles = events, rows, blank, styles
        self.show_ticks = ticks  # off when the dates are what the students must write
        self.axis: Axis = plan_axis(event_span(e.date) for e in events)
        self.starts = [event_span(e.date)[0] for e in events]
        self.row_height = max(styles.base * 2.8, styles.leading * 2.3)
        # a date never breaks (render/common/text.py), so its column takes the widest one
        self.date_width = max([DATE_WIDTH] + [date.minWidth() + 9 for date, _ in rows
                                              if hasattr(date, "minWidth")])

    def height_needed(self) -> float:
        return self.row_height * len(self.rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.height_needed()
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        fits = int(availHeight // self.row_height)
        if fits < 3 or fits >= len(self.rows):
            return []
        return [AxisTask(self.events[:fits], self.rows[:fits], self.blank, self.styles,
                         self.show_ticks),
                AxisTask(self.events[fits:], self.rows[fits:], self.blank, self.styles,
                         self.show_ticks)]

    def draw(self) -> None:
        canvas, s = self.canv, self.styles
        top, bottom = self.height - self.row_height / 2, self.row_height / 2
        span = top - bottom

        def y_of(fraction: float) -> float:
            return top - fraction * span

        canvas.saveState()
        canvas.setStrokeColor(s.colors.primary)
        canvas.setLineWidth(s.rule_width * 2)
        for piece in self.axis.pieces:
            canvas.line(AXIS_X, y_of(piece.f0) + 3, AXIS_X, y_of(piece.f1) - 3)
        for at in self.axis.breaks:  # a cut-out gap: two short slants
            for dy in (-2.5, 2.5):
                canvas.line(AXIS_X - 4, y_of(at) + dy - 2, AXIS_X + 4, y_of(at) + dy + 2)
        axis_style = s["axis"]
        canvas.setFont(axis_style.fontName, axis_style.fontSize)
        canvas.setFillColor(s.colors.muted)
        ticks = self.axis.ticks(min_gap=axis_style.fontSize * 2.2 / max(span, 1))
        for tick in ticks if self.show_ticks else ():
            canvas.drawRightString(AXIS_X - 6, y_of(tick.at) - axis_style.fontSize / 3,
                                   tick.label)
        text_width = self.width - ROW_X
        for index, ((date, event), start) in enumerate(zip(self.rows, self.starts)):
            row_mid = self.height - (index + 0.5) * self.row_height
            dot = y_of(self.axis.at(start))
            canvas.setStrokeColor(s.colors.muted)
            canvas.setLineWidth(0.5)
            canvas.line(AXIS_X, dot, ROW_X - 4, row_mid)
            canvas.setFillColor(s.colors.primary)
            canvas.circle(AXIS_X, dot, 2.2, stroke=0, fill=1)
            date_width = self.date_width
            cells = ((ROW_X, date_width, date), (ROW_X + date_width + 6,
                                                 text_width - date_width - 6, event))
            for column, (x, width, para) in enumerate(cells):
                box_top = row_mid + self.row_height * 0.4
                if column == self.blank:
                    canvas.setStrokeColor(s.colors.muted)
                    canvas.setLineWidth(s.rule_width)
                    canvas.rect(x, row_mid - self.row_height * 0.4, width,
                                self.row_height * 0.8)
                _, height = para.wrap(width - 8, self.row_height)
                para.drawOn(canvas, x + 4, min(row_mid - height / 2, box_top - height))
        canvas.restoreState()
