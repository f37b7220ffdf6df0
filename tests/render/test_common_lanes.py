"""Range-bar lanes shared by the handout and the deck: overlaps apart, a cap, points laneless."""

from __future__ import annotations

import itertools

import pytest

from studyguide.render.common.lanes import MAX_LANES, assign_lanes


def overlap(a: tuple[float, float | None], b: tuple[float, float | None]) -> bool:
    assert a[1] is not None and b[1] is not None
    return a[0] <= b[1] and b[0] <= a[1]


@pytest.mark.parametrize("spans", [
    [(0.0, 0.5), (0.1, 0.3), (0.6, 0.9)],
    [(0.0, 1.0), (0.2, 0.4), (0.3, 0.5), (0.45, 0.6), (0.7, 0.8)],
    [(0.5, 0.6), (0.0, 0.55), (0.1, 0.2)],  # not sorted by start
])
def test_overlapping_ranges_get_different_lanes(spans) -> None:
    result = assign_lanes(spans)
    assert result.unbarred == ()
    for (i, a), (j, b) in itertools.combinations(enumerate(spans), 2):
        if overlap(a, b):
            assert result.lanes[i] != result.lanes[j], (a, b)
    assert result.count == max(result.lanes) + 1  # type: ignore[type-var]


def test_ranges_apart_share_the_first_lane() -> None:
    result = assign_lanes([(0.0, 0.2), (0.3, 0.5), (0.6, 0.9)])
    assert result.lanes == (0, 0, 0) and result.count == 1


def test_touching_ranges_need_clearance_to_share_a_lane() -> None:
    assert assign_lanes([(0.0, 0.5), (0.505, 0.9)]).lanes == (0, 1)
    assert assign_lanes([(0.0, 0.5), (0.52, 0.9)]).lanes == (0, 0)


def test_points_take_no_lane() -> None:
    result = assign_lanes([(0.1, None), (0.0, 0.5), (0.2, None)])
    assert result.lanes == (None, 0, None) and result.count == 1


def test_past_the_cap_a_range_gets_no_bar_and_is_listed() -> None:
    nested = [(i / 100, 1.0 - i / 100) for i in range(MAX_LANES + 2)]
    result = assign_lanes(nested)
    assert result.count == MAX_LANES
    assert result.lanes[:MAX_LANES] == tuple(range(MAX_LANES))
    assert result.lanes[MAX_LANES:] == (None, None)
    assert result.unbarred == (MAX_LANES, MAX_LANES + 1)


def test_a_freed_lane_is_used_again_after_the_cap_was_reached() -> None:
    spans = [(0.0, 0.3), (0.0, 0.3), (0.5, 0.8)]
    result = assign_lanes(spans, cap=2)
    assert result.lanes == (0, 1, 0) and result.unbarred == ()
