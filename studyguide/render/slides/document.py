"""The slide handout's pages: slides drawn from the deck's plan beside lines or notes.

Student: three slides a page down the left, each beside ruled lines. Teacher: each slide
beside its speaker notes; notes longer than the room left on a page go on under the next
page's first line, marked "(notes continued)".
"""

from __future__ import annotations

import io

from studyguide.outline.model import Outline
from studyguide.project.config import Edition
from studyguide.render import Rendered, RenderSettings
from studyguide.render.deck import fit
from studyguide.render.deck.plan import build_plan, make_page
from studyguide.render.deck.shapes import SlidePlan, deck_faces
from studyguide.render.slides.draw import Painter
from studyguide.theme.model import Theme

MM = 72.0 / 25.4
MARGIN = 15 * MM
GAP = 6 * MM
SLIDE_SHARE = 0.56  # of the text width
RULE_STEP = 8 * MM
NOTE_SIZE = 9.0
NOTE_LEAD = 11.5
NOTE_GAP = 4.0  # between two paragraphs of notes
PARAGRAPH = "\x00"  # a line that stands for the space before a paragraph
CONTINUED = "(notes continued)"
PAPERS = {"A4": (595.2756, 841.8898), "letter": (612.0, 792.0)}
LANG = "en-GB"


def slide_handout(outline: Outline, theme: Theme, settings: RenderSettings,
                  edition: Edition) -> Rendered:
    from reportlab.pdfgen.canvas import Canvas

    slides, problems = build_plan(outline, theme, settings)
    deck_page = make_page(theme, settings)
    size = PAPERS.get(settings.paper or theme.pdf.paper, PAPERS["A4"])
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1, lang=LANG,
                    pageCompression=1)
    label = "slides" if edition is Edition.STUDENT else "slides with notes"
    canvas.setTitle(f"{fit.clean(outline.meta.title)} ({label})")
    canvas.setAuthor(fit.clean(settings.course.teacher or "studyguide"))
    canvas.setSubject(fit.clean(outline.meta.subtitle or ""))
    layout = Sheet(canvas, size, deck_page, fit.clean(outline.meta.title))
    if edition is Edition.STUDENT:
        layout.student(slides)
    else:
        layout.teacher(slides)
    canvas.save()
    return Rendered(buffer.getvalue(), tuple(problems))


class Sheet:
    """Pages being filled with slides, top to bottom."""

    def __init__(self, canvas, size: tuple[float, float], deck_page, title: str) -> None:
        self.canvas, self.title = canvas, title
        self.width, self.height = size
        self.painter = Painter(canvas, deck_page)
        self.text_w = self.width - 2 * MARGIN
        self.slide_w = self.text_w * SLIDE_SHARE
        self.scale = self.slide_w / deck_page.width
        self.slide_h = deck_page.height * self.scale
        self.top = self.height - MARGIN - 14.0  # under the running head
        self.bottom = MARGIN + 12.0  # above the page number
        self.pages = 0
        self.y = self.top
        self.notes_font = self.painter.font(deck_faces("Calibri").regular)
        self._start()

    def _start(self) -> None:
        self.pages += 1
        self.y = self.top
        c = self.canvas
        c.setFillColorRGB(0.42, 0.42, 0.42)
        c.setFont(self.notes_font, 8.5)
        c.drawString(MARGIN, self.height - MARGIN, self.title)
        c.drawRightString(self.width - MARGIN, MARGIN, str(self.pages))

    def _new_page(self) -> None:
        self.canvas.showPage()
        self._start()

    def student(self, slides: list[SlidePlan]) -> None:
        """Three slides a page, each beside ruled lines for the student's notes."""
        row = (self.top - self.bottom - 2 * GAP) / 3
        for index, slide in enumerate(slides):
            if index and index % 3 == 0:
                self._new_page()
            top = self.top - (index % 3) * (row + GAP)
            self.painter.slide(slide, MARGIN, top, self.scale)
            self._rules(MARGIN + self.slide_w + GAP, top, self.width - MARGIN, top - row)

    def _rules(self, x0: float, top: float, x1: float, bottom: float) -> None:
        c = self.canvas
        c.setStrokeColorRGB(0.72, 0.72, 0.72)
        c.setLineWidth(0.5)
        y = top - RULE_STEP
        while y >= bottom - 0.01:
            c.line(x0, y, x1, y)
            y -= RULE_STEP

    def teacher(self, slides: list[SlidePlan]) -> None:
        """Each slide beside its speaker notes; long notes run on to the next page."""
        x_notes = MARGIN + self.slide_w + GAP
        width = self.width - MARGIN - x_notes
        for slide in slides:
            lines = self._note_lines(slide.notes, width) if slide.layout != "title" else []
            first = True
            while first or lines:
                room = self.y - self.bottom
                if room < (self.slide_h if first else 3 * NOTE_LEAD):
                    self._new_page()
                    room = self.y - self.bottom
                top = self.y
                height = 0.0
                if first:
                    self.painter.slide(slide, MARGIN, top, self.scale)
                    height = self.slide_h
                elif lines:
                    lines = [CONTINUED] + lines
                take = max(int(room // NOTE_LEAD), 1)
                shown, lines = lines[:take], lines[take:]
                self._notes(shown, x_notes, top)
                height = max(height, sum(NOTE_GAP if line == PARAGRAPH else NOTE_LEAD
                                         for line in shown))
                self.y = top - height - GAP
                first = False

    def _note_lines(self, notes: str, width: float) -> list[str]:
        """The notes wrapped to `width`; a paragraph after the first starts with PARAGRAPH
        (drawn as a little space above it)."""
        path = deck_faces("Calibri").regular
        out: list[str] = []
        for paragraph in fit.clean(notes).split("\n"):
            if not paragraph.strip():
                continue
            wrapped = fit.wrap(paragraph, path, NOTE_SIZE, width)
            out += ([PARAGRAPH] if out else []) + wrapped
        return out

    def _notes(self, lines: list[str], x: float, top: float) -> None:
        y = top - NOTE_SIZE
        for line in lines:
            if line == PARAGRAPH:
                y -= NOTE_GAP
                continue
            faces = deck_faces("Calibri")
            italic = line == CONTINUED
            self.painter.text(line, faces.face(False, italic), NOTE_SIZE, x, y,
                              "#6B6B6B" if italic else "#1A1A1A")
            y -= NOTE_LEAD


__all__ = ["slide_handout"]
