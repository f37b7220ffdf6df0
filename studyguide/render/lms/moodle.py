"""Moodle XML: a `<quiz>` of `multichoice` and `essay` questions, built with xml.etree so
every text is escaped by the serializer."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from studyguide.outline.model import Outline, Question
from studyguide.render.lms.text import (
    blocks_text,
    inline_text,
    option_scores,
    question_text,
    score_text,
)


def as_html(text: str) -> str:
    """Plain text as the HTML Moodle's text fields hold: escaped, one paragraph a line."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())


def moodle_xml(outline: Outline) -> bytes:
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    _text(ET.SubElement(category, "category"), f"$course$/{outline.slug}")
    for question in outline.questions:
        quiz.append(_question(outline, question))
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="UTF-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, value: str) -> ET.Element:
    ET.SubElement(parent, "text").text = value
    return parent


def _html_field(parent: ET.Element, tag: str, text: str) -> None:
    _text(ET.SubElement(parent, tag, format="html"), as_html(text))


def _question(outline: Outline, question: Question) -> ET.Element:
    kind = "multichoice" if question.options else "essay"
    element = ET.Element("question", type=kind)
    _text(ET.SubElement(element, "name"), f"{outline.slug} Q{question.number}")
    _html_field(element, "questiontext", question_text(question))
    _html_field(element, "generalfeedback", blocks_text(question.answer))
    ET.SubElement(element, "defaultgrade").text = "1"
    if not question.options:
        ET.SubElement(element, "responseformat").text = "editor"
        _html_field(element, "graderinfo", blocks_text(question.answer))
        return element
    single = sum(1 for o in question.options if o.correct) == 1
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    for option, score in zip(question.options, option_scores(question.options)):
        answer = ET.SubElement(element, "answer", fraction=score_text(score), format="html")
        _text(answer, as_html(inline_text(option.text)))
    return element
