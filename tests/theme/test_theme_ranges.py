"""The one range table: every numeric theme value is checked against it when the theme loads,
reported at its line when out of range, and drawn exactly as loaded."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, write_outline

from studyguide.cli import main
from studyguide.theme.loader import load_theme, theme_names
from studyguide.theme.model import PdfStyle, SlideStyle
from studyguide.theme.schema import RANGES, TABLES


def write_theme(root: Path, table: str, key: str, value: object) -> Path:
    """themes/mine: classic with one value changed, written on line 3."""
    folder = root / "themes" / "mine"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.toml").write_text(f'extends = "classic"\n[{table}]\n{key} = {value}\n',
                                       encoding="utf-8")
    return folder


def test_every_numeric_theme_value_has_a_range_and_every_range_a_value() -> None:
    numeric = {f"{table}.{f.name}" for table, style in (("pdf", PdfStyle), ("slides", SlideStyle))
               for f in dataclasses.fields(style) if f.type in ("float", float)}
    assert numeric == set(RANGES)
    assert all(dotted.split(".")[1] in TABLES[dotted.split(".")[0]] for dotted in RANGES)


@pytest.mark.parametrize("dotted", sorted(RANGES))
def test_the_limits_load_and_just_outside_them_is_an_error_at_its_line(
        tmp_path: Path, dotted: str) -> None:
    table, key = dotted.split(".")
    limits = RANGES[dotted]
    for ok in (limits.low, limits.high):
        write_theme(tmp_path, table, key, ok)
        theme, diags = load_theme("mine", tmp_path)
        assert diags == [] and theme is not None
        assert getattr(getattr(theme, table), key) == ok
    below, above = limits.low - 0.01, limits.high + 0.01
    for bad, words in ((below, f"is below the minimum {limits.low:g}"),
                       (above, f"is above the maximum {limits.high:g}")):
        write_theme(tmp_path, table, key, bad)
        theme, diags = load_theme("mine", tmp_path)
        assert theme is None
        assert [d.format() for d in diags] == [
            f"themes/mine/theme.toml:3: error: {dotted}: {bad:g} {words} ({limits.unit})"]


@pytest.mark.parametrize("name", theme_names(None))
def test_built_in_themes_load_clean_inside_the_ranges(name: str) -> None:
    theme, diags = load_theme(name, None)
    assert diags == [] and theme is not None
    for dotted, limits in RANGES.items():
        table, key = dotted.split(".")
        assert limits.low <= getattr(getattr(theme, table), key) <= limits.high


def test_docs_state_the_ranges_of_the_table() -> None:
    text = (REPO / "docs" / "themes.md").read_text(encoding="utf-8")
    table = ""
    stated = {}
    for line in text.splitlines():
        header = re.fullmatch(r"\[(\w+)\].*", line)
        table = header.group(1) if header else table
        found = re.match(r"(\w+) = [^#]*#.*?([\d.]+) to ([\d.]+)", line)
        if found and table in ("pdf", "slides"):
            stated[f"{table}.{found.group(1)}"] = (float(found.group(2)), float(found.group(3)))
    assert stated == {k: (r.low, r.high) for k, r in RANGES.items()}


def test_a_margin_below_the_minimum_is_reported_at_its_line_and_nothing_is_built(
        project: Path) -> None:
    write_outline(project, "01-a", title="Topic A")
    write_theme(project, "pdf", "margin_mm", 5)
    result = CliRunner().invoke(main, ["build", "--theme", "mine", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert ("themes/mine/theme.toml:3: error: pdf.margin_mm: 5 is below the minimum 6 (mm)"
            in result.output)
    assert not [p for p in project.glob("build/*") if p.suffix in (".pdf", ".pptx")]


@pytest.mark.parametrize("margin_mm", [6, 31.5])
def test_an_in_range_margin_is_the_margin_the_handout_is_drawn_with(
        project: Path, margin_mm: float) -> None:
    import pdfplumber

    write_outline(project, "01-a", title="Topic A")
    write_theme(project, "pdf", "margin_mm", margin_mm)
    result = CliRunner().invoke(main, ["build", "--theme", "mine", "--format", "pdf",
                                       "--edition", "student", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    margin = margin_mm * 72 / 25.4
    with pdfplumber.open(project / "build" / "01-a.pdf") as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        assert words
        assert min(w["x0"] for w in words) == pytest.approx(margin, abs=0.5)
        assert max(w["x1"] for w in words) <= page.width - margin + 0.5
