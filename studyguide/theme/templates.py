"""Theme templates: short Jinja texts for headers, footers, title blocks and covers.

Templates produce plain text (the renderers escape it). They run in the sandbox of
`studyguide.theme.sandbox`, can only include other templates of the same theme chain, and see
only plain data: see `template_context`. Anything a template gets wrong becomes a
`TemplateProblem` naming the template file and line.

jinja2 is imported only when a template is compiled or rendered, never when this module is
imported, so `--help` and the CLI's start-up never pay for it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Mapping

from studyguide.diagnostics import Diagnostic, error
from studyguide.outline.validate import MAX_META_CHARS
from studyguide.theme.files import MAX_TEMPLATE_BYTES, ThemeFileError, read_text
from studyguide.theme.model import Theme

MAX_OUTPUT = 10_000
MAX_GIVEN = MAX_META_CHARS  # characters of one value a template is given (a title, a school)

# Used when no theme in the chain has the template. Each renders the whole text of its place:
# footer.j2 includes the page number, cover/title_block/title_slide give one line per item.
DEFAULTS: dict[str, str] = {
    "header.j2": (
        '{% set title = course.title or outline.title %}\n'
        '{{ [title, "Teacher edition" if edition == "teacher" else ""] | select | join(" · ") }}\n'
    ),
    "footer.j2": (
        '{% set where = [outline.title, course.title] | select | join(" · ") %}\n'
        '{{ where }}{% if where and pages %} · {% endif %}'
        "{% if pages %}Page {{ page }} of {{ pages }}{% endif %}\n"
    ),
    "title_block.j2": (
        "{{ outline.subtitle }}\n"
        '{{ [outline.period, outline.audience] | select | join(" · ") }}\n'
        '{{ [course.title, course.school, course.teacher] | select | join(" · ") }}\n'
        '{% if edition == "teacher" %}Teacher edition\n{% endif %}'
    ),
    "slide_footer.j2": '{{ [outline.title, course.school] | select | join(" · ") }}\n',
    "title_slide.j2": (
        "{{ outline.subtitle }}\n"
        '{{ [outline.period, outline.audience] | select | join(" · ") }}\n'
        '{{ [course.school, course.teacher] | select | join(" · ") }}\n'
    ),
    "cover.j2": (
        '{{ course.title or "Course pack" }}\n'
        "{{ course.school }}\n"
        "{{ course.teacher }}\n"
        "{{ course.year or date }}\n"
        '{% if edition == "teacher" %}Teacher edition\n{% endif %}'
    ),
}
KNOWN_TEMPLATES = tuple(DEFAULTS)

class TemplateProblem(Exception):
    """A theme template that cannot be compiled or rendered."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def diagnostic(self) -> Diagnostic:
        return error(self.path, self.line, self.message)


def template_context(outline: Any, settings: Any, edition: str, page: int = 0,
                     pages: int = 0) -> dict[str, Any]:
    """The variables templates see; only plain dicts, strings and ints.

    `outline` may be None (the course-pack cover): every outline field is then "".
    """
    course = getattr(settings, "course", None)
    meta = getattr(outline, "meta", None)
    return GivenContext({
        "course": {key: _text(getattr(course, key, "")) for key in ("title", "school",
                                                                     "teacher", "year")},
        "outline": {
            "title": _text(getattr(meta, "title", "")),
            "subtitle": _text(getattr(meta, "subtitle", "")),
            "period": _text(getattr(meta, "period", "")),
            "audience": _text(getattr(meta, "audience", "")),
            "slug": _text(getattr(outline, "slug", "")),
        },
        "edition": _text(edition),
        "page": int(page),
        "pages": int(pages),
        "date": _text(getattr(settings, "date", "")),
    }, outline_path=_text(getattr(outline, "path", "")))


class GivenContext(dict):
    """The variables of one render, and where the outline's values were set (its file)."""

    def __init__(self, values: dict[str, Any], outline_path: str = "") -> None:
        super().__init__(values)
        self.outline_path = outline_path


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def render_template(theme: Theme, name: str, context: Mapping[str, object]) -> str:
    """The text of template `name` for `context`, stripped of surrounding blank space.

    Uses the nearest theme in the chain that has `name`, else the built-in default.
    Raises TemplateProblem for anything the template gets wrong.
    """
    return Templates(theme).render(name, context)


