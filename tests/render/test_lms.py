"""The learning-platform exports read back by other people's parsers: GIFT by pygiftparser,
the QTI 1.2 package by pyslet's QTI v1 reader, both checked against the outline's model."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from studyguide.outline.model import Outline
from studyguide.outline.parser import parse_outline, parse_text
from studyguide.render.lms.gift import gift
from studyguide.render.lms.moodle import moodle_xml
from studyguide.render.lms.qti import qti_package
from studyguide.render.lms.text import blocks_text, inline_text, question_text

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "outlines").glob("*.md"))

SPECIAL = """---
title: Odd {title}
---

## Questions
1. Which is right: a ~ b = c # d {e} f: g \\\\ h?
   - [x] The {braced} = answer ~ #1: yes \\\\ no
   - [ ] Plain <b>wrong</b> & "quoted"
   - Answer: Because {x} = y ~ z # w: done.
2. Tick both: ~ and =?
   - [x] ~tilde
   - [x] =equals
   - [ ] #hash {not}
3. An open question: why {braces}?
   - Answer: Braces {} and tildes ~ and a <tag>.
"""


def special() -> Outline:
    outline, diags = parse_text(SPECIAL, "odd.md", "/")
    assert outline is not None and not diags
    return outline


def outlines() -> list[Outline]:
    found = []
    for path in SHIPPED:
        outline, _ = parse_outline(path, REPO)
        assert outline is not None
        found.append(outline)
    return found + [special()]


def gift_unescape(text: str) -> str:
    """What Moodle shows for GIFT [html] text: backslash escapes removed, entities decoded."""
    return html.unescape(re.sub(r"\\(.)", r"\1", text)).replace("<br>", "\n")


@pytest.mark.parametrize("outline", outlines(), ids=lambda o: o.slug)
def test_pygiftparser_finds_every_question_option_and_key(outline: Outline) -> None:
    from pygiftparser import parser

    parsed = parser.parseFile(io.StringIO(gift(outline)))
    assert len(parsed) == len(outline.questions)
    for question, read in zip(outline.questions, parsed):
        assert read.valid
        assert gift_unescape(read.text) == question_text(question)
        assert gift_unescape(read.generalFeedback) == blocks_text(question.answer)
        if not question.options:
            assert type(read.answers).__name__ == "Essay"
            continue
        answers = read.answers.answers
        assert [gift_unescape(a.answer) for a in answers] == [
            inline_text(o.text) for o in question.options]
        assert [a.fraction > 0 for a in answers] == [o.correct for o in question.options]
        if sum(o.correct for o in question.options) > 1:
            assert sum(a.fraction for a in answers if a.fraction > 0) == pytest.approx(100, 1e-4)


def qti_parts(outline: Outline) -> tuple[bytes, bytes]:
    package = zipfile.ZipFile(io.BytesIO(qti_package(outline)))
    manifest = package.read("imsmanifest.xml")
    href = etree.fromstring(manifest).find(".//{*}resource").get("href")
    return manifest, package.read(href)


@pytest.mark.parametrize("outline", outlines(), ids=lambda o: o.slug)
def test_pyslet_reads_the_qti_package(outline: Outline) -> None:
    from pyslet.qtiv1 import xml as qtixml

    _, assessment = qti_parts(outline)
    document = qtixml.QTIDocument()
    document.read(src=assessment)  # raises on XML pyslet's QTI 1.2 model cannot load
    # pyslet's Assessment.get_children names an attribute that does not exist
    # (QTIAssessProcExtension), in 0.7.20170805 and on its master branch, so the tree is
    # walked through the parsed attributes instead of find_children_depth_first.
    items = document.root.Assessment.SectionMixin[0].SectionItemMixin
    assert [item.ident for item in items] == [
        f"{outline.slug}_q{q.number}" for q in outline.questions]
    for question, item in zip(outline.questions, items):
        assert type(item.Presentation).__name__ == "Presentation"  # pyslet's own model
        conditions = item.ResProcessing[0].ConditionMixin
        scored = [c for c in conditions if c.SetVar]
        assert len(scored) == (1 if question.options else 0)


@pytest.mark.parametrize("outline", outlines(), ids=lambda o: o.slug)
def test_qti_items_and_scored_answers_match_the_outline(outline: Outline) -> None:
    _, assessment = qti_parts(outline)
    root = etree.fromstring(assessment)
    items = root.findall(".//{*}item")
    assert len(items) == len(outline.questions)
    for question, item in zip(outline.questions, items):
        assert item.find("{*}presentation/{*}material/{*}mattext").text == question_text(question)
        labels = item.findall(".//{*}response_label")
        assert [label.find(".//{*}mattext").text for label in labels] == [
            inline_text(o.text) for o in question.options]
        wanted = {label.get("ident") for label, o in zip(labels, question.options) if o.correct}
        scored = item.find(".//{*}respcondition[{*}setvar]")
        if not question.options:
            assert scored is None
            continue
        chosen = {v.text for v in scored.iter("{*}varequal")
                  if v.getparent().tag.split("}")[-1] != "not"}
        assert chosen == wanted
        assert scored.find("{*}setvar").text == "100"
        feedback = item.find("{*}itemfeedback//{*}mattext")
        assert (feedback.text if feedback is not None else "") == blocks_text(question.answer)


@pytest.mark.parametrize("outline", outlines(), ids=lambda o: o.slug)
def test_moodle_xml_questions_keys_and_feedback(outline: Outline) -> None:
    root = etree.fromstring(moodle_xml(outline))
    questions = root.xpath("question[@type!='category']")
    assert len(questions) == len(outline.questions)
    for question, element in zip(outline.questions, questions):
        shown = etree.fromstring(f"<d>{element.findtext('questiontext/text')}</d>")
        assert "\n".join(p.text for p in shown) == question_text(question)
        answers = element.findall("answer")
        texts = [etree.fromstring(a.findtext("text")).text for a in answers]
        assert texts == [inline_text(o.text) for o in question.options]
        assert [float(a.get("fraction")) > 0 for a in answers] == [
            o.correct for o in question.options]


def test_exports_are_the_same_bytes_each_time() -> None:
    outline = special()
    assert qti_package(outline) == qti_package(outline)
    assert moodle_xml(outline) == moodle_xml(outline)
