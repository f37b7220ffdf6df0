"""The historical date type: every written form, validation, ordering across eras, display."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyguide.outline.dates import DateError, DatePoint, HistDate, parse_date


@pytest.mark.parametrize("text, shown", [
    ("1924", "1924"),
    ("1924-01", "January 1924"),
    ("1924-01-21", "21 January 1924"),
    ("21 January 1924", "21 January 1924"),
    ("January 1924", "January 1924"),
    ("21 Jan 1924", "21 January 1924"),
    ("21 jan. 1924", "21 January 1924"),
    ("Sept 1924", "September 1924"),
    ("January 21, 1924", "21 January 1924"),
    ("c. 1905", "c. 1905"),
    ("ca. 1905", "c. 1905"),
    ("c.1905", "c. 1905"),
    ("circa 1905", "c. 1905"),
    ("44 BC", "44 BC"),
    ("44 BCE", "44 BC"),
    ("44 B.C.", "44 BC"),
    ("15 March 44 BC", "15 March 44 BC"),
    ("44-03-15 BC", "15 March 44 BC"),
    ("AD 79", "AD 79"),
    ("79 CE", "AD 79"),
    ("79 AD", "AD 79"),
    ("19 August AD 14", "19 August AD 14"),
    ("1926/1927", "1926–1927"),
    ("1926–1927", "1926–1927"),
    ("1926 – 1927", "1926–1927"),
    ("1926 to 1927", "1926–1927"),
    ("1936-08/1938-03", "August 1936 – March 1938"),
    ("1925-12-18/1925-12-31", "18–31 December 1925"),
    ("1923-04-17/1923-05-25", "17 April – 25 May 1923"),
    ("1924-02/1924-05", "February–May 1924"),
    ("1924-02/1924-05-03", "February 1924 – 3 May 1924"),
    ("44-03-01 BC/44-03-15 BC", "1–15 March 44 BC"),
    ("82 BC/79 BC", "82–79 BC"),
    ("82/79 BC", "82–79 BC"),
    ("44 BC/AD 14", "44 BC – AD 14"),
    ("c. 1905/1910", "c. 1905–1910"),
    ("1924-02-29", "29 February 1924"),
    ("29 February 5 BC", "29 February 5 BC"),  # 5 BC is astronomical -4: a leap year
])
def test_every_form_parses_and_displays(text: str, shown: str) -> None:
    assert parse_date(text).display() == shown


@pytest.mark.parametrize("text, message", [
    ("1922-13-40", "invalid date '1922-13-40': month 13 does not exist"),
    ("19x2", "invalid date '19x2': not a date (expected e.g. 1924, 1924-01-21, "
             "21 January 1924, c. 1905, 44 BC)"),
    ("1923-02-29", "invalid date '1923-02-29': February 1923 has 28 days, not 29"),
    ("1924-04-31", "invalid date '1924-04-31': April 1924 has 30 days, not 31"),
    ("0", "invalid date '0': there is no year 0"),
    ("1927/1926", "invalid date '1927/1926': the range ends before it starts"),
    ("Janury 1924", "invalid date 'Janury 1924': unknown month 'Janury' "
                    "(did you mean 'January'?)"),
    ("44 BC BC", "invalid date '44 BC BC': more than one era"),
    ("1924/1925/1926", "invalid date '1924/1925/1926': not a date (expected e.g. 1924, "
                       "1924-01-21, 21 January 1924, c. 1905, 44 BC)"),
    ("", "missing date"),
    ("١٩٢٤", "invalid date '١٩٢٤': not a date (expected e.g. 1924, 1924-01-21, "
             "21 January 1924, c. 1905, 44 BC)"),
])
def test_invalid_dates_say_why(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message


def test_a_very_long_text_is_refused_quickly() -> None:
    with pytest.raises(DateError, match="too long to be a date"):
        parse_date("1" * 1_000_000)


def test_sorting_across_eras() -> None:
    texts = ["AD 14", "44 BC", "43 BC", "1 BC", "AD 1", "1924", "1924-01", "1924-01-21",
             "15 March 44 BC", "c. 1905"]
    expected = ["44 BC", "15 March 44 BC", "43 BC", "1 BC", "AD 1", "AD 14", "c. 1905",
                "1924", "1924-01", "1924-01-21"]
    for seed in range(5):
        random.Random(seed).shuffle(texts)
        assert sorted(texts, key=lambda t: parse_date(t).sort_key()) == expected


def test_a_single_date_sorts_before_a_range_starting_the_same_day() -> None:
    single, span = parse_date("1936"), parse_date("1936/1938")
    assert single.sort_key() < span.sort_key()
    assert span.is_range and not single.is_range


def test_positions_on_a_continuous_axis() -> None:
    assert parse_date("1 BC").as_years() == (0.0, 0.0)
    assert parse_date("44 BC").as_years() == (-43.0, -43.0)
    assert parse_date("1924-07").as_years() == (1924.5, 1924.5)
    assert parse_date("1926/1927").as_years() == (1926.0, 1927.0)
    start, _ = parse_date("1924-01-21").as_years()
    assert 1924.05 < start < 1924.06


def test_model_values() -> None:
    assert parse_date("c. 15 March 44 BC") == HistDate(DatePoint(-44, 3, 15, circa=True))
    assert parse_date("1926/1927") == HistDate(DatePoint(1926), DatePoint(1927))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_raises_date_error(text: str) -> None:
    try:
        parse_date(text)
    except DateError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"(c\. )?[0-9]{1,4}(-[0-9]{1,2}(-[0-9]{1,2})?)?( BC| AD)?", fullmatch=True))
def test_date_like_text_parses_or_raises_date_error(text: str) -> None:
    try:
        parse_date(text)
    except DateError:
        pass
