"""The `studyguide` command: parse options, call the library, print what comes back.

Nothing heavy is imported at module level: `--help` and `check` must start instantly, so the
renderers (reportlab, python-pptx) load only inside `build`'s worker tasks.
"""

from __future__ import annotations

import os
import sys
import time

import click

from studyguide import __version__
from studyguide.diagnostics import Diagnostic, has_errors, printable, sort_key


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in sorted(dict.fromkeys(diagnostics), key=sort_key):
        colour = "red" if d.is_error else "yellow"
        click.secho(d.format(), err=True, fg=colour if sys.stderr.isatty() else None)


def _fail_safely(func):
    """Turn an unexpected exception into one line and exit code 1 (a traceback with --debug)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if (click.get_current_context().obj or {}).get("debug"):
                raise
            click.echo(f"studyguide: internal error: {type(exc).__name__}: {exc} "
                       "(run again with --debug for details)", err=True)
            sys.exit(1)

    return wrapper


def run() -> None:
    """The `studyguide` console script: main(), with start-up collections paused for the
    commands that check a project first (studyguide/startup.py); the check resumes them.
    `build` ends with startup.leave(): the process exits without the interpreter's teardown.
    `build`, `check` and `watch` load the shipped compiled patterns first (patterns.py)."""
    from studyguide import startup

    startup.defer_unused()
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
    if command in ("build", "check", "watch"):
        from studyguide import patterns

        patterns.use_shipped()  # regular expressions compiled ahead (studyguide/patterns.py)
    if command in ("build", "check"):
        startup.pause()
    try:
        main()
    except SystemExit as done:
        if command == "build":
            startup.leave(done.code)  # no teardown of the interpreter, when that is safe
        raise


ACCESSIBLE_HELP = ("Accessible build: an image without alt text is an error "
                   "(as build.accessible = true).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="studyguide")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn Markdown outlines into PDF handouts and PowerPoint decks."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@main.command()
@click.argument("outlines", nargs=-1, type=click.Path())
@click.option("--theme", metavar="NAME",
              help="Theme for every outline (overrides the project file).")
@click.option("--accessible", is_flag=True, help=ACCESSIBLE_HELP)
@click.pass_context
@_fail_safely
def check(ctx: click.Context, outlines: tuple[str, ...], theme: str | None,
          accessible: bool) -> None:
    """Validate outlines, the project file and the theme; writes nothing."""
    from studyguide.build.inputs import check_project
    from studyguide.project.config import load_project

    project, diags = load_project(".")
    project = _accessible(project, accessible)
    _check_theme_option(project, theme)
    checked = check_project(project, outlines, theme, jobs=os.cpu_count() or 1)
    diags = diags + checked.diagnostics
    _print_diagnostics(diags)
    errors = sum(d.is_error for d in diags)
    warnings = len(set(diags)) - errors
    files = len(checked.files)
    found = (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
             if errors or warnings else "no problems found")
    click.echo(f"checked {files} outline{'s' * (files != 1)}: {found}")
    ctx.exit(1 if errors else 0)


@main.command()
@click.argument("outlines", nargs=-1, type=click.Path())
@click.option("--theme", metavar="NAME",
              help="Theme name (overrides the project file and outlines).")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False),
              help="Paper size of the PDFs (overrides the project file and theme).")
@click.option("--format", "formats", multiple=True,
              type=click.Choice(["pdf", "pptx", "slides", "worksheet", "quiz", "lms"],
                                case_sensitive=False),
              help="Output format; repeat for several (default: pdf and pptx). slides: slide "
                   "handouts; worksheet: guided notes and tasks; quiz: shuffled versions with "
                   "keys; lms: GIFT, Moodle XML and a QTI 1.2 zip.")
@click.option("--versions", type=click.IntRange(1, 26), metavar="N",
              help="Quiz versions to make (format quiz; default 2).")
@click.option("--seed", type=click.IntRange(min=0), metavar="N",
              help="Shuffle seed of the quiz versions (default 0).")
@click.option("--edition", "editions", multiple=True,
              type=click.Choice(["student", "teacher"], case_sensitive=False),
              help="Handout edition; repeat for both (default: both).")
@click.option("--out", "out", type=click.Path(file_okay=False),
              help="Output folder (default: build/ in the project, or build.output).")
@click.option("--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes (default: all cores).")
@click.option("--force", is_flag=True, help="Rebuild everything, ignoring the cache.")
@click.option("--quiet", is_flag=True, help="Print only problems.")
@click.option("--accessible", is_flag=True, help=ACCESSIBLE_HELP)
@click.pass_context
@_fail_safely
def build(ctx: click.Context, outlines: tuple[str, ...], theme: str | None, paper: str | None,
          formats: tuple[str, ...], editions: tuple[str, ...], out: str | None,
          jobs: int | None, force: bool, quiet: bool, accessible: bool,
          versions: int | None = None, seed: int | None = None) -> None:
    """Build every outline (or those named) into the output folder."""
    from studyguide.build.inputs import check_project
    from studyguide.build.run import run_build
    from studyguide.build.settings import build_settings
    from studyguide.project.config import load_project

    project, diags = load_project(".")
    project = _accessible(project, accessible)
    _check_theme_option(project, theme)
    if has_errors(diags):
        # Nothing is built with a broken project file, but every outline is still checked so
        # that one run reports every problem.
        _print_diagnostics(diags + check_project(project, outlines, theme).diagnostics)
        ctx.exit(1)
    options, settings = build_settings(project, debug=ctx.obj["debug"], names=outlines,
                                       theme=theme, paper=paper, formats=formats,
                                       editions=editions, out=out, jobs=jobs, force=force,
                                       versions=versions, seed=seed)
    start = time.perf_counter()
    progress = _progress_printer(quiet)
    result = run_build(project, options, settings, progress)
    _print_diagnostics(diags + result.diagnostics)
    if not quiet:
        _print_summary(result, time.perf_counter() - start)
    ctx.exit(0 if result.ok else 1)


def _accessible(project, flag: bool):
    """The project with `build.accessible` switched on when the flag asks for it."""
    from dataclasses import replace

    if not flag:
        return project
    return replace(project, build=replace(project.build, accessible=True))


def _check_theme_option(project, theme: str | None) -> None:
    """`--theme` must name a theme: a mistyped name is a usage error, like `--paper A5`."""
    if theme is None:
        return
    from studyguide.theme.places import unknown_theme_message

    problem = (unknown_theme_message(theme.strip(), project.root) if theme.strip()
               else "the theme name is empty")
    if problem:
        raise click.BadParameter(problem, param_hint="'--theme'")


def _progress_printer(quiet: bool):
    """A bar on a terminal, plain lines otherwise, nothing with --quiet."""
    if quiet:
        return lambda line, done, total: None
    if not sys.stdout.isatty():
        return lambda line, done, total: click.echo(printable(line))

    def bar(line: str, done: int, total: int) -> None:
        filled = round(24 * done / total) if total else 24
        click.echo(f"\r\x1b[K[{'#' * filled}{'.' * (24 - filled)}] {done}/{total} {printable(line)}",
                   nl=False)

    return bar


def _print_summary(result, seconds: float) -> None:
    if sys.stdout.isatty():
        click.echo("\r\x1b[K", nl=False)
    if not result.reports:
        if result.ok:
            click.echo("nothing to build")
        return
    rows = [("outline", "built", "up to date", "warnings", "errors", "time")]
    for r in result.reports:
        rows.append((printable(r.name), str(len(r.built)), str(len(r.up_to_date)), str(r.warnings),
                     str(r.errors), f"{r.seconds:.1f}s"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                             for i, (cell, w) in enumerate(zip(row, widths))))
    built = sum(len(r.built) for r in result.reports)
    if built == 0 and result.ok:
        click.echo(f"nothing to do: every output in {printable(result.out_dir)} is up to date")
    else:
        click.echo(f"{built} file{'s' * (built != 1)} written to {printable(result.out_dir)} "
                   f"in {seconds:.1f}s")


@main.command()
@click.argument("title")
@click.pass_context
@_fail_safely
def new(ctx: click.Context, title: str) -> None:
    """Write a starter outline outlines/NN-slug.md that builds as it is."""
    from studyguide.project.config import load_project
    from studyguide.project.starter import write_starter

    if not " ".join(title.split()):
        raise click.BadParameter("the title is empty", param_hint="'TITLE'")
    project, diags = load_project(".")
    if has_errors(diags):
        # the outline folder may be set in the broken file: write nothing rather than guess
        _print_diagnostics(diags)
        ctx.exit(1)
    path, problem = write_starter(project, title)
    if problem:
        click.echo(f"studyguide: {problem}", err=True)
        ctx.exit(1)
    click.echo(f"wrote {project.display(path)}")


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--into", metavar="FOLDER",
              help="Folder to write the outlines to (default: the project's outlines folder).")
@click.option("--force", is_flag=True, help="Replace outlines that already exist.")
@click.pass_context
@_fail_safely
def import_(ctx: click.Context, files: tuple[str, ...], into: str | None, force: bool) -> None:
    """Turn Word (.docx), PowerPoint (.pptx) or other tools' Markdown files into outlines."""
    from studyguide.importer.run import import_files
    from studyguide.project.config import load_project

    project, diags = load_project(".")
    if has_errors(diags):
        _print_diagnostics(diags)
        ctx.exit(1)
    report = import_files(list(files), project.root, into or project.build.outlines, force,
                          display=project.display)
    for written in report.written:
        click.echo(f"wrote {printable(written)}")
    for line in report.mapped:
        click.echo(printable(line))
    _print_diagnostics(report.problems)
    looks = sum(1 for d in report.problems)
    if report.written:
        click.echo(f"imported {len(report.written)} file(s); {looks} line(s) need a look"
                   + (" (run 'studyguide check' after fixing them)" if looks else ""))
    if has_errors(report.problems):
        ctx.exit(1)


@main.command()
@_fail_safely
def themes() -> None:
    """List the themes you can use, built-in and the project's own."""
    from studyguide.diagnostics import printable
    from studyguide.project.config import find_root
    from studyguide.theme.loader import list_themes

    infos = list_themes(str(find_root(".")))
    # A theme's folder name and description are the project's text, not ours: made printable.
    rows = [(printable(t.name), printable(t.description), t.origin) for t in infos]
    width = max((len(name) for name, _, _ in rows), default=0)
    for name, description, origin in rows:
        click.echo(f"{name.ljust(width)}  {description}  [{origin}]")


@main.command(short_help="Rebuild what changed whenever an input is saved.")
@click.option("--theme", metavar="NAME",
              help="Theme name (overrides the project file and outlines).")
@click.pass_context
@_fail_safely
def watch(ctx: click.Context, theme: str | None) -> None:
    """Rebuild what changed on every save of an outline, theme or the project file."""
    from studyguide.build.watch import watch_project
    from studyguide.project.config import load_project

    _check_theme_option(load_project(".")[0], theme)
    watch_project(_print_diagnostics, click.echo, theme=theme, debug=ctx.obj["debug"])


if __name__ == "__main__":
    main()
