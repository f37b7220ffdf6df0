"""Lanes for range bars: overlapping ranges side by side, at most MAX_LANES of them.

Greedy interval colouring in order of start, which uses the fewest lanes possible. Positions
are fractions of the axis (from axis.py), so the handout and the deck, which lay out the same
events on the same axis, give every bar the same lane.

Past the cap: a range that finds no free lane among MAX_LANES gets no bar (lane None) and is
listed in `Lanes.unbarred`. Its marker is still drawn, and its label and the chronology still
write the whole range; a bar drawn over another would read as one long, wrong range.
"""

from __future__ import annotations

from collections.abc import Sequence

from studyguide.records import record

MAX_LANES = 6
CLEARANCE = 0.01  # of the axis: a bar follows another in a lane only after this much space


@record
class Lanes:
    """The lane of each span (None for a point or a range past the cap), and the lane count."""

    lanes: tuple[int | None, ...]
    count: int
    unbarred: tuple[int, ...]  # indexes of ranges that got no lane


def assign_lanes(spans: Sequence[tuple[float, float | None]], cap: int = MAX_LANES,
                 clearance: float = CLEARANCE) -> Lanes:
    """A lane per range (start, end) so that no two bars in a lane overlap; points get None."""
    lanes: list[int | None] = [None] * len(spans)
    ends: list[float] = []  # where the last bar of each lane ends
    unbarred = []
    ranges = [i for i, (_, end) in enumerate(spans) if end is not None]
    for index in sorted(ranges, key=lambda i: spans[i][0]):
        start, end = spans[index]
        assert end is not None
        free = next((k for k, stop in enumerate(ends) if stop + clearance < start), None)
        if free is None and len(ends) < cap:
            ends.append(end)
            free = len(ends) - 1
        if free is None:
            unbarred.append(index)
            continue
        ends[free] = end
        lanes[index] = free
    return Lanes(tuple(lanes), len(ends), tuple(sorted(unbarred)))
