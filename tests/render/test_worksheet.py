"""Worksheets and quiz versions read back as a reader sees them (pdftotext, pdfplumber)."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from studyguide.outline import model as m
from studyguide.outline.parser import parse_outline, parse_text
from studyguide.project.config import Worksheet
from studyguide.render import RenderSettings
from studyguide.render.common.quiz import quiz_versions
from studyguide.render.worksheet import blanks, render_quiz, render_worksheet
from studyguide.render.worksheet.sheet import note_lines
from studyguide.theme.model import Theme

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "outlines").glob("*.md"))
SETTINGS = RenderSettings()
GAP = "_{" + str(blanks.MIN_BLANK) + ",}"  # a blank: at least MIN_BLANK underscores


def load(path: Path) -> m.Outline:
    outline, _ = parse_outline(path, REPO)
    assert outline is not None
    return outline


def text_of(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    # -raw: content-stream order, so two cards side by side are not read line by line across
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True,
                          capture_output=True, text=True, cwd=tmp_path).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def between(text: str, start: str, end: str | None) -> str:
    begin = text.index(start) + len(start)
    return text[begin:text.index(end, begin)] if end else text[begin:]


def headings(outline: m.Outline) -> list[str]:
    found = [s.title_text for s in outline.sections]
    for section in outline.sections:
        found += [m.plain_text(b.inlines) for b in section.blocks if isinstance(b, m.Heading)]
    return sorted(found, key=len, reverse=True)


@pytest.fixture(scope="module", params=SHIPPED, ids=lambda p: p.stem)
def sheets(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    outline = load(request.param)
    folder = tmp_path_factory.mktemp(outline.slug)
    return outline, {e: squash(text_of(render_worksheet(outline, Theme(), SETTINGS, e).data,
                                       folder)) for e in ("student", "teacher")}


def notes(text: str, outline: m.Outline) -> tuple[str, str]:
    """(the word bank, the notes without their headings) of a worksheet's text."""
    bank = between(text, "Word bank", outline.sections[0].title_text)
    body = between(text, "Word bank", "Write what happened at each date")
    body = body[len(bank):]
    for title in headings(outline):
        body = body.replace(squash(blanks.clean_text(title)), " ")
    return bank, body


def test_every_blank_is_in_the_word_bank_and_filled_only_in_the_teacher_copy(sheets) -> None:
    outline, text = sheets
    words = blanks.blank_words(outline, dates=False)
    found = blanks.pattern(words)
    blanked = [w for kind, _, text in note_lines(outline) if kind in ("body", "list")
               for w in found.findall(text)]  # what the model says is blanked
    assert blanked, "the notes blank at least one glossary term"
    bank, student = notes(text["student"], outline)
    _, teacher = notes(text["teacher"], outline)
    gaps = re.findall(GAP, student)
    assert len(gaps) == len(blanked)
    assert not re.search(GAP, teacher)
    # each blank is filled in the teacher copy only (the running heads, which can name a
    # term in the outline's title, are the same in both copies)
    assert len(found.findall(teacher)) - len(found.findall(student)) == len(blanked)
    for word in {w.lower() for w in blanked}:
        assert re.search(re.escape(word), bank, re.IGNORECASE), word
    assert set(bank.lower().split()) <= set(" ".join(words).lower().split())  # only terms


def test_every_event_card_appears_once(sheets) -> None:
    outline, text = sheets
    for edition in ("student", "teacher"):
        cards = between(text[edition], "put them in date order.", "Key figures")
        for event in outline.timeline:
            shown = squash(blanks.clean_text(m.plain_text(event.text)))
            assert cards.count(shown) == 1, (edition, shown)
        dates = [e.date.display() for e in outline.timeline]
        assert all(d in cards for d in dates) == (edition == "teacher")


