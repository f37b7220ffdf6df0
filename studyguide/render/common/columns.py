"""Table column widths, shared by the handout and the deck so both lay a table out alike.

The unit does not matter (the PDF passes points, the deck passes points on a slide); each
column is described by two measured widths, padding included:

* `natural`: its widest line set on one line, the width at which nothing in it wraps;
* `minimum`: its widest unbreakable word, below which a word would be split.

The algorithm is water-filling, the way a browser shares a table out:

1. When every column fits at its natural width, the table gets those widths (stretched in
   proportion to fill the width, unless told not to stretch a table much narrower than it).
2. When even the minimum widths do not fit, the width is shared in proportion to them.
3. Otherwise narrow columns, those whose natural width is within an equal share of what is
   left, keep their natural width, repeatedly; the wide columns then share the rest: each gets
   its minimum plus a part of the spare width in proportion to how much more it would like.

Narrow columns (a name, a date) therefore never wrap while long prose columns share the room,
and no column is ever narrower than its longest word when the words fit at all. (The deck used
to share the whole width in proportion to natural widths, which squeezed short columns.)
"""

from __future__ import annotations

from typing import Sequence

from studyguide.records import record

NARROW_TABLE = 0.6  # an unstretched table narrower than this share of the width keeps its size
MAX_WORD_SHARE = 0.5  # one unbreakable word (a URL) never claims more than this share


@record
class Column:
    """One column's measured widths, padding included (see the module docstring)."""

    natural: float
    minimum: float


def share_widths(columns: Sequence[Column], avail: float, stretch: bool = True
                 ) -> tuple[float, ...]:
    """The width of each column, summing to `avail` (or less for a narrow unstretched table)."""
    if not columns:
        return ()
    natural = [max(c.natural, 0.0) for c in columns]
    minimum = [min(max(c.minimum, 0.0), avail * MAX_WORD_SHARE, n)
               for c, n in zip(columns, natural)]
    if sum(natural) <= avail:
        if not stretch and sum(natural) < avail * NARROW_TABLE:
            return tuple(natural)
        return _proportional(natural, avail)
    if sum(minimum) >= avail:
        return _proportional(minimum, avail)
    return _water_fill(natural, minimum, avail)


def _proportional(weights: list[float], avail: float) -> tuple[float, ...]:
    total = sum(weights)
    if total < 1e-9:  # nothing measurable (empty cells): equal shares
        return tuple(avail / len(weights) for _ in weights)
    return tuple(avail * w / total for w in weights)


def _water_fill(natural: list[float], minimum: list[float], avail: float
                ) -> tuple[float, ...]:
    """Step 3 of the module docstring; needs sum(minimum) < avail < sum(natural)."""
    widths: list[float | None] = [None] * len(natural)
    remaining = avail
    while True:
        open_cols = [i for i, w in enumerate(widths) if w is None]
        fair = remaining / len(open_cols)
        settled = [i for i in open_cols if natural[i] <= fair]
        rest = [i for i in open_cols if natural[i] > fair]
        # Settle only while the wide columns still get their minimum widths.
        taken = sum(natural[i] for i in settled)
        if not settled or remaining - taken < sum(minimum[i] for i in rest):
            break
        for i in settled:
            widths[i] = natural[i]
        remaining -= taken
    open_cols = [i for i, w in enumerate(widths) if w is None]
    spare = remaining - sum(minimum[i] for i in open_cols)
    want = {i: natural[i] - minimum[i] for i in open_cols}
    total_want = sum(want.values())
    for i in open_cols:
        share = want[i] / total_want if total_want >= 1e-9 else 1 / len(open_cols)
        widths[i] = minimum[i] + spare * share
    return tuple(w or 0.0 for w in widths)
