"""A theme as plain, frozen data. Produced by the loader, consumed by the renderers."""

from __future__ import annotations

from dataclasses import field

from studyguide.records import record


@record
class Colors:
    """Colours as `#RRGGBB` strings."""

    primary: str = "#7A1F1F"
    accent: str = "#C9A227"
    text: str = "#1A1A1A"
    background: str = "#FFFFFF"
    muted: str = "#6B6B6B"


@record
class Fonts:
    """Font family names, resolved by studyguide.theme.fonts (theme fonts/ folder first)."""

    body: str = "Gentium Book Plus"
    heading: str = "Source Sans 3"
    mono: str = "Noto Sans"  # used for code spans and literal blocks


@record
class PdfStyle:
    paper: str = "A4"  # "A4" or "letter"
    margin_mm: float = 18.0
    base_size_pt: float = 10.5
    line_spacing: float = 1.35  # leading as a multiple of the font size
    filled: bool = True  # tinted table headers, zebra rows, shaded boxes; False for ink-saver
    rule_width_pt: float = 0.75
    measure: float = 66.0  # characters per body line the text block is set to


@record
class SlideStyle:
    aspect: str = "16:9"  # or "4:3"
    template: str | None = None  # absolute path to a .pptx whose layouts the deck uses
    base_size_pt: float = 20.0  # body text size on slides
    filled: bool = True
    # The deck names fonts a school PC has: Windows and Office (render/deck/shapes.py).
    body_font: str = "Calibri"
    heading_font: str = "Calibri"
    mono_font: str = "Courier New"


@record
class Theme:
    """A fully resolved theme (the `extends` chain already merged)."""

    name: str = "classic"
    description: str = ""
    origin: str = "built-in"  # "built-in" or "project"
    folder: str = ""  # absolute path of the theme folder (empty for the fallback default)
    chain: tuple[str, ...] = ()  # folders of this theme and its ancestors, child first
    colors: Colors = field(default_factory=Colors)
    fonts: Fonts = field(default_factory=Fonts)
    pdf: PdfStyle = field(default_factory=PdfStyle)
    slides: SlideStyle = field(default_factory=SlideStyle)
    logo: str | None = None  # absolute path of logo.png, if any theme in the chain has one
    templates: tuple[tuple[str, str], ...] = ()  # (template name, absolute path), child wins
    font_dirs: tuple[str, ...] = ()  # fonts/ folders along the chain, child first
    project_root: str = ""  # the project the theme was loaded for; messages show paths from it
