"""Keeping a heading with what follows it, without leaving the rest of a page empty.

reportlab keeps a `keepWithNext` flowable (a heading, a box label) with the next one by
wrapping both in a KeepTogether, and a KeepTogether that does not fit moves whole to the next
page: a heading before a long table or glossary leaves most of a page blank. KeepWithFirst
keeps the heading with the *first part* of what follows instead: when the group does not fit,
the last flowable is split into the room under the heading, and only when no part of it can
start there (or it cannot split) does the group move overleaf. A table's first part must hold
at least MIN_TABLE_ROWS rows under its header, so a heading never ends a page over one row,
and leave at least MIN_TAIL_ROWS for the next page.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak, Indenter
from reportlab.platypus.flowables import KeepTogether, _listWrapOn

SLACK = 2.0  # points kept in hand: the frame adds the parts again with its own spacing
MIN_TABLE_ROWS = 3  # a heading goes with at least this many rows of its table (or the lot)
MIN_TAIL_ROWS = 2  # ... and a table split after it leaves at least this many overleaf


class KeepWithFirst(KeepTogether):
    """A KeepTogether whose last flowable may split, so long as its first part goes with the
    flowables before it."""

    def split(self, aW: float, aH: float) -> list[Any]:  # noqa: N803 - reportlab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > aH and len(self._content) > 1:
            parts = self._split_last(aW, aH)
            if parts:
                return parts
        return super().split(aW, aH)

    def _split_last(self, aW: float, aH: float) -> list[Any]:  # noqa: N803
        canvas = getattr(self, "canv", None)
        heads, last = self._content[:-1], self._content[-1]
        _, used = _listWrapOn(heads, aW, canvas)
        room = aH - used - max(last.getSpaceBefore(), heads[-1].getSpaceAfter()) - SLACK
        if room <= 0 or isinstance(last, ActionFlowable):
            return []
        for attempt in range(MIN_TAIL_ROWS + 1):
            parts, tall = self._split_into(last, aW, room)
            if not parts:
                return []
            if _body_rows(parts[-1]) >= MIN_TAIL_ROWS:
                break
            # a table's last row alone overleaf: take rows over with it while the first part
            # keeps its MIN_TABLE_ROWS
            room = tall - _last_row(parts[0]) - 1
        else:
            return []
        if attempt:  # the shortened first part leaves room: the rest must still go overleaf
            parts = [*parts[:-1], FrameBreak(), parts[-1]]
        return [*heads, *parts]

    def _split_into(self, last: Any, aW: float, room: float  # noqa: N803
                    ) -> tuple[list[Any], float]:
        """`last` split into `room`, and its first part's height; ([], 0) when it cannot."""
        canvas = getattr(self, "canv", None)
        parts = last.splitOn(canvas, aW, room) if canvas is not None else last.split(aW, room)
        # a group that will not split starts with a frame break (or a null action when it
        # would not fit even at the top of a page): then the lot moves. An Indenter is fine.
        if len(parts) < 2 or (isinstance(parts[0], ActionFlowable)
                              and not isinstance(parts[0], Indenter)):
            return [], 0.0
        first = parts[0]
        _, tall = first.wrapOn(canvas, aW, room) if canvas is not None else first.wrap(aW, room)
        if tall <= 0 or tall > room or _body_rows(first) < MIN_TABLE_ROWS:
            return [], 0.0
        return parts, tall


def _table(flowable: Any) -> Any:
    while hasattr(flowable, "child"):  # a Wide table
        flowable = flowable.child
    return flowable


def _last_row(flowable: Any) -> float:
    """The height of a table part's last row (0 for anything else)."""
    heights = getattr(_table(flowable), "_rowHeights", None)
    return heights[-1] if heights else 0.0


def _body_rows(flowable: Any) -> float:
    """The rows under the header of a table's part (inf for anything not a table): a heading
    with one row under it at the foot of a page reads as stranded, a last row alone overleaf
    as an afterthought."""
    flowable = _table(flowable)
    cells = getattr(flowable, "_cellvalues", None)
    if cells is None:
        return float("inf")
    header = getattr(flowable, "repeatRows", 0)
    header = len(header) if isinstance(header, (tuple, list)) else header
    return len(cells) - header
