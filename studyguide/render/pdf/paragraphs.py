"""The handout's Paragraph classes: LinedParagraph, whose lines linebreak.py breaks, and
StoryParagraph, which also splits across pages like reportlab's and keeps what studyguide
hangs on it.

* A heading asks to stay with the block after it (`keepWithNext`). reportlab groups the two
  in a KeepTogether; when the heading alone is taller than a frame (a `##` heading of a few
  thousand characters) the group is split, the heading is grouped again with what follows,
  and the frame loop never ends if nothing after it breaks the chain. So a paragraph taller
  than half a frame keeps nothing with it: it wraps and splits like any paragraph.
* A split heading keeps its bookmark (and contents entry) on its first part; reportlab's
  split makes new paragraphs without it, and the contents would link to nowhere.
* A wrap is remembered per width: a table asks every cell's height to size its rows and again
  to draw it, and a frame asks again after a keep-with-next; over half of a handout's wraps
  were of a paragraph already wrapped at that width. reportlab's wrap depends only on the
  width (the height it is offered does not change the lines), so a repeat restores the lines
  that wrap made instead of breaking them again.
* Lines are broken by linebreak.py (reportlab's algorithm with word widths measured once:
  the same lines, so the same page) unless it leaves a paragraph to reportlab.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph

from studyguide.render.pdf import fragments, linebreak

KEEP_FRACTION = 0.5  # a paragraph kept with the next block fills at most this much of a frame
_MARKS = ("sg_bookmark", "sg_toc")  # what parts.heading hangs on a heading


class LinedParagraph(Paragraph):
    """A Paragraph whose lines linebreak.py breaks (reportlab's when it leaves them)."""

    def breakLines(self, width: Any) -> Any:  # noqa: N802 (reportlab's name)
        """Paragraph.breakLines, by linebreak.py when it breaks this kind of paragraph."""
        lines = linebreak.break_lines(self, width)
        return super().breakLines(width) if lines is None else lines


class StoryParagraph(LinedParagraph):
    """A Paragraph that splits without losing its marks and keeps with the next block only
    while it is short enough for that to work."""

    sg_frame: tuple[float, float] = (0.0, 0.0)  # the frame's width and height
    # what reportlab's wrap sets (reportlab has no type hints, so mypy cannot know them)
    _wrapWidths: list[float]
    blPara: Any
    height: float

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Paragraph.wrap, remembered per width (see the module's docstring)."""
        wraps = self.__dict__.setdefault("_sg_wraps", {})
        done = wraps.get(avail_width)
        if done is None:
            size = super().wrap(avail_width, avail_height)
            if "blPara" not in self.__dict__ or self.__dict__.get("width") != avail_width:
                return size  # too narrow to wrap at all: nothing was laid out to remember
            wraps[avail_width] = (self._wrapWidths, self.blPara, self.height)
            return size
        self.width = avail_width
        self._wrapWidths, self.blPara, self.height = done
        return avail_width, self.height

    def getKeepWithNext(self) -> int:  # noqa: N802 (reportlab's name)
        """Keep with the next flowable only when under KEEP_FRACTION of a frame tall."""
        if not super().getKeepWithNext():
            return 0
        width, height = self.sg_frame
        if width <= 0:
            return 1
        _, tall = self.wrap(width, height)
        return int(tall <= height * KEEP_FRACTION)

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        """Split like a Paragraph: every part knows the frame, the first keeps the marks."""
        parts = super().split(avail_width, avail_height)
        for part in parts:
            part.sg_frame = self.sg_frame
        if parts:
            for name in _MARKS:
                if name in self.__dict__:
                    setattr(parts[0], name, self.__dict__[name])
        return parts


def build_paragraph(cls: type, markup: str, style: Any) -> Any:
    """`cls(markup, style)` for a Paragraph class (reportlab's Paragraph: a LinedParagraph),
    its markup read by fragments.parse (the same fragments, without HTMLParser) unless that
    leaves it to reportlab."""
    if cls is Paragraph:
        cls = LinedParagraph
    parsed = fragments.parse(markup, style)
    if parsed is None:
        return cls(markup, style)
    text, frags, bullet = parsed
    return cls(text, style, bulletText=bullet, frags=frags)


def paragraph(markup: str, style: Any, frame: tuple[float, float]) -> Any:
    """A StoryParagraph of `markup` in `style` for a frame of (width, height)."""
    para = build_paragraph(StoryParagraph, markup, style)
    para.sg_frame = frame
    return para
