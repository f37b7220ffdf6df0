"""The project file: defaults, discovery from a subfolder, and every bad value reported."""

from __future__ import annotations

from pathlib import Path

from studyguide.diagnostics import Severity
from studyguide.project.config import BuildConfig, load_project


def test_defaults_without_a_project_file(tmp_path: Path) -> None:
    project, diags = load_project(tmp_path)
    assert diags == []
    assert project.file is None
    assert project.build == BuildConfig()
    assert project.root == str(tmp_path.resolve())


def test_found_in_a_parent_folder(tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_text('[course]\ntitle = "Russia"\n', encoding="utf-8")
    (tmp_path / "outlines").mkdir()
    project, diags = load_project(tmp_path / "outlines")
    assert diags == []
    assert project.root == str(tmp_path.resolve())
    assert project.course.title == "Russia"


def test_values_are_read(tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_text(
        '[course]\nteacher = "Ms Ivanova"\n[build]\npaper = "Letter"\nformats = ["pdf"]\n'
        'editions = ["teacher"]\npack = false\norder = ["02-b", "01-a"]\n', encoding="utf-8")
    project, diags = load_project(tmp_path)
    assert diags == []
    assert project.course.teacher == "Ms Ivanova"
    assert project.build.paper == "letter"
    assert project.build.formats == ("pdf",)
    assert project.build.editions == ("teacher",)
    assert project.build.pack is False
    assert project.build.order == ("02-b", "01-a")


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_text(
        '[course]\ntitel = "x"\n[build]\npaper = "A5"\nformats = ["pdf", "docx"]\npack = "yes"\n',
        encoding="utf-8")
    _, diags = load_project(tmp_path)
    shown = [(d.line, d.severity, d.message) for d in diags]
    assert (2, Severity.WARNING, "unknown key course.titel (did you mean 'title'?)") in shown
    assert (4, Severity.ERROR, "build.paper: 'A5' is not A4 or letter") in shown
    assert (5, Severity.ERROR,
            "build.formats: 'docx' is not one of pdf, pptx, slides, worksheet, quiz, lms") in shown
    assert (6, Severity.ERROR, "build.pack must be true or false") in shown


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_text('[course]\ntitle = "unclosed\n', encoding="utf-8")
    _, diags = load_project(tmp_path)
    assert len(diags) == 1
    assert diags[0].path == "studyguide.toml"
    assert diags[0].line == 2
    assert diags[0].message.startswith("invalid TOML")


def _problems(tmp_path: Path, text: str) -> list[tuple[int | None, str]]:
    (tmp_path / "studyguide.toml").write_text(text, encoding="utf-8")
    _, diags = load_project(tmp_path)
    return [(d.line, d.message) for d in diags]


def test_numbers_and_nesting_have_budgets(tmp_path: Path) -> None:
    from studyguide.tomlbudget import MAX_TOML_DEPTH, MAX_TOML_DIGITS

    deep = "[" * (MAX_TOML_DEPTH + 1) + "]" * (MAX_TOML_DEPTH + 1)
    assert _problems(tmp_path, f'[build]\npack = true\nx = {deep}\n') == [
        (3, f"values nest more than {MAX_TOML_DEPTH} levels deep")]
    assert _problems(tmp_path, "[build]\nx = 1\ny = " + "7" * 5000 + "\n") == [
        (3, f"a number of 5,000 digits; the limit is {MAX_TOML_DIGITS}")]
    assert _problems(tmp_path, "x = {a = " * 60 + "1" + "}" * 60 + "\n")[0] == (
        1, f"values nest more than {MAX_TOML_DEPTH} levels deep")


def test_brackets_and_digits_inside_strings_and_comments_are_not_counted(tmp_path: Path) -> None:
    text = ('[course]\ntitle = "' + "[" * 80 + '1' * 200 + '"  # ' + "{" * 80 + "\n"
            "school = '" + "[" * 80 + "'\nteacher = \"\"\"\n" + "[" * 80 + "9" * 200
            + '\n"""\n[build]\nformats = [["pdf"]]\n')
    problems = _problems(tmp_path, text)
    assert problems == [
        (8, "build.formats: '['pdf']' is not one of pdf, pptx, slides, worksheet, quiz, lms")]


def test_folder_names_with_control_characters_are_refused(tmp_path: Path) -> None:
    text = '[build]\noutput = "b\\u0000"\noutlines = "o\\u001b[2J"\ntheme = "classic\\u0007"\n'
    problems = sorted(_problems(tmp_path, text))
    assert problems == [
        (2, "build.output: 'b\\x00' holds a control or invisible character; a folder name cannot"),
        (3, "build.outlines: 'o\\x1b[2J' holds a control or invisible character; a folder name cannot"),
        (4, "build.theme: 'classic\\x07' holds a control or invisible character"),
    ]


def test_an_output_folder_that_cannot_hold_outputs_is_blamed_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "x.md").write_text("---\ntitle: T\n---\n", encoding="utf-8")
    assert _problems(tmp_path, '[course]\n[build]\noutput = "outlines/x.md"\n') == [
        (3, "build.output: 'outlines/x.md' is a file, not a folder")]
    assert _problems(tmp_path, '[build]\noutput = "./outlines/"\n') == [
        (2, "build.output: './outlines/' is the outline folder; use a folder of its own, "
            "such as 'build'")]
    assert _problems(tmp_path, '[build]\noutlines = "src"\noutput = "outlines"\n') == []


def test_bytes_that_are_not_utf8_are_blamed_on_their_line(tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_bytes(b'[course]\n\ntitle = "Caf\xe9"\n')
    _, diags = load_project(tmp_path)
    assert [(d.line, d.message) for d in diags] == [(3, "not valid UTF-8")]


def test_outlines_in_the_default_output_folder_are_refused(tmp_path: Path) -> None:
    assert _problems(tmp_path, '[build]\noutlines = "build/"\n') == [
        (2, "build.outlines: 'build/' is the output folder; set build.output to another folder")]
    assert _problems(tmp_path, '[build]\noutlines = "build"\noutput = "out"\n') == []


def test_course_texts_lose_control_characters_and_echoed_values_are_escaped(
        tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_text(
        '[course]\ntitle = "Rus\\u001b[31msia\\u202e"\n[build]\npaper = "A\\u0007"\n'
        'order = ["a\\u2066", "b"]\n', encoding="utf-8")
    project, diags = load_project(tmp_path)
    assert project.course.title == "Rus[31msia"
    assert project.build.order == ("b",)
    assert [(d.line, d.message) for d in diags] == [
        (2, "course.title: control character U+001B removed"),
        (4, "build.paper: 'A\\x07' is not A4 or letter"),
        (5, "build.order: 'a\\u2066' holds a control or invisible character"),
    ]


def test_a_course_text_over_the_limit_is_blamed_on_its_line(tmp_path: Path) -> None:
    from studyguide.project.config import MAX_COURSE_CHARS

    fine = "x" * MAX_COURSE_CHARS
    (tmp_path / "studyguide.toml").write_text(
        f'[course]\nschool = "{fine}"\ntitle = "{"x" * 12_000}"\n', encoding="utf-8")
    project, diags = load_project(tmp_path)
    assert [(d.line, d.message) for d in diags] == [
        (3, f"course.title is 12,000 characters; the limit is {MAX_COURSE_CHARS}")]
    assert project.course.title == "" and project.course.school == fine


def _png(path: Path) -> None:
    """A 2x1 pixel PNG, written by hand."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
                     + chunk(b"IEND", b""))


def test_course_year_and_logo_are_read_and_checked(tmp_path: Path) -> None:
    (tmp_path / "art").mkdir()
    _png(tmp_path / "art" / "crest.png")
    (tmp_path / "studyguide.toml").write_text(
        '[course]\nyear = 2026\nlogo = "art/crest.png"\n', encoding="utf-8")
    project, problems = load_project(tmp_path)
    assert problems == []
    assert project.course.year == "2026"
    assert project.course.logo == str((tmp_path / "art" / "crest.png").resolve())


def test_a_course_logo_outside_the_project_or_not_an_image_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    for value, says in [("../crest.png", "leads outside the project"),
                        ("/etc/passwd", "leads outside the project"),
                        ("notes.txt", "is not a PNG or JPEG image"),
                        ("missing.png", "is not a file in the project")]:
        (tmp_path / "studyguide.toml").write_text(f'[course]\nlogo = "{value}"\n',
                                                  encoding="utf-8")
        project, problems = load_project(tmp_path)
        assert project.course.logo == ""
        assert [(p.severity, p.line) for p in problems] == [(Severity.WARNING, 2)], value
        assert says in problems[0].message and "the cover is set without it" in problems[0].message