def test_timeline_task_and_key_figures_blank_for_students_only(sheets) -> None:
    outline, text = sheets
    student = between(text["student"], "Write what happened at each date", "Event cards")
    teacher = between(text["teacher"], "Write what happened at each date", "Event cards")
    for event in outline.timeline:
        assert event.date.display() in student
        shown = squash(blanks.clean_text(m.plain_text(event.text)))
        assert shown not in student and shown in teacher
    table = outline.key_figures
    student = between(text["student"], "Complete the column", "Glossary match")
    teacher = between(text["teacher"], "Complete the column", "Glossary match")
    for row in table.rows:
        blanked = squash(blanks.clean_text(m.plain_text(row[1])))
        assert squash(blanks.clean_text(m.plain_text(row[0]))) in student
        assert blanked in teacher
        if blanked not in squash(" ".join(m.plain_text(c) for r in table.rows for c in r[2:])):
            assert blanked not in student


def test_glossary_match_key_pairs_each_term_with_its_definition(sheets, tmp_path: Path) -> None:
    outline, text = sheets
    match = between(text["teacher"], "Write the letter of each term’s definition beside it.",
                    None)
    for index, entry in enumerate(outline.glossary):
        found = re.search(re.escape(f"{index + 1}. {squash(entry.term)}") + r" (\w)\b", match)
        assert found, entry.term
        definition = squash(blanks.clean_text(m.plain_text(entry.definition)))[:40]
        assert f"{found.group(1)}) {definition}" in match


def test_parts_switch_off_in_the_project_and_the_outline(tmp_path: Path) -> None:
    outline = load(SHIPPED[1])
    off = replace(SETTINGS, worksheet=Worksheet(notes=False, cards=False))
    text = squash(text_of(render_worksheet(outline, Theme(), off, "student").data, tmp_path))
    assert "Guided notes" not in text and "Event cards" not in text
    assert "Timeline" in text and "Glossary match" in text
    source = (SHIPPED[1].read_text(encoding="utf-8")
              .replace("---\n", "---\nworksheet:\n  match: false\n  timeline_task: dates\n"
                       "  figures_column: Fate\n", 1))
    own, diags = parse_text(source, "x.md", str(REPO))
    assert own is not None and not [d for d in diags if d.severity.name == "ERROR"]
    text = squash(text_of(render_worksheet(own, Theme(), SETTINGS, "student").data, tmp_path))
    assert "Glossary match" not in text and "the date of each event" in text
    assert "Complete the column ‘Fate’" in text


def test_unknown_worksheet_part_in_front_matter_is_reported_at_its_line() -> None:
    _, diags = parse_text("---\ntitle: T\nworksheet:\n  cardz: false\n  notes: maybe\n---\n",
                          "x.md", str(REPO))
    messages = [(d.line, d.message) for d in diags]
    assert any("unknown part 'cardz'" in msg and "cards" in msg for _, msg in messages)
    assert any("'notes' must be true or false" in msg for _, msg in messages)


# ---------------------------------------------------------------------------- quiz versions


