"""Dates as teachers write them (issue 18): short ranges, decades, month names in six
languages, month and day taking the heading's year, and never a year the source did not write."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyguide.outline.dates import MONTHS, DateError, DatePoint, HistDate, parse_date

P = DatePoint


@pytest.mark.parametrize("text, date", [
    ("5 March 1919", HistDate(P(1919, 3, 5))),
    ("March 5, 1919", HistDate(P(1919, 3, 5))),
    ("Mar. 1919", HistDate(P(1919, 3))),
    ("1861-65", HistDate(P(1861), P(1865))),
    ("1919-23", HistDate(P(1919), P(1923))),
    ("c. 1861-65", HistDate(P(1861, circa=True), P(1865))),
    ("1860s", HistDate(P(1860), P(1869))),
    ("1990's", HistDate(P(1990), P(1999))),
    ("c. 1450", HistDate(P(1450, circa=True))),
    ("44 BC", HistDate(P(-44))),
    ("1905-10", HistDate(P(1905, 10))),  # ISO year-month, as before
    ("5 mars 1919", HistDate(P(1919, 3, 5))),
    ("1er mai 1968", HistDate(P(1968, 5, 1))),
    ("14 juillet 1789", HistDate(P(1789, 7, 14))),
    ("5. März 1919", HistDate(P(1919, 3, 5))),
    ("9. November 1989", HistDate(P(1989, 11, 9))),
    ("5 de marzo de 1919", HistDate(P(1919, 3, 5))),
    ("12 de octubre de 1492", HistDate(P(1492, 10, 12))),
    ("12 ottobre 1492", HistDate(P(1492, 10, 12))),
    ("5 марта 1919 г.", HistDate(P(1919, 3, 5))),
    ("октябрь 1917", HistDate(P(1917, 10))),
])
def test_forms_teachers_write(text: str, date: HistDate) -> None:
    assert parse_date(text) == date
    assert parse_date(date.display()) == date


@pytest.mark.parametrize("text, date", [
    ("March 5", HistDate(P(1770, 3, 5))),
    ("Dec 16", HistDate(P(1770, 12, 16))),
    ("5 March", HistDate(P(1770, 3, 5))),
    ("Sept. 5 - Oct. 26", HistDate(P(1770, 9, 5), P(1770, 10, 26))),
    ("Sept. 5 – Oct. 26", HistDate(P(1770, 9, 5), P(1770, 10, 26))),
])
def test_month_and_day_take_the_heading_year(text: str, date: HistDate) -> None:
    assert parse_date(text, year=1770) == date
    with pytest.raises(DateError, match=r"no year \(write it, e\.g\. '.*', or put the item "
                                        r"under a heading that is a year"):
        parse_date(text)


def test_the_heading_year_never_replaces_a_written_year() -> None:
    assert parse_date("March 5, 1919", year=1770) == HistDate(P(1919, 3, 5))
    assert parse_date("March 44 BC", year=1770) == HistDate(P(-44, 3))
    assert parse_date("15 March", year=-44) == HistDate(P(-44, 3, 15))


@pytest.mark.parametrize("text, message", [
    ("Oct. 26", "no year"),
    ("Jan 99", "is 99 the year? Write the year in full (e.g. 1999 or AD 99)"),
    ("5 March 19", "is 19 the year?"),
    ("1922-13", "month 13 does not exist"),
])
def test_a_short_number_is_never_a_year_silently(text: str, message: str) -> None:
    with pytest.raises(DateError, match=re.escape(message)):
        parse_date(text)


# ----------------------------------------------------------------------------- the property

_NAMES = [m for m in MONTHS] + [m[:3] for m in MONTHS] + [m[:3] + "." for m in MONTHS] + [
    "mars", "juillet", "März", "marzo", "ottobre", "марта", "Sept."]


_FORMS = {  # form -> which written number is the year ("y"), or none ("context")
    "{d} {m} {y}{e}": "y", "{m} {d}, {y}{e}": "y", "{m} {y}{e}": "y", "{y}{e}": "y",
    "c. {y}{e}": "y", "{d}–{d} {m} {y}{e}": "y", "{m} {d}": "context", "{d} {m}": "context",
    "{m} {d} - {m} {d}": "context", "{m} {s}": "context",
}


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(sorted(_FORMS)), st.sampled_from(_NAMES), st.integers(1, 28),
       st.integers(1, 2100), st.sampled_from(["", " BC", " AD", " CE"]), st.integers(0, 99),
       st.none() | st.integers(1000, 2000))
def test_no_date_is_read_as_a_year_the_source_did_not_write(form, month, day, year, era, short,
                                                              context) -> None:
    text = form.format(d=day, m=month, y=year, e=era, s=f"{short:02d}")
    try:
        date = parse_date(text, year=context)
    except DateError:
        return  # refusing is always allowed; reading a wrong year never is
    if _FORMS[form] == "y" and not era and year < 100 and form.startswith("{m} {y}"):
        # `January 1` is the first of January of the heading's year: a day, never AD 1
        assert (date.start.year, date.start.day) == (context, year), (text, context, date)
        return
    if _FORMS[form] == "y":
        expected = -year if era == " BC" else year
    else:
        assert context is not None, (text, date)
        expected = context
    assert date.start.year == expected, (text, context, date)
    assert date.end is None or date.end.year == expected, (text, context, date)


def _written_years(text: str, context: int | None) -> set[int]:
    """Every year the text can be said to write: its numbers, the context year, the end of
    a short range (`1861-65`) and of a decade (`1860s`)."""
    numbers = [int(n) for n in re.findall(r"[0-9]+", text)]
    years = {n for n in numbers} | {-n for n in numbers}
    if context is not None:
        years.add(context)
    if match := re.fullmatch(r"(?:c\. ?)?([0-9]{3,4})-([0-9]{2})", text):
        start = int(match.group(1))
        years.add(start - start % 100 + int(match.group(2)))
    if match := re.fullmatch(r"([0-9]+)'?s", text):
        years.add(int(match.group(1)) + 9)
    return years


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 -–/.,cCsADBE'MarchJunOctSep", max_size=30),
       st.none() | st.integers(1500, 1600))
def test_any_date_like_text_writes_the_year_it_is_read_as(text: str, context) -> None:
    try:
        date = parse_date(text, year=context)
    except DateError:
        return
    allowed = _written_years(" ".join(text.split()), context)
    for point in (date.start, date.end):
        if point is not None:
            assert point.year in allowed, (text, context, date)
