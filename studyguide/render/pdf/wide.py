"""A flowable set wider than the text block, reaching out to the margins on both sides.

The text block is as wide as the theme's measure, which suits reading but not a table of four
columns: a table is laid out at the width between the margins and drawn centred on the text
block. The frame sees a flowable exactly as wide as the block, so it places and splits it as
usual.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable


class Wide(Flowable):
    """`child` laid out `extra` points wider than the frame, half of it on each side."""

    def __init__(self, child: Any, extra: float) -> None:
        super().__init__()
        self.child, self.extra = child, max(0.0, extra)
        for name in ("sg_bookmark", "sg_toc"):
            if hasattr(child, name):
                setattr(self, name, getattr(child, name))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, self.height = self.child.wrapOn(self.canv, availWidth + self.extra, availHeight) \
            if hasattr(self, "canv") else self.child.wrap(availWidth + self.extra, availHeight)
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        # On the canvas when the frame gives one, as wrap does: a child that looks at its page
        # (the timeline measures the room left on it) then sees the same page in both.
        width = availWidth + self.extra
        parts = self.child.splitOn(self.canv, width, availHeight) if hasattr(self, "canv") \
            else self.child.split(width, availHeight)
        return [Wide(part, self.extra) for part in parts]

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return self.child.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return self.child.getSpaceAfter()

    def draw(self) -> None:
        self.child.drawOn(self.canv, -self.extra / 2, 0)


def wide(child: Any, styles: Any) -> Any:
    """`child` (laid out at `styles.wide_width`) made to fit the text block."""
    extra = styles.wide_width - styles.frame_width
    return Wide(child, extra) if extra > 0.5 else child
