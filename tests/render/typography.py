"""Typography read back from a PDF with pdfplumber: what a reader sees, measured.

Lines are rebuilt from the characters' positions (same baseline, same size); a "body line" is
one in the body face at the body size. Nothing here knows how studyguide made the PDF.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

STRAIGHT = re.compile("[\"']")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")
# a line ending in a day before its month, or starting with a month/year cut from its day
BROKEN_DATE_END = re.compile(rf"(?:\b\d{{1,2}}|\b(?:{_MONTHS}))$")
BROKEN_DATE_START = re.compile(rf"^(?:(?:{_MONTHS})\b|\d{{4}}\b)")
SUPERSCRIPT_SHARE = 0.9  # a citation number is set smaller than this share of the body size


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float  # the largest character size (a superscript is smaller than its line)
    font: str  # the most common font name
    first_size: float  # the size of the first printing character


def read_lines(path: Path) -> tuple[list[Line], list[tuple[float, float]]]:
    """Every text line of the PDF in reading order, and each page's (width, height)."""
    lines: list[Line] = []
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            pages.append((float(page.width), float(page.height)))
            lines += _page_lines(number, page.chars)
    return lines, pages


def _page_lines(number: int, chars: list[dict]) -> list[Line]:
    rows: list[list[dict]] = []
    # the largest characters make the lines; a superscript, set smaller and raised, then
    # joins the line whose baseline lies just below it
    for char in sorted(chars, key=lambda c: (-round(c["size"], 1), c["bottom"], c["x0"])):
        for row in rows:
            rise = row[0]["bottom"] - char["bottom"]
            if -row[0]["size"] * 0.2 < rise < row[0]["size"] * 0.6 and \
                    row[0]["size"] >= char["size"] - 0.05 and \
                    _overlaps(row, char):
                row.append(char)
                break
        else:
            rows.append([char])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        main = max(row, key=lambda c: c["size"])
        sizes = [round(c["size"], 1) for c in row if c["text"].strip()]
        fonts = [c["fontname"] for c in row if c["text"].strip()]
        if not sizes:
            continue
        text = "".join(c["text"] for c in row)
        first = next(c for c in row if c["text"].strip())
        out.append(Line(number, min(c["top"] for c in row), main["bottom"],
                        row[0]["x0"], row[-1]["x1"], text,
                        max(sizes), statistics.mode(fonts), round(first["size"], 1)))
    return sorted(out, key=lambda ln: ln.top)


def _overlaps(row: list[dict], char: dict) -> bool:
    """Whether `char` sits within (or just beside) the row's horizontal extent or column."""
    left = min(c["x0"] for c in row) - row[0]["size"] * 3
    right = max(c["x1"] for c in row) + row[0]["size"] * 3
    return left <= char["x0"] <= right


def body_size(lines: list[Line]) -> float:
    """The size most characters are set in: the body text's."""
    counts: dict[float, int] = {}
    for line in lines:
        counts[line.size] = counts.get(line.size, 0) + len(line.text)
    return max(counts, key=counts.get)


def full_body_lines(lines: list[Line]) -> list[Line]:
    """Body-size lines that run (nearly) the whole text block: a measure's full lines."""
    size = body_size(lines)
    body = [ln for ln in lines if abs(ln.size - size) < 0.05]
    if not body:
        return []
    # the text block's left edge is where most body lines start; its right edge is where the
    # longest of those lines end (a table reaching into the margins starts elsewhere)
    left = statistics.mode(round(ln.x0) for ln in body)
    block = [ln for ln in body if abs(ln.x0 - left) <= 1]
    right = sorted(ln.x1 for ln in block)[int(len(block) * 0.95)]
    return [ln for ln in block if ln.x1 >= left + (right - left) * 0.9 and ln.x1 <= right + 2]


def median_measure(lines: list[Line]) -> float:
    """The median number of characters (spaces included) of the full body lines."""
    return statistics.median(len(ln.text.strip()) for ln in full_body_lines(lines))


def citation_starts(lines: list[Line]) -> list[Line]:
    """Lines whose first printing character is a superscript number (a citation)."""
    size = body_size(lines)
    return [ln for ln in lines if abs(ln.size - size) < 0.05 and ln.text.strip()[:1].isdigit()
            and ln.first_size < size * SUPERSCRIPT_SHARE]


def straight_quotes(lines: list[Line], code_font: str) -> list[Line]:
    """Lines with a straight quote or apostrophe outside the code face."""
    return [ln for ln in lines if STRAIGHT.search(ln.text) and code_font not in ln.font]


def broken_dates(lines: list[Line]) -> list[tuple[Line, Line]]:
    """Consecutive lines of one paragraph where a date is cut: '21 / August', 'May / 1924'."""
    found = []
    for a, b in zip(lines, lines[1:]):
        if a.page != b.page or abs(a.size - b.size) > 0.05 or abs(a.x0 - b.x0) > 1:
            continue
        if b.top - a.bottom > a.size * 0.8:  # not the same paragraph
            continue
        end, start = a.text.rstrip(), b.text.lstrip()
        if BROKEN_DATE_END.search(end) and BROKEN_DATE_START.search(start):
            if re.search(r"\d$", end) and not re.match(_MONTHS, start):
                continue  # "... 1928 / 1929 ..." is no date cut in two
            found.append((a, b))
    return found
