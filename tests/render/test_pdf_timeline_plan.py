"""The timeline plan: proportional axis, broken gaps, labels that never overlap, page cuts."""

from __future__ import annotations

import pytest

from studyguide.render.pdf.timeline_plan import (
    cut_points,
    place_labels,
    plan_timeline,
    window_ticks,
)


def _no_overlap(tops: list[float], heights: list[float]) -> bool:
    return all(a + h <= b + 1e-6 for a, h, b in zip(tops, heights, tops[1:]))


@pytest.mark.parametrize("ideal", [
    [0, 0, 0, 0],
    [10, 11, 12, 200, 201],
    [50, 40, 30],  # out of order ideals still come out in order
    [0, 100, 200, 300],
])
def test_labels_never_overlap_and_stay_in_order(ideal: list[float]) -> None:
    heights = [12.0] * len(ideal)
    tops = place_labels(ideal, heights)
    assert _no_overlap(tops, heights)
    assert min(tops) >= 0


def test_labels_without_conflict_sit_at_their_ideal_place() -> None:
    assert place_labels([0, 100, 200], [12, 12, 12]) == [0, 100, 200]


def test_a_cluster_is_centred_on_its_events() -> None:
    tops = place_labels([100, 100, 100], [10, 10, 10], gap=0)
    assert tops == [90, 100, 110]


def test_spacing_is_proportional_to_time() -> None:
    plan = plan_timeline([(1900.0, None), (1910.0, None), (1930.0, None)], [12] * 3, [6] * 3)
    a, b, c = (p.marker for p in plan.events)
    assert (c - b) == pytest.approx(2 * (b - a))
    assert plan.breaks == ()


def test_a_huge_gap_is_cut_out_with_a_break_mark() -> None:
    spans = [(-43.0, None)] + [(1922.0 + i, None) for i in range(8)]
    plan = plan_timeline(spans, [12] * 9, [6] * 9)
    assert len(plan.breaks) == 1
    assert len(plan.segments) == 2
    first, second, third = (p.marker for p in plan.events[:3])
    # The 1,965 years between 44 BC and 1922 take less room than a few years after.
    assert second - first < 6 * (third - second)
    assert plan.events[0].marker < plan.breaks[0] < plan.events[1].marker


def test_ranges_get_bars_in_separate_lanes_when_they_overlap() -> None:
    plan = plan_timeline([(1900.0, 1920.0), (1905.0, 1915.0), (1930.0, 1940.0)], [12] * 3,
                         [6] * 3)
    lanes = [p.lane for p in plan.events]
    assert lanes[0] != lanes[1]
    assert lanes[2] == 0
    assert all(p.end is not None and p.end > p.marker for p in plan.events)


def test_cut_points_never_cut_a_label() -> None:
    spans = [(1800 + i / 3, None) for i in range(300)]
    plan = plan_timeline(spans, [12.0] * 300, [6.0] * 300)
    cuts = cut_points(plan)
    assert len(cuts) > 10
    for cut in cuts:
        assert not any(p.reach[0] < cut < p.reach[1] for p in plan.events)


def test_plan_of_nothing_is_empty() -> None:
    assert plan_timeline([], [], []).height == 0


def test_same_date_everywhere_still_lays_out() -> None:
    plan = plan_timeline([(1924.0, None)] * 5, [12] * 5, [6] * 5)
    tops = [p.top for p in plan.events]
    assert _no_overlap(tops, [12] * 5)


def test_markers_follow_the_shared_axis_within_each_piece_and_breaks_take_a_fixed_gap() -> None:
    from studyguide.render.common.axis import plan_axis
    from studyguide.render.pdf.timeline_plan import BREAK_GAP

    spans = [(1700.0, None), (1705.0, None)] + [(1917.0 + i, None) for i in range(6)]
    plan = plan_timeline(spans, [12] * 8, [6] * 8)
    axis = plan_axis(spans)
    run = plan.segments[-1]
    scale = (run.y1 - run.y0) / (axis.at(1922.0) - axis.at(1917.0))
    assert [p.marker for p in plan.events[2:]] == pytest.approx(
        [run.y0 + (axis.at(s) - axis.at(1917.0)) * scale for s, _ in spans[2:]])
    for a, b in zip(plan.segments, plan.segments[1:]):
        assert b.y0 - a.y1 == pytest.approx(BREAK_GAP)


def _drifts(plan, anchor: float) -> list[float]:
    return [abs(p.top + anchor - p.marker) for p in plan.events]


