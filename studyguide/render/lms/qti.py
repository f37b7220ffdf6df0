"""A QTI 1.2 package as Canvas imports it: a zip holding `imsmanifest.xml` and one
assessment file, each item a `multiple_choice_question`, `multiple_answers_question` or
`essay_question` with its scored answers (`respcondition`s setting SCORE) and the model
answer as general feedback. Built with xml.etree; the zip's entries carry a fixed date so the
same outline makes the same bytes."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from studyguide.outline.model import Outline, Question
from studyguide.render.lms.text import blocks_text, inline_text, question_text

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def qti_package(outline: Outline) -> bytes:
    ident = f"sg_{_ident(outline.slug)}"
    assessment = _xml(_assessment(outline, ident))
    manifest = _xml(_manifest(ident, f"{ident}/{ident}.xml"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in (("imsmanifest.xml", manifest), (f"{ident}/{ident}.xml", assessment)):
            info = zipfile.ZipInfo(name, _FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data)
    return buffer.getvalue()


def _ident(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


def _xml(element: ET.Element) -> bytes:
    ET.indent(element)
    return ET.tostring(element, encoding="UTF-8", xml_declaration=True) + b"\n"


def _manifest(ident: str, href: str) -> ET.Element:
    manifest = ET.Element("manifest", identifier=f"{ident}_manifest", xmlns=CP_NS)
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    resource = ET.SubElement(resources, "resource", identifier=ident,
                             type="imsqti_xmlv1p2", href=href)
    ET.SubElement(resource, "file", href=href)
    return manifest


def _assessment(outline: Outline, ident: str) -> ET.Element:
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    assessment = ET.SubElement(root, "assessment", ident=ident,
                               title=outline.meta.title or outline.slug)
    section = ET.SubElement(assessment, "section", ident="root_section")
    for question in outline.questions:
        section.append(_item(outline, question))
    return root


def _mattext(parent: ET.Element, text: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype="text/plain").text = text


def _item(outline: Outline, question: Question) -> ET.Element:
    ident = f"{_ident(outline.slug)}_q{question.number}"
    correct = [i for i, o in enumerate(question.options) if o.correct]
    kind = ("essay_question" if not question.options else
            "multiple_choice_question" if len(correct) == 1 else "multiple_answers_question")
    item = ET.Element("item", ident=ident, title=f"Question {question.number}")
    meta = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", kind), ("points_possible", "1")):
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry
    presentation = ET.SubElement(item, "presentation")
    _mattext(presentation, question_text(question))
    processing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE",
                  vartype="Decimal")
    if question.options:
        response = ET.SubElement(presentation, "response_lid", ident="response1",
                                 rcardinality="Single" if len(correct) == 1 else "Multiple")
        choices = ET.SubElement(response, "render_choice")
        for index, option in enumerate(question.options):
            choice = ET.SubElement(choices, "response_label", ident=f"{ident}_o{index + 1}")
            _mattext(choice, inline_text(option.text))
        _scoring(processing, ident, question, correct)
    else:
        response = ET.SubElement(presentation, "response_str", ident="response1",
                                 rcardinality="Single")
        ET.SubElement(response, "render_fib")
    feedback = blocks_text(question.answer)
    if feedback:
        condition = ET.SubElement(processing, "respcondition", attrib={"continue": "Yes"})
        ET.SubElement(ET.SubElement(condition, "conditionvar"), "other")
        ET.SubElement(condition, "displayfeedback", feedbacktype="Response",
                      linkrefid="general_fb")
        item_feedback = ET.SubElement(item, "itemfeedback", ident="general_fb")
        flow = ET.SubElement(item_feedback, "flow_mat")
        _mattext(flow, feedback)
    return item


def _scoring(processing: ET.Element, ident: str, question: Question, correct: list[int]) -> None:
    """Full marks (SCORE 100) when exactly the correct options are chosen."""
    condition = ET.SubElement(processing, "respcondition", attrib={"continue": "No"})
    test = ET.SubElement(condition, "conditionvar")
    if len(correct) == 1:
        ET.SubElement(test, "varequal", respident="response1").text = f"{ident}_o{correct[0] + 1}"
    else:
        every = ET.SubElement(test, "and")
        for index in range(len(question.options)):
            value = f"{ident}_o{index + 1}"
            if index in correct:
                ET.SubElement(every, "varequal", respident="response1").text = value
            else:
                ET.SubElement(ET.SubElement(every, "not"), "varequal",
                              respident="response1").text = value
    ET.SubElement(condition, "setvar", action="Set", varname="SCORE").text = "100"
