"""Review questions: tick boxes and answer lines for students; marked answers for teachers."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from studyguide.outline import model as m
from studyguide.render.pdf import tagging
from studyguide.render.pdf.blocks import block_flowables
from studyguide.render.pdf.boxes import AnswerLines, Boxed, TickBox
from studyguide.render.pdf.context import RenderContext
from studyguide.render.pdf.keep import KeepWithFirst
from studyguide.render.pdf.tables import cell_font

ANSWER_LINES = 4  # a short answer: a fact, a date, a sentence or two
EXPLAIN_LINES = 8  # "explain", "why", "how useful": a paragraph or two
ESSAY_LINES = 14  # "how far", "assess", "to what extent": a short essay
LINES_PER_MARK = 2
MAX_LINES = 24  # a page of lines; more is written on paper of the student's own
_ESSAY = re.compile(r"\b(how far|to what extent|assess|evaluate|discuss|do you agree|"
                    r"how (?:important|significant|successful|accurate)|essay)\b",
                    re.IGNORECASE)
_EXPLAIN = re.compile(r"\b(explain|why|how useful|how reliable|compare|analyse|analyze|"
                      r"account for|describe|what does .* reveal|what do .* reveal)\b",
                      re.IGNORECASE)


def answer_lines(question: m.Question) -> int:
    """How many lines to rule: the outline's `lines:` hint, else two a mark, else by what the
    question asks (an essay question more than an explanation, that more than a fact)."""
    if question.lines:
        return question.lines
    if question.marks:
        return max(2, min(MAX_LINES, question.marks * LINES_PER_MARK))
    prompt = m.plain_text(question.prompt)
    if _ESSAY.search(prompt):
        return ESSAY_LINES
    return EXPLAIN_LINES if _EXPLAIN.search(prompt) else ANSWER_LINES


def question_flowables(questions: tuple[m.Question, ...], ctx: RenderContext) -> list[Any]:
    """Every question, numbered, each kept together with its options or lines where it fits."""
    items: list[list[Any]] = []
    for question in questions:
        head = [ctx.para(question.prompt, question.line, "question",
                         prefix=f"<bullet>{question.number}.</bullet>")]
        body = _indented(block_flowables(question.body, ctx), ctx)
        if question.is_multiple_choice:
            answer = _indented([_options(question, ctx, ctx.answers_inline)], ctx)
        elif ctx.teacher and (question.answer or ctx.pack):
            answer = []  # the teacher reads the answer, here or in the pack's key
        else:
            answer = [_lines(answer_lines(question), ctx)]
        extra = model_answer(question, ctx) if ctx.answers_inline and question.answer else []
        items.append(head + body + answer + extra)
    tagging.as_numbered(items)  # each number a Lbl
    # the prompt goes with the first of its lines; the lines may run on overleaf
    return [KeepWithFirst(item) for item in items]


def _indented(flowables: list[Any], ctx: RenderContext) -> list[Any]:
    from reportlab.platypus import Indenter

    if not flowables:
        return []
    indent = ctx.styles["question"].leftIndent
    return [Indenter(left=indent), *flowables, Indenter(left=-indent)]


def options_table(question: m.Question, ctx: RenderContext) -> list[Any]:
    """The options with tick boxes, indented under the prompt (correct ones marked for
    teachers)."""
    return _indented([_options(question, ctx, ctx.teacher)], ctx)


def _options(question: m.Question, ctx: RenderContext, mark: bool) -> Any:
    from reportlab.platypus import Table, TableStyle

    s = ctx.styles
    size = s.base * 0.95
    rows = []
    for option in question.options:
        marked = mark and option.correct
        text = option.text
        if marked:
            text = tuple(replace(i, bold=True) if isinstance(i, m.Span) else i
                         for i in option.text)
        box = TickBox(size, marked, s.colors.text, s.colors.primary, s.rule_width)
        rows.append([box, ctx.para(text, option.line, "option")])
    # each tick box the Lbl of its option, read as an empty or a ticked box
    tagging.labelled_rows(rows, ["\u2611" if mark and o.correct else "\u2610"
                                 for o in question.options])
    indent = s["question"].leftIndent
    table = Table(rows, colWidths=[size + 9, s.frame_width - indent - size - 9],
                  hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        cell_font(s), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (0, -1), (s["option"].leading - size) / 2 + 1),
        ("TOPPADDING", (1, 0), (1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), s.base * 0.3),
    ]))
    table.spaceAfter = s.base * 0.4
    return table


def _lines(count: int, ctx: RenderContext) -> Any:
    s = ctx.styles
    lines = AnswerLines(count, s.leading * 1.9, s.colors.rule, 0.5,
                        indent=s["question"].leftIndent)
    lines.spaceBefore, lines.spaceAfter = s.base * 0.2, s.base * 0.9
    return lines


def model_answer(question: m.Question, ctx: RenderContext) -> list[Any]:
    """The model answer in a ruled, tinted box (teacher edition)."""
    s = ctx.styles
    inner = [ctx.text_para("Model answer", question.line, "label"),
             *block_flowables(question.answer, ctx)]
    tagging.within(inner, tagging.Group("Div"))
    box = Boxed(inner, fill=s.colors.zebra if s.filled else None, rule=s.colors.primary,
                rule_width=max(1.5, s.rule_width * 2), padding=s.base * 0.6)
    box.spaceBefore, box.spaceAfter = 0, s.base * 0.9
    return _indented([box], ctx)


def notes_box(blocks: tuple[m.Block, ...], ctx: RenderContext, line: int | None) -> list[Any]:
    """A section's speaker notes as a 'Teacher notes' box (teacher edition only)."""
    if not ctx.teacher or not blocks:
        return []
    s = ctx.styles
    inner = [ctx.text_para("Teacher notes", line, "label"), *block_flowables(blocks, ctx)]
    tagging.within(inner, tagging.Group("Div"))
    box = Boxed(inner, fill=s.colors.tint if s.filled else None, rule=s.colors.accent,
                rule_width=max(2.0, s.rule_width * 2.5), padding=s.base * 0.7,
                frame=None if s.filled else s.colors.muted, frame_width=s.rule_width)
    box.spaceBefore, box.spaceAfter = s.base * 0.4, s.base * 1.0
    return [box]
