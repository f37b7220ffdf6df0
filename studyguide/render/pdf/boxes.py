"""Small custom flowables: a splittable box with a rule at its left, tick boxes, answer lines.

reportlab's Table can hold flowables in a cell but cannot split a one-cell table across pages,
so boxes (quotes, teacher notes, model answers, code) are a flowable of their own that splits
between or inside its children.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable


def split_width(flowable: Any, avail_width: float) -> float:
    """The width a flowable will really be drawn at when asked to split.

    reportlab's Frame.split passes the frame's full width, ignoring any Indenter, while
    Frame.add wraps at the indented width; splitting at the wider measure makes a first part
    that no longer fits.
    """
    frame = getattr(flowable, "_frame", None)
    if frame is not None and hasattr(frame, "_getAvailableWidth"):
        return float(frame._getAvailableWidth())
    return avail_width


class Boxed(Flowable):
    """Children drawn inside padding, over an optional fill, with an optional rule at the left."""

    def __init__(self, children: list[Any], *, fill: Any = None, rule: Any = None,
                 rule_width: float = 2.0, padding: float = 6.0, frame: Any = None,
                 frame_width: float = 0.5, continued: bool = False) -> None:
        super().__init__()
        self.children = children
        self.fill, self.rule, self.rule_width = fill, rule, rule_width
        self.padding, self.frame, self.frame_width = padding, frame, frame_width
        self.continued = continued
        self._sizes: list[tuple[float, float]] = []
        self._gaps: list[float] = []
        self._inner_width = 0.0

    def _inner(self, avail_width: float) -> float:
        return max(20.0, avail_width - 2 * self.padding - (self.rule_width if self.rule else 0))

    def _gap(self, index: int) -> float:
        if index == 0:
            return 0.0
        return max(self.children[index - 1].getSpaceAfter(), self.children[index].getSpaceBefore())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # Stop measuring once the box is taller than the room: the frame will split it, and
        # measuring the whole rest of a long quote on every page made long boxes quadratic.
        inner = self._inner(availWidth)
        self._sizes, self._gaps = [], []
        height = 2 * self.padding
        for index, child in enumerate(self.children):
            if height > availHeight:
                break
            self._sizes.append(self._wrap_child(child, inner, availHeight))
            self._gaps.append(self._gap(index))
            height += self._sizes[-1][1] + self._gaps[-1]
        self._inner_width = inner
        self.width = availWidth
        self.height = height
        return self.width, self.height

    def _wrap_child(self, child: Any, width: float, height: float) -> tuple[float, float]:
        # Through wrapOn when there is a canvas: some flowables (ListFlowable) need one.
        canvas = getattr(self, "canv", None)
        return child.wrapOn(canvas, width, height) if canvas is not None \
            else child.wrap(width, height)

    def _split_child(self, child: Any, width: float, height: float) -> list[Any]:
        canvas = getattr(self, "canv", None)
        return child.splitOn(canvas, width, height) if canvas is not None \
            else child.split(width, height)

    def _measure_rest(self) -> None:
        """Measure children that wrap() skipped (only if a box too tall is drawn anyway)."""
        for index in range(len(self._sizes), len(self.children)):
            self._sizes.append(self._wrap_child(self.children[index], self._inner_width, 1e9))
            self._gaps.append(self._gap(index))

    def draw(self) -> None:
        self._measure_rest()
        canvas = self.canv
        canvas.saveState()
        if self.fill is not None:
            canvas.setFillColor(self.fill)
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.frame is not None:
            canvas.setStrokeColor(self.frame)
            canvas.setLineWidth(self.frame_width)
            canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        if self.rule is not None:
            canvas.setFillColor(self.rule)
            canvas.rect(0, 0, self.rule_width, self.height, stroke=0, fill=1)
        canvas.restoreState()
        left = self.padding + (self.rule_width if self.rule else 0)
        y = self.height - self.padding
        for child, (_, height), gap in zip(self.children, self._sizes, self._gaps):
            y -= gap + height
            child.drawOn(canvas, left, y)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        inner = self._inner(split_width(self, availWidth))
        room = availHeight - 2 * self.padding
        used = 0.0
        for index, child in enumerate(self.children):
            gap = self._gap(index)
            _, height = self._wrap_child(child, inner, max(room - used - gap, 1))
            if used + gap + height <= room:
                used += gap + height
                continue
            parts = (self._split_child(child, inner, room - used - gap) if room - used - gap > 0
                     else [])
            head = self.children[:index] + (parts[:1] if len(parts) > 1 else [])
            tail = (parts[1:] if len(parts) > 1 else [child]) + self.children[index + 1:]
            if all(_is_label(part) for part in head):
                return []  # a box label never ends a page: the box moves overleaf whole
            if not self._at_top() and min(self._lines(head, inner), self._lines(tail, inner)) < 2:
                return []  # at least two lines on each side of a split, or the box moves whole
            return [self._copy(head, continued=self.continued), self._copy(tail, True)]
        return [self]

    def _at_top(self) -> bool:
        """Whether the box is at the top of its frame, where moving it would not help."""
        return bool(getattr(getattr(self, "_frame", None), "_atTop", False))

    def _lines(self, children: list[Any], width: float) -> int:
        """How many lines of text `children` set at `width` (a label counts as one)."""
        count = 0
        for child in children:
            _, height = self._wrap_child(child, width, 1e9)
            lines = getattr(getattr(child, "blPara", None), "lines", None)
            leading = getattr(getattr(child, "style", None), "leading", 0) or 12.0
            count += len(lines) if lines is not None else max(1, round(height / leading))
        return count

    def _copy(self, children: list[Any], continued: bool) -> "Boxed":
        return Boxed(children, fill=self.fill, rule=self.rule, rule_width=self.rule_width,
                     padding=self.padding, frame=self.frame, frame_width=self.frame_width,
                     continued=continued)


def _is_label(flowable: Any) -> bool:
    """A box's label ("Teacher notes", "Model answer"): set in the `label` style."""
    return getattr(getattr(flowable, "style", None), "name", "") == "label"


