"""render/common/columns.py: the one way both renderers share a table's width."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyguide.render.common.columns import Column, share_widths


def test_short_columns_keep_their_width_and_long_ones_share_the_rest() -> None:
    widths = share_widths([Column(90, 60), Column(900, 70), Column(900, 70)], 480)
    assert sum(widths) == pytest.approx(480)
    assert widths[0] == pytest.approx(90)
    assert widths[1] == pytest.approx(widths[2]) == pytest.approx(195)


def test_longer_prose_gets_more_of_the_spare_width() -> None:
    name, role, fate = Column(80, 60), Column(600, 80), Column(300, 80)
    widths = share_widths([name, role, fate], 500)
    assert widths[0] == pytest.approx(80)
    assert widths[1] > widths[2] > 80


def test_a_table_that_fits_is_stretched_in_proportion_unless_told_not_to() -> None:
    columns = [Column(50, 20), Column(150, 30)]
    assert share_widths(columns, 400) == pytest.approx((100, 300))
    assert share_widths(columns, 400, stretch=False) == pytest.approx((50, 150))
    # Nearly as wide as the frame: stretched anyway, so it lines up with the text.
    assert sum(share_widths(columns, 250, stretch=False)) == pytest.approx(250)


def test_words_too_wide_for_the_frame_share_it_in_proportion() -> None:
    widths = share_widths([Column(2000, 2000)] * 3, 400)
    assert widths == pytest.approx((400 / 3,) * 3)


def test_a_narrow_column_gives_way_rather_than_squeeze_a_long_word() -> None:
    # Settling the short column at 90 would leave 210 for two columns whose words need 280
    # (the handout's old algorithm did, and drew a table 370 points wide in 300).
    widths = share_widths([Column(90, 5), Column(400, 140), Column(400, 140)], 300)
    assert sum(widths) == pytest.approx(300)
    assert widths[1] >= 140 and widths[2] >= 140 and widths[0] >= 5


def test_no_columns_and_empty_columns() -> None:
    assert share_widths([], 300) == ()
    assert share_widths([Column(0, 0), Column(0, 0)], 300) == pytest.approx((150, 150))


@given(st.lists(st.tuples(st.floats(0, 3000), st.floats(0, 3000)), min_size=1, max_size=20),
       st.floats(50, 2000))
def test_widths_always_fill_the_frame_and_respect_words_when_they_fit(
        pairs: list[tuple[float, float]], avail: float) -> None:
    columns = [Column(max(a, b), min(a, b)) for a, b in pairs]
    widths = share_widths(columns, avail)
    assert len(widths) == len(columns)
    assert sum(widths) == pytest.approx(avail, rel=1e-6, abs=1e-6)
    minimum = [min(c.minimum, avail / 2) for c in columns]
    if sum(minimum) < avail and sum(c.natural for c in columns) > avail:
        for w, low, c in zip(widths, minimum, columns):
            assert low - 1e-6 <= w <= c.natural + 1e-6
