"""Paragraph styles, colours and page geometry, all derived from the theme.

Every size is a multiple of the theme's base size, so a large-print theme scales the whole
hierarchy; every colour comes from the theme's palette (tints are mixed from it, never invented).
"""

from __future__ import annotations

from typing import Any

from studyguide.records import record
from studyguide.render import RenderSettings
from studyguide.render.pdf.fonts import FontSet
from studyguide.theme.model import Theme

MM = 72 / 25.4
PAPERS = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}


@record
class Palette:
    primary: Any
    accent: Any
    text: Any
    muted: Any
    background: Any
    tint: Any  # a pale wash of the primary colour, for header rows and boxes
    zebra: Any  # an even paler wash, for alternate table rows
    rule: Any  # hairlines between rows


@record
class Styles:
    """Everything the flowable builders need to know about the look of the page."""

    page: tuple[float, float]
    margin: float
    frame_width: float  # the text block: as wide as the theme's measure of body text
    wide_width: float  # between the margins: tables reach out to it (render/pdf/wide.py)
    frame_height: float
    base: float
    leading: float
    rule_width: float
    filled: bool
    colors: Palette
    fonts: FontSet
    para: dict[str, Any]  # name -> ParagraphStyle

    def __getitem__(self, name: str) -> Any:
        return self.para[name]

    def code(self) -> Any:
        """The style of code blocks, made (and the code font registered) on first use."""
        if "code" not in self.para:
            from reportlab.lib.styles import ParagraphStyle

            size = self.base * 0.82
            self.para["code"] = ParagraphStyle("code", parent=self.para["body"],
                                               fontName=self.fonts.mono.name, fontSize=size,
                                               leading=size * 1.35, spaceAfter=0,
                                               splitLongWords=1)
        return self.para["code"]


def paper_size(theme: Theme, settings: RenderSettings) -> tuple[float, float]:
    """The page size in points: the build's --paper wins over the theme; unknown means A4."""
    wanted = (settings.paper or theme.pdf.paper or "A4").strip().lower()
    return PAPERS.get(wanted, PAPERS["a4"])


def _mix(hex_color: str, amount: float, fallback: str) -> Any:
    """`hex_color` washed towards white: amount 1.0 is the colour, 0.0 is white."""
    from reportlab.lib import colors

    color = _color(hex_color, fallback)
    return colors.Color(*(1 - amount * (1 - c) for c in (color.red, color.green, color.blue)))


def _color(hex_color: str, fallback: str) -> Any:
    from reportlab.lib import colors

    try:
        return colors.HexColor(hex_color)
    except (ValueError, TypeError):
        return colors.HexColor(fallback)


def _palette(theme: Theme) -> Palette:
    c = theme.colors
    return Palette(
        primary=_color(c.primary, "#7A1F1F"), accent=_color(c.accent, "#C9A227"),
        text=_color(c.text, "#1A1A1A"), muted=_color(c.muted, "#6B6B6B"),
        background=_color(c.background, "#FFFFFF"), tint=_mix(c.primary, 0.10, "#7A1F1F"),
        zebra=_mix(c.primary, 0.045, "#7A1F1F"), rule=_mix(c.muted, 0.45, "#6B6B6B"))


def build_styles(theme: Theme, settings: RenderSettings, fonts: FontSet) -> Styles:
    """The styles of one handout.

    The theme's numbers are used as they are: the loader checked them against the one range
    table (studyguide.theme.schema.RANGES), so a value that loaded is the value drawn.
    """
    page = paper_size(theme, settings)
    margin = float(theme.pdf.margin_mm) * MM
    base = float(theme.pdf.base_size_pt)
    spacing = float(theme.pdf.line_spacing)
    palette = _palette(theme)
    wide = page[0] - 2 * margin
    return Styles(
        page=page, margin=margin, wide_width=wide,
        frame_width=min(wide, text_width(fonts.body.name, base, float(theme.pdf.measure))),
        frame_height=page[1] - 2 * margin - _furniture_room(base), base=base,
        leading=base * spacing, rule_width=float(theme.pdf.rule_width_pt),
        filled=bool(theme.pdf.filled), colors=palette, fonts=fonts,
        para=_paragraph_styles(base, spacing, palette, fonts))


