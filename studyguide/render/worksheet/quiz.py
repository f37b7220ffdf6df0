"""Quiz versions: the student file holds every version (A, B, ...), each on its own pages with
its questions and options in its own order; the teacher file holds each version's answer key
and a one-page answer grid of every version side by side."""

from __future__ import annotations

from typing import Any

from studyguide.outline import model as m
from studyguide.render import Rendered, RenderSettings
from studyguide.render.common.quiz import Version, quiz_versions
from studyguide.render.pdf.boxes import AnswerLines
from studyguide.render.pdf.context import RenderContext
from studyguide.render.pdf.document import build_pdf, metadata, new_context
from studyguide.render.pdf.furniture import page_furniture
from studyguide.render.pdf.inline import escape
from studyguide.render.pdf.parts import heading
from studyguide.render.worksheet.sheet import _plain
from studyguide.theme.model import Theme

OPEN = "open"  # the grid's entry for a question with no options


def quiz_pdf(outline: m.Outline, theme: Theme, settings: RenderSettings,
             edition: str) -> Rendered:
    ctx = new_context(outline.path, theme, settings, edition)
    versions = quiz_versions(outline, settings.versions, settings.seed)
    title = outline.meta.title or outline.slug
    story: list[Any] = []
    if not outline.questions:
        story.append(ctx.text_para(f"Quiz: {title}: this outline has no questions.", None))
    elif ctx.teacher:
        story += answer_grid(versions, title, ctx)
        for version in versions:
            story += answer_key(version, title, ctx)
    else:
        for version in versions:
            story += version_pages(version, title, ctx)
    furniture = page_furniture(lambda page: outline, theme, settings, ctx)
    data = build_pdf(story, ctx, furniture, **metadata(f"Quiz: {title}", settings, "Quiz"))
    return Rendered(data, tuple(ctx.diagnostics))


def indented(ctx: RenderContext, name: str) -> Any:
    """Style `name` indented under the question's number (made once per quiz)."""
    key = ("quiz-indented", name)
    if key not in ctx.cache:
        from reportlab.lib.styles import ParagraphStyle

        ctx.cache[key] = ParagraphStyle(f"quiz_{name}", parent=ctx.styles[name], alignment=0,
                                        leftIndent=ctx.styles["question"].leftIndent,
                                        spaceAfter=ctx.styles.base * 0.15)
    return ctx.cache[key]


def letter(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index % 26]


def version_pages(version: Version, title: str, ctx: RenderContext) -> list[Any]:
    from reportlab.platypus import PageBreak

    s = ctx.styles
    story: list[Any] = [heading(f"Quiz: {title} — Version {version.label}", ctx, None,
                                f"quiz-{version.label}", 0, "h2"),
                        ctx.text_para("Name: ______________________________   "
                                      f"Version {version.label}", None, "title_line")]
    for number, item in enumerate(version.questions, start=1):
        prompt = escape(_plain(item.question.prompt))
        story.append(_numbered(ctx, number, prompt))
        for index, option in enumerate(item.options):
            story.append(ctx._paragraph(f"{letter(index)})&nbsp;&nbsp;"
                                        f"{escape(_plain(option.text))}",
                                        indented(ctx, "option")))
        if not item.options:
            story.append(AnswerLines(4, s.leading * 1.6, s.colors.rule, s.rule_width,
                                     indent=s["question"].leftIndent))
    return story + [PageBreak(), *answer_sheet(version, ctx), PageBreak()]


def answer_sheet(version: Version, ctx: RenderContext) -> list[Any]:
    """One page for the student to mark: a row per question, a box per option letter (an
    open question is answered on the question pages)."""
    from reportlab.platypus import Table, TableStyle

    s = ctx.styles
    widest = max((len(q.options) for q in version.questions), default=0)
    header = [ctx.text_para("Question", None, "cell_head")] + [
        ctx.text_para(letter(i), None, "cell_head") for i in range(widest)]
    rows, commands = [header], [("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                ("LINEBELOW", (0, 0), (-1, 0), s.rule_width, s.colors.primary)]
    for number, item in enumerate(version.questions, start=1):
        row = [ctx.text_para(str(number), None, "cell")]
        if item.options:
            row += [ctx.text_para(letter(i), None, "caption") for i in range(len(item.options))]
            row += [""] * (widest - len(item.options))
            for column in range(1, len(item.options) + 1):
                commands.append(("BOX", (column, number), (column, number), s.rule_width,
                                 s.colors.text))
        else:
            row += [ctx.text_para("written answer", None, "caption")] + [""] * (widest - 1)
            if widest > 1:
                commands.append(("SPAN", (1, number), (widest, number)))
        rows.append(row)
    size = min(s.base * 2.2, (s.frame_height - s.base * 8) / max(len(rows), 1))
    table = Table(rows, colWidths=[s.base * 6] + [size * 1.4] * widest, rowHeights=size,
                  hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return [heading(f"Answer sheet, version {version.label}", ctx, None,
                    f"sheet-{version.label}", 1, "h2"),
            ctx.text_para("Name: ______________________________   Tick one box per question "
                          "(more where the question says so).", None, "title_line"), table]


def _numbered(ctx: RenderContext, number: int, markup: str) -> Any:
    return ctx._paragraph(f"<bullet>{number}.</bullet>{markup}", ctx.styles["question"])


def key_of(item: Any) -> str:
    return ", ".join(item.key) if item.options else OPEN


def answer_key(version: Version, title: str, ctx: RenderContext) -> list[Any]:
    from reportlab.platypus import PageBreak

    story: list[Any] = [heading(f"Answer key — Version {version.label}", ctx, None,
                                f"key-{version.label}", 0, "h2"),
                        ctx.text_para(title, None, "title_line")]
    for number, item in enumerate(version.questions, start=1):
        story.append(_numbered(ctx, number, escape(_plain(item.question.prompt))))
        for index, option in enumerate(item.options):
            mark = "✓ " if option.correct else ""
            text = f"{letter(index)})&nbsp;&nbsp;{escape(mark + _plain(option.text))}"
            story.append(ctx._paragraph(f"<b>{text}</b>" if option.correct else text,
                                        indented(ctx, "option")))
        answer = " ".join(_plain(b.inlines) for b in item.question.answer
                          if isinstance(b, m.Paragraph))
        if answer:
            story.append(ctx._paragraph(f"Answer: {escape(answer)}", indented(ctx, "caption")))
    return story + [PageBreak()]


def answer_grid(versions: tuple[Version, ...], title: str, ctx: RenderContext) -> list[Any]:
    """One page: a row per question number, a column per version, the correct letters."""
    from reportlab.platypus import PageBreak, Table, TableStyle

    s = ctx.styles
    header = [ctx.text_para("Question", None, "cell_head")] + [
        ctx.text_para(f"Version {v.label}", None, "cell_head") for v in versions]
    rows = [header]
    for number in range(len(versions[0].questions)):
        rows.append([ctx.text_para(str(number + 1), None, "cell")] + [
            ctx.text_para(key_of(v.questions[number]), None, "cell") for v in versions])
    width = s.frame_width / (len(versions) + 1)
    table = Table(rows, colWidths=[width] * (len(versions) + 1), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), s.rule_width, s.colors.rule),
        ("BACKGROUND", (0, 0), (-1, 0), s.colors.tint),
        ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return [heading("Answer grid", ctx, None, "grid", 0, "h2"),
            ctx.text_para(f"{title}: the correct option letters of every version", None,
                          "title_line"), table, PageBreak()]
