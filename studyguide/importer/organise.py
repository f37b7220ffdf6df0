"""Give imported Markdown an outline's shape, and say what was moved where.

* Title: the reader's title (front matter, Word's Title, the first slide), else the first `#`
  heading, else the file name. With `#` headings left over (a deck), every heading moves
  down one level so they become `##` sections.
* A heading that names a reserved section under any common name and at any level opens that
  section (as `## Timeline` ...); reserved sections are written after the content sections.
* In content sections: list items and one-line paragraphs that start with a date (`1914:`,
  `1914 - `, `1492 ->`) are lifted into the timeline (a month and day take the year of the
  dated heading above them: `### 1770`); a table whose first column is a name goes to the key
  figures, a two-column Term | Definition table to the glossary, and a numbered list of
  questions to the questions.
Each move is a Move, located afterwards on its line of the written outline.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from studyguide.importer.source import Source
from studyguide.outline.dates import MAX_LENGTH, DateError, HistDate, parse_date
from studyguide.outline.lenient import plain
from studyguide.outline.sections import HEADINGS, reserved_kind

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ITEM = re.compile(r"^([-*+]|[0-9]{1,9}[.)])[ \t]+(.*)$")
_SEPARATOR = re.compile(r":\s|:$|\s+[-–—]\s+|\s*(?:->|→)\s*")
_DATE_START = re.compile(r"^(?:\*\*|__)?(?:c\.|ca\.|circa|[0-9]|[^\W\d_]{3,}\.?\s+[0-9])",
                         re.IGNORECASE)
_PEOPLE = {"name", "names", "person", "people", "figure", "figures", "who", "individual",
           "key figure", "key figures", "leader", "character"}
_TERMS = {"term", "terms", "word", "words", "concept", "key term", "key word", "vocabulary",
          "keyword", "glossary"}
ORDER = ("objectives", "timeline", "key_figures", "glossary", "questions")


@dataclass
class Move:
    """One thing the organiser did: `anchor` is the first written line it concerns."""

    anchor: str
    message: str


@dataclass
class _Part:
    heading: str  # the `## ...` line, '' for the introduction
    lines: list[str] = field(default_factory=list)


def organise(source: Source, stem: str) -> tuple[str, list[Move]]:
    """The outline text for `source`, and what was mapped on the way."""
    moves: list[Move] = []
    lines = source.text.split("\n")
    title, lines = _title(source, lines, stem, moves)
    lines, shift = _shift_headings(lines, moves)
    intro, parts, reserved = _split(lines, moves, shift)
    for part in [intro, *parts]:
        had_text = any(line.strip() for line in part.lines)
        part.lines = _lift(part.lines, reserved, moves)
        if had_text and part.heading and not _shown_text(part.lines):
            moves.append(Move("## Timeline", f"'{part.heading[3:]}' held only dated lines and "
                                             "tables that moved: its heading is left out"))
            if any(line.strip() for line in part.lines):  # its notes go with its events
                reserved.setdefault("timeline", []).extend([""] + part.lines)
            part.heading = ""
    parts = [p for p in parts if p.heading]
    out = ["---", f"title: {_yaml(title)}"]
    if source.subtitle:
        out.append(f"subtitle: {_yaml(source.subtitle)}")
    out += ["---", ""]
    out += _trim(intro.lines)
    for kind in ORDER[:1]:
        out += _reserved_lines(kind, reserved)
    for part in parts:
        out += ["", part.heading, ""] + _trim(part.lines)
    for kind in ORDER[1:]:
        out += _reserved_lines(kind, reserved)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"
    return text, moves


def _shown_text(lines: list[str]) -> bool:
    """True when `lines` hold anything outside `::: notes` blocks."""
    in_notes = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(":::"):
            in_notes = stripped != ":::"
        elif stripped and not in_notes:
            return True
    return False


def _yaml(text: str) -> str:
    return json.dumps(" ".join(text.split()), ensure_ascii=False)  # JSON strings are YAML


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _headings(lines: list[str]):
    """(index, level, text) of each ATX heading outside code fences."""
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            yield i, len(match.group(1)), match.group(2)


def _title(source: Source, lines: list[str], stem: str, moves: list[Move]
           ) -> tuple[str, list[str]]:
    first = next(((i, level, text) for i, level, text in _headings(lines) if level == 1), None)
    before = next((i for i, _, _ in _headings(lines)), None)
    title = source.title
    if first is not None and first[0] == before and (not title or plain(first[2]) == plain(
            title)):
        if not title:
            title = " ".join(re.sub(r"[*_`]", "", first[2]).split())
            moves.append(Move("title: ", f"the first heading '{title}' is the title"))
        lines = lines[:first[0]] + lines[first[0] + 1:]
    if not title:
        title = stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Imported notes"
        moves.append(Move("title: ", f"no title or heading: the title is the file name "
                                     f"('{title}'; change it in the front matter)"))
    return title, lines


def _shift_headings(lines: list[str], moves: list[Move]) -> tuple[list[str], int]:
    """The outermost headings left become the `##` sections: `#` slides move down a level,
    a lesson whose sections are all `####` moves up."""
    levels = [level for _, level, _ in _headings(lines)]
    if not levels or min(levels) == 2:
        return lines, 0
    shift = 2 - min(levels)
    out = list(lines)
    for i, level, text in _headings(lines):
        out[i] = "#" * max(2, min(6, level + shift)) + " " + text
    moves.append(Move("## ", f"'{'#' * min(levels)}' headings became '##' sections"))
    return out, shift


def _split(lines: list[str], moves: list[Move], shift: int
           ) -> tuple[_Part, list[_Part], dict[str, list[str]]]:
    """The introduction, the content sections and the reserved sections' lines (`shift`:
    how far _shift_headings moved the headings, to name them as the source wrote them)."""
    intro = _Part("")
    parts: list[_Part] = []
    reserved: dict[str, list[str]] = {}
    target: list[str] = intro.lines
    content: list[str] = intro.lines
    scope: int | None = None  # the level of the reserved heading whose section we are in
    starts = {i: (level, text) for i, level, text in _headings(lines)}
    for i, line in enumerate(lines):
        if i not in starts:
            target.append(line)
            continue
        level, text = starts[i]
        kind = reserved_kind(text)
        if kind is not None:
            if reserved_kind(text, aliases=False) is None or level != 2:
                written = "#" * max(1, level - shift)
                moves.append(Move(f"## {HEADINGS[kind]}", f"'{written} {text}' is the "
                                                          f"'{HEADINGS[kind]}' section"))
            target, scope = reserved.setdefault(kind, []), level
        elif scope is not None and level > scope:
            target.append("#" * max(level, 3) + " " + text)
        elif level <= 2:
            parts.append(_Part(f"## {text}"))
            target = content = parts[-1].lines
            scope = None
        else:
            target, scope = content, None
            target.append(line)
    return intro, parts, reserved


def _reserved_lines(kind: str, reserved: dict[str, list[str]]) -> list[str]:
    lines = _trim(reserved.get(kind, []))
    if not lines:
        return []
    if kind == "timeline":
        lines = [_as_item(line) for line in lines]
    return ["", f"## {HEADINGS[kind]}", ""] + lines


def _as_item(line: str) -> str:
    """A dated line in the timeline is written `- DATE: event` (a bullet, and `: `)."""
    item = _ITEM.match(line)
    if not line.strip() or line.startswith((" ", "#", "|", ":", "\t")):
        return line
    found = _dated(item.group(2) if item else line, None)
    if found is None or (item is not None and item.group(1)[0].isdigit()):
        return line
    return f"- {found[0]}: {found[1]}"


# ------------------------------------------------------------------------------- lifting


def _dated(text: str, year: int | None) -> tuple[str, str, HistDate] | None:
    """(date as written, the rest, the date) when `text` starts with a date and a separator."""
    if not _DATE_START.match(text):
        return None
    best = None
    for match in _SEPARATOR.finditer(text[:MAX_LENGTH + 8]):
        label = text[:match.start()].strip().strip("*_").strip()
        try:
            date = parse_date(label, year)
        except DateError:
            continue
        best = (label, text[match.end():].strip(), date)
    return best if best and best[1] else None


def _lift(lines: list[str], reserved: dict[str, list[str]], moves: list[Move]) -> list[str]:
    """Move dated items, people and term tables and question lists out of a content part."""
    kept: list[str] = []
    year: int | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if match := _HEADING.match(line):
            year = _heading_year(match.group(2))
        item = _ITEM.match(line)
        if item is not None or (line.strip() and not line.startswith((" ", "\t", "|", "#"))):
            end = _block_end(lines, i, item is not None)
            text = item.group(2) if item else line.strip()
            found = _dated(text, year)
            if found is not None and (item or end == i + 1):
                _add_event(found, year, lines[i + 1:end], reserved, moves)
                i = end
                continue
            if item and item.group(1)[0].isdigit() and (end_q := _questions(lines, i)):
                block = lines[i:end_q]
                answer, end_q = _solution(lines, end_q)
                reserved.setdefault("questions", []).extend([""] + block + answer)
                moves.append(Move("## Questions", "a numbered list of questions went to "
                                                  "'Questions'"))
                i = end_q
                continue
        if line.startswith("|") and (end_t := _table_end(lines, i)) > i + 1:
            if _move_table(lines[i:end_t], reserved, moves):
                i = end_t
                continue
        kept.append(line)
        i += 1
    return kept


def _heading_year(text: str) -> int | None:
    try:
        date = parse_date(text.strip().rstrip(":"))
    except DateError:
        return None
    return date.start.year if date.end is None else None


def _block_end(lines: list[str], i: int, is_item: bool) -> int:
    """Where the list item (with its indented lines) or the paragraph at `i` ends."""
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if not line.strip():
            following = lines[j + 1] if j + 1 < len(lines) else ""
            if is_item and following.strip() and following.startswith(("  ", "\t")):
                j += 1  # an indented paragraph after a blank line is still the item's
                continue
            break
        if is_item and not line.startswith((" ", "\t")):
            break
        if not is_item and (_ITEM.match(line) or _HEADING.match(line)):
            break
        j += 1
    return j


def _add_event(found: tuple[str, str, HistDate], year: int | None, detail: list[str],
               reserved: dict[str, list[str]], moves: list[Move]) -> None:
    label, rest, date = found
    written = label
    try:
        parse_date(label)
    except DateError:
        written = date.display()  # `March 5` under `### 1770`: the year written out
        moves.append(Move(f"- {written}: ", f"'{label}' took the year {year} from the heading "
                                            "above it"))
    line = f"- {written}: {rest}"
    reserved.setdefault("timeline", []).append(line)
    reserved["timeline"].extend("  " + d.strip() if d.strip() else "" for d in detail)
    moves.append(Move(line, "a dated line went to the timeline"))


def _questions(lines: list[str], i: int) -> int:
    """The end of the numbered list at `i` when each of its items is a question, else 0."""
    j, asked = i, 0
    while j < len(lines):
        item = _ITEM.match(lines[j])
        if item is None or not item.group(1)[0].isdigit():
            if lines[j].strip() and not lines[j].startswith((" ", "\t")):
                break
            j += 1
            continue
        if not item.group(2).rstrip().endswith("?"):
            return 0
        asked += 1
        j += 1
    return j if asked else 0


def _solution(lines: list[str], j: int) -> tuple[list[str], int]:
    """A `::: notes` block opening **Solution:** right after a question (a Carpentries
    challenge): the question's model answer, as `Answer:` lines under it."""
    k = j
    while k < len(lines) and not lines[k].strip():
        k += 1
    if k + 1 >= len(lines) or lines[k].strip() != "::: notes" or \
            lines[k + 1].strip() not in ("**Solution:**", "**Answer:**"):
        return [], j
    end = next((n for n in range(k + 2, len(lines)) if lines[n].strip() == ":::"), None)
    if end is None:
        return [], j
    text = [line.strip() for line in lines[k + 2:end]]
    paragraphs = " ".join(text).strip()
    if not paragraphs:
        return [], j
    return [f"   - Answer: {paragraphs}"], end + 1


def _table_end(lines: list[str], i: int) -> int:
    j = i
    while j < len(lines) and lines[j].startswith("|"):
        j += 1
    return j


def _cells(row: str) -> list[str]:
    return [" ".join(c.split()) for c in row.strip().strip("|").split("|")]


def _move_table(table: list[str], reserved: dict[str, list[str]], moves: list[Move]) -> bool:
    header = [plain(c) for c in _cells(table[0])]
    if len(table) < 3 or not set(table[1].replace("|", "").strip()) <= set("-: "):
        return False
    if header[0] in _PEOPLE and "key_figures" not in reserved:
        reserved["key_figures"] = [""] + table
        moves.append(Move(table[0], "a table of people went to 'Key figures'"))
        return True
    if len(header) == 2 and header[0] in _TERMS:
        entries = reserved.setdefault("glossary", [])
        for row in table[2:]:
            cells = _cells(row) + [""]
            if cells[0]:
                entries.append(f"- **{cells[0]}**: {cells[1]}")
        moves.append(Move("## Glossary", "a Term | Definition table went to 'Glossary'"))
        return True
    return False
