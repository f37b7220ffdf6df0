"""The Typst reference document: the student handout of one outline, written as Typst markup.

    bench/.venv/bin/python bench/typst_doc.py PROJECT OUTLINE.md OUT.typ   # writes OUT.typ

The benchmark compares studyguide's PDF with Typst compiling the same handout, so this module
walks the same parsed outline (studyguide's own parser, in bench/.venv) in the same reading
order (`studyguide.outline.order`) and emits the same text and elements: the title block,
headings, paragraphs, lists, quotations as boxes, tables, the timeline as a drawn figure of
markers and labels followed by the chronology, the key-figures table, the glossary, questions
with tick boxes or ruled answer lines, and sources cited by superscript numbers. It uses the
classic theme's paper, margins, measure, sizes and colours, and the same TrueType files, found
the way studyguide finds them (`studyguide.theme.fonts`) and handed to Typst as font paths.

Only the student edition is written: teacher notes and model answers are not shown there.
`TUNING` holds the few numbers that were adjusted until both PDFs have the same page count.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from studyguide.outline import model as m
from studyguide.outline import order
from studyguide.outline.parser import parse_outline
from studyguide.project.config import load_project
from studyguide.render.common.fonts import find_faces
from studyguide.theme.loader import load_theme

MM = 72 / 25.4
# The sample studyguide measures the body face with (render/pdf/styles.py): the text block is as
# wide as `measure` characters of it, allowing for the part of a word a full line ends short.
SAMPLE = ("In the spring of 1922 Lenin proposed Stalin for the new post of General Secretary, "
          "which gave him control of appointments, the party's files and the agenda of the "
          "Politburo; few of his rivals saw how much power it held.")
WRAP_LOSS = 0.92
TUNING = {"timeline_height": 0.62}  # the figure's height as a share of the text block's
ANSWER_LINES, EXPLAIN_LINES, ESSAY_LINES = 4, 8, 14  # as the handout rules them
PAPER = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}


@dataclass(frozen=True)
class Reference:
    """What Typst needs besides the outline: the markup, its font folders, its page count."""

    source: str
    font_paths: tuple[str, ...]


def escape(text: str) -> str:
    """Text as literal Typst markup: every character markup could read is escaped."""
    out = []
    for ch in text.replace("\n", " "):
        out.append("\\" + ch if ch in "\\*_#[]$@<>`~/=-+'\"." else ch)
    return "".join(out)


def string(text: str) -> str:
    """A Typst string literal."""
    return json.dumps(text, ensure_ascii=False)


def inlines(items: m.Inlines) -> str:
    out = []
    for at, item in enumerate(items):
        if isinstance(item, m.Citation):
            out.append(f"#super[{item.number}]")
        elif isinstance(item, m.Span) and _cited_next(items, at):
            out.append(_span(m.Span(**{**item.__dict__, "text": item.text.rstrip()})))
        elif isinstance(item, m.LineBreak):
            out.append("\\ ")
        elif item.text:
            out.append(_span(item))
    return "".join(out)


def _cited_next(items: m.Inlines, at: int) -> bool:
    """True when a citation follows: its number sits against the word, as in the handout."""
    return at + 1 < len(items) and isinstance(items[at + 1], m.Citation)


def _span(span: m.Span) -> str:
    text = escape(span.text)
    if span.code:
        text = f"#text(font: mono)[{text}]"
    if span.bold:
        text = f"#strong[{text}]"
    if span.italic:
        text = f"#emph[{text}]"
    if span.strike:
        text = f"#strike[{text}]"
    if span.lang:
        text = f"#text(lang: {string(span.lang.split('-')[0])})[{text}]"
    if span.href:
        text = f"#link({string(span.href)})[{text}]"
    return text


# ---------------------------------------------------------------------------- blocks


def blocks(items: tuple[m.Block, ...]) -> list[str]:
    out: list[str] = []
    for block in items:
        out += BLOCKS.get(type(block), lambda b: [])(block)
    return out


def _paragraph(block: m.Paragraph) -> list[str]:
    return [inlines(block.inlines), ""]


def _heading(block: m.Heading) -> list[str]:
    return [f"#heading(level: {min(block.level, 6) - 1})[{inlines(block.inlines)}]", ""]


def _item(item: m.ListItem) -> str:
    first, rest = item.blocks[:1], item.blocks[1:]
    head = inlines(first[0].inlines) if first and isinstance(first[0], m.Paragraph) else ""
    nested = "\n".join(blocks(rest if head else item.blocks))
    box = "" if item.checked is None else ("#tick(true) " if item.checked else "#tick(false) ")
    return f"[{box}{head}{nested and chr(10) + nested}]"


def _list(block: m.ListBlock) -> list[str]:
    items = ", ".join(_item(i) for i in block.items)
    if block.ordered:
        return [f"#enum(start: {block.start}, {items})", ""]
    return [f"#list({items})", ""]


def _quote(block: m.Quote) -> list[str]:
    body = "\n".join(blocks(block.blocks))
    return [f"#quotebox[{body}]", ""]


def _table(block: m.Table) -> list[str]:
    return [table(block, first_bold=False), ""]


def table(block: m.Table, first_bold: bool) -> str:
    cells = [f"[{inlines(c)}]" for c in block.header]
    for row in block.rows:
        cells += [(f"[#strong[{inlines(c)}]]" if first_bold and i == 0 else f"[{inlines(c)}]")
                  for i, c in enumerate(row)]
    widths = ", ".join(["auto"] + ["1fr"] * (len(block.header) - 1))
    return f"#datatable(({widths},), {', '.join(cells)})"


def _code(block: m.CodeBlock) -> list[str]:
    return [f"#raw({string(block.text)}, block: true)", ""]


def _rule(block: m.Rule) -> list[str]:
    return ["#line(length: 100%, stroke: 0.5pt + muted)", ""]


def _image(block: m.Image) -> list[str]:
    return [f"#figure(image({string(block.path)}, alt: {string(block.alt)}, width: 70%))", ""]


BLOCKS: dict[type, Callable[[Any], list[str]]] = {
    m.Paragraph: _paragraph, m.Heading: _heading, m.ListBlock: _list, m.Quote: _quote,
    m.Table: _table, m.CodeBlock: _code, m.Rule: _rule, m.Image: _image,
}


# ---------------------------------------------------------------------------- parts


def _title(part: order.TitlePart, outline: m.Outline, course: str) -> list[str]:
    meta = part.meta
    lines = [f"#title[{escape(meta.title or outline.slug)}]"]
    if meta.subtitle:
        lines.append(f"#subtitle[{escape(meta.subtitle)}]")
    facts = " · ".join(x for x in (meta.period, meta.audience) if x)
    for line in (facts, course):
        if line:
            lines.append(f"#titleline[{escape(line)}]")
    return lines + ["#titlerule", ""]


def _section(part: order.SectionPart) -> list[str]:
    return [f"= {inlines(part.section.title)}", "", *blocks(part.section.blocks)]


def _intro(heading: m.ReservedPart | None, fallback: str) -> list[str]:
    title = heading.title if heading else fallback
    return [f"= {escape(title)}", "", *(blocks(heading.intro) if heading else [])]


def _objectives(part: order.ObjectivesPart) -> list[str]:
    items = ", ".join(f"[{inlines(o.inlines)}]" for o in part.objectives)
    return [*_intro(part.heading, "Learning objectives"), f"#list({items})", ""]


def _timeline(part: order.TimelinePart, frame_height: float) -> list[str]:
    """The drawn figure (axis, year ticks, a marker and label per event), then the chronology."""
    events = part.events
    if not events:
        return _intro(part.heading, "Timeline")
    height = TUNING["timeline_height"] * frame_height
    spans = [e.date.as_years() for e in events]
    low, high = min(s for s, _ in spans), max(e for _, e in spans) + 1
    scale = height / (high - low)
    marks = [((start - low) * scale, (end - low) * scale) for start, end in spans]
    labels = _spread([at for at, _ in marks], TIMELINE_PITCH, height)
    drawn = []
    for event, (start, end), label_at in zip(events, marks, labels):
        label = f"#strong[{escape(event.date.display())}] {inlines(event.text)}"
        drawn.append(f"({start:.2f}pt, {end:.2f}pt, {label_at:.2f}pt, [{label}])")
    ticks = ", ".join(f"({(y - low) * scale:.2f}pt, {string(str(y))})"
                      for y in range(int(low), int(high) + 1))
    rows = []
    for event in events:
        details = "\n".join(blocks(event.details))
        rows.append(f"[#strong[{escape(event.date.display())}]], "
                    f"[{inlines(event.text)}{details and chr(10) + details}]")
    return [*_intro(part.heading, "Timeline"),
            f"#wide[#timeline({height:.2f}pt, ({', '.join(drawn)},), ({ticks},))]", "",
            "#heading(level: 2)[Chronology]", "",
            f"#chronology({', '.join(rows)})", ""]


TIMELINE_PITCH = 9.6  # points between two labels' baselines: they never overlap


def _spread(wanted: list[float], pitch: float, height: float) -> list[float]:
    """Label positions as near the markers as they can be, `pitch` apart, inside `height`."""
    placed: list[float] = []
    for at in wanted:
        placed.append(max(at, placed[-1] + pitch) if placed else at)
    bottom = height
    for i in range(len(placed) - 1, -1, -1):
        placed[i] = min(placed[i], bottom)
        bottom = placed[i] - pitch
    return placed


def _key_figures(part: order.KeyFiguresPart) -> list[str]:
    lines = _intro(part.heading, "Key figures")
    if part.table is not None:
        lines += [f"#wide[{table(part.table, first_bold=True)}]", ""]
    return lines


def _glossary(part: order.GlossaryPart) -> list[str]:
    rows = ", ".join(f"[#strong[{inlines(e.term_inlines) if e.term_inlines else escape(e.term)}]],"
                     f" [{inlines(e.definition)}]" for e in part.entries)
    return [*_intro(part.heading, "Glossary"), f"#glossary({rows})", ""]


def answer_lines(question: m.Question) -> int:
    """How many lines the handout rules (studyguide's rule, when its renderer offers it)."""
    try:
        from studyguide.render.pdf.questions import answer_lines as ruled
    except ImportError:  # the renderer moved: rule the short-answer count
        return question.lines or ANSWER_LINES
    return int(ruled(question))


def _questions(part: order.QuestionsPart) -> list[str]:
    lines = _intro(part.heading, "Questions")
    for q in part.questions:
        body = "\n".join(blocks(q.body))
        if q.options:
            after = "#v(2pt)" + "".join(f"#option({'true' if o.correct else 'false'})"
                                         f"[{inlines(o.text)}]" for o in q.options)
        else:
            after = f"#answerlines({answer_lines(q)})"
        lines += [f"#question({q.number})[{inlines(q.prompt)}{body and chr(10) + body}]"
                  f"[{after}]", ""]
    return lines


def _sources(part: order.SourcesPart) -> list[str]:
    rows = []
    for source in part.sources:
        number = f"{source.number}." if source.number is not None else "–"
        rows.append(f"#source({string(number)})[{inlines(source.text)}]")
    return ["= Sources", "", *rows, ""]


# ---------------------------------------------------------------------------- the document


PREAMBLE = """\
#let primary = rgb({primary})
#let accent = rgb({accent})
#let ink = rgb({text})
#let muted = rgb({muted})
#let rulecolor = muted.lighten(55%)
#let body-font = {body}
#let head-font = {heading}
#let mono = {mono}
#let base = {base}pt
#let lead = {lead}
#let wideout = {wideout}pt
#set document(title: {title}, author: "studyguide")
#set page(width: {page_w}pt, height: {page_h}pt,
  margin: (left: {margin_x}pt, right: {margin_x}pt, top: {margin_y}pt, bottom: {margin_y}pt),
  header: context if here().page() > 1 [
    #pad(x: -wideout)[#text(font: head-font, size: base * 0.8, fill: muted)[{course}]
    #v(-0.6em) #line(length: 100%, stroke: 0.4pt + rulecolor)]],
  footer: pad(x: -wideout)[#line(length: 100%, stroke: 0.4pt + rulecolor) #v(-0.5em)
    #text(font: head-font, size: base * 0.8, fill: muted)[{footer} #h(1fr)
    #context [Page #counter(page).display() of #counter(page).final().first()]]])
#set text(font: body-font, size: base, fill: ink, lang: {lang}, region: {region},
  top-edge: 0.8em, bottom-edge: -0.2em)
#set par(leading: (lead - 1) * 1em, spacing: base * 0.55 + (lead - 1) * 1em)
#set list(marker: text(fill: primary)[•], indent: base * 0.5, body-indent: base * 0.6,
  spacing: base * 0.2 + (lead - 1) * 1em)
#set enum(spacing: base * 0.2 + (lead - 1) * 1em)
#show heading: set text(font: head-font, weight: "bold", fill: primary)
#show heading: set par(leading: 0.2em)
#show heading.where(level: 1): it => block(above: base * 1.6, below: base * 0.55, sticky: true,
  text(size: base * 1.5, it.body))
#show heading.where(level: 2): it => block(above: base * 1.1, below: base * 0.35, sticky: true,
  text(size: base * 1.18, it.body))
#show heading.where(level: 3): it => block(above: base * 0.9, below: base * 0.25, sticky: true,
  text(size: base * 1.02, it.body))
#show heading.where(level: 4): it => block(above: base * 0.8, below: base * 0.2, sticky: true,
  text(size: base, fill: ink, it.body))
#show heading.where(level: 5): it => block(above: base * 0.7, below: base * 0.2, sticky: true,
  text(size: base * 0.95, fill: muted, it.body))
#set super(typographic: false, size: 0.65em, baseline: -0.4em)
#let title(body) = block(below: base * 0.35, text(font: head-font, weight: "bold",
  size: base * 2.3, fill: primary, top-edge: 0.9em, bottom-edge: -0.22em, body))
#let subtitle(body) = block(below: base * 0.2 + 0.3em, text(font: head-font, size: base * 1.3,
  body))
#let titleline(body) = block(above: 0.3em, below: 0.3em, text(font: head-font,
  size: base * 1.05, fill: muted, body))
#let titlerule = block(above: base * 0.9, below: base * 1.6,
  line(length: 100%, stroke: 1.6pt + primary))
#let wide(body) = pad(x: -wideout, body)
#let small = base * 0.86
#let tick(done) = box(baseline: 1pt, rect(width: 8pt, height: 8pt, stroke: 0.6pt + ink))
#let quotebox(body) = block(fill: accent.lighten(88%), inset: (left: 12pt, rest: 8pt),
  stroke: (left: 2.5pt + accent), width: 100%, above: base * 0.6, below: base * 0.9,
  breakable: true, { set text(style: "italic"); body })
#let datatable(columns, ..cells) = block(above: base * 0.6, below: base * 0.9, {
  set text(size: small)
  set par(leading: 0.3em)
  table(columns: columns, stroke: (x, y) => (bottom: if y == 0 { 0.8pt + primary }
      else { 0.4pt + rulecolor }), inset: (x: 5pt, y: 4.5pt),
    fill: (x, y) => if y == 0 { primary.lighten(90%) },
    table.header(..cells.pos().slice(0, columns.len()).map(c => text(font: head-font,
      weight: "bold", fill: primary, c))),
    ..cells.pos().slice(columns.len()))
})
#let glossary(..cells) = block(above: base * 0.6, below: base * 0.9, {
  set par(leading: 0.3em)
  grid(columns: (9em, 1fr), column-gutter: 12pt, row-gutter: 0pt, inset: (y: 4pt),
    stroke: (x, y) => (bottom: 0.4pt + rulecolor), ..cells)
})
#let chronology(..cells) = block(above: base * 0.4, {
  set par(leading: 0.3em)
  grid(columns: (9.5em, 1fr), column-gutter: 10pt, inset: (y: 3.2pt), ..cells)
})
#let timeline(height, events, ticks) = {
  let axis = 34pt
  block(width: 100%, height: height + 10pt, above: base * 0.6, below: base * 0.6,
    breakable: false, figure(kind: image, supplement: none, numbering: none,
      alt: "Timeline figure, " + str(events.len()) + " events",
      box(width: 100%, height: height, {
        place(top + left, dx: axis, line(angle: 90deg, length: height, stroke: 1.2pt + primary))
        for (at, label) in ticks {
          place(top + left, dy: at - 3pt, box(width: axis - 5pt, align(right,
            text(font: head-font, size: base * 0.72, fill: muted, label))))
          place(top + left, dy: at, dx: axis - 3pt, line(length: 6pt, stroke: 0.6pt + muted))
        }
        for (start, end, label-at, label) in events {
          if end > start {
            place(top + left, dx: axis - 2.5pt, dy: start,
              rect(width: 5pt, height: end - start, fill: accent, radius: 1pt))
          }
          place(top + left, dx: axis - 3pt, dy: start - 3pt,
            circle(radius: 3pt, fill: white, stroke: 1pt + accent))
          place(top + left, line(start: (axis + 4pt, start), end: (axis + 24pt, label-at),
            stroke: 0.4pt + muted))
          place(top + left, dx: axis + 26pt, dy: label-at - 4pt,
            box(width: 100% - axis - 26pt, text(size: base * 0.7, top-edge: "cap-height",
              bottom-edge: "baseline", label)))
        }
      })))
}
#let option(right, body) = block(above: 4pt, below: 4pt, grid(columns: (14pt, 1fr),
  tick(right), body))
#let answerlines(count) = block(above: base * 0.2, below: base * 0.9, {
  for i in range(count) {
    v(lead * base * 1.9 - 0.4pt)
    line(length: 100%, stroke: 0.5pt + rulecolor)
  }
})
#let question(number, prompt, after) = block(above: base * 0.5, below: base * 0.35,
  grid(columns: (base * 1.9, 1fr),
    text(font: head-font, weight: "bold")[#number.], [#prompt #after]))
#let source(number, body) = block(above: 0pt, below: base * 0.3,
  grid(columns: (base * 1.9, 1fr), text(size: small, number),
    text(size: small, body)))
"""


def _font_name(faces: Any, fallback: str) -> str:
    return faces.family if faces is not None else fallback


def reference(project: Path, outline_path: Path) -> Reference:
    """The Typst markup of the outline's student handout, and the font folders it needs."""
    loaded, _ = load_project(project)
    theme, problems = load_theme(loaded.build.theme, loaded.root)
    if theme is None:
        raise SystemExit(f"theme: {problems}")
    outline, problems = parse_outline(outline_path, project,
                                      os.path.relpath(outline_path, project))
    if outline is None:
        raise SystemExit(f"outline: {problems}")
    body, body_name = find_faces(theme.fonts.body, theme.font_dirs)
    head, head_name = find_faces(theme.fonts.heading, theme.font_dirs)
    mono, mono_name = find_faces(theme.fonts.mono, theme.font_dirs)
    faces = [f for f in (body, head, mono) if f is not None]
    font_paths = tuple(sorted({os.path.dirname(p) for f in faces
                               for p in (f.regular, f.bold, f.italic, f.bolditalic)}))
    paper = (loaded.build.paper or theme.pdf.paper or "A4").lower()
    page_w, page_h = PAPER.get(paper, PAPER["a4"])
    base, margin = float(theme.pdf.base_size_pt), float(theme.pdf.margin_mm) * MM
    measure = _text_width(body.regular if body else None, base, float(theme.pdf.measure))
    wide = page_w - 2 * margin
    width = min(wide, measure)
    furniture = 2 * (base * 0.8 * 1.3 + 10)  # studyguide's room for header and footer
    margin_y = margin + furniture / 2
    course = loaded.course.title.strip()
    lang = (outline.meta.lang or loaded.course.lang or "en").split("-")
    c = theme.colors
    preamble = PREAMBLE
    for key, value in {
        "primary": string(c.primary), "accent": string(c.accent), "text": string(c.text),
        "muted": string(c.muted), "body": string(body_name), "heading": string(head_name),
        "mono": string(mono_name), "base": f"{base:g}",
        "lead": f"{float(theme.pdf.line_spacing):g}",
        "wideout": f"{(wide - width) / 2:.3f}", "title": string(outline.meta.title or outline.slug),
        "page_w": f"{page_w:.4f}", "page_h": f"{page_h:.4f}",
        "margin_x": f"{margin + (wide - width) / 2:.3f}", "margin_y": f"{margin_y:.3f}",
        "course": escape(course),
        "footer": escape(" · ".join(x for x in (outline.meta.title, course) if x)),
        "lang": string(lang[0].lower()),
        "region": string(lang[1].upper()) if len(lang) > 1 else "none",
    }.items():
        preamble = preamble.replace("{" + key + "}", value)
    lines = [preamble]
    for part in order.reading_order(outline):
        lines += _part(part, outline, course, page_h - 2 * margin_y)
    return Reference("\n".join(lines) + "\n", font_paths)


def _part(part: Any, outline: m.Outline, course: str, frame_height: float) -> list[str]:
    kind = part.kind
    if kind is order.PartKind.TITLE:
        return _title(part, outline, course)
    if kind is order.PartKind.INTRO:
        return blocks(part.blocks)
    writers: dict[order.PartKind, Callable[[Any], list[str]]] = {
        order.PartKind.SECTION: _section, order.PartKind.OBJECTIVES: _objectives,
        order.PartKind.TIMELINE: lambda p: _timeline(p, frame_height),
        order.PartKind.KEY_FIGURES: _key_figures,
        order.PartKind.GLOSSARY: _glossary, order.PartKind.QUESTIONS: _questions,
        order.PartKind.SOURCES: _sources,
    }
    return writers[kind](part) if kind in writers else []


def _text_width(font_file: str | None, size: float, measure: float) -> float:
    """studyguide's text block width: `measure` average characters of the body face."""
    if font_file is None:
        return measure * size * 0.5 / WRAP_LOSS
    from reportlab.pdfbase.ttfonts import TTFont

    face = TTFont("bench-measure", font_file)
    return face.stringWidth(SAMPLE, size) / len(SAMPLE) * measure / WRAP_LOSS


def main(argv: list[str]) -> int:
    project, outline, out = (Path(a).resolve() for a in argv[1:4])
    ref = reference(project, outline)
    out.write_text(ref.source, encoding="utf-8")
    out.with_suffix(".fonts.json").write_text(json.dumps(list(ref.font_paths)),
                                              encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
