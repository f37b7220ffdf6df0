"""The pure slide plan: splitting, fitting and timeline geometry, without writing a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.outline.parser import parse_text
from studyguide.render import RenderSettings
from studyguide.render.deck import fit, plan_deck
from studyguide.render.deck.shapes import Line, Oval, Para, TextBox, box_height, leaves
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]


def outline_of(text: str):
    outline, problems = parse_text(text, str(REPO / "outlines/test.md"), str(REPO))
    assert outline is not None, [p.format() for p in problems]
    return outline


def theme(name: str = "classic"):
    loaded, problems = load_theme(name, REPO)
    assert loaded is not None, problems
    return loaded


def timeline_outline(dates: list[str]) -> str:
    events = "\n".join(f"- {d}: Something happened on this day, event {i}"
                       for i, d in enumerate(dates))
    return f"---\ntitle: T\n---\n\n## Timeline\n{events}\n"


def overlaps(a, b) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def crosses(line: Line, box: TextBox) -> bool:
    """True when the segment passes through the inside of `box` (sampled)."""
    for step in range(1, 100):
        t = step / 100
        x = line.x1 + (line.x2 - line.x1) * t
        y = line.y1 + (line.y2 - line.y1) * t
        if box.x + 1 < x < box.x + box.w - 1 and box.y + 1 < y < box.y + box.h - 1:
            return True
    return False


CASES = {
    "yearly": [str(1800 + i) for i in range(120)],
    "cluster": ["1924-01-16", "1924-01-18", "1924-01-21", "1924-01-26", "1924-01-27",
                "1924-01-28", "1925", "1930"],
    "same day": ["1924-01-21"] * 5,
    "ancient": ["44 BC", "c. 30 BC", "AD 14", "AD 69"],
    "ranges": ["1920/1925", "1921/1930", "1922", "1923/1924", "1926", "1935/1940"],
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_timeline_geometry(case, aspect):
    dates = CASES[case]
    slides = plan_deck(outline_of(timeline_outline(dates)), theme(),
                       RenderSettings(aspect=aspect))
    timeline = [s for s in slides if s.kind == "timeline"]
    shown = []
    for slide in timeline:
        shapes = leaves(slide.shapes)
        labels = [s for s in shapes if isinstance(s, TextBox) and s.role == "label"]
        markers = [s.x for s in shapes if isinstance(s, Oval)]
        assert markers == sorted(markers) and len(markers) == len(labels) <= 8
        connectors = [s for s in shapes if isinstance(s, Line) and s.weight < 1]
        for i, a in enumerate(labels):
            assert not any(overlaps(a, b) for b in labels[i + 1:])
            assert box_height(a.paras, a.w) <= a.h + 0.01
            assert 0 <= a.x and a.x + a.w <= (960 if aspect == "16:9" else 720)
            assert not any(crosses(line, a) for line in connectors)
        shown.extend("".join(r.text for r in box.paras[0].runs) for box in labels)
    assert [text.rsplit(",", 1)[1] for text in shown] == \
        [f" event {i}" for i in range(len(dates))]
    assert timeline[0].title.startswith("Timeline: ")


def test_timeline_title_covers_first_and_last_year():
    slides = plan_deck(outline_of(timeline_outline(["1922", "1923/1927"])), theme(),
                       RenderSettings())
    assert [s.title for s in slides if s.kind == "timeline"] == ["Timeline: 1922–1927"]


def test_a_paragraph_longer_than_a_slide_is_shortened_on_the_slide_and_whole_in_the_notes():
    words = " ".join(f"word{i}" for i in range(900))
    slides = plan_deck(outline_of(f"---\ntitle: T\n---\n\n## Long\n{words}\n"), theme(),
                       RenderSettings())
    section = [s for s in slides if s.kind == "section"]
    assert [s.title for s in section] == ["Long"]
    text = " ".join(run.text for s in section for box in s.shapes
                    if isinstance(box, TextBox) and box.role == "body"
                    for para in box.paras for run in para.runs)
    assert text.split()[1:] == words.split()[:14] + ["…"]
    assert section[0].notes.split() == words.split()


def test_subheading_moves_on_with_its_paragraph():
    bullets = "\n".join(f"- point {i} " + "filler " * 12 for i in range(11))
    text = f"---\ntitle: T\n---\n\n## S\n{bullets}\n\n### Next part\n\nText under it.\n"
    slides = [s for s in plan_deck(outline_of(text), theme(), RenderSettings())
              if s.kind == "section"]
    for slide in slides:
        bodies = [b for b in slide.shapes if isinstance(b, TextBox) and b.role == "body"]
        last = bodies[-1].paras[-1]
        assert "".join(r.text for r in last.runs) != "Next part"


def test_body_text_never_below_sixteen_points():
    small = theme()  # at the smallest slide text size the theme schema lets load
    small = type(small)(**{**small.__dict__,
                           "slides": type(small.slides)(base_size_pt=16.0)})
    text = "---\ntitle: T\n---\n\n## S\n- a\n  - b\n    - c\n      - d\n"
    slides = plan_deck(outline_of(text), small, RenderSettings())
    sizes = {p.size for s in slides for b in s.shapes if isinstance(b, TextBox)
             and b.role == "body" for p in b.paras}
    assert min(sizes) >= 16


def test_wrap_uses_real_widths():
    faces = fit.faces("Noto Sans")
    narrow = fit.width("iiii", faces.regular, 20)
    wide = fit.width("WWWW", faces.regular, 20)
    assert wide > 2 * narrow
    lines = fit.wrap("one two three four five six", faces.regular, 20, 120)
    assert len(lines) > 1 and all(fit.width(line, faces.regular, 20) <= 120 for line in lines)


def test_clean_strips_xml_illegal_characters():
    # A tab in flowing text is one word space, as in the handout (render/common/text.py).
    assert fit.clean("a\x00b\x07c\x1fd\ttab\nnext") == "abcd tab\nnext"


def test_para_height_counts_space_before():
    run = fit.faces("Noto Sans")
    from studyguide.render.deck.shapes import Run

    para = Para((Run("x", "Noto Sans", run.regular, "#000000"),), 20.0, space_before=5.0)
    assert box_height([para], 500) == pytest.approx(5 + 24 + 8)


def test_a_rule_inside_a_section_is_a_slide_break():
    """`---` between blocks (a Marp or Slidev slide break) ends the slide; the points after
    it open the next one, even when all three would fit on one."""
    text = ("---\ntitle: T\n---\n\n## Breaks\n- First point\n- Second point\n\n---\n\n"
            "- Third point\n")
    slides = [s for s in plan_deck(outline_of(text), theme(), RenderSettings())
              if s.kind == "section"]

    def shown(slide) -> str:
        return " ".join(run.text for box in slide.shapes if isinstance(box, TextBox)
                        and box.role == "body" for para in box.paras for run in para.runs)

    assert [s.title for s in slides] == ["Breaks", "Breaks (cont.)"]
    assert "Second point" in shown(slides[0]) and "Third" not in shown(slides[0])
    assert "Third point" in shown(slides[1])


def test_a_point_cut_at_a_comma_says_it_goes_on():
    """A bullet cut at a comma is half a clause, so it ends in '…' (the rest is in the notes);
    one cut at a semicolon is a whole clause and does not."""
    from studyguide.render.deck.points import shorten

    comma = ("On 9 November 1932 Nadezhda Alliluyeva, Stalin's wife, shot herself after a "
             "quarrel at a dinner in the Kremlin that evening.")
    semicolon = ("The OGPU was absorbed into the new NKVD in July 1934; its chief Yagoda "
                 "became the People's Commissar for Internal Affairs of the Union.")
    assert shorten(comma, 14).endswith("Stalin's wife …")
    assert shorten(semicolon, 14) == "The OGPU was absorbed into the new NKVD in July 1934"


def test_a_list_of_short_points_takes_two_columns_on_one_slide():
    """Eight names are one Two Content slide (four a column, notes for all), not two slides
    of four; a list of long points is not."""
    names = ["Lenin", "Trotsky", "Stalin", "Zinoviev", "Kamenev", "Bukharin", "Rykov", "Tomsky"]
    text = "---\ntitle: T\n---\n\n## The Politburo\n" + "".join(f"- {n}\n" for n in names)
    slides = [s for s in plan_deck(outline_of(text), theme(), RenderSettings())
              if s.kind == "section"]
    assert len(slides) == 1 and slides[0].layout == "two"
    bodies = [box for box in slides[0].shapes if isinstance(box, TextBox) and box.role == "body"]
    columns = [" ".join(run.text for p in box.paras for run in p.runs) for box in bodies]
    assert len(bodies) == 2 and bodies[0].x + bodies[0].w < bodies[1].x
    assert all(n in columns[0] for n in names[:4]) and all(n in columns[1] for n in names[4:])
    assert all(n in slides[0].notes for n in names)
    long = "---\ntitle: T\n---\n\n## Long\n" + "".join(
        f"- {n} was a member of the Politburo in the middle of the 1920s\n" for n in names)
    assert all(s.layout != "two" for s in plan_deck(outline_of(long), theme(), RenderSettings()))
