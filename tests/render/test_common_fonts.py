"""The shared font choices: substitutes, the one fallback family, the missing-glyph rule."""

from __future__ import annotations

from studyguide.render.common.fonts import (
    FALLBACK_FAMILIES,
    NO_GLYPH,
    GlyphReport,
    Segment,
    fallback_face,
    fallback_faces,
    fallback_for,
    find_faces,
    glyph_segments,
    missing_glyph_message,
    shown_text,
)
from studyguide.render.common.glyphs import has_char
from studyguide.render.deck import fit
from studyguide.render.pdf.fonts import font_set
from studyguide.theme.fonts import find_family
from studyguide.theme.model import Theme

GENTIUM = find_family("Gentium Book Plus")
UNASSIGNED = "\u0378"  # no font can map a code point Unicode has not assigned


def test_an_unknown_family_gets_the_same_substitute_in_both_renderers() -> None:
    faces, used = find_faces("No Such Family")
    assert faces is not None and used == "Noto Sans"
    assert fit.faces("No Such Family") == faces
    assert find_faces("Gentium Book Plus") == (GENTIUM, "Gentium Book Plus")


def test_one_fallback_family_for_both_renderers() -> None:
    faces = fallback_faces()
    assert faces is not None and faces.family == next(
        family for family in FALLBACK_FAMILIES if find_family(family) is not None)
    fonts = font_set(Theme())
    assert fonts.fallback is not None and fonts.fallback.faces == faces


def test_the_fallback_matches_the_style_of_the_face_it_stands_in_for() -> None:
    assert fallback_for(GENTIUM.bolditalic) == fallback_face(True, True)
    assert fallback_for(GENTIUM.regular) == fallback_face()
    assert fallback_face(True, False) != fallback_face()


def test_text_is_split_by_which_font_draws_it() -> None:
    spare = fallback_face()
    assert glyph_segments("plain ascii", GENTIUM.regular, spare) == [Segment("plain ascii")]
    assert glyph_segments("", GENTIUM.regular, spare) == []
    segments = glyph_segments(f"a{UNASSIGNED}b", GENTIUM.regular, spare)
    assert segments == [Segment(f"a{NO_GLYPH}b")]
    if has_char("\u05e9", spare):
        assert glyph_segments("x\u05e9\u05dcy", GENTIUM.regular, spare) == [
            Segment("x"), Segment("\u05e9\u05dc", fallback=True), Segment("y")]


def test_without_a_fallback_every_missing_character_is_a_question_mark() -> None:
    assert shown_text("x\u05e9y\u00a0", GENTIUM.regular, None) == "x?y\u00a0"


def test_each_missing_character_is_reported_once_at_its_first_use() -> None:
    said: list[tuple[int | None, str]] = []
    report = GlyphReport(lambda line, message: said.append((line, message)))
    report.check(f"Ж{UNASSIGNED}\u0379{UNASSIGNED}", 4, GENTIUM.regular, "Gentium Book Plus")
    report.check(UNASSIGNED, 9, GENTIUM.bold, "Gentium Book Plus", bold=True)
    report.check(UNASSIGNED, 12, GENTIUM.regular, "Other")
    # once per character, whichever face lacked it: the outputs set texts in different faces
    assert said == [(4, missing_glyph_message(UNASSIGNED, None)),
                    (4, missing_glyph_message("\u0379", None))]


def test_the_message_says_what_the_reader_will_see() -> None:
    assert missing_glyph_message("\ua66c", "DejaVu Sans") == (
        "character '\ua66c' (U+A66C) is missing from the theme's fonts; drawn with 'DejaVu Sans'")
    assert missing_glyph_message("\ua66c", None).endswith("shown as '?'")


def test_the_deck_measures_what_it_draws() -> None:
    regular = GENTIUM.regular
    assert fit.width(f"a{UNASSIGNED}", regular, 20) == fit.width("a?", regular, 20)
    spare = fallback_face()
    if has_char("\u05e9", spare):
        from studyguide.theme.truetype import read_font

        drawn = read_font(spare).string_width("\u05e9", 20) * fit.SAFETY
        assert fit.width("\u05e9", regular, 20) == drawn
