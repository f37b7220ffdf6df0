"""Growth: a 1,000-event timeline and a 500-row table build, and split as planned (not timed)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import deck_text, deck_titles, pdf_text

from studyguide.cli import main

EVENTS, ROWS = 1000, 500


def big_outline() -> str:
    lines = ["---", "title: Growth", "---", "", "Intro.", "", "## Timeline"]
    for i in range(EVENTS):
        year, day = 1000 + i // 2, 1 + (i % 2) * 14
        lines.append(f"- {year}-03-{day:02d}: Event number {i:04d}")
    lines += ["", "## Key figures", "| Name | Role | Faction | Fate |", "| --- | --- | --- | --- |"]
    lines += [f"| Person {i:03d} | Role {i} | Faction {i % 7} | Fate {i} |" for i in range(ROWS)]
    return "\n".join(lines) + "\n"


def test_a_thousand_events_and_five_hundred_rows_build_and_split(project: Path) -> None:
    (project / "outlines" / "big.md").write_text(big_outline(), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--edition", "student", "--jobs", "2"])
    assert result.exit_code == 0, result.output

    text = pdf_text(project / "build" / "big.pdf")
    positions = [text.find(f"Event number {i:04d}") for i in range(EVENTS)]
    assert all(p >= 0 for p in positions)
    assert all(f"Person {i:03d}" in text for i in range(ROWS))
    pages = text.split("\f")
    table_pages = [p for p in pages if "Person " in p]
    assert len(table_pages) >= 10  # 500 rows cannot fit on a few pages
    assert all("Faction" in p for p in table_pages), "the header repeats on every table page"

    from studyguide.outline.parser import parse_outline
    from studyguide.render import RenderSettings
    from studyguide.render.deck import plan_deck
    from studyguide.theme.loader import load_theme

    outline, _ = parse_outline(project / "outlines" / "big.md", project)
    theme, _ = load_theme("classic", project)
    plan = plan_deck(outline, theme, RenderSettings())
    slides, _ = deck_text(project / "build" / "big.pptx")
    assert len(slides) == len(plan)
    titles = deck_titles(project / "build" / "big.pptx")
    timeline = [s for s, t in zip(slides, titles) if t.startswith("Timeline")]
    assert len(timeline) >= EVENTS // 10  # at most ten events on a slide
    assert len(timeline) == sum(1 for p in plan if "Timeline" in repr(p)[:300])
    joined = "\n".join(timeline)
    positions = [joined.find(f"Event number {i:04d}") for i in range(EVENTS)]
    assert all(p >= 0 for p in positions), "every event label is on a timeline slide"
    table = [s for s, t in zip(slides, titles) if t.startswith("Key figures")]
    people = [line for s in table for line in s.splitlines() if line.startswith("Person ")]
    assert people == [f"Person {i:03d}" for i in range(ROWS)]