def version_orders(text: str, outline: m.Outline, labels: list[str]):
    """Per version: the question numbers in printed order, and each one's options in order."""
    found = {}
    for label, after in zip(labels, labels[1:] + [None]):
        start = f"— Version {label}"
        region = between(text, start, f"— Version {after}" if after else None)
        region = region[:region.index(f"Answer sheet, version {label}")]
        places = sorted((region.index(squash(m.plain_text(q.prompt))), q) for q in
                        outline.questions)
        orders = []
        for rank, (place, question) in enumerate(places):
            end = places[rank + 1][0] if rank + 1 < len(places) else len(region)
            block = re.sub(r" \d+\.$", "", region[place:end].strip())  # the next number
            options = re.findall(r"\b([a-z])\) (.+?)(?= [a-z]\) |$)", block.split("?", 1)[-1])
            orders.append((question.number, [squash(o) for _, o in options]))
        found[label] = orders
    return found


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_versions_hold_the_same_questions_in_another_order_with_their_own_keys(
        path: Path, tmp_path: Path) -> None:
    outline = load(path)
    student = render_quiz(outline, Theme(), SETTINGS, "student").data
    teacher = render_quiz(outline, Theme(), SETTINGS, "teacher").data
    title = outline.meta.title
    text = squash(" ".join(line for line in text_of(student, tmp_path).splitlines()
                           if not re.fullmatch(r"Page \d+ of \d+", line)
                           and not (line == title or line.startswith(f"{title} ·"))))
    orders = version_orders(text, outline, ["A", "B"])
    a, b = ([n for n, _ in orders[v]] for v in "AB")
    assert sorted(a) == sorted(b) == [q.number for q in outline.questions]
    assert a != b
    with pdfplumber.open(io.BytesIO(teacher)) as pdf:
        grid = pdf.pages[0].extract_tables()[0]
        assert len(pdf.pages) >= 1 and "Answer grid" in pdf.pages[0].extract_text()
    assert grid[0] == ["Question", "Version A", "Version B"]
    by_number = {q.number: q for q in outline.questions}
    for column, label in ((1, "A"), (2, "B")):
        for row, (number, options) in zip(grid[1:], orders[label]):
            question = by_number[number]
            if not question.options:
                assert row[column] == "open"
                continue
            correct = {squash(m.plain_text(o.text)) for o in question.options if o.correct}
            letters = row[column].split(", ")
            assert {options["abcdefghij".index(x)] for x in letters} == correct


def test_versions_are_deterministic_for_a_seed_and_change_with_it() -> None:
    outline = load(SHIPPED[0])

    def orders(seed: int):
        return [[(q.question.number, q.key) for q in v.questions]
                for v in quiz_versions(outline, 3, seed)]

    assert orders(7) == orders(7)
    assert orders(7) != orders(8)
    assert [v.label for v in quiz_versions(outline, 3, 0)] == ["A", "B", "C"]


def test_dates_option_blanks_the_timeline_years_and_banks_them(tmp_path: Path) -> None:
    outline = load(SHIPPED[1])
    dated = replace(SETTINGS, worksheet=Worksheet(dates=True, timeline=False, cards=False,
                                                  figures=False, match=False))
    student = squash(text_of(render_worksheet(outline, Theme(), dated, "student").data,
                             tmp_path))
    bank = between(student, "Word bank", outline.sections[0].title_text)
    years = {y for e in outline.timeline for y in re.findall(r"\b\d{4}\b", e.date.display())}
    notes_years = {y for kind, _, text in note_lines(outline) if kind in ("body", "list")
                   for y in re.findall(r"\b\d{4}\b", text)} & years
    assert notes_years and all(y in bank for y in notes_years)
    teacher = squash(text_of(render_worksheet(outline, Theme(), dated, "teacher").data,
                             tmp_path))
    assert len(re.findall(GAP, student)) > len(
        re.findall(GAP, squash(text_of(render_worksheet(
            outline, Theme(), SETTINGS, "student").data, tmp_path))))
    assert "_" * blanks.MIN_BLANK not in teacher


def test_timeline_task_in_reverse_gives_events_and_blanks_dates(tmp_path: Path) -> None:
    outline = load(SHIPPED[1])
    reverse = replace(SETTINGS, worksheet=Worksheet(timeline_task="dates", notes=False))
    for edition in ("student", "teacher"):
        text = squash(text_of(render_worksheet(outline, Theme(), reverse, edition).data,
                              tmp_path))
        task = between(text, "Write the date of each event in the empty boxes.", "Event cards")
        for event in outline.timeline:
            assert squash(blanks.clean_text(m.plain_text(event.text))) in task
            assert (event.date.display() in task) == (edition == "teacher")


def test_the_same_inputs_give_the_same_bytes() -> None:
    outline = load(SHIPPED[2])
    for render in (render_worksheet, render_quiz):
        first = render(outline, Theme(), SETTINGS, "student").data
        assert render(outline, Theme(), SETTINGS, "student").data == first
