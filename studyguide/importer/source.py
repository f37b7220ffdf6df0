"""What a reader hands the organiser: Markdown text, a title, images, and its own remarks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LEADING = re.compile(r"^(\s*)([-+*>#]|[0-9]{1,9}[.)])(?=\s|$)")
_INLINE = re.compile(r"([\\`*_\[\]<|$])")


@dataclass
class Source:
    """One imported file as Markdown, before the organiser gives it an outline's shape."""

    text: str
    title: str = ""
    subtitle: str = ""
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, bytes)
    remarks: list[str] = field(default_factory=list)  # for the report: what was not kept


def escape(text: str, table: bool = False) -> str:
    """Text from a Word or PowerPoint run, safe as Markdown: its characters stay characters
    (`*`, `[`, `<` ...), and a leading `-` or `1.` does not start a list."""
    text = " ".join(text.split())
    text = _INLINE.sub(r"\\\1", text)
    if not table:
        text = _LEADING.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1],
                            text)
    return text


def styled(text: str, bold: bool, italic: bool) -> str:
    """A run's text with its emphasis (spaces kept outside the markers)."""
    core = text.strip()
    if not core or not (bold or italic):
        return text
    mark = "***" if bold and italic else "**" if bold else "*"
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def table_lines(rows: list[list[str]]) -> list[str]:
    """A GFM table: the first row is the header; short rows are padded."""
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    out = ["| " + " | ".join(cell or " " for cell in padded[0]) + " |",
           "|" + " --- |" * width]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in padded[1:]]
    return out
