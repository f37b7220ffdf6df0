"""The slide plan: what goes on each slide, where, in points from the slide's top-left corner.

Plain frozen data with every colour resolved to `#RRGGBB` and every font to a family name plus
the TTF file it was measured with. The planner produces it, emit.py draws it, tests inspect it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from studyguide.render.common.fonts import code_faces
from studyguide.render.deck import fit
from studyguide.theme.fonts import FontFaces
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


@dataclass(frozen=True)
class Run:
    text: str
    family: str
    path: str  # the TTF file the run was measured with
    color: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    line: int | None = None  # the outline line the text came from, for warnings


@dataclass(frozen=True)
class Para:
    """A paragraph: `indent` is the left margin, `hang` how far the first line sticks out."""

    runs: tuple[Run, ...]
    size: float
    indent: float = 0.0
    hang: float = 0.0
    space_before: float = 0.0
    align: str = "left"  # "left" | "center" | "right"


@dataclass(frozen=True)
class TextBox:
    x: float
    y: float
    w: float
    h: float
    paras: tuple[Para, ...]
    role: str = "body"  # "title" | "body" | "footer" | "label" | "number"
    fill: str | None = None
    anchor: str = "top"  # "top" | "middle" | "bottom"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    weight: float = 1.0


@dataclass(frozen=True)
class Oval:
    x: float
    y: float
    w: float
    h: float
    color: str
    filled: bool = True


@dataclass(frozen=True)
class Bar:
    """A rectangle: a title bar, or a date range on a timeline."""

    x: float
    y: float
    w: float
    h: float
    color: str
    filled: bool = True


@dataclass(frozen=True)
class Picture:
    path: str
    x: float
    y: float
    w: float
    h: float
    alt: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class SlidePlan:
    """One slide: `layout` is "title" for the title slide, "content" for every other."""

    kind: str  # "title" | "objectives" | "section" | "timeline" | "key_figures" | ...
    title: str
    shapes: tuple[Shape, ...]
    notes: str = ""
    layout: str = "content"


@dataclass(frozen=True)
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
        """The faces of a font role; code is set as in the handout (render/common/fonts.py)."""
        if role == "mono":
            found = code_faces(self.theme.fonts.mono, self.theme.font_dirs)
            if found is not None:
                return found[0]
            role = "body"
        return fit.faces(getattr(self.theme.fonts, role), self.theme.font_dirs)

    def run(self, text: str, role: str = "body", *, bold: bool = False, italic: bool = False,
            color: str = "text", href: str | None = None, line: int | None = None) -> Run:
        """A run in the theme's `role` font ("body", "heading", "mono") and colour role;
        `line` is where in the outline the text is, for the missing-glyph warnings."""
        faces = self._faces(role)
        return Run(fit.clean(text), faces.family, faces.face(bold, italic),
                   self.color(color) if not color.startswith("#") else color, bold, italic,
                   fit.clean(href) if href else None, line)


def para_lines(para: Para, inner_width: float) -> list[list[fit.Piece]]:
    """The wrapped lines of `para` inside a box whose inner width is `inner_width`."""
    items = fit.pieces([(run.text, run.path) for run in para.runs])
    return fit.wrap_pieces(items, para.size, max(inner_width - para.indent, 8.0))


def para_height(para: Para, inner_width: float) -> float:
    """The height `para` needs, its space before included."""
    return para.space_before + fit.text_height(len(para_lines(para, inner_width)), para.size)


def box_height(paras: tuple[Para, ...] | list[Para], width: float) -> float:
    """The height of a text box of `width` that holds `paras` without overflowing."""
    inner = width - 2 * INSET
    return sum(para_height(p, inner) for p in paras) + 2 * INSET
