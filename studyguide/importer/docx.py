"""Word (.docx) -> Markdown, read with python-docx: headings, lists, tables, emphasis.

`Title` and `Subtitle` paragraphs give the front matter; `Heading 1` is a `##` section,
deeper headings are subheadings; list paragraphs (a `List ...` style or Word numbering)
become bullets or numbers at their level; a paragraph starting `Teacher note:` (or `Note to
teacher:`, `Speaker notes:`) is teacher-only text.
"""

from __future__ import annotations

import io
import re

from studyguide.importer.source import Source, escape, styled, table_lines

MAX_PARAGRAPHS = 20_000
_HEADING = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_LEVEL = re.compile(r"([2-9])$")
_TEACHER = re.compile(r"^\s*(?:teacher'?s? notes?|notes? (?:to|for) (?:the )?teachers?|"
                      r"speaker notes?|instructor notes?)\s*:\s*", re.IGNORECASE)


def read_docx(data: bytes) -> Source:
    """The Word document `data` as Markdown (archive_problem has already passed it)."""
    import docx  # python-docx: loaded only when a Word file is imported
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    source = Source("", title=(document.core_properties.title or "").strip())
    lines: list[str] = []
    count = 0
    for child in document.element.body.iterchildren():
        count += 1
        if count > MAX_PARAGRAPHS:
            source.remarks.append(f"only the first {MAX_PARAGRAPHS:,} paragraphs were imported")
            break
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            _paragraph(Paragraph(child, document), lines, source)
        elif tag == "tbl":
            rows = [[escape(cell.text, table=True) for cell in row.cells]
                    for row in Table(child, document).rows]
            lines += [""] + table_lines(_unique_cells(rows)) + [""]
    source.text = "\n".join(lines).strip() + "\n"
    return source


def _unique_cells(rows: list[list[str]]) -> list[list[str]]:
    """python-docx repeats a merged cell once per grid column; keep it once."""
    out = []
    for row in rows:
        kept: list[str] = []
        for cell in row:
            if not kept or cell != kept[-1] or not cell:
                kept.append(cell)
        out.append(kept)
    return out


def _paragraph(paragraph, lines: list[str], source: Source) -> None:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    text = "".join(styled(escape(run.text) if run.text.strip() else run.text,
                          bool(run.bold), bool(run.italic)) for run in paragraph.runs)
    text = " ".join(text.split()) or escape(paragraph.text)
    if not text:
        return
    if style == "Title":
        if not source.title:
            source.title = " ".join(paragraph.text.split())
        else:
            lines += ["", f"# {text}", ""]
        return
    if style == "Subtitle" and not source.subtitle:
        source.subtitle = " ".join(paragraph.text.split())
        return
    if match := _HEADING.match(style):
        lines += ["", "#" * min(6, int(match.group(1)) + 1) + " " + text, ""]
        return
    if _TEACHER.match(paragraph.text):
        note = _TEACHER.sub("", text, count=1)
        lines += ["", "::: notes", note[:1].upper() + note[1:], ":::", ""]
        return
    level = _list_level(paragraph, style)
    if level is None:
        lines += ["", text, ""]
        return
    marker = "1." if "number" in style.casefold() else "-"
    lines.append("   " * level + f"{marker} {text}")


def _list_level(paragraph, style: str) -> int | None:
    """The paragraph's list level (0 for the outermost), or None when it is not a list."""
    properties = paragraph._p.pPr
    numbering = properties.numPr if properties is not None else None
    if numbering is not None and numbering.ilvl is not None:
        return min(int(numbering.ilvl.val or 0), 2)
    if style.casefold().startswith("list") or numbering is not None:
        match = _LEVEL.search(style)
        return min(int(match.group(1)) - 1, 2) if match else 0
    return None
