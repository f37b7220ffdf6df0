"""Finding, reading, merging and validating themes.

A theme name is looked up in the project's `themes/` folder first, then among the built-in
themes (the package `studyguide._themes`). `extends` chains are merged child-over-parent; every
problem on the way becomes a diagnostic, and nothing here raises for any input.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from studyguide.boundary import is_inside
from studyguide.diagnostics import Diagnostic, did_you_mean, error, has_errors, warning
from studyguide.records import record
from studyguide.theme.contrast import check_theme_contrast  # re-exported for check and build
from studyguide.theme.files import (
    ThemeFileError,
    check_logo,
    check_pptx,
    font_dir,
    read_theme_toml,
    template_files,
)
from studyguide.theme.model import Colors, Fonts, PdfStyle, SlideStyle, Theme
from studyguide.theme.places import Found as _Found
from studyguide.theme.places import Places as _Places
from studyguide.theme.places import builtin_folder, theme_names, unknown_theme_message
from studyguide.theme.schema import Layer, validate_layer
from studyguide.theme.templates import KNOWN_TEMPLATES

__all__ = ["ThemeInfo", "builtin_folder", "check_theme_contrast", "list_themes", "load_theme",
           "theme_names", "unknown_theme_message"]

DEFAULT_THEME = "classic"
MAX_CHAIN = 16


@record
class ThemeInfo:
    """One line of `studyguide themes`."""

    name: str
    description: str
    origin: str  # "built-in", "project" or "project (overrides built-in)"
    folder: str


def load_theme(name: str, project_root: str | os.PathLike | None
               ) -> tuple[Theme | None, list[Diagnostic]]:
    """Load theme `name` for a project: merged along `extends`, every value checked.

    Returns (None, diagnostics) when any error was found; an empty name means the default
    theme. Never raises.
    """
    name = (name or "").strip() or DEFAULT_THEME
    try:
        places = _Places(project_root)
        return _load(name, places)
    except Exception as exc:  # noqa: BLE001 - a last guard: a theme must never crash a build
        return None, [error(f"themes/{name}", None,
                            f"cannot load theme '{name}': {type(exc).__name__}: {exc}")]


def _load(name: str, places: _Places) -> tuple[Theme | None, list[Diagnostic]]:
    found = places.candidates(name)
    if not found:
        available = ", ".join(places.names())
        return None, [error(f"themes/{name}", None,
                            f"unknown theme '{name}'{did_you_mean(name, places.names())}; "
                            f"available themes: {available}")]
    layers, problems = _read_chain(found[0], places)
    if not layers:
        return None, problems
    # Assembled even after a bad value or a broken chain (defaults stand in), so that one
    # check also reports the theme's missing fonts and files outside its folder.
    theme = _assemble(found[0], layers, places, problems)
    return (None if has_errors(problems) else theme), problems


def _read_chain(first: _Found, places: _Places) -> tuple[list[Layer], list[Diagnostic]]:
    """The layers of `first` and its ancestors, child first."""
    layers: list[Layer] = []
    problems: list[Diagnostic] = []
    chain = [first]
    current = first
    while True:
        layer = _read_layer(current, places, problems)
        if layer is None:
            break
        layers.append(layer)
        parent = str(layer.top.get("extends", "")).strip()
        if not parent:
            break
        line = layer.line_of("extends")
        options = places.candidates(parent)
        fresh = [f for f in options if f.folder not in {c.folder for c in chain}]
        if not options:
            problems.append(error(layer.shown, line, f"extends: unknown theme '{parent}'"
                                  f"{did_you_mean(parent, places.names())}"))
            break
        if not fresh:
            names = " -> ".join([c.name for c in chain] + [parent])
            problems.append(error(layer.shown, line, f"extends cycle: {names}"))
            break
        if len(chain) >= MAX_CHAIN:
            problems.append(error(layer.shown, line,
                                  f"extends: more than {MAX_CHAIN} themes in a chain"))
            break
        current = fresh[0]
        chain.append(current)
    return layers, problems


def _read_layer(found: _Found, places: _Places, problems: list[Diagnostic]) -> Layer | None:
    shown = places.shown(found.folder / "theme.toml")
    try:
        if found.origin == "project":
            _check_inside_project(found.folder, places)
        data, text = read_theme_toml(found.folder)
    except ThemeFileError as exc:
        problems.append(error(shown, exc.line, exc.message))
        return None
    layer = Layer(shown, str(found.folder), text)
    problems.extend(validate_layer(data, layer))
    slides = layer.tables.setdefault("slides", {})
    if "template" not in slides and (found.folder / "template.pptx").exists():
        slides["template"] = "template.pptx"  # a template.pptx beside theme.toml is used as is
    return layer


def _check_inside_project(folder: Path, places: _Places) -> None:
    """A project's theme folder must really be in the project, not a link to a folder elsewhere.

    A course folder copied from someone else could otherwise make a handout embed any PNG or
    font the link points at (docs/security.md).
    """
    if places.root is None:
        return
    try:
        target = folder.resolve()
    except (OSError, RuntimeError) as exc:
        raise ThemeFileError(f"cannot follow the theme folder ({exc})") from exc
    if not is_inside(target, places.root):
        raise ThemeFileError(f"the theme folder links to {target}, outside the project; copy "
                             "the theme into the project's themes/ folder instead")


def _merge(layers: list[Layer]) -> tuple[dict[str, dict[str, Any]], dict[str, Layer]]:
    """Table values child-over-parent, and which layer each `table.key` came from."""
    merged: dict[str, dict[str, Any]] = {}
    source: dict[str, Layer] = {}
    for layer in reversed(layers):
        for table, values in layer.tables.items():
            merged.setdefault(table, {}).update(values)
            for key in values:
                source[f"{table}.{key}"] = layer
    return merged, source


def _assemble(first: _Found, layers: list[Layer], places: _Places,
              problems: list[Diagnostic]) -> Theme:
    merged, source = _merge(layers)
    folders = tuple(Path(layer.folder) for layer in layers)
    child = layers[0]
    theme = Theme(
        name=first.name,
        description=str(child.top.get("description", "")),
        origin=first.origin,
        folder=str(first.folder),
        chain=tuple(str(f) for f in folders),
        colors=Colors(**merged.get("colors", {})),
        fonts=Fonts(**merged.get("fonts", {})),
        pdf=PdfStyle(**merged.get("pdf", {})),
        slides=SlideStyle(**{k: v for k, v in merged.get("slides", {}).items()
                             if k != "template"}),
        project_root=str(places.root) if places.root is not None else "",
    )
    font_dirs = _font_dirs(layers, problems)
    return replace(
        theme,
        font_dirs=font_dirs,
        logo=_logo(layers, problems),
        templates=_templates(layers, problems),
        slides=replace(theme.slides, template=_slide_template(merged, source, places, problems)),
        fonts=_check_fonts(theme.fonts, font_dirs, source, child, places, problems),
    )


def _file_problem(layer: Layer, exc: ThemeFileError, problems: list[Diagnostic]) -> None:
    """A problem with a file beside theme.toml is reported against the theme.toml."""
    problems.append(error(layer.shown, None, exc.message))


def _font_dirs(layers: list[Layer], problems: list[Diagnostic]) -> tuple[str, ...]:
    found = []
    for layer in layers:
        try:
            folder = font_dir(Path(layer.folder))
        except ThemeFileError as exc:
            _file_problem(layer, exc, problems)
            continue
        if folder is not None:
            found.append(str(folder))
    return tuple(found)


def _logo(layers: list[Layer], problems: list[Diagnostic]) -> str | None:
    """The nearest logo.png along the chain; a broken one is an error, never skipped."""
    for layer in layers:
        path = Path(layer.folder) / "logo.png"
        if path.exists() or path.is_symlink():
            try:
                return str(check_logo(Path(layer.folder)))
            except ThemeFileError as exc:
                _file_problem(layer, exc, problems)
                return None
    return None


def _templates(layers: list[Layer], problems: list[Diagnostic]) -> tuple[tuple[str, str], ...]:
    chosen: dict[str, str] = {}
    for layer in layers:
        try:
            files = template_files(Path(layer.folder))
        except ThemeFileError as exc:
            _file_problem(layer, exc, problems)
            continue
        for name, path in files:
            hint = did_you_mean(name, KNOWN_TEMPLATES)
            if name not in KNOWN_TEMPLATES and hint and layer is layers[0]:
                problems.append(warning(layer.shown, None, f"templates/{name} is not a "
                                        f"template studyguide uses{hint}"))
            chosen.setdefault(name, str(path))
    return tuple(sorted(chosen.items()))


def _slide_template(merged: dict[str, dict[str, Any]], source: dict[str, Layer],
                    places: _Places, problems: list[Diagnostic]) -> str | None:
    value = str(merged.get("slides", {}).get("template", "")).strip()
    if not value:
        return None
    layer = source["slides.template"]
    try:
        return str(check_pptx(Path(layer.folder), value))
    except ThemeFileError as exc:
        if exc.path is not None:
            problems.append(error(places.shown(exc.path), exc.line, exc.message))
        else:
            problems.append(error(layer.shown, layer.line_of("slides.template"), exc.message))
        return None


def _check_fonts(fonts: Fonts, font_dirs: tuple[str, ...], source: dict[str, Layer],
                 child: Layer, places: _Places, problems: list[Diagnostic]) -> Fonts:
    from studyguide.theme import fonts as font_lookup

    checked: set[str] = set()
    for role in ("body", "heading", "mono"):
        family = getattr(fonts, role)
        faces = font_lookup.find_family(family, font_dirs)
        if faces is not None:
            _check_font_files(faces, font_dirs, places, checked, problems)
            continue
        layer = source.get(f"fonts.{role}", child)
        names = _font_names(font_dirs)
        key = "".join(family.split()).lower()
        hint = did_you_mean(key, names)
        for shown_name, k in names.items():
            hint = hint.replace(f"'{k}'", f"'{shown_name}'") if k != shown_name else hint
        looked = ", ".join(places.shown(Path(d)) for d in font_lookup.search_dirs(font_dirs))
        problems.append(error(layer.shown, layer.line_of(f"fonts.{role}"),
                              f"fonts.{role}: font '{family}' not found{hint}; "
                              f"looked in {looked or 'no font folders'}"))
    return fonts


def _check_font_files(faces: Any, font_dirs: tuple[str, ...], places: _Places,
                      checked: set[str], problems: list[Diagnostic]) -> None:
    """Each face a theme ships (in its fonts/ folders) is opened as reportlab will embed it.

    A garbage file, an empty one or an OTF renamed .ttf is reported at the file itself, by
    `check`, instead of failing the PDF renderer halfway through a build.
    """
    from studyguide.theme.truetype import FontError, check_embeddable

    for face in (faces.regular, faces.bold, faces.italic, faces.bolditalic):
        shipped = any(Path(face).is_relative_to(Path(d).resolve()) for d in font_dirs)
        if face in checked or not shipped:
            continue
        checked.add(face)
        try:
            check_embeddable(face)
        except FontError as exc:
            problems.append(error(places.shown(Path(face)), 1, exc.reason))


def _font_names(font_dirs: tuple[str, ...]) -> dict[str, str]:
    """Display name -> lookup key for the families found, for did-you-mean hints."""
    from studyguide.theme import fonts as font_lookup

    keys = font_lookup.available_families(font_dirs)
    shown = {k: k for k in keys}
    for folder in font_lookup.search_dirs(font_dirs):
        try:
            for entry in Path(folder).iterdir():
                key = "".join(entry.name.split()).lower()
                if entry.is_dir() and key in shown:
                    shown[key] = entry.name
        except OSError:
            continue
    return {display: key for key, display in shown.items()}


def list_themes(project_root: str | os.PathLike | None) -> list[ThemeInfo]:
    """Every theme a project can use, sorted by name; project themes override built-ins."""
    places = _Places(project_root)
    infos = []
    for name in places.names():
        found = places.candidates(name)[0]
        origin = found.origin
        if origin == "project" and name in places.builtin:
            origin = "project (overrides built-in)"
        infos.append(ThemeInfo(name, _describe(found, places), origin, str(found.folder)))
    return infos


def _describe(found: _Found, places: _Places) -> str:
    try:
        data, _ = read_theme_toml(found.folder)
    except ThemeFileError:
        return "(theme.toml has problems; run `studyguide check --theme " + found.name + "`)"
    description = data.get("description")
    if isinstance(description, str) and description.strip():
        return " ".join(description.split())  # one line, whatever the file holds
    parent = data.get("extends")
    return f"(extends {parent})" if isinstance(parent, str) and parent.strip() else ""