class Templates:
    """The templates of one theme for one render that uses them many times (a header and a
    footer on every page): the chain's files are found, checked and read at the first render,
    not again for every page (a template cannot change halfway through a PDF)."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self._env: Any = None
        self._shown: dict[str, str] = {}
        self._ours: set[str] = set()

    def render(self, name: str, context: Mapping[str, object]) -> str:
        """As render_template: the text of `name` for `context` (TemplateProblem raised)."""
        _check_given(self.theme, context)
        if self._env is None:
            sources = _sources(self.theme)
            self._shown = {entry[0]: entry[1] for entry in sources}
            self._ours = set(self._shown.values())
            self._env = _environment(sources)
        return _render(self._env, name, self._shown.get(name, name), self._ours, dict(context))

    def lines(self, name: str, context: Mapping[str, object]) -> list[str]:
        """As render_lines: the non-blank lines of `name`, each stripped."""
        return _lines(self.render(name, context))


def _check_given(theme: Theme, context: Mapping[str, object]) -> None:
    """A value too long for any header, footer or cover is blamed where it was set, not on
    the template that would choke on it: `studyguide.toml:2` for `course.title`."""
    for group, values in context.items():
        for key, value in (values.items() if isinstance(values, dict) else [("", values)]):
            if isinstance(value, str) and len(value) > MAX_GIVEN:
                dotted = f"{group}.{key}" if key else group
                path, line = _origin(theme, context, group, key)
                raise TemplateProblem(path, line, too_long_to_give(dotted, len(value)))


def too_long_to_give(dotted: str, length: int) -> str:
    """The message for a value longer than MAX_GIVEN (also used by the project file's check)."""
    return (f"{dotted} is {length:,} characters long; theme templates (headers, footers, "
            f"covers) are given values of at most {MAX_GIVEN:,}")


def _origin(theme: Theme, context: Mapping[str, object], group: str,
            key: str) -> tuple[str, int | None]:
    """The file (as shown) and line where a template's value `group.key` was set."""
    from studyguide.theme.schema import find_line

    root = Path(theme.project_root or ".")
    if group == "outline":
        shown = getattr(context, "outline_path", "") or "<outline>"
        file, pattern = root / shown, f"{key}:"
    else:
        shown, file, pattern = "studyguide.toml", root / "studyguide.toml", ""
    try:
        text = file.read_text(encoding="utf-8", errors="replace")[:MAX_FILE_SCAN]
    except OSError:
        return shown, None
    if pattern:  # a front-matter key, at the start of a line
        found = next((n for n, line in enumerate(text.splitlines(), start=1)
                      if line.startswith(pattern)), None)
        return shown, found
    return shown, find_line(text, f"{group}.{key}")


MAX_FILE_SCAN = 2 * 1024 * 1024  # an outline or project file is smaller (their own limits)


def render_lines(theme: Theme, name: str, context: Mapping[str, object]) -> list[str]:
    """The non-blank lines of template `name`, each stripped (for title blocks and covers)."""
    return _lines(render_template(theme, name, context))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def check_templates(theme: Theme) -> list[Diagnostic]:
    """Compile every template of the theme chain and trial-render the ones studyguide uses.

    Each is rendered with every kind of context the renderers give it (both editions, first
    and last pages, empty and long values: studyguide.theme.trials), so a template that would
    fail halfway through a build is reported by `check`. One problem per template: the first.
    """
    try:
        sources = _sources(theme)
    except TemplateProblem as exc:
        return [exc.diagnostic()]
    env = _environment(sources)
    shown = {entry[0]: entry[1] for entry in sources}
    problems: dict[tuple[str, int | None], Diagnostic] = {}
    for name in sorted({name for name, _ in theme.templates}):
        problem = _trial(env, name, shown)
        if problem is not None:
            problems.setdefault((problem.path, problem.line), problem)
    return list(problems.values())


def _trial(env: Any, name: str, shown: dict[str, str]) -> Diagnostic | None:
    """The first problem template `name` has in any trial context, or None."""
    from studyguide.theme.trials import trial_contexts

    if name not in KNOWN_TEMPLATES:  # a partial: compiled only, its includer sets its context
        try:
            _compile(env, name, shown)
        except TemplateProblem as problem:
            return problem.diagnostic()
        return None
    for context, when in trial_contexts(name):
        try:
            _render(env, name, shown[name], set(shown.values()), context)
        except TemplateProblem as problem:
            message = f"{problem.message} ({when})" if when else problem.message
            return error(problem.path, problem.line, message)
    return None


def _compile(env: Any, name: str, shown: dict[str, str]) -> None:
    from jinja2 import TemplateSyntaxError

    try:
        env.get_template(name)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.filename or shown[name], exc.lineno,
                              f"template syntax error: {exc.message}") from None


