"""GIFT, Moodle's plain-text question format.

One question a paragraph: `::title::[html]prompt {answers ####general feedback}`. A question
may not hold a blank line (it would end the question) and the characters `~ = # { } :` and the
backslash are syntax. Every text is written as HTML (`[html]`): `< > &` and the braces become
entities (`&lbrace;`: a brace written `\\}` is GIFT's own escape, but parsers that find the
answers by the first `}`, such as pygiftparser, cut the question there), the other special
characters get GIFT's backslash, and a line break is `<br>`.
"""

from __future__ import annotations

import html

from studyguide.outline.model import Outline, Question
from studyguide.render.lms.text import (
    blocks_text,
    inline_text,
    option_scores,
    question_text,
    score_text,
)

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Plain text as GIFT `[html]` text that every GIFT reader shows as written."""
    text = html.escape(text, quote=False).replace("{", "&lbrace;").replace("}", "&rbrace;")
    out = "".join("\\" + c if c in _SPECIAL else c for c in text)
    return out.replace("\r", "").replace("\n", "<br>")


def gift(outline: Outline) -> str:
    title = outline.meta.title or outline.slug
    parts = [f"// {escape(title)}: questions exported by studyguide",
             f"$CATEGORY: $course$/{_category(outline.slug)}"]
    parts += [_question(outline, q) for q in outline.questions]
    return "\n\n".join(parts) + "\n"


def _category(slug: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in slug) or "studyguide"


def _question(outline: Outline, question: Question) -> str:
    head = f"::{escape(f'{outline.slug} Q{question.number}')}::[html]{escape(question_text(question))}"
    feedback = blocks_text(question.answer)
    general = f" ####{escape(feedback)}" if feedback else ""
    if not question.options:
        return f"{head} {{{general} }}"
    scores = option_scores(question.options)
    lines = [f"{head} {{"]
    single = sum(1 for o in question.options if o.correct) == 1
    for option, score in zip(question.options, scores):
        text = escape(inline_text(option.text))
        if single:
            lines.append(f"\t{'=' if option.correct else '~'}{text}")
        else:
            lines.append(f"\t~%{score_text(score)}%{text}")
    lines.append(f"{general.strip()}\n}}" if general else "}")
    return "\n".join(lines)