# Running text as a handout has it, to find the body face's average character width: the
# measure is a count of characters, the frame a width in points.
_SAMPLE = ("In the spring of 1922 Lenin proposed Stalin for the new post of General Secretary, "
           "which gave him control of appointments, the party's files and the agenda of the "
           "Politburo; few of his rivals saw how much power it held.")


# A full line ends on average part of a word short of the block: set to hold `measure`
# characters exactly, its lines would average about 8 % fewer.
_WRAP_LOSS = 0.92


def text_width(font: str, size: float, measure: float) -> float:
    """The width in points whose full lines of running text in `font` average `measure`
    characters."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(_SAMPLE, font, size) / len(_SAMPLE) * measure / _WRAP_LOSS


def _furniture_room(base: float) -> float:
    """Height kept free above and below the frame for the running header and footer."""
    return 2 * (base * 0.8 * 1.3 + 10)


def _paragraph_styles(base: float, spacing: float, c: Palette, fonts: FontSet) -> dict[str, Any]:
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    body_font, head_font = fonts.body.name, fonts.heading.name
    body = ParagraphStyle(
        "body", fontName=body_font, fontSize=base, leading=base * spacing, textColor=c.text,
        alignment=TA_LEFT, spaceAfter=base * 0.55, splitLongWords=1, allowWidows=0,
        allowOrphans=0, linkUnderline=0, uriWasteReduce=0)

    def derive(name: str, **kw: Any) -> Any:
        return ParagraphStyle(name, parent=body, **kw)

    def heading(name: str, scale: float, before: float, after: float, **kw: Any) -> Any:
        size = base * scale
        kw.setdefault("leading", size * 1.2)
        return derive(name, fontName=fonts.heading.face(bold=True), fontSize=size,
                      spaceBefore=base * before, spaceAfter=base * after,
                      textColor=kw.pop("textColor", c.primary), keepWithNext=1, **kw)

    small = base * 0.86
    return {
        "body": body,
        "title": heading("title", 2.3, 0, 0.35, leading=base * 2.3 * 1.12),
        "title_line": derive("title_line", fontName=head_font, fontSize=base * 1.05,
                             leading=base * 1.45, textColor=c.muted, spaceAfter=0),
        "subtitle": derive("subtitle", fontName=fonts.heading.face(), fontSize=base * 1.3,
                           leading=base * 1.7, textColor=c.text, spaceAfter=base * 0.2),
        "h2": heading("h2", 1.5, 1.6, 0.55),
        "h3": heading("h3", 1.18, 1.1, 0.35),
        "h4": heading("h4", 1.02, 0.9, 0.25),
        "h5": heading("h5", 1.0, 0.8, 0.2, textColor=c.text),
        "h6": heading("h6", 0.95, 0.7, 0.2, textColor=c.muted),
        "list": derive("list", spaceAfter=base * 0.2),
        "quote": derive("quote", fontName=fonts.body.face(italic=True), textColor=c.text),
        "caption": derive("caption", fontSize=small, leading=small * 1.3, textColor=c.muted,
                          fontName=fonts.body.face(italic=True), spaceBefore=3, alignment=1),
        "cell": derive("cell", fontSize=small, leading=small * 1.3, spaceAfter=0),
        "cell_head": derive("cell_head", fontName=fonts.heading.face(bold=True),
                            fontSize=small, leading=small * 1.3, spaceAfter=0,
                            textColor=c.primary),
        "label": derive("label", fontName=fonts.heading.face(bold=True), fontSize=small,
                        leading=small * 1.3, textColor=c.primary, spaceAfter=2),
        "timeline": derive("timeline", fontSize=small, leading=small * 1.25, spaceAfter=0),
        "axis": derive("axis", fontName=head_font, fontSize=base * 0.72, leading=base * 0.8,
                       textColor=c.muted, spaceAfter=0),
        "question": derive("question", spaceBefore=base * 0.5, spaceAfter=base * 0.35,
                           leftIndent=base * 1.9, bulletIndent=0, bulletFontSize=base,
                           bulletFontName=fonts.heading.face(bold=True), keepWithNext=1),
        "option": derive("option", spaceAfter=0),
        "source": derive("source", fontSize=small, leading=small * 1.35, leftIndent=base * 1.9,
                         bulletIndent=0, bulletFontSize=small, bulletFontName=body_font,
                         spaceAfter=base * 0.3),
        "furniture": derive("furniture", fontName=head_font, fontSize=base * 0.8,
                            leading=base * 0.8 * 1.3, textColor=c.muted, spaceAfter=0),
    }