def _render(env: Any, name: str, shown: str, ours: set[str], context: dict[str, Any]) -> str:
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    from studyguide.theme.sandbox import Budget

    pieces: list[str] = []
    total = 0
    try:
        with Budget():
            template = env.get_template(name)
            for piece in template.generate(context):
                total += len(piece)
                if total > MAX_OUTPUT:
                    raise TemplateProblem(shown, None, f"the template's text is longer than "
                                          f"{MAX_OUTPUT:,} characters")
                pieces.append(piece)
    except TemplateProblem:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.filename or shown, exc.lineno,
                              f"template syntax error: {exc.message}") from None
    except TemplateNotFound as exc:
        raise TemplateProblem(shown, _where(exc, ours)[1],
                              f"no template named '{exc.name}' in this theme") from None
    except Exception as exc:  # noqa: BLE001 - whatever a template does wrong is its problem
        raise _problem(exc, shown, ours) from None
    return "".join(pieces).strip()


def _where(exc: BaseException, ours: set[str]) -> tuple[str | None, int | None]:
    """The innermost template file and line in the traceback (Jinja rewrites it that way)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in ours:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _problem(exc: Exception, shown: str, ours: set[str]) -> TemplateProblem:
    from jinja2 import UndefinedError
    from jinja2.sandbox import SecurityError

    path, line = _where(exc, ours)
    if isinstance(exc, UndefinedError):
        message = str(exc.message)
    elif isinstance(exc, SecurityError):
        message = f"not allowed in a theme template: {exc}"
    elif isinstance(exc, RecursionError):
        message = "the template includes or calls itself without end"
    else:
        message = f"{type(exc).__name__}: {exc}"
    return TemplateProblem(path or shown, line, message)


def _shown(theme: Theme, path: str) -> str:
    """A template path as messages show it: from the project root when inside it."""
    unresolved = Path(path)
    for folder in theme.chain:
        # Template paths are resolved; a symlinked theme folder should still read as themes/x.
        try:
            unresolved = Path(folder) / Path(path).relative_to(Path(folder).resolve())
            break
        except (ValueError, OSError):
            continue
    if theme.project_root:
        try:
            return unresolved.relative_to(theme.project_root).as_posix()
        except ValueError:
            pass
    return str(unresolved)


def _sources(theme: Theme) -> tuple[tuple[str, str, str], ...]:
    """(name, shown path, source) of every template of the chain, then the unused defaults."""
    found = []
    for name, path in theme.templates:
        shown = _shown(theme, path)
        try:
            stat = Path(path).stat()
            source = _read_source(path, stat.st_mtime_ns, stat.st_size)
        except (OSError, ThemeFileError) as exc:
            line = exc.line if isinstance(exc, ThemeFileError) else None
            message = exc.message if isinstance(exc, ThemeFileError) else str(exc)
            raise TemplateProblem(shown, line, message) from None
        found.append((name, shown, source))
    have = {name for name, _ in theme.templates}
    found += [(name, f"<built-in {name}>", text) for name, text in DEFAULTS.items()
              if name not in have]
    return tuple(found)


def dated_templates(theme: Theme) -> list[str]:
    """The templates whose text mentions `date`: only outputs drawn with one of them change
    when the build date does (a mention in a comment counts too, to be safe)."""
    try:
        return sorted({name for name, _, source in _sources(theme) if "date" in source})
    except TemplateProblem:
        return list(KNOWN_TEMPLATES)


@functools.lru_cache(maxsize=256)
def _read_source(path: str, mtime_ns: int, size: int) -> str:
    """A template's text; cached by modification time and size, so each is read once."""
    return read_text(Path(path), MAX_TEMPLATE_BYTES, Path(path).name)


@functools.lru_cache(maxsize=32)
def _environment(sources: tuple[tuple[str, str, str], ...]) -> Any:
    """One sandbox per set of template texts; Jinja then compiles each template once."""
    from jinja2 import FunctionLoader

    from studyguide.theme.sandbox import ThemeEnvironment

    by_name = {name: (source, shown) for name, shown, source in sources}

    def load(name: str) -> tuple[str, str, Any] | None:
        if name not in by_name:
            return None
        source, shown = by_name[name]
        return source, shown, lambda: True

    return ThemeEnvironment(loader=FunctionLoader(load), auto_reload=False)
