"""One cleaning of text for both outputs: the parser's table of characters, layout decided once."""

from __future__ import annotations

import pytest

from studyguide.outline.context import CONTROL_CHARS, strip_controls
from studyguide.render.common.text import clean_lines, clean_text
from studyguide.render.deck import fit
from studyguide.render.pdf.blocks import clean_code
from studyguide.render.pdf.inline import clean

# One of each kind the table names: C0, DEL, C1, a lone surrogate, a non-character, a
# direction override and isolate, a zero-width space, a word joiner and a stray BOM.
CANNOT_CARRY = "\x00\x07\x1b\x7f\x85\x9f\ud800\ufffe\uffff\u202e\u2066\u200b\u2060\ufeff\u200e"
# Joiners shape scripts and emoji; spaces and soft hyphens are layout the fonts handle.
KEPT = "\u200c\u200d\u00a0\u00ad"


@pytest.mark.parametrize("char", list(CANNOT_CARRY))
def test_every_output_drops_what_the_parser_drops(char: str) -> None:
    text = f"a{char}b"
    assert strip_controls(text) == "ab"
    assert clean_text(text) == clean_text(text, keep_newlines=True) == "ab"
    assert clean_lines(text) == "ab"
    assert clean(text) == fit.clean(text) == "ab"  # the PDF's and the deck's entry points


def test_joiners_and_spaces_are_not_control_characters() -> None:
    text = f"x{KEPT}y"
    assert not CONTROL_CHARS.search(text)
    assert clean_text(text) == clean_lines(text) == text


def test_flowing_text_makes_tabs_and_line_ends_word_spaces() -> None:
    assert clean_text("one\ttwo\nthree\r\nfour\rfive") == "one two three four five"


def test_a_deck_run_keeps_its_newlines_as_line_breaks() -> None:
    assert clean_text("one\r\ntwo\rthree\tfour", keep_newlines=True) == "one\ntwo\nthree four"
    assert fit.clean("one\r\ntwo") == "one\ntwo"


def test_literal_text_expands_tabs_to_stops_of_four() -> None:
    assert clean_lines("a\tb\r\n\tc\x07\td\rab\tc") == "a   b\n    c   d\nab  c"


def test_handout_code_and_deck_code_are_cleaned_alike() -> None:
    code = "def f():\r\n\treturn 1\x00\t# one\n\n"
    assert clean_code(code) == clean_lines(code).rstrip("\n") == "def f():\n    return 1    # one"


def test_typeset_curls_quotes_by_what_comes_before() -> None:
    from studyguide.render.common.text import typeset

    assert typeset("Stalin's \"Great Turn\"") == "Stalin\u2019s \u201cGreat Turn\u201d"
    assert typeset("'tis the '90s") == "\u2018tis the \u201990s"
    # a span's first quote follows the text drawn before it, not the span's start
    assert typeset("\"s", before="Lenin") == "\u201ds"
    assert typeset("\"s", before="Lenin ") == "\u201cs"


def test_typeset_sets_dashes_and_keeps_dates_and_pages_whole() -> None:
    from studyguide.render.common.text import NBSP, typeset

    assert typeset("1922-1938") == "1922\u20131938"
    assert typeset("war - and peace --- at last") == "war \u2013 and peace \u2014 at last"
    assert typeset("on 21 August 1940") == f"on 21{NBSP}August{NBSP}1940"
    assert typeset("in September 1932, see page 4") == f"in September{NBSP}1932, see page{NBSP}4"
    assert typeset("a well-known man") == "a well-known man"
