"""Import files into the project: read, organise, write (never over an outline unless
`force`), read back with the parser, and report."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from studyguide.boundary import folder_problem, is_inside
from studyguide.diagnostics import Diagnostic, error, printable
from studyguide.importer.archive import archive_problem
from studyguide.importer.organise import Move, organise
from studyguide.importer.source import Source
from studyguide.outline.parser import MAX_OUTLINE_BYTES, parse_outline
from studyguide.project.starter import slugify

KINDS = (".md", ".markdown", ".qmd", ".rmd", ".docx", ".pptx")


@dataclass
class Report:
    """What an import did: outlines written, lines mapped, and problems (as diagnostics)."""

    written: list[str] = field(default_factory=list)
    mapped: list[str] = field(default_factory=list)  # `path:line: mapped: ...`
    problems: list[Diagnostic] = field(default_factory=list)


def import_files(paths: list[str], root: str, into: str, force: bool = False,
                 display=os.path.relpath) -> Report:
    """Import each file in `paths` into the folder `into` of the project at `root`."""
    report = Report()
    folder = Path(root, into) if not os.path.isabs(into) else Path(into)
    problem = folder_problem(folder, root)
    if problem:
        report.problems.append(error(printable(into), None, f"--into {problem}"))
        return report
    for path in paths:
        shown = printable(path)
        source, problem = _read(path)
        if source is None:
            report.problems.append(error(shown, 1, problem))
            continue
        _import_one(path, source, folder, root, force, report, display)
    return report


def _read(path: str) -> tuple[Source | None, str]:
    """The file as a Source, or None and why it cannot be imported."""
    kind = os.path.splitext(path)[1].lower()
    if kind not in KINDS:
        return None, (f"cannot import '{kind or 'a file without an extension'}' files (import "
                      ".docx, .pptx or Markdown: .md, .qmd, .rmd)")
    limit = MAX_OUTLINE_BYTES if kind not in (".docx", ".pptx") else 50 * 1024 * 1024
    try:
        if not os.path.isfile(path):
            return None, "is not a file" if os.path.exists(path) else "no such file"
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return None, f"cannot read the file: {exc.strerror or exc}"
    if len(data) > limit:
        return None, f"the file is larger than {limit // (1024 * 1024)} MB"
    if kind in (".docx", ".pptx"):
        return _office(kind, data, _slug(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, f"not valid UTF-8 at line {line} (save the file as UTF-8 and import again)"
    from studyguide.importer.markdown import read_markdown

    return read_markdown(text), ""


def _office(kind: str, data: bytes, slug: str) -> tuple[Source | None, str]:
    problem = archive_problem(data)
    if problem:
        return None, problem
    try:
        if kind == ".docx":
            from studyguide.importer.docx import read_docx

            return read_docx(data), ""
        from studyguide.importer.pptx import read_pptx

        return read_pptx(data, f"{slug}-images/"), ""
    except Exception as exc:  # noqa: BLE001 - a damaged file from anyone: one message
        what = "Word" if kind == ".docx" else "PowerPoint"
        return None, f"cannot read this {what} file ({type(exc).__name__}: " \
                     f"{printable(str(exc))[:120]})"


def _slug(path: str) -> str:
    return slugify(os.path.splitext(os.path.basename(path))[0])


def _import_one(path: str, source: Source, folder: Path, root: str, force: bool,
                report: Report, display) -> None:
    shown = printable(path)
    slug = _slug(path)
    target = folder / f"{slug}.md"
    images = folder / f"{slug}-images"
    if os.path.splitext(path)[1].lower() not in (".docx", ".pptx"):
        from studyguide.importer.images import gather_images

        source.text, source.images, remarks = gather_images(
            source.text, os.path.dirname(os.path.abspath(path)), f"{slug}-images")
        source.remarks.extend(remarks)
    if not force and (os.path.lexists(target) or (source.images and os.path.lexists(images))):
        existing = target if os.path.lexists(target) else images
        report.problems.append(error(shown, 1, f"{display(existing)} already exists (import "
                                               "with --force to replace it)"))
        return
    text, moves = organise(source, slug)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if source.images:
            _write_images(images, source.images, root)
        _write(target, text.encode("utf-8"), root)
    except (OSError, ValueError) as exc:
        report.problems.append(error(shown, 1, f"cannot write {display(target)}: "
                                               f"{getattr(exc, 'strerror', None) or exc}"))
        return
    written = display(target)
    report.written.append(written)
    lines = text.split("\n")
    for move in moves:
        report.mapped.append(f"{written}:{_line_of(lines, move)}: mapped: {move.message}")
    for remark in source.remarks:
        report.mapped.append(f"{written}:1: note: {printable(remark)}")
    _, diagnostics = parse_outline(target, root, display_path=written)
    report.problems.extend(diagnostics)


def _line_of(lines: list[str], move: Move) -> int:
    return next((i for i, line in enumerate(lines, start=1) if line.startswith(move.anchor)), 1)


def _write(path: Path, data: bytes, root: str) -> None:
    """Write through a temporary file renamed into place, only inside the project, never
    through a link."""
    if os.path.islink(path) or not is_inside(path.parent, root):
        raise ValueError("the path leads outside the project")
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _write_images(folder: Path, images: list[tuple[str, bytes]], root: str) -> None:
    if os.path.islink(folder) or not is_inside(folder.parent, root):
        raise ValueError("the image folder leads outside the project")
    folder.mkdir(exist_ok=True)
    for name, blob in images:
        file_name = os.path.basename(name)  # names are ours: `slide-3-2.png`
        _write(folder / file_name, blob, root)
