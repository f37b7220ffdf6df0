"""The shared time axis: dates to fractions of the axis, long empty gaps cut out, ticks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from studyguide.outline.dates import parse_date
from studyguide.render.common.axis import BREAK_SHARE, event_span, plan_axis, year_label

COMMON = Path(__file__).resolve().parents[2] / "studyguide/render/common"
# 1878, 1907, 1912, then the 1917-1924 run: 1878-1907 is cut out, as in outline 01.
STALIN = [1878.96, 1907.48, 1912.0, 1917.85, 1918.4, 1919.17, 1921.15, 1922.25, 1923.0,
          1924.05]
ANCIENT_AND_MODERN = [-43.0, 1922.0, 1923.0, 1924.0, 1925.0, 1926.0, 1927.0]


def spans(times: list[float]) -> list[tuple[float, float | None]]:
    return [(t, None) for t in times]


@pytest.mark.parametrize("times", [STALIN, ANCIENT_AND_MODERN, [1900.0, 1910.0, 1930.0],
                                   [1924.0, 1924.01, 1924.02, 1990.0]])
def test_mapping_is_monotonic_and_fills_the_axis(times: list[float]) -> None:
    axis = plan_axis(spans(times))
    fractions = [axis.at(t) for t in times]
    assert fractions == sorted(fractions)
    assert len(set(fractions)) == len(fractions)  # distinct dates stay apart
    assert fractions[0] == 0.0 and fractions[-1] == pytest.approx(1.0)
    # Sampled between the first and last date too, not only at the events.
    samples = [times[0] + (times[-1] - times[0]) * k / 200 for k in range(201)]
    assert [axis.at(t) for t in samples] == sorted(axis.at(t) for t in samples)


def test_spacing_is_proportional_to_time_without_a_long_gap() -> None:
    axis = plan_axis(spans([1900.0, 1910.0, 1930.0]))
    a, b, c = (axis.at(t) for t in (1900.0, 1910.0, 1930.0))
    assert axis.breaks == ()
    assert c - b == pytest.approx(2 * (b - a))


def test_a_long_empty_span_is_cut_out_and_takes_one_break_share() -> None:
    axis = plan_axis(spans(ANCIENT_AND_MODERN))
    assert len(axis.breaks) == 1 and len(axis.pieces) == 2
    bc, first, second = axis.at(-43.0), axis.at(1922.0), axis.at(1923.0)
    # 1,965 empty years take the break's share; a year after the gap takes more than that / 3.
    assert first - bc == pytest.approx(BREAK_SHARE)
    assert second - first > BREAK_SHARE / 3
    assert bc < axis.breaks[0] < first
    # Both sides of the break keep one scale: years after the gap are evenly spread.
    assert axis.at(1927.0) - axis.at(1926.0) == pytest.approx(second - first)


def test_the_stalin_outline_gap_is_compressed() -> None:
    axis = plan_axis(spans(STALIN))
    proportional = (1907.48 - 1878.96) / (1924.05 - 1878.96)
    assert len(axis.breaks) == 3  # 1878, 1907 and 1912 each stand alone
    assert axis.at(1907.48) - axis.at(1878.96) < proportional / 5


def test_one_moment_only_sits_in_the_middle() -> None:
    axis = plan_axis(spans([1924.0, 1924.0]))
    assert axis.flat and axis.at(1924.0) == 0.5 and axis.ticks(0.1) == ()


def test_ranges_count_their_end() -> None:
    axis = plan_axis([event_span(parse_date(d)) for d in ("1920/1929", "1925")])
    assert axis.at(1920.0) == 0.0 and axis.at(1930.0) == pytest.approx(1.0)
    assert axis.at(1925.0) == pytest.approx(0.5)


def test_only_a_written_range_has_an_end() -> None:
    assert event_span(parse_date("1924")) == (1924.0, None)
    assert event_span(parse_date("1924-05")) == (pytest.approx(1924 + 4 / 12), None)
    assert event_span(parse_date("1926/1927")) == (1926.0, 1928.0)


@pytest.mark.parametrize(("text", "end"), [
    ("1924-02/1924-05", 1924 + 5 / 12),  # February-May ends on 31 May, after May's congress
    ("1921-03-08/1921-03-16", 1921 + (2 + 16 / 31) / 12),  # the end of the 16th
    ("1924-02-28/1924-02-29", 1924 + 2 / 12),  # a leap day is the last of February 1924
    ("1924/1924", 1925.0),  # a whole year
    ("44 BC/43 BC", -41.0),  # astronomical -43 .. -42, so the end of 43 BC is -41
])
def test_a_range_ends_at_the_end_of_its_last_unit(text: str, end: float) -> None:
    assert event_span(parse_date(text))[1] == pytest.approx(end)


def test_every_empty_stretch_of_outline_01_is_cut_but_quiet_years_stay() -> None:
    # 1878, 1907 and 1912 stand alone before the crowded 1917-1923.
    times = [1878.96, 1907.49, 1912.0, 1917.85, 1918.4, 1919.17, 1921.15, 1921.2, 1922.25,
             1922.9, 1922.95, 1923.0, 1923.19]
    axis = plan_axis(spans(times))
    assert len(axis.breaks) == 3
    assert axis.at(1923.19) - axis.at(1917.85) == pytest.approx(1 - 3 * BREAK_SHARE)
    # The two quiet years 1919-1921 are part of the story: no break there.
    assert all(not axis.at(1919.17) < b < axis.at(1921.15) for b in axis.breaks)


def test_a_range_across_an_empty_stretch_keeps_it() -> None:
    axis = plan_axis([(1900.0, 1950.0), (1900.0, None), (1901.0, None), (1950.0, None)])
    assert axis.breaks == ()


def test_no_empty_stretch_takes_much_of_the_axis() -> None:
    times = [1878.96, 1907.49, 1912.0, *(1917.85 + k * 0.3 for k in range(75))]
    axis = plan_axis(spans(times))
    drawn = [axis.at(b) - axis.at(a) for a, b in zip(times, times[1:])]
    assert max(drawn) <= 0.1


def test_ticks_fall_on_round_years_at_least_min_gap_apart() -> None:
    axis = plan_axis(spans([1900.0, 1950.0]))
    ticks = axis.ticks(0.15)
    assert [t.label for t in ticks] == ["1900", "1910", "1920", "1930", "1940", "1950"]
    assert all(b.at - a.at >= 0.15 for a, b in zip(ticks, ticks[1:]))
    assert [t.at for t in ticks] == [axis.at(t.year) for t in ticks]


def test_ticks_skip_the_cut_out_gap() -> None:
    axis = plan_axis(spans(ANCIENT_AND_MODERN))
    years = [t.year for t in axis.ticks(0.1)]
    assert years and all(y >= 1922 for y in years)


def test_a_short_piece_still_shows_the_round_year_inside_it() -> None:
    axis = plan_axis(spans([1918.4, 1918.6, 1919.17, 1940.0, 1940.5, 1941.0]))
    assert "1919" in [t.label for t in axis.ticks(0.05)]


def test_an_axis_of_weeks_gets_month_ticks() -> None:
    axis = plan_axis(spans([1922.97, 1923.0, 1923.19]))  # 22 December 1922 - 10 March 1923
    labels = [t.label for t in axis.ticks(0.1)]
    assert labels == ["Jan 1923", "Feb 1923", "Mar 1923"]
    assert [t.at for t in axis.ticks(0.1)] == [axis.at(1923 + k / 12) for k in range(3)]


def test_an_axis_of_days_gets_day_ticks() -> None:
    august = [event_span(parse_date(d))[0] for d in ("1936-08-19", "1936-08-22", "1936-08-25")]
    axis = plan_axis(spans(august))
    assert [t.label for t in axis.ticks(0.2)] == ["19 Aug", "21 Aug", "23 Aug", "25 Aug"]
    assert axis.ticks(0.2)[1].at == pytest.approx(axis.at(event_span(parse_date("1936-08-21"))[0]))


def test_bc_year_labels() -> None:
    assert year_label(-43.0) == "44 BC"
    assert year_label(0.0) == "1 BC"
    assert year_label(1924.5) == "1924"


@pytest.mark.parametrize("name", ["axis.py", "lanes.py", "chronology.py"])
def test_shared_layout_imports_no_output_library(name: str) -> None:
    tree = ast.parse((COMMON / name).read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    allowed = ("studyguide.outline", "studyguide.theme", "studyguide.diagnostics",
               "studyguide.records", "studyguide.render.common")
    for module in modules:
        assert module is not None
        if module.startswith("studyguide"):
            assert module.startswith(allowed), module
        else:
            assert module.split(".")[0] in {"__future__", "bisect", "math", "collections",
                                            "dataclasses"}, module


def test_chronology_text_is_the_timeline_line_by_line() -> None:
    from studyguide.outline.model import Span, TimelineEvent
    from studyguide.render.common.chronology import chronology_text

    events = [TimelineEvent(1, parse_date("1924-01-21"), (Span("Lenin "), Span("dies", bold=True))),
              TimelineEvent(2, parse_date("1926/1927"), (Span("United   Opposition"),))]
    assert chronology_text(events) == ("Timeline, 1924–1927, 2 events:\n"
                                       "21 January 1924: Lenin dies\n"
                                       "1926–1927: United Opposition")
    assert chronology_text([]) == "Timeline: no events."
    # a slide's title already names its years: they are not said twice
    assert chronology_text(events, "Timeline: 1924–1927").splitlines()[0] == \
        "Timeline: 1924–1927, 2 events:"
