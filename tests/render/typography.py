"""Typography read back from a PDF: what a reader sees, measured.

Lines are rebuilt from the characters' positions (same baseline, same size); a "body line" is
one in the body face at the body size. Nothing here knows how studyguide made the PDF.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    ink_bottom: float  # the lowest drawn line, box or image above the footer (0: none)


def read_lines(path: Path) -> tuple[list[Line], list[Page]]:
    """Every text line of the PDF in reading order, and each page's size and drawn ink.

    Read with pdfium (the engine under pdfplumber's sibling pypdfium2): ten times faster than
    pdfminer over the hundreds of pages a full run measures.
    """
    import pypdfium2 as pdfium

    lines: list[Line] = []
    pages = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number, page in enumerate(pdf, start=1):
            height = float(page.get_height())
            drawn = [height - obj.get_bounds()[1] for obj in page.get_objects()
                     if obj.type in (pdfium.raw.FPDF_PAGEOBJ_PATH, pdfium.raw.FPDF_PAGEOBJ_IMAGE)]
            ink = max((y for y in drawn if height * 0.1 < y < height * 0.9), default=0.0)
            pages.append(Page(float(page.get_width()), height, ink))
            lines += _page_lines(number, _chars(page, height))
    finally:
        pdf.close()
    return lines, pages


def _chars(page, height: float) -> list[dict]:
    """The page's characters as pdfplumber would give them: text, x0, x1, bottom (the
    baseline, from the top of the page), size, fontname."""
    import ctypes

    import pypdfium2.raw as raw

    text = page.get_textpage()
    left, right, low, high = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    chars = []
    for index in range(raw.FPDFText_CountChars(text)):
        if raw.FPDFText_IsGenerated(text, index) == 1:
            continue
        raw.FPDFText_GetCharBox(text, index, left, right, low, high)
        raw.FPDFText_GetCharOrigin(text, index, x, y)
        size = raw.FPDFText_GetFontSize(text, index)
        raw.FPDFText_GetFontInfo(text, index, name, 256, flags)
        if size <= 0:
            continue
        chars.append({"text": chr(raw.FPDFText_GetUnicode(text, index)), "x0": x.value,
                      "x1": max(right.value, x.value), "bottom": height - y.value,
                      "top": height - y.value - size, "size": size,
                      "fontname": name.value.decode("latin-1")})
    text.close()
    return chars


def _page_lines(number: int, chars: list[dict]) -> list[Line]:
    rows: list[list[dict]] = []
    # the largest characters make the lines; a superscript, set smaller and raised, then
    # joins the line whose baseline lies just below it
    for char in sorted(chars, key=lambda c: (-round(c["size"], 1), c["bottom"], c["x0"])):
        for row in reversed(rows):  # the line a character joins is most often the last made
            rise = row[0]["bottom"] - char["bottom"]
            if -row[0]["size"] * 0.2 < rise < row[0]["size"] * 0.6 and \
                    row[0]["size"] >= char["size"] - 0.05:
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


def is_footer(line: Line, page_height: float, body: float) -> bool:
    """The running header or footer: small type at the top or bottom edge of the page."""
    return line.size < body * 0.84 and (line.top < page_height * 0.08
                                        or line.bottom > page_height * 0.92)


def stranded(lines: list[Line], pages: list[Page], heading_font: str
             ) -> list[Line]:
    """Headings and box labels (the heading face, bold) that are the last line of a page
    whose next page goes on with the text."""
    body = body_size(lines)
    found = []
    for number in range(1, len(pages)):
        content = [ln for ln in lines if ln.page == number
                   and not is_footer(ln, pages[number - 1].height, body)]
        if content:
            last = max(content, key=lambda ln: ln.bottom)
            if heading_font in last.font and "Bold" in last.font \
                    and not last.text.strip()[:1].isdigit():
                found.append(last)
    return found


def emptiest_pages(lines: list[Line], pages: list[Page],
                   share: float = 0.4) -> list[tuple[int, float]]:
    """(page, empty share) of every page but the last whose text and drawings end with more
    than `share` of the text area below them empty."""
    body = body_size(lines)
    found = []
    content = [ln for ln in lines if not is_footer(ln, pages[ln.page - 1].height, body)]
    if not content:
        return []
    top = min(ln.top for ln in content)
    bottom = max(ln.bottom for ln in content)
    for number in range(1, len(pages)):
        on_page = [ln for ln in content if ln.page == number]
        if not on_page:
            continue
        end = max(max(ln.bottom for ln in on_page), pages[number - 1].ink_bottom)
        empty = (bottom - end) / (bottom - top)
        if empty > share:
            found.append((number, round(empty, 2)))
    return found
