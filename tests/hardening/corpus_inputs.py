"""Bad inputs that cannot live in git as files, written into a case's project by the test.

Each generator takes the project folder (already holding the case's stored files) and adds
what git cannot hold: bytes that are not UTF-8, very large files, folders and pipes where a
file should be, symlinks that lead out of the project, a zip bomb.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Callable

FRONT = "---\ntitle: T\n---\n\n"


def _outline(project: Path, text: str | bytes, name: str = "x.md") -> Path:
    path = project / "outlines" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _outside(project: Path, name: str, data: bytes) -> Path:
    """A file beside the project folder, where no input may reach."""
    path = project.parent / name
    path.write_bytes(data)
    return path


def not_utf8(project: Path) -> None:
    _outline(project, b"---\ntitle: T\n---\nCaf\xe9 in Latin-1\n")


def lone_surrogate(project: Path) -> None:
    # A UTF-16 surrogate encoded on its own (as some Windows tools do) is not valid UTF-8.
    _outline(project, FRONT.encode() + b"## S\nhalf a pair: \xed\xa0\x80 here\n")


def outline_5mb(project: Path) -> None:
    _outline(project, FRONT + "## S\n" + ("word " * 20 + "\n\n") * 50_000)


def outline_is_a_folder(project: Path) -> None:
    (project / "outlines" / "x.md").mkdir(parents=True)


def outline_is_a_pipe(project: Path) -> None:
    (project / "outlines").mkdir(exist_ok=True)
    os.mkfifo(project / "outlines" / "x.md")


def outline_unreadable(project: Path) -> None:
    path = _outline(project, FRONT + "## S\nx\n")
    path.chmod(0)


def outline_symlink_outside(project: Path) -> None:
    target = _outside(project, "secret.md", b"---\ntitle: Private\n---\n\n## S\nsecret\n")
    (project / "outlines").mkdir(exist_ok=True)
    (project / "outlines" / "x.md").symlink_to(target)


def outline_dangling_symlink(project: Path) -> None:
    (project / "outlines").mkdir(exist_ok=True)
    (project / "outlines" / "x.md").symlink_to(project / "nowhere.md")


def image_symlink_outside(project: Path) -> None:
    target = _outside(project, "private.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    (project / "outlines" / "img.png").symlink_to(target)


def image_21mb(project: Path) -> None:
    with open(project / "outlines" / "big.png", "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(21 * 1024 * 1024)


def deep_list(project: Path) -> None:
    _outline(project, FRONT + "## S\n" + "".join("  " * i + "- x\n" for i in range(1000)))


def deep_quote(project: Path) -> None:
    _outline(project, FRONT + "## S\n" + "".join(">" * i + " x\n" for i in range(1, 1001)))


def _events(count: int) -> str:
    return "".join(f"- {1000 + i % 900}-01-01: event {i}\n" for i in range(count))


def events_10000(project: Path) -> None:
    _outline(project, FRONT + "## Timeline\n" + _events(10_000))


def events_2001(project: Path) -> None:
    _outline(project, FRONT + "## Timeline\n" + _events(2_001))


def events_2000_and_table_1000(project: Path) -> None:
    rows = "".join(f"| Person {i} | Role {i} | Fate {i} |\n" for i in range(1_000))
    _outline(project, FRONT + "## Timeline\n" + _events(2_000)
             + "\n## Key figures\n| Name | Role | Fate |\n| --- | --- | --- |\n" + rows)


def table_1001_rows(project: Path) -> None:
    rows = "".join(f"| n{i} | r{i} |\n" for i in range(1_001))
    _outline(project, FRONT + "## Key figures\n| Name | Role |\n| --- | --- |\n" + rows)


def long_paragraph(project: Path) -> None:
    _outline(project, FRONT + "## S\n" + "word " * 6_000 + "\n")


def long_code_block(project: Path) -> None:
    _outline(project, FRONT + "## S\n```\n" + ("x" * 79 + "\n") * 300 + "```\n")


def too_many_blocks(project: Path) -> None:
    _outline(project, FRONT + "## S\n" + "A paragraph.\n\n" * 10_001)


def too_many_formatted_pieces(project: Path) -> None:
    _outline(project, FRONT + "## S\n" + ("**a** *b* " * 1_000 + "\n\n") * 11)


def control_characters(project: Path) -> None:
    _outline(project, b"---\ntitle: T\x00itle\n---\n\n## S\x07\n- nul \x00 bell \x07 esc \x1b[31m"
                      b" del \x7f c1 \xc2\x85 \xc2\x9f\n\n| a\x08 | b |\n| - | - |\n| \x0c | d |\n")


def theme_toml_too_big(project: Path) -> None:
    (project / "themes" / "mine").mkdir(parents=True, exist_ok=True)
    (project / "themes" / "mine" / "theme.toml").write_text(
        "extends = \"classic\"\n" + "# padding\n" * 30_000, encoding="utf-8")


def theme_toml_not_utf8(project: Path) -> None:
    (project / "themes" / "mine").mkdir(parents=True, exist_ok=True)
    (project / "themes" / "mine" / "theme.toml").write_bytes(
        b"extends = \"classic\"\ndescription = \"caf\xe9\"\n")


def theme_toml_is_a_folder(project: Path) -> None:
    (project / "themes" / "mine" / "theme.toml").mkdir(parents=True)


def theme_logo_symlink_outside(project: Path) -> None:
    target = _outside(project, "private.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    (project / "themes" / "mine" / "logo.png").symlink_to(target)


def theme_template_symlink_outside(project: Path) -> None:
    target = _outside(project, "secret.txt", b"{{ 'secret' }}\n")
    (project / "themes" / "mine" / "templates").mkdir(exist_ok=True)
    (project / "themes" / "mine" / "templates" / "footer.j2").symlink_to(target)


def theme_fonts_symlink_outside(project: Path) -> None:
    target = _outside(project, "private.ttf", b"\x00\x01\x00\x00" + b"\x00" * 64)
    (project / "themes" / "mine" / "fonts").mkdir(exist_ok=True)
    (project / "themes" / "mine" / "fonts" / "Evil-Regular.ttf").symlink_to(target)


def theme_pptx_symlink_outside(project: Path) -> None:
    target = project.parent / "private.pptx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    (project / "themes" / "mine" / "template.pptx").symlink_to(target)


def theme_pptx_zip_bomb(project: Path) -> None:
    # 120 MB of zeros packs into about 120 KB: refused from the zip directory, never inflated.
    with zipfile.ZipFile(project / "themes" / "mine" / "template.pptx", "w",
                         zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("ppt/media/image1.png", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(120):
                member.write(block)


def theme_pptx_ratio_bomb(project: Path) -> None:
    with zipfile.ZipFile(project / "themes" / "mine" / "template.pptx", "w",
                         zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/slides/slide1.xml", b" " * (8 * 1024 * 1024))


def theme_pptx_not_a_presentation(project: Path) -> None:
    with zipfile.ZipFile(project / "themes" / "mine" / "template.pptx", "w") as archive:
        archive.writestr("readme.txt", "an ordinary zip file")


def project_not_utf8(project: Path) -> None:
    (project / "studyguide.toml").write_bytes(b"[course]\ntitle = \"Caf\xe9\"\n")


GENERATORS: dict[str, Callable[[Path], None]] = {
    "not-utf8": not_utf8,
    "lone-surrogate": lone_surrogate,
    "outline-5mb": outline_5mb,
    "outline-is-a-folder": outline_is_a_folder,
    "outline-is-a-pipe": outline_is_a_pipe,
    "outline-unreadable": outline_unreadable,
    "outline-symlink-outside": outline_symlink_outside,
    "outline-dangling-symlink": outline_dangling_symlink,
    "image-symlink-outside": image_symlink_outside,
    "image-21mb": image_21mb,
    "deep-list-1000": deep_list,
    "deep-quote-1000": deep_quote,
    "events-10000": events_10000,
    "events-2001": events_2001,
    "limits-allow-2000-events-1000-rows": events_2000_and_table_1000,
    "table-1001-rows": table_1001_rows,
    "long-paragraph": long_paragraph,
    "long-code-block": long_code_block,
    "too-many-blocks": too_many_blocks,
    "too-many-formatted-pieces": too_many_formatted_pieces,
    "control-characters": control_characters,
    "theme-toml-too-big": theme_toml_too_big,
    "theme-toml-not-utf8": theme_toml_not_utf8,
    "theme-toml-is-a-folder": theme_toml_is_a_folder,
    "theme-logo-symlink-outside": theme_logo_symlink_outside,
    "theme-template-symlink-outside": theme_template_symlink_outside,
    "theme-fonts-symlink-outside": theme_fonts_symlink_outside,
    "theme-pptx-symlink-outside": theme_pptx_symlink_outside,
    "theme-pptx-zip-bomb": theme_pptx_zip_bomb,
    "theme-pptx-ratio-bomb": theme_pptx_ratio_bomb,
    "theme-pptx-not-a-presentation": theme_pptx_not_a_presentation,
    "project-not-utf8": project_not_utf8,
}


def image_is_a_pipe(project: Path) -> None:
    os.mkfifo(project / "outlines" / "img.png")


GENERATORS["image-is-a-pipe"] = image_is_a_pipe


# issue 17, build group: file names a terminal or a JSON file cannot take as they are
def outline_name_newline(project: Path) -> None:
    # a newline in a file name must not start a line that looks like another diagnostic
    _outline(project, "---\ntitle: [unclosed\n---\n\n## S\n\nText.\n",
             name="x\nforged.md:1: error: fake.md")


def outline_name_not_utf8(project: Path) -> None:
    # a name in Latin-1 (a zip from an old system): os.fsdecode gives lone surrogates
    (project / "outlines").mkdir(exist_ok=True)
    (project / "outlines" / os.fsdecode(b"caf\xe9.md")).write_text(
        "---\ntitle: Caf\n---\n\n## S\n\nText.\n", encoding="utf-8")


GENERATORS["outline-name-newline"] = outline_name_newline
GENERATORS["outline-name-not-utf8"] = outline_name_not_utf8

from corpus_theme_inputs import THEME_GENERATORS  # noqa: E402 - fonts and template.pptx

GENERATORS.update(THEME_GENERATORS)

from corpus_values import VALUE_GENERATORS  # noqa: E402  (front matter, studyguide.toml)

GENERATORS.update(VALUE_GENERATORS)
