"""Loading themes: lookup, extends chains, validation messages, files confined to the folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from studyguide.diagnostics import Severity
from studyguide.theme.loader import builtin_folder, list_themes, load_theme

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def write_theme(root: Path, name: str, toml: str) -> Path:
    folder = root / "themes" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.toml").write_text(toml, encoding="utf-8")
    return folder


def messages(diags) -> list[str]:
    return [d.format() for d in diags]


def test_project_theme_extends_classic_and_overrides_one_colour(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", 'extends = "classic"\n[colors]\nprimary = "#123456"\n')
    theme, diags = load_theme("mine", tmp_path)
    classic, _ = load_theme("classic", tmp_path)
    assert diags == []
    assert theme is not None and classic is not None
    assert theme.colors.primary == "#123456"
    assert theme.colors.accent == classic.colors.accent
    assert theme.fonts == classic.fonts
    assert theme.pdf == classic.pdf
    assert theme.origin == "project"
    assert theme.chain == (str(tmp_path / "themes" / "mine"), classic.folder)


def test_project_theme_may_override_and_extend_a_builtin_of_the_same_name(tmp_path: Path
                                                                        ) -> None:
    write_theme(tmp_path, "classic", 'extends = "classic"\n[pdf]\nmargin_mm = 25\n')
    theme, diags = load_theme("classic", tmp_path)
    assert diags == [] and theme is not None
    assert theme.pdf.margin_mm == 25 and theme.colors.primary == "#7A1F1F"
    infos = {i.name: i for i in list_themes(tmp_path)}
    assert infos["classic"].origin == "project (overrides built-in)"


def test_extends_cycle_names_the_chain(tmp_path: Path) -> None:
    write_theme(tmp_path, "a", 'extends = "b"\n')
    write_theme(tmp_path, "b", '\n\nextends = "a"\n')
    theme, diags = load_theme("a", tmp_path)
    assert theme is None
    assert messages(diags) == ["themes/b/theme.toml:3: error: extends cycle: a -> b -> a"]


def test_unknown_parent_suggests_a_name(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", 'extends = "clasic"\n')
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    assert messages(diags) == [
        "themes/mine/theme.toml:1: error: extends: unknown theme 'clasic' "
        "(did you mean 'classic'?)"]


def test_unknown_theme_lists_the_available_ones(tmp_path: Path) -> None:
    theme, diags = load_theme("hihg-contrast", tmp_path)
    assert theme is None
    [d] = diags
    assert "unknown theme 'hihg-contrast' (did you mean 'high-contrast'?)" in d.message
    assert "classic, high-contrast, ink-saver" in d.message


def test_bad_colour_exact_message(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", 'extends = "classic"\n\n[colors]\nprimary = "#12345"\n')
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    assert messages(diags) == [
        'themes/mine/theme.toml:4: error: colors.primary: "#12345" is not a #RRGGBB colour']


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", "\n".join([
        '[colors]', 'primary = "red"', 'text = 12',
        '[pdf]', 'paper = "A5"', 'margin_mm = 80', 'base_size_pt = "11"', 'filled = "yes"',
        '[slides]', 'aspect = "21:9"',
    ]))
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    assert [(d.line, d.message) for d in diags] == [
        (2, 'colors.primary: "red" is not a #RRGGBB colour'),
        (3, "colors.text: 12 is not a #RRGGBB colour"),
        (5, 'pdf.paper: "A5" is not allowed; use "A4" or "letter"'),
        (6, "pdf.margin_mm: 80 is above the maximum 50 (mm)"),
        (7, 'pdf.base_size_pt: expected a number, got "11"'),
        (8, 'pdf.filled: expected true or false, got "yes"'),
        (10, 'slides.aspect: "21:9" is not allowed; use "16:9" or "4:3"'),
    ]


def test_unknown_font_names_the_key_and_where_it_looked(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", '[fonts]\nbody = "Gentium Bok Plus"\n')
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    [d] = diags
    assert d.path == "themes/mine/theme.toml" and d.line == 2
    assert d.message.startswith("fonts.body: font 'Gentium Bok Plus' not found "
                                "(did you mean 'Gentium Book Plus'?); looked in ")
    assert "rendercv_fonts" in d.message


def test_theme_fonts_folder_supplies_a_family(tmp_path: Path) -> None:
    from studyguide.theme.fonts import find_family

    folder = write_theme(tmp_path, "mine", '[fonts]\nheading = "School Sans"\n')
    (folder / "fonts").mkdir()
    source = Path(find_family("Noto Sans").regular)
    (folder / "fonts" / "SchoolSans-Regular.ttf").write_bytes(source.read_bytes())
    theme, diags = load_theme("mine", tmp_path)
    assert diags == [] and theme is not None
    assert theme.font_dirs == (str((folder / "fonts").resolve()),)


def test_unknown_keys_warn_with_did_you_mean(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", '[colours]\nprimary = "#000000"\n[pdf]\nmargin = 12\n')
    theme, diags = load_theme("mine", tmp_path)
    assert theme is not None
    assert messages(diags) == [
        "themes/mine/theme.toml:1: warning: unknown key 'colours' (did you mean 'colors'?)",
        "themes/mine/theme.toml:4: warning: unknown key 'pdf.margin' "
        "(did you mean 'pdf.margin_mm'?)",
    ]


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", '[colors]\nprimary = "#000000"\naccent = #C9A227\n')
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    [d] = diags
    assert d.path == "themes/mine/theme.toml" and d.line == 3
    assert d.message.startswith("invalid TOML: ")


def test_wrong_type_for_a_table(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", 'colors = "red"\n')
    _, diags = load_theme("mine", tmp_path)
    assert messages(diags) == [
        'themes/mine/theme.toml:1: error: colors: expected a table like [colors], got "red"']


@pytest.mark.parametrize("content", [b"\xff\xfe\x00bad", b"name = 1\n\x00\x00"])
def test_binary_theme_toml_is_an_error_not_a_crash(tmp_path: Path, content: bytes) -> None:
    folder = write_theme(tmp_path, "mine", "")
    (folder / "theme.toml").write_bytes(content)
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None and diags and all(d.severity is Severity.ERROR for d in diags)


def test_theme_toml_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "themes" / "mine" / "theme.toml").mkdir(parents=True)
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    assert messages(diags) == ["themes/mine/theme.toml: error: theme.toml is not a file"]


def test_huge_theme_toml_is_refused(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", "# " + "x" * 400_000 + "\n")
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None and "too large" in diags[0].message


def test_logo_symlink_outside_the_theme_folder_is_refused(tmp_path: Path) -> None:
    folder = write_theme(tmp_path, "mine", 'extends = "classic"\n')
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    (folder / "logo.png").symlink_to(secret)
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    [d] = diags
    assert d.path == "themes/mine/theme.toml"
    assert d.message.startswith("logo.png points outside the theme folder")


def test_logo_must_be_a_png_and_is_inherited(tmp_path: Path) -> None:
    parent = write_theme(tmp_path, "school", 'extends = "classic"\n')
    (parent / "logo.png").write_bytes(PNG)
    write_theme(tmp_path, "mine", 'extends = "school"\n')
    theme, diags = load_theme("mine", tmp_path)
    assert diags == [] and theme is not None
    assert theme.logo == str((parent / "logo.png").resolve())
    (parent / "logo.png").write_bytes(b"GIF89a not a png")
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    assert messages(diags) == ["themes/school/theme.toml: error: logo.png is not a PNG image "
                               "(save it as PNG, not just renamed)"]


def test_slide_template_must_be_a_pptx_inside_the_folder(tmp_path: Path) -> None:
    folder = write_theme(tmp_path, "mine", '[slides]\ntemplate = "school.pptx"\n')
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None and "does not exist" in diags[0].message and diags[0].line == 2
    (folder / "school.pptx").write_text("not a zip")
    _, diags = load_theme("mine", tmp_path)
    assert "is not a PowerPoint .pptx file" in diags[0].message
    with zipfile.ZipFile(folder / "school.pptx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    _, diags = load_theme("mine", tmp_path)  # a zip, but no presentation in it
    assert [(d.path, d.line) for d in diags] == [("themes/mine/school.pptx", 1)]
    assert "not a PowerPoint presentation" in diags[0].message
    from pptx import Presentation

    Presentation().save(str(folder / "school.pptx"))
    theme, diags = load_theme("mine", tmp_path)
    assert diags == [] and theme is not None
    assert theme.slides.template == str((folder / "school.pptx").resolve())
    write_theme(tmp_path, "mine", '[slides]\ntemplate = "../../outside.pptx"\n')
    _, diags = load_theme("mine", tmp_path)
    assert "points outside the theme folder" in diags[0].message


def test_templates_along_the_chain_child_wins(tmp_path: Path) -> None:
    parent = write_theme(tmp_path, "school", 'extends = "classic"\n')
    (parent / "templates").mkdir()
    (parent / "templates" / "header.j2").write_text("school header")
    (parent / "templates" / "cover.j2").write_text("school cover")
    child = write_theme(tmp_path, "mine", 'extends = "school"\n')
    (child / "templates").mkdir()
    (child / "templates" / "header.j2").write_text("my header")
    theme, diags = load_theme("mine", tmp_path)
    assert diags == [] and theme is not None
    found = dict(theme.templates)
    assert Path(found["header.j2"]).read_text() == "my header"
    assert Path(found["cover.j2"]).read_text() == "school cover"


def test_template_symlink_outside_is_refused(tmp_path: Path) -> None:
    folder = write_theme(tmp_path, "mine", "")
    (folder / "templates").mkdir()
    (tmp_path / "evil.j2").write_text("x")
    (folder / "templates" / "footer.j2").symlink_to(tmp_path / "evil.j2")
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None and "points outside the theme folder" in diags[0].message


def test_misspelt_template_name_warns(tmp_path: Path) -> None:
    folder = write_theme(tmp_path, "mine", "")
    (folder / "templates").mkdir()
    (folder / "templates" / "foter.j2").write_text("x")
    theme, diags = load_theme("mine", tmp_path)
    assert theme is not None
    assert [d.message for d in diags] == [
        "templates/foter.j2 is not a template studyguide uses (did you mean 'footer.j2'?)"]


def test_list_themes_shows_the_builtins_with_descriptions(tmp_path: Path) -> None:
    write_theme(tmp_path, "mine", 'extends = "classic"\n')
    infos = {i.name: i for i in list_themes(tmp_path)}
    assert set(infos) == {"classic", "high-contrast", "ink-saver", "mine"}
    assert infos["classic"].description == "Serif body, deep red headings, suits most handouts"
    assert all(infos[n].origin == "built-in" and infos[n].description
               for n in ("classic", "high-contrast", "ink-saver"))
    assert infos["mine"].origin == "project" and infos["mine"].description == "(extends classic)"


def test_inside_the_studyguide_repository_the_themes_are_builtins() -> None:
    repo = builtin_folder().parent
    infos = list_themes(repo)
    assert {i.origin for i in infos} == {"built-in"}


def test_no_project_root_still_finds_builtins() -> None:
    theme, diags = load_theme("ink-saver", None)
    assert diags == [] and theme is not None and theme.pdf.filled is False


def test_theme_toml_symlink_outside_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "themes" / "mine"
    folder.mkdir(parents=True)
    (tmp_path / "elsewhere.toml").write_text('extends = "classic"\n')
    (folder / "theme.toml").symlink_to(tmp_path / "elsewhere.toml")
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    assert diags[0].message.startswith("theme.toml points outside the theme folder")


def test_a_symlinked_theme_folder_is_a_whole_theme_and_allowed(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "district"
    shared.mkdir(parents=True)
    (shared / "theme.toml").write_text('extends = "classic"\n[colors]\naccent = "#336699"\n')
    (shared / "logo.png").write_bytes(PNG)
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "district").symlink_to(shared, target_is_directory=True)
    theme, diags = load_theme("district", tmp_path)
    assert diags == [] and theme is not None
    assert theme.colors.accent == "#336699" and theme.logo == str(shared / "logo.png")