class TickBox(Flowable):
    """An empty square to tick, or a ticked one (a drawn check mark, not a font glyph)."""

    def __init__(self, size: float, ticked: bool, color: Any, tick_color: Any,
                 line_width: float = 0.8) -> None:
        super().__init__()
        self.size, self.ticked = size, ticked
        self.color, self.tick_color, self.line_width = color, tick_color, line_width
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas, s = self.canv, self.size
        canvas.saveState()
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(self.line_width)
        canvas.rect(0, 0, s, s, stroke=1, fill=0)
        if self.ticked:
            canvas.setStrokeColor(self.tick_color)
            canvas.setLineWidth(max(1.4, s * 0.16))
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            path = canvas.beginPath()
            path.moveTo(s * 0.18, s * 0.52)
            path.lineTo(s * 0.42, s * 0.22)
            path.lineTo(s * 0.95, s * 1.05)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()


MIN_SPLIT_LINES = 3  # answer lines split only with this many on each side


class AnswerLines(Flowable):
    """Ruled lines for a student to write an answer on."""

    def __init__(self, count: int, spacing: float, color: Any, line_width: float,
                 indent: float = 0.0) -> None:
        super().__init__()
        self.count, self.spacing = count, spacing
        self.color, self.line_width, self.indent = color, line_width, indent

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.count * self.spacing
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(self.line_width)
        for row in range(self.count):
            y = row * self.spacing
            canvas.line(self.indent, y, self.width, y)
        canvas.restoreState()

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        # At least MIN_SPLIT_LINES on each side, else the lot moves: two lines at the foot of
        # a page with the rest overleaf read as a short answer space, then a stray one.
        fits = min(int(availHeight // self.spacing), self.count - MIN_SPLIT_LINES)
        if fits < MIN_SPLIT_LINES or fits >= self.count:
            return []
        return [AnswerLines(fits, self.spacing, self.color, self.line_width, self.indent),
                AnswerLines(self.count - fits, self.spacing, self.color, self.line_width,
                            self.indent)]
