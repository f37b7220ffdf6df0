"""Reading and validating a whole project: outlines, themes and cross-outline consistency.

`check` stops here; `build` continues from the result, so each outline is parsed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studyguide.consistency import check_consistency
from studyguide.diagnostics import Diagnostic, has_errors, sort_key
from studyguide.discovery import OutlineFile, discover
from studyguide.outline.model import Outline
from studyguide.project import Project
from studyguide.theme.model import Theme


@dataclass
class Checked:
    """Everything read from a project, and every problem found on the way."""

    files: list[OutlineFile] = field(default_factory=list)
    outlines: dict[str, Outline] = field(default_factory=dict)  # slug -> outline
    themes: dict[str, Theme | None] = field(default_factory=dict)  # name -> theme (None: broken)
    theme_of: dict[str, str] = field(default_factory=dict)  # slug -> theme name
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # slugs that must not be built

    def sorted_diagnostics(self) -> list[Diagnostic]:
        return sorted(dict.fromkeys(self.diagnostics), key=sort_key)

    def for_outline(self, f: OutlineFile) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.path == f.shown]


def check_project(project: Project, names: tuple[str, ...] = (),
                  theme_override: str | None = None) -> Checked:
    """Parse every outline (or those named), load their themes, and cross-check them."""
    from studyguide.outline.parser import parse_outline

    checked = Checked()
    checked.files, diags = discover(project, names)
    checked.diagnostics.extend(diags)
    for f in checked.files:
        outline, found = parse_outline(f.path, project.root, display_path=f.shown)
        checked.diagnostics.extend(found)
        if outline is None or has_errors(found):
            checked.failed.add(f.slug)
        if outline is not None:
            checked.outlines[f.slug] = outline
            name = theme_override or outline.meta.theme or project.build.theme
            checked.theme_of[f.slug] = name
            if not _theme(checked, project, name):
                checked.failed.add(f.slug)
    if not checked.files:
        _theme(checked, project, theme_override or project.build.theme)
    pairs = [(f.shown, checked.outlines[f.slug]) for f in checked.files
             if f.slug in checked.outlines]
    checked.diagnostics.extend(check_consistency(pairs))
    return checked


def _theme(checked: Checked, project: Project, name: str) -> bool:
    """Load theme `name` once; True when it loaded without errors."""
    if name not in checked.themes:
        from studyguide.theme.loader import check_theme_contrast, load_theme
        from studyguide.theme.templates import check_templates

        theme, diags = load_theme(name, project.root)
        if theme is not None and not has_errors(diags):
            diags = diags + check_theme_contrast(theme) + check_templates(theme)
        if has_errors(diags):
            theme = None
        checked.themes[name] = theme
        checked.diagnostics.extend(diags)
    return checked.themes[name] is not None
