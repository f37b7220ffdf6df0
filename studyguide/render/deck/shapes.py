"""The slide plan: what goes on each slide, where, in points from the slide's top-left corner.

Plain frozen data with every colour resolved to `#RRGGBB` and every font to a family name plus
the TTF file it was measured with. The planner produces it, emit.py draws it, tests inspect it.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Union

from studyguide.records import record
from studyguide.render.deck import fit
from studyguide.theme.fonts import FontFaces, find_family, shipped_font_dir
from studyguide.theme.model import Theme

SLIDE_HEIGHT = 540.0  # 7.5 in
WIDTHS = {"16:9": 960.0, "4:3": 720.0}  # 13.333 in, 10 in
MARGIN = 36.0
TITLE_TOP = 10.0
TITLE_HEIGHT = 66.0
BODY_TOP = 100.0
FOOTER_HEIGHT = 24.0
FOOTER_GAP = 10.0
INSET = 4.0  # text box inner margin on every side

# The font policy (docs/decks.md, "Fonts"): a deck names only families that Windows and
# Microsoft Office install (theme [slides] body_font, heading_font, mono_font), and every
# text is measured with the open font that has the same advance widths, shipped in
# studyguide/fonts. LibreOffice and Google Slides substitute those same twins for the names,
# so the measured fit holds wherever the deck is opened.
DECK_FONTS = {
    "Calibri": "Carlito",
    "Cambria": "Caladea",
    "Arial": "Liberation Sans",
    "Courier New": "Liberation Mono",
}


@record
class Run:
    text: str
    family: str
    path: str  # the TTF file the run was measured with
    color: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    line: int | None = None  # the outline line the text came from, for warnings


@record
class Para:
    """A paragraph: `indent` is the left margin, `hang` how far the first line sticks out."""

    runs: tuple[Run, ...]
    size: float
    indent: float = 0.0
    hang: float = 0.0
    space_before: float = 0.0
    align: str = "left"  # "left" | "center" | "right"


@record
class TextBox:
    x: float
    y: float
    w: float
    h: float
    paras: tuple[Para, ...]
    role: str = "body"  # "title" | "body" | "footer" | "label" | "number"
    fill: str | None = None
    anchor: str = "top"  # "top" | "middle" | "bottom"
    pad: float = INSET  # the inner margin left and right (top and bottom are INSET)


@record
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    weight: float = 1.0


@record
class Oval:
    x: float
    y: float
    w: float
    h: float
    color: str
    filled: bool = True


@record
class Bar:
    """A rectangle: a title bar, or a date range on a timeline."""

    x: float
    y: float
    w: float
    h: float
    color: str
    filled: bool = True


@record
class Picture:
    path: str
    x: float
    y: float
    w: float
    h: float
    alt: str


@record
class Grid:
    """A native table; row 0 is the header. Each cell is a tuple of runs (one paragraph)."""

    x: float
    y: float
    col_widths: tuple[float, ...]
    row_heights: tuple[float, ...]
    cells: tuple[tuple[tuple[Run, ...], ...], ...]
    size: float
    header_fill: str | None
    header_color: str

    @property
    def w(self) -> float:
        return sum(self.col_widths)

    @property
    def h(self) -> float:
        return sum(self.row_heights)


Shape = Union[TextBox, Line, Oval, Bar, Picture, Grid, "Group"]


@record
class Group:
    """Shapes that read as one figure (a timeline), with alt text for the whole of it."""

    shapes: tuple[Shape, ...]
    alt: str = ""
    name: str = "Group"

    def bounds(self) -> tuple[float, float, float, float]:
        """(x, y, w, h) around every member."""
        boxes = [_bounds(shape) for shape in self.shapes]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        return x0, y0, x1 - x0, y1 - y0


def _bounds(shape: Shape) -> tuple[float, float, float, float]:
    if isinstance(shape, Line):
        return (min(shape.x1, shape.x2), min(shape.y1, shape.y2), max(shape.x1, shape.x2),
                max(shape.y1, shape.y2))
    if isinstance(shape, Group):
        x, y, w, h = shape.bounds()
        return x, y, x + w, y + h
    return shape.x, shape.y, shape.x + shape.w, shape.y + shape.h


def leaves(shapes: tuple[Shape, ...] | list[Shape]) -> list[Shape]:
    """The shapes with every group opened, in drawing order."""
    out: list[Shape] = []
    for shape in shapes:
        out += leaves(shape.shapes) if isinstance(shape, Group) else [shape]
    return out


@record
class SlidePlan:
    """One slide. `layout` names what it is, and so which of the template's layouts it uses
    (emit.LAYOUTS): "title", "section", "content", "two" (two columns of short points), "quote",
    "picture", "table", "timeline"."""

    kind: str  # "title" | "objectives" | "section" | "timeline" | "key_figures" | ...
    title: str
    shapes: tuple[Shape, ...]
    notes: str = ""
    layout: str = "content"


@record
class Page:
    """The slide size and the theme's resolved fonts and colours, shared by every planner."""

    width: float
    theme: Theme
    base: float  # body text size

    @property
    def height(self) -> float:
        return SLIDE_HEIGHT

    @property
    def body_bottom(self) -> float:
        return SLIDE_HEIGHT - FOOTER_HEIGHT - FOOTER_GAP - 6.0

    @property
    def body_width(self) -> float:
        return self.width - 2 * MARGIN

    def color(self, role: str) -> str:
        return getattr(self.theme.colors, role).upper()

    def _faces(self, role: str) -> FontFaces:
        """The faces of a font role ("body", "heading", "mono"), named as the deck names them."""
        return deck_faces(getattr(self.theme.slides, f"{role}_font"))

    def restyled(self, run: Run, *, italic: bool) -> Run:
        """`run` in the italic (or upright) face of its own family."""
        return dataclasses.replace(run, italic=italic,
                                   path=deck_faces(run.family).face(run.bold, italic))

    def run(self, text: str, role: str = "body", *, bold: bool = False, italic: bool = False,
            color: str = "text", href: str | None = None, line: int | None = None) -> Run:
        """A run in the theme's `role` font ("body", "heading", "mono") and colour role;
        `line` is where in the outline the text is, for the missing-glyph warnings."""
        faces = self._faces(role)
        return Run(fit.clean(text), faces.family, faces.face(bold, italic),
                   self.color(color) if not color.startswith("#") else color, bold, italic,
                   fit.clean(href) if href else None, line)


