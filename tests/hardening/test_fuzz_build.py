"""Property-based fuzzing: outlines assembled from the format's pieces, filled with random text.

Every outline either parses with diagnostics or, when it has no errors, renders to a PDF (both
editions) that pypdf reads and qpdf accepts, and to a deck whose XML is well-formed. Nothing
may raise. The normal run tries a few hundred outlines; `STUDYGUIDE_FUZZ=deep` tries
thousands (see fuzz_profiles.py and docs/security.md).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from functools import lru_cache
from xml.etree import ElementTree

import fuzz_profiles  # noqa: F401 - registers and loads the hypothesis profile
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from studyguide.outline.model import Outline
from studyguide.outline.parser import parse_text

DEEP = os.environ.get("STUDYGUIDE_FUZZ") == "deep"
PARSE_EXAMPLES = 5000 if DEEP else 300
RENDER_EXAMPLES = 2000 if DEEP else 100

# ---------------------------------------------------------------------------- strategies

MARKUP = list("*_`[]<>&|#\\!():;@^~=-+.'\"{}") + ["**", "__", "``", "[@k]", "[@s1]", "[@nope]",
                                                   "<br>", "&amp;", "&#0;", "](", "![", "::",
                                                   "[^1]", "- ", "1. ", "> ", "\t"]
ODD = ["\u202e", "\u200b", "\u200d", "\u2066", "\ufeff", "\u00ad", "\x00", "\x1b", "\x7f",
       "\u0085", "\ufffd", "שלום", "مرحبا", "Сталин", "Ζ", "—", "“", "”", "’", "…", "🙂",
       "\U0001d11e", "\u0301", "e\u0301"]
WORDS = ["Stalin", "Trotsky", "party", "congress", "1924", "NEP", "Politburo", "the", "and"]

letters = st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF)
piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKUP), st.sampled_from(ODD),
                  st.text(letters, min_size=1, max_size=6))
# Text on one line: markup characters, odd Unicode and words, joined by spaces or not.
line_text = st.lists(piece, min_size=1, max_size=12).map(lambda ps: "".join(
    p if i % 3 else " " + p for i, p in enumerate(ps)).replace("\n", " ").replace("\r", " "))

MONTHS = ["January", "Feb", "March", "Sep", "December", "Smarch"]


@st.composite
def dates(draw) -> str:
    year = draw(st.integers(-50, 3000))
    forms = [str(year), f"{year}-{draw(st.integers(0, 13)):02d}",
             f"{year}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(0, 32)):02d}",
             f"{draw(st.integers(1, 31))} {draw(st.sampled_from(MONTHS))} {year}",
             f"c. {year}", f"{abs(year)} BC", f"AD {abs(year)}",
             f"{year}/{draw(st.integers(-50, 3000))}", f"{year}–{year + 1}",
             draw(line_text)]
    return draw(st.sampled_from(forms))


def bullets(item, depth: int = 0):
    """A bullet list, sometimes with nested lists under an item."""
    return st.lists(st.tuples(item, st.integers(0, 2)), min_size=1, max_size=5).map(
        lambda items: "".join("  " * depth + f"- {t}\n"
                              + ("  " * (depth + 1) + f"- sub {t}\n" if d == 1 else "")
                              for t, d in items))


def table(min_cols: int = 1):
    @st.composite
    def make(draw) -> str:
        cols = draw(st.integers(min_cols, 5))
        header = [draw(line_text).replace("|", "/") for _ in range(cols)]
        rows = []
        for _ in range(draw(st.integers(0, 5))):
            width = cols if draw(st.integers(0, 9)) else draw(st.integers(1, 6))  # ragged
            rows.append([draw(line_text).replace("|", "/") for _ in range(width)])
        lines = [header, ["---"] * cols, *rows]
        return "".join("| " + " | ".join(c.strip() or "x" for c in r) + " |\n" for r in lines)
    return make()


@st.composite
def timeline(draw) -> str:
    items = draw(st.lists(st.tuples(dates(), line_text, st.booleans()), max_size=8))
    return "## Timeline\n" + "".join(f"- {d}: {t}\n" + (f"  - detail {t}\n" if sub else "")
                                     for d, t, sub in items)


@st.composite
def questions(draw) -> str:
    out = ["## Questions\n"]
    for n in range(1, draw(st.integers(1, 4)) + 1):
        out.append(f"{n}. {draw(line_text)}\n")
        for _ in range(draw(st.integers(0, 3))):
            out.append(f"   - [{draw(st.sampled_from([' ', 'x', 'X']))}] {draw(line_text)}\n")
        if draw(st.booleans()):
            out.append(f"   - Answer: {draw(line_text)}\n")
    return "".join(out)


@st.composite
def content_section(draw) -> str:
    parts = [f"## {draw(line_text)}\n"]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["para", "list", "numbered", "quote", "sub", "table",
                                     "notes", "code", "deep"]))
        if kind == "para":
            parts.append(draw(line_text) + "\n")
        elif kind == "list":
            parts.append(draw(bullets(line_text)))
        elif kind == "numbered":
            parts.append("".join(f"{i}. {t}\n" for i, t in
                                 enumerate(draw(st.lists(line_text, min_size=1, max_size=4)), 1)))
        elif kind == "quote":
            parts.append("".join(f"> {t}\n" for t in draw(st.lists(line_text, max_size=3))))
        elif kind == "sub":
            parts.append(f"### {draw(line_text)}\n")
        elif kind == "table":
            parts.append(draw(table()))
        elif kind == "notes":
            parts.append(f"::: notes\n{draw(line_text)}\n:::\n")
        elif kind == "code":
            parts.append(f"```\n{draw(line_text)}\n```\n")
        else:
            parts.append("".join("  " * i + f"- {draw(line_text)}\n"
                                 for i in range(draw(st.integers(1, 25)))))
    return "\n".join(parts)


def yaml_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@st.composite
def outlines(draw, required: tuple[str, ...] = ()) -> str:
    """A random outline; the optional parts named in `required` are always in it."""
    title = draw(line_text)
    front = ["---", f"title: {yaml_text(title)}"]
    if draw(st.booleans()):
        front.append(f"subtitle: {yaml_text(draw(line_text))}")
    if draw(st.booleans()):
        front.append(f"period: {yaml_text(draw(line_text))}")
    front += ["sources:", "  k: A. Author, *A Book* (2000)", f"  s1: {yaml_text(draw(line_text))}",
              "---", ""]
    sections = [draw(line_text) + "\n"]
    sections += draw(st.lists(content_section(), max_size=3))
    optional = {"objectives": bullets(line_text).map(lambda b: "## Learning objectives\n" + b),
                "timeline": timeline(),
                "figures": table(2).map(lambda t: "## Key figures\n" + t),
                "glossary": st.lists(st.tuples(line_text, line_text), min_size=1, max_size=4)
                .map(lambda items: "## Glossary\n" + "".join(
                    f"- **{a.replace('*', '')}**: {b}\n" for a, b in items)),
                "questions": questions(),
                # a reserved heading with nothing (or only text) under it
                "empty": st.tuples(st.sampled_from(["Learning objectives", "Timeline", "Glossary",
                                                    "Questions", "Key figures"]),
                                   st.sampled_from(["", "Just text.\n", "| A |\n| - |\n"]))
                .map(lambda pair: f"## {pair[0]}\n\n{pair[1]}")}
    chosen = draw(st.lists(st.sampled_from(sorted(optional)), unique=True))
    for name in [*required, *(n for n in chosen if n not in required)]:
        sections.append(draw(optional[name]))
    return "\n".join(front) + "\n" + "\n".join(draw(st.permutations(sections)))


# ---------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def _theme():
    from studyguide.theme.loader import load_theme

    theme, diags = load_theme("classic", None)
    assert theme is not None, diags
    return theme


_ROOT = tempfile.mkdtemp(prefix="studyguide-fuzz-")


def _parse(text: str) -> tuple[Outline | None, list]:
    return parse_text(text, "outlines/x.md", _ROOT, base_dir=_ROOT)


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    if shutil.which("qpdf"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(data)
            handle.flush()
            done = subprocess.run(["qpdf", "--check", handle.name], capture_output=True,
                                  text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr


def _check_deck(data: bytes) -> None:
    """Every XML part of the deck parses, and python-pptx opens the deck."""
    from pptx import Presentation

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))
    Presentation(io.BytesIO(data))


# ---------------------------------------------------------------------------- properties


@settings(max_examples=PARSE_EXAMPLES)
@given(outlines())
def test_random_outlines_parse_without_raising(text: str) -> None:
    outline, diags = _parse(text)
    assert outline is None or isinstance(outline, Outline)
    assert all(d.path == "outlines/x.md" and (d.line is None or d.line >= 1) for d in diags)


@settings(max_examples=RENDER_EXAMPLES)
@given(outlines())
def test_random_outlines_render_or_give_diagnostics(text: str) -> None:
    # Imported by name: a renamed renderer must fail this test, never quietly skip half of it.
    from studyguide.render import RenderSettings
    from studyguide.render.deck import render_pptx
    from studyguide.render.pdf import render_pdf

    outline, diags = _parse(text)
    if outline is None or any(d.is_error for d in diags):
        return
    for edition in ("student", "teacher"):
        _check_pdf(render_pdf(outline, _theme(), RenderSettings(), edition).data)
    _check_deck(render_pptx(outline, _theme(), RenderSettings()).data)


@settings(max_examples=PARSE_EXAMPLES)
@given(st.binary(max_size=400))
def test_random_bytes_as_an_outline_file(data: bytes) -> None:
    from studyguide.outline.parser import parse_outline

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "x.md")
        with open(path, "wb") as handle:
            handle.write(b"---\ntitle: T\n---\n" + data)
        outline, diags = parse_outline(path, folder)
    assert outline is not None or diags


def test_the_generator_makes_buildable_outlines() -> None:
    """Guard against a strategy that only makes broken outlines (then nothing would render)."""
    from hypothesis import find

    def clean_with_timeline_and_table(text: str) -> bool:
        outline, diags = _parse(text)
        return (outline is not None and not any(d.is_error for d in diags)
                and bool(outline.timeline) and outline.key_figures is not None)

    # Derandomized and without the example database: the same search on every machine, so
    # a fresh clone in CI passes or fails exactly as it does here.
    # Finding one is enough: no shrinking it to the smallest.
    find(outlines(required=("timeline", "figures")), clean_with_timeline_and_table,
         settings=settings(max_examples=2000, derandomize=True, database=None,
                           phases=[Phase.generate]))


def test_deck_xml_is_well_formed_with_control_characters() -> None:
    from studyguide.render import RenderSettings
    from studyguide.render.deck import render_pptx

    text = ("---\ntitle: \"T\\x00\\x1b\\u202e\"\n---\n\n## S\x07\n- nul \x00 esc \x1b del \x7f"
            " c1 \x85 \ufffe ]]> <x> & \x0c\n\n::: notes\nnote \x01\n:::\n")
    outline, diags = _parse(text)
    assert outline is not None and not any(d.is_error for d in diags), diags
    _check_deck(render_pptx(outline, _theme(), RenderSettings()).data)