def test_a_crowded_stretch_opens_out_on_a_piecewise_scale() -> None:
    """Labels that a proportional axis would fan out sit level with their own markers: the
    crowded weeks get the room their labels need, the quiet years share one scale."""
    # Ten events a week apart early in 1924, then one a year for eight years.
    spans = [(1924.0 + i / 50, None) for i in range(10)] + [(1925.0 + i, None) for i in range(8)]
    for plan in (plan_timeline(spans, [14.0] * 18, [7.0] * 18),
                 plan_timeline(spans, [14.0] * 18, [7.0] * 18, max_length=10_000.0)):
        assert max(_drifts(plan, 7.0)) < 0.5
        tops = [p.top for p in plan.events]
        assert _no_overlap(tops, [14.0] * 18) and tops == sorted(tops)
        years = [p.marker for p in plan.events[10:]]
        assert max(b - a for a, b in zip(years, years[1:])) == pytest.approx(
            min(b - a for a, b in zip(years, years[1:])))
        # the ticks are placed on the same scale: each round year at its own event's marker
        at = {label: y for y, label in plan.ticks}
        for event, t in zip(plan.events[10:], range(1925, 1933)):
            if str(t) in at:
                assert at[str(t)] == pytest.approx(event.marker)
        assert len(at) >= 3


def test_a_sparse_timeline_keeps_its_proportional_axis() -> None:
    spans = [(1900.0, None), (1910.0, None), (1930.0, None), (1935.0, None)]
    plan = plan_timeline(spans, [12.0] * 4, [6.0] * 4)
    a, b, c, d = (p.marker for p in plan.events)
    assert (c - b) == pytest.approx(2 * (b - a)) and (d - c) == pytest.approx((b - a) / 2)
    assert plan.compressed == ()


def test_ranges_past_the_lane_cap_get_no_bar() -> None:
    from studyguide.render.common.lanes import MAX_LANES

    spans = [(1900.0 + i, 1950.0 - i) for i in range(MAX_LANES + 1)]
    plan = plan_timeline(spans, [12] * len(spans), [6] * len(spans))
    assert plan.lanes == MAX_LANES
    assert [p.lane for p in plan.events][-1] is None
    assert plan.events[-1].end is None


def test_a_grown_axis_cuts_its_long_quiet_stretches_and_breaks_take_little_room() -> None:
    from studyguide.render.pdf.timeline_plan import BREAK_GAP, MAX_EMPTY_POINTS

    # Crowded weeks (which make the axis grow), then a quiet year and a half, then more.
    spans = [(1924.0 + i / 100, None) for i in range(12)] + [(1925.6, None), (1925.7, None)] \
        + [(1927.2 + i / 100, None) for i in range(12)]
    plan = plan_timeline(spans, [14.0] * len(spans), [7.0] * len(spans), max_length=4000.0)
    assert len(plan.breaks) >= 1
    markers = [p.marker for p in plan.events]
    breaks = list(plan.breaks)
    for a, b in zip(markers, markers[1:]):  # no stretch without a break is drawn too long
        if not any(a < mark < b for mark in breaks):
            assert b - a <= MAX_EMPTY_POINTS + 1e-6
    assert len(breaks) * BREAK_GAP <= 0.15 * plan.height  # three breaks in under a page


def test_every_window_of_a_split_shows_two_ticks() -> None:
    """A page's part between two round years gets the first of every few months instead."""
    spans = [(1929.0 + k / 6, None) for k in range(13)]  # every two months, 1929-1931
    plan = plan_timeline(spans, [12.0] * len(spans), [6.0] * len(spans), 2000)
    years = [y for y, _ in plan.ticks]
    top, bottom = years[0] + 20, years[1] - 20  # a window with no round year in it
    ticks = window_ticks(plan, top, bottom)
    assert len(ticks) >= 2 and all(top <= y <= bottom for y, _ in ticks)
    assert all(label.split()[0] in ("Jan", "Mar", "Apr", "Jul", "Sep", "Oct", "May", "Nov")
               for _, label in ticks)
    assert [y for y, _ in ticks] == sorted(y for y, _ in ticks)
    assert window_ticks(plan, 0, plan.height) == plan.ticks  # enough there: the plan's own


def test_on_an_uneven_scale_every_year_has_a_tick() -> None:
    """1920-1930 opened out (60 pt a year), 1930-1940 closed up (15 pt a year), then 1940-1941
    at 5 pt: the labelled ticks (30 pt apart) skip years in the closed-up stretch; those get
    a minor tick, with the short label where it is 12 pt clear of the others, else bare."""
    from studyguide.render.pdf.timeline_plan import MIN_TICK_SPACING
    from studyguide.render.pdf.timeline_scale import Scale, Stretch, scale_ticks, year_marks

    scale = Scale((Stretch(1920, 1930, 0, 600), Stretch(1930, 1940, 600, 750),
                   Stretch(1940, 1942, 750, 760)))
    ticks = scale_ticks(scale, MIN_TICK_SPACING)
    marks = year_marks(scale, ticks)
    years = sorted([(y, label) for y, label in ticks] + list(marks))
    assert [y for y, _ in years] == [scale.y(t) for t in range(1920, 1943)]
    assert dict(marks)[scale.y(1931)] == "\u201931"
    assert all(label == "" for y, label in marks if y > 750)  # 5 pt apart: bare ticks
