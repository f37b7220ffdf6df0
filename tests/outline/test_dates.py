"""The historical date type: every written form, validation, ordering across eras, display."""

from __future__ import annotations

import calendar
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyguide.outline.dates import DateError, DatePoint, HistDate, parse_date

P = DatePoint
EXPECTED = "(expected e.g. 1924, 1924-01-21, 21 January 1924, c. 1905, 44 BC)"


# ------------------------------------------------------------------------------ single dates


@pytest.mark.parametrize("text, point, shown", [
    ("1924", P(1924), "1924"),
    ("1924-01", P(1924, 1), "January 1924"),
    ("1924-01-21", P(1924, 1, 21), "21 January 1924"),
    ("21 January 1924", P(1924, 1, 21), "21 January 1924"),
    ("January 1924", P(1924, 1), "January 1924"),
    ("21 Jan 1924", P(1924, 1, 21), "21 January 1924"),
    ("21 jan. 1924", P(1924, 1, 21), "21 January 1924"),
    ("21 JANUARY 1924", P(1924, 1, 21), "21 January 1924"),
    ("Sept 1924", P(1924, 9), "September 1924"),
    ("Sept. 1924", P(1924, 9), "September 1924"),
    ("January 21, 1924", P(1924, 1, 21), "21 January 1924"),
    ("Jan. 21, 1924", P(1924, 1, 21), "21 January 1924"),
    ("January 21st, 1924", P(1924, 1, 21), "21 January 1924"),
    ("3rd March 1924", P(1924, 3, 3), "3 March 1924"),
    ("21 January, 1924", P(1924, 1, 21), "21 January 1924"),
    ("  21   January\t1924 ", P(1924, 1, 21), "21 January 1924"),
    ("21\u00a0January\u00a01924", P(1924, 1, 21), "21 January 1924"),  # no-break spaces
    ("\ufeff1924\u200b", P(1924), "1924"),  # invisible characters from copy and paste
    ("c. 1905", P(1905, circa=True), "c. 1905"),
    ("c.1905", P(1905, circa=True), "c. 1905"),
    ("ca. 1905", P(1905, circa=True), "c. 1905"),
    ("ca 1905", P(1905, circa=True), "c. 1905"),
    ("circa 1905", P(1905, circa=True), "c. 1905"),
    ("C. 1905", P(1905, circa=True), "c. 1905"),
    ("c. March 1905", P(1905, 3, circa=True), "c. March 1905"),
    ("44 BC", P(-44), "44 BC"),
    ("44 BCE", P(-44), "44 BC"),
    ("44 B.C.", P(-44), "44 BC"),
    ("44 bc", P(-44), "44 BC"),
    ("c. 44 BC", P(-44, circa=True), "c. 44 BC"),
    ("15 March 44 BC", P(-44, 3, 15), "15 March 44 BC"),
    ("44-03-15 BC", P(-44, 3, 15), "15 March 44 BC"),
    ("1 BC", P(-1), "1 BC"),
    ("AD 79", P(79), "AD 79"),
    ("79 AD", P(79), "AD 79"),
    ("79 CE", P(79), "AD 79"),
    ("79", P(79), "AD 79"),
    ("AD 1", P(1), "AD 1"),
    ("19 August AD 14", P(14, 8, 19), "19 August AD 14"),
    ("AD 999", P(999), "AD 999"),
    ("1066", P(1066), "1066"),
    ("9999", P(9999), "9999"),
    ("0044", P(44), "AD 44"),
])
def test_every_single_form(text: str, point: DatePoint, shown: str) -> None:
    date = parse_date(text)
    assert date == HistDate(point) and not date.is_range
    assert date.display() == shown
    assert parse_date(shown) == date  # what we print, we read back the same


@pytest.mark.parametrize("text", ["1924-02-29", "29 February 2000", "29 Feb 1600",
                                  "29 February 5 BC", "29 February 1 BC", "0004-02-29"])
