"""What every flowable builder of one handout shares: styles, the inliner, the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studyguide.diagnostics import Diagnostic, warning
from studyguide.outline.model import Inlines
from studyguide.render.pdf.fonts import Family
from studyguide.render.pdf.inline import Inliner
from studyguide.render.pdf.styles import Styles

SUBHEADINGS = {"h3": 1, "h4": 2, "h5": 3, "h6": 4}  # style -> levels below its section


@dataclass
class RenderContext:
    """One handout being built. `path` names the outline in messages."""

    styles: Styles
    path: str
    edition: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cache: dict[object, Any] = field(default_factory=dict)  # derived styles, per handout
    key_prefix: str = ""  # makes bookmark keys unique when several outlines share a PDF
    level: int = 0  # bookmark level of the outline's title
    pack: bool = False  # a chapter of a course pack: one answer key at the end, lean openers
    inliner: Inliner = field(init=False)

    def __post_init__(self) -> None:
        primary = self.styles.colors.primary.hexval().replace("0x", "#")
        self.inliner = Inliner(self.styles.fonts, self.warn, link_color=primary)

    @property
    def teacher(self) -> bool:
        return self.edition == "teacher"

    @property
    def answers_inline(self) -> bool:
        """Whether model answers and correct options are shown with their questions."""
        return self.teacher and not self.pack

    def key(self, name: str) -> str:
        """A bookmark key unique within the PDF."""
        return f"{self.key_prefix}{name}"

    def warn(self, line: int | None, message: str) -> None:
        """Record a warning about the outline at `line`."""
        self.diagnostics.append(warning(self.path, line, message))

    def para(self, inlines: Inlines, line: int | None, style: str = "body",
             prefix: str = "") -> Any:
        """A Paragraph of inline spans in a named style; `prefix` is markup put before them."""
        st = self.styles[style]
        family = self._family_of(st.fontName)
        bold, italic = _face_flags(st.fontName)
        return self._paragraph(prefix + self.inliner.markup(inlines, line, family, bold, italic),
                               st)

    def text_para(self, text: str, line: int | None, style: str = "body",
                  prefix: str = "") -> Any:
        """A Paragraph of plain text (a template's output, a term) in a named style."""
        st = self.styles[style]
        bold, italic = _face_flags(st.fontName)
        markup = self.inliner.text(text, line, self._family_of(st.fontName), bold, italic)
        return self._paragraph(prefix + markup, st)

    def _paragraph(self, markup: str, st: Any) -> Any:
        from studyguide.render.pdf import tagging
        from studyguide.render.pdf.paragraphs import paragraph

        para = paragraph(markup, st, (self.styles.frame_width, self.styles.frame_height))
        level = SUBHEADINGS.get(getattr(st, "name", ""))
        if level is not None:  # a heading under the last section heading
            return tagging.tag(para, "H", sub=level)
        return tagging.tag(para, "P")

    def _family_of(self, font_name: str) -> Family:
        fonts = self.styles.fonts
        for family in (fonts.body, fonts.heading):
            if font_name in family.face_names:
                return family
        if fonts.mono_loaded() and font_name in fonts.mono.face_names:
            return fonts.mono
        return fonts.body


def _face_flags(font_name: str) -> tuple[bool, bool]:
    from reportlab.lib.fonts import ps2tt

    _, bold, italic = ps2tt(font_name)
    return bool(bold), bool(italic)
