"""Plain text of the model for the exports, and the scores of multiple-choice options."""

from __future__ import annotations

from studyguide.outline.model import (
    Block,
    CodeBlock,
    Heading,
    Image,
    ListBlock,
    Option,
    Paragraph,
    Question,
    Quote,
    Table,
    plain_text,
)
from studyguide.render.common.text import clean_text


def inline_text(inlines) -> str:
    return clean_text(plain_text(inlines))


def blocks_text(blocks: tuple[Block, ...]) -> str:
    """Blocks as plain text, one paragraph a line."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            lines.append(inline_text(block.inlines))
        elif isinstance(block, ListBlock):
            for item in block.items:
                text = blocks_text(item.blocks)
                if text:
                    lines.append("- " + text.replace("\n", " "))
        elif isinstance(block, Quote):
            lines.append(blocks_text(block.blocks))
        elif isinstance(block, CodeBlock):
            lines.append(clean_text(block.text))
        elif isinstance(block, Image):
            lines.append(f"[{clean_text(block.alt or block.caption or 'image')}]")
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                lines.append(" | ".join(inline_text(cell) for cell in row))
    return "\n".join(line for line in lines if line.strip())


def question_text(question: Question) -> str:
    """The prompt, then any extract under the question."""
    body = blocks_text(question.body)
    prompt = inline_text(question.prompt)
    return f"{prompt}\n{body}" if body else prompt


def option_scores(options: tuple[Option, ...]) -> list[float]:
    """Each option's score in percent: 100 for the one correct option; with several correct,
    an equal share each (Moodle's own fractions, 5 decimals) and -100 for each wrong one."""
    correct = sum(1 for o in options if o.correct)
    if correct <= 1:
        return [100.0 if o.correct else 0.0 for o in options]
    share = round(100 / correct, 5)
    return [share if o.correct else -100.0 for o in options]


def score_text(score: float) -> str:
    return f"{score:.5f}".rstrip("0").rstrip(".")
