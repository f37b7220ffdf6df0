"""Stacking timeline labels into lanes on either side of the axis, with nothing overlapping.

Pure geometry, in "distance from the axis" terms so both sides work alike. A label prefers to
sit centred over its marker in the lane nearest the axis; when that space is taken it moves
along the lane (its connector then slants) or out to a farther lane. A label's connector
crosses the lanes nearer the axis, so the stretch it crosses there counts as taken too, and a
new connector may not cross a label already placed.

Deck only: the handout's labels stack in one column beside a vertical axis
(pdf/timeline_plan.place_labels). Range bars' lanes are shared: render/common/lanes.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studyguide.records import record

GAP = 8.0  # between neighbouring labels in a lane
CLEAR = 3.0  # around a connector
END = 8.0  # a connector meets its label at least this far in from the label's corner
MAX_SLANT = 160.0  # how far sideways a connector may run from its marker to its label


@dataclass
class Side:
    """One side of the axis: `start` is the distance from the axis to lane 0."""

    start: float
    lanes: int
    lane_h: float
    taken: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    ends: dict[int, float] = field(default_factory=dict)  # right edge of each lane's last label

    def band(self, lane: int) -> tuple[float, float]:
        """The distances from the axis that lane `lane` covers."""
        near = self.start + lane * self.lane_h
        return near, near + self.lane_h


@record
class Slot:
    side: str
    lane: int
    x: float  # the label's left edge
    anchor: float  # where its connector meets it


def _anchor(x: float, box_x: float, w: float) -> float:
    return min(max(x, box_x + END), box_x + w - END) if w > 2 * END else box_x + w / 2


def _crossings(side: Side, lane: int, marker: float, x: float, anchor: float, tip: float
               ) -> dict[int, tuple[float, float]]:
    """The stretch of each nearer lane that the connector (marker -> anchor) passes over."""
    far = side.start + lane * side.lane_h
    out = {}
    for k in range(lane):
        low, high = side.band(k)
        xs = [marker + (anchor - marker) * (d - tip) / max(far - tip, 1e-6) for d in (low, high)]
        out[k] = (min(xs) - CLEAR, max(xs) + CLEAR)
    return out


def _overlaps(spans: list[tuple[float, float]], a: float, b: float) -> bool:
    return any(lo < b and a < hi for lo, hi in spans)


def _fits(side: Side, lane: int, marker: float, box_x: float, w: float, tip: float) -> bool:
    if _overlaps(side.taken.get(lane, []), box_x - GAP / 2, box_x + w + GAP / 2):
        return False
    anchor = _anchor(marker, box_x, w)
    crossed = _crossings(side, lane, marker, box_x, anchor, tip)
    return not any(_overlaps(side.taken.get(k, []), a, b) for k, (a, b) in crossed.items())


def _candidates(side: Side, lane: int, marker: float, w: float, left: float, right: float
                ) -> list[float]:
    """Left edges to try in a lane, nearest to centred over the marker first.

    Markers come in date order, so a label never moves left of the lane's previous label:
    labels then read in the same order as their markers and connectors never cross.
    """
    floor = max(left, side.ends.get(lane, left - GAP) + GAP)
    want = max(min(max(marker - w / 2, left), right - w), floor)
    tries = {want} | {hi + 1.0 for lo, hi in side.taken.get(lane, []) if hi + 1.0 > want}
    inside = [x for x in sorted(tries) if x <= right - w + 1e-6
              and abs(_anchor(marker, x, w) - marker) <= MAX_SLANT]
    return inside


def place_one(sides: dict[str, Side], order: tuple[str, ...], marker: float, w: float,
              left: float, right: float, tip: float) -> Slot | None:
    """Find and take a slot for a label `w` wide whose marker is at `marker`."""
    most = max(side.lanes for side in sides.values())
    for lane in range(most):
        for name in order:
            side = sides[name]
            if lane >= side.lanes:
                continue
            for box_x in _candidates(side, lane, marker, w, left, right):
                if _fits(side, lane, marker, box_x, w, tip):
                    return _take(side, name, lane, marker, box_x, w, tip)
    return None


def _take(side: Side, name: str, lane: int, marker: float, box_x: float, w: float,
          tip: float) -> Slot:
    anchor = _anchor(marker, box_x, w)
    side.taken.setdefault(lane, []).append((box_x - GAP / 2, box_x + w + GAP / 2))
    side.ends[lane] = box_x + w
    for k, span in _crossings(side, lane, marker, box_x, anchor, tip).items():
        side.taken.setdefault(k, []).append(span)
    return Slot(name, lane, box_x, anchor)
