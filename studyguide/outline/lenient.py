"""Reading what other tools' Markdown means, and saying so (issue 18).

Teachers bring notes written for Obsidian, Marp, Slidev, Quarto, xaringan or a course site.
The parser reads them leniently, and every lenient reading is a warning that says how to write
it in studyguide's own format:
* the first `#` heading is the title when the front matter has none;
* a heading at any level whose text names a reserved section (`### Review Questions`,
  `# Timeline`, `Key dates:`) opens that section;
* in an outline with no `##` heading at all (a Marp or Slidev deck), each `#` heading opens a
  section, and a `---` just before a section heading is the slide break it already is;
* `???` (xaringan) starts speaker notes that run to the next `---` or section;
* constructs no output can typeset (math, wikilinks, attribute lists, Liquid tags, raw LaTeX)
  are printed as written, with a warning on their line.
"""

from __future__ import annotations

import re

from studyguide.outline.context import ParseContext
from studyguide.outline.model import Paragraph

MAX_LITERAL_WARNINGS = 50
_MARKUP = re.compile(r"[*_`]+")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# What each construct looks like, what it is called, and how to fix it.
_LITERALS = (
    (re.compile(r"\$\$|(?<![\\$\w])\$(?=\S)[^$\n]{1,200}(?<=\S)\$(?![\w$])"), "math",
     "write it in words or as an image"),
    (re.compile(r"\[\[[^\]\n]{1,200}\]\]"), "wikilink",
     "write a Markdown link [text](file.md) or plain text"),
    (re.compile(r"\{:[^}\n]{0,200}\}|\{[#.][\w-][^}\n]{0,200}\}"), "attribute list",
     "remove it; styling comes from the theme"),
    (re.compile(r"\{%[^\n]{0,200}?%\}|\{\{<[^\n]{0,200}?>\}\}"), "template tag",
     "remove it; write its content as ordinary Markdown"),
    (re.compile(r"\\(?:begin|end|frac|textbf|textit|emph|section|cite|ref|label|item)\b"),
     "LaTeX command", "write it as Markdown"),
)


def plain(text: str) -> str:
    """Heading text as compared with the title: markup and spacing ignored, any case."""
    return " ".join(_MARKUP.sub("", text).split()).casefold()


def first_heading(tokens: list) -> tuple[str, int] | None:
    """The text and line of the first top-level `#` heading, if one comes before any `##`."""
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0 and tok.tag in ("h1", "h2"):
            if tok.tag == "h2" or i + 1 >= len(tokens):
                return None
            text = " ".join(_MARKUP.sub("", tokens[i + 1].content).split())
            return (text, tok.map[0] + 1 if tok.map else 1) if text else None
    return None


def has_sections(tokens: list) -> bool:
    """True when the outline has a top-level `##` heading."""
    return any(t.type == "heading_open" and t.tag == "h2" and t.level == 0 for t in tokens)


def is_presenter_notes(block: object) -> bool:
    """A paragraph starting `???`: xaringan's speaker notes, to the next `---`."""
    return isinstance(block, Paragraph) and bool(block.inlines) and \
        getattr(block.inlines[0], "text", "").startswith("???")


def warn_literals(ctx: ParseContext) -> None:
    """One warning for each line with a construct that is printed as written."""
    fenced, count = False, 0
    for number, line in enumerate(ctx.lines[ctx.front_matter_lines:],
                                  start=ctx.front_matter_lines + 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or line.startswith(("    ", "\t")):
            continue
        for pattern, name, fix in _LITERALS:
            found = pattern.search(line)
            if found is None:
                continue
            count += 1
            if count > MAX_LITERAL_WARNINGS:
                ctx.warn(number, "more constructs are printed as written; only the first "
                                 f"{MAX_LITERAL_WARNINGS} are listed")
                return
            shown = found.group()[:40]
            ctx.warn(number, f"{name} '{shown}' is printed as written ({fix})")