def test_leap_days(text: str) -> None:
    # Proleptic Gregorian on astronomical years: 1 BC is year 0 and 5 BC is year -4, both leap.
    assert parse_date(text).start.day == 29


@pytest.mark.parametrize("text, message", [
    ("1923-02-29", "invalid date '1923-02-29': February 1923 has 28 days, not 29"),
    ("29 February 1900", "invalid date '29 February 1900': February 1900 has 28 days, not 29"),
    ("29 February 4 BC", "invalid date '29 February 4 BC': February 4 BC has 28 days, not 29"),
    ("1924-04-31", "invalid date '1924-04-31': April 1924 has 30 days, not 31"),
    ("1924-01-00", "invalid date '1924-01-00': January 1924 has 31 days, not 0"),
    ("1922-13-40", "invalid date '1922-13-40': month 13 does not exist"),
    ("1922-13", "invalid date '1922-13': month 13 does not exist"),
    ("1922-00", "invalid date '1922-00': month 0 does not exist"),
    ("0", "invalid date '0': there is no year 0"),
    ("0 BC", "invalid date '0 BC': there is no year 0"),
    ("0000-01-01", "invalid date '0000-01-01': there is no year 0"),
    ("12345", "invalid date '12345': years go up to 9999"),
    ("19x2", f"invalid date '19x2': not a date {EXPECTED}"),
    ("1924-", f"invalid date '1924-': not a date {EXPECTED}"),
    ("-44", f"invalid date '-44': not a date {EXPECTED}"),
    ("BC", f"invalid date 'BC': not a date {EXPECTED}"),
    ("c.", f"invalid date 'c.': not a date {EXPECTED}"),
    ("Lenin dies", f"invalid date 'Lenin dies': not a date {EXPECTED}"),
    ("١٩٢٤", f"invalid date '١٩٢٤': not a date {EXPECTED}"),  # Arabic-Indic digits
    ("１９２４", f"invalid date '１９２４': not a date {EXPECTED}"),  # full-width digits
    ("Janury 1924", "invalid date 'Janury 1924': unknown month 'Janury' "
                    "(did you mean 'January'?)"),
    ("21 Spring 1924", "invalid date '21 Spring 1924': unknown month 'Spring'"),
    ("44 BC BC", "invalid date '44 BC BC': more than one era"),
    ("AD 44 BC", "invalid date 'AD 44 BC': more than one era"),
    ("82-79 BC", "invalid date '82-79 BC': month 79 does not exist "
                 "(for a range write 82/79 BC)"),
    ("14-79", "invalid date '14-79': month 79 does not exist (for a range write 14/79)"),
    ("", "missing date"),
    (" \t\n", "missing date"),
    ("19\x002", f"invalid date '19\\x002': not a date {EXPECTED}"),  # shown escaped
    ("\x1b[31m1924", f"invalid date '\\x1b[31m1924': not a date {EXPECTED}"),
])
def test_invalid_dates_say_why(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message


@pytest.mark.parametrize("text", ["1" * 201, "1" * 1_000_000, "21 January 1924 " * 20])
def test_a_very_long_text_is_refused(text: str) -> None:
    with pytest.raises(DateError, match=r"^invalid date '.{40}…': too long to be a date$"):
        parse_date(text)


# ------------------------------------------------------------------------------------- ranges


@pytest.mark.parametrize("text, shown", [
    ("1926/1927", "1926–1927"),
    ("1926–1927", "1926–1927"),
    ("1926 – 1927", "1926–1927"),
    ("1926—1927", "1926–1927"),
    ("1926 - 1927", "1926–1927"),
    ("1926-1927", "1926–1927"),
    ("1926 to 1927", "1926–1927"),
    ("1936-08/1938-03", "August 1936 – March 1938"),
    ("August 1936 – March 1938", "August 1936 – March 1938"),
    ("August 1936–March 1938", "August 1936 – March 1938"),
    ("1925-12-18/1925-12-31", "18–31 December 1925"),
    ("18–31 December 1925", "18–31 December 1925"),
    ("1923-04-17/1923-05-25", "17 April – 25 May 1923"),
    ("17 April – 25 May 1923", "17 April – 25 May 1923"),
    ("1924-02/1924-05", "February–May 1924"),
    ("February–May 1924", "February–May 1924"),
    ("1924-02/1924-05-03", "February 1924 – 3 May 1924"),
    ("1924-05/1924", "May 1924 – 1924"),  # not backwards: May is within 1924
    ("44-03-01 BC/44-03-15 BC", "1–15 March 44 BC"),
    ("1–15 March 44 BC", "1–15 March 44 BC"),
    ("82 BC/79 BC", "82–79 BC"),
    ("82/79 BC", "82–79 BC"),
    ("82–79 BCE", "82–79 BC"),
    ("44 BC/AD 14", "44 BC – AD 14"),
    ("44 BC/14", "44 BC – AD 14"),  # an era on the start only is not carried over
    ("1 BC/AD 1", "1 BC – AD 1"),
    ("AD 14/79", "AD 14–79"),
    ("AD 800/1066", "AD 800 – 1066"),
    ("c. 44 BC/43 BC", "c. 44 BC – 43 BC"),
    ("c. 1905/1910", "c. 1905–1910"),
    ("1905/c. 1910", "1905–c. 1910"),
    ("1924/1924", "1924–1924"),
    ("1924-01-21/1927", "21 January 1924 – 1927"),
])
def test_ranges(text: str, shown: str) -> None:
    date = parse_date(text)
    assert date.is_range and date.end is not None
    assert date.display() == shown
    assert parse_date(shown) == date


def test_range_values() -> None:
    assert parse_date("82/79 BC") == HistDate(P(-82), P(-79)) == parse_date("82 BC/79 BC")
    assert parse_date("18–31 December 1925") == HistDate(P(1925, 12, 18), P(1925, 12, 31))
    assert parse_date("February–May 1924") == HistDate(P(1924, 2), P(1924, 5))
    assert parse_date("c. 1905/1910") == HistDate(P(1905, circa=True), P(1910))


@pytest.mark.parametrize("text, message", [
    ("1927/1926", "invalid date '1927/1926': the range ends before it starts"),
    ("79 BC/82 BC", "invalid date '79 BC/82 BC': the range ends before it starts"),
    ("AD 14/44 BC", "invalid date 'AD 14/44 BC': the range ends before it starts"),
    ("1924-03/1924-02", "invalid date '1924-03/1924-02': the range ends before it starts"),
    ("1926 to 1925", "invalid date '1926 to 1925': the range ends before it starts"),
    ("31/30 April 1925", "invalid date '31/30 April 1925': April 1925 has 30 days, not 31"),
    ("1924/1925/1926", f"invalid date '1924/1925/1926': not a date {EXPECTED}"),
    ("1924/", f"invalid date '1924/': not a date {EXPECTED}"),
    ("/1924", f"invalid date '/1924': not a date {EXPECTED}"),
    ("May/1924", "invalid date 'May/1924': the start of the range has no year"),
    ("1924/19x5", f"invalid date '1924/19x5': not a date {EXPECTED}"),
])
def test_invalid_ranges(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message


# ---------------------------------------------------------------------------------- ordering


def test_sorting_across_eras() -> None:
    expected = ["44 BC", "15 March 44 BC", "43 BC", "1 BC", "AD 1", "AD 14", "19 August AD 14",
                "c. 1905", "1924", "1924-01", "1924-01-21", "1924-01-21/1924-01-26", "1924-02"]
    texts = list(expected)
    for seed in range(10):
        random.Random(seed).shuffle(texts)
        assert sorted(texts, key=lambda t: parse_date(t).sort_key()) == expected


def test_circa_does_not_change_order() -> None:
    assert parse_date("c. 1905").sort_key() == parse_date("1905").sort_key()


def test_a_single_date_sorts_before_a_range_starting_the_same_point() -> None:
    single, short, long = parse_date("1936"), parse_date("1936/1937"), parse_date("1936/1938")
    assert single.sort_key() < short.sort_key() < long.sort_key()


def test_positions_on_a_continuous_axis() -> None:
    assert parse_date("1 BC").as_years() == (0.0, 0.0)
    assert parse_date("AD 1").as_years() == (1.0, 1.0)
    assert parse_date("44 BC").as_years() == (-43.0, -43.0)
    assert parse_date("1924").as_years() == (1924.0, 1924.0)
    assert parse_date("1924-07").as_years() == (1924.5, 1924.5)
    assert parse_date("1924-07-01").as_years() == (1924.5, 1924.5)
    assert parse_date("1926/1927").as_years() == (1926.0, 1927.0)
    assert parse_date("82/79 BC").as_years() == (-81.0, -78.0)
    start, _ = parse_date("1924-01-21").as_years()
    assert start == pytest.approx(1924 + 20 / 31 / 12)
    assert parse_date("1924-12-31").start.as_years() < 1925.0


# ---------------------------------------------------------------------- properties and junk


@st.composite
def points(draw: st.DrawFn) -> DatePoint:
    year = draw(st.integers(-9999, 9999).filter(lambda y: y != 0))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        astronomical = year if year > 0 else year + 1
        leap = calendar.isleap(astronomical % 400 + 400)  # same leap rule, always positive
        days = 29 if month == 2 and leap else calendar.monthrange(2001, month)[1]
        day = draw(st.none() | st.integers(1, days))
    return DatePoint(year, month, day, draw(st.booleans()))


@settings(max_examples=300, deadline=None)
@given(points(), points() | st.none())
def test_display_reads_back_as_the_same_date(a: DatePoint, b: DatePoint | None) -> None:
    if b is not None and b.sort_key() < a.sort_key():
        a, b = b, a
    date = HistDate(a, b)
    assert parse_date(date.display()) == date


@settings(max_examples=300, deadline=None)
@given(points(), points())
def test_sort_key_and_axis_agree(a: DatePoint, b: DatePoint) -> None:
    if a.sort_key() < b.sort_key():
        assert a.as_years() <= b.as_years()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_raises_date_error(text: str) -> None:
    try:
        parse_date(text)
    except DateError as exc:
        assert str(exc).isprintable()


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"(c\. ?|ca\. |circa )?[0-9]{1,5}(-[0-9]{1,2}(-[0-9]{1,2})?)?"
                     r"( BC| BCE| AD| CE)?((/| – | to |–)[0-9]{1,4}(-[0-9]{1,2})?( BC)?)?",
                     fullmatch=True))
def test_date_like_text_parses_or_raises_date_error(text: str) -> None:
    try:
        date = parse_date(text)
    except DateError as exc:
        assert str(exc).startswith("invalid date '")
    else:
        assert parse_date(date.display()) == date


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["1", "9", " ", "-", "/", "–", "c.", "BC", "AD", "Jan",
                                 "to", ".", ",", "x", "st"]), max_size=80))
def test_pieces_of_dates_parse_or_raise_date_error(pieces: list[str]) -> None:
    try:
        parse_date("".join(pieces))
    except DateError:
        pass


@pytest.mark.parametrize("text", [
    "1" * 199 + "x", " " * 10_000 + "1924", "c." * 100, "1/" * 100, "- " * 100,
    "BC " * 66, "January " * 25, "\x00" * 150, "\ud800", "1924\udfff",
])
def test_awkward_text_never_crashes(text: str) -> None:
    try:
        parse_date(text)
    except DateError as exc:
        assert str(exc).isprintable()