@functools.lru_cache(maxsize=None)
def deck_faces(family: str) -> FontFaces:
    """The faces of a deck font: its name, and the files of its shipped twin."""
    twin = DECK_FONTS.get(family, DECK_FONTS["Calibri"])
    found = find_family(twin, (shipped_font_dir(),))
    if found is None:  # pragma: no cover - the twins ship inside the package
        raise RuntimeError(f"the shipped font {twin} is missing from {shipped_font_dir()}")
    name = family if family in DECK_FONTS else "Calibri"
    return dataclasses.replace(found, family=name)


def para_lines(para: Para, inner_width: float) -> tuple[tuple[fit.Piece, ...], ...]:
    """The wrapped lines of `para` inside a box whose inner width is `inner_width`."""
    return _lines(tuple((run.text, run.path) for run in para.runs), para.size,
                  max(inner_width - para.indent, 8.0))


@functools.lru_cache(maxsize=16384)
def _lines(texts: tuple[tuple[str, str], ...], size: float, limit: float
           ) -> tuple[tuple[fit.Piece, ...], ...]:
    """Wrapped lines, remembered: fitting a slide measures the same paragraph at the same
    width again (a timeline label at each width tried, a body at each size), and a deck
    rendered again in watch's warm workers measures mostly what it measured last time.
    Widths depend only on the font files, which a worker reads once (render/deck/fit.py)."""
    return tuple(tuple(line) for line in fit.wrap_pieces(fit.pieces(list(texts)), size, limit))


def para_height(para: Para, inner_width: float) -> float:
    """The height `para` needs, its space before included."""
    return para.space_before + fit.text_height(len(para_lines(para, inner_width)), para.size)


def box_height(paras: tuple[Para, ...] | list[Para], width: float) -> float:
    """The height of a text box of `width` that holds `paras` without overflowing."""
    inner = width - 2 * INSET
    return sum(para_height(p, inner) for p in paras) + 2 * INSET
