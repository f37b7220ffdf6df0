"""Generated inputs for the corpus cases about values: front matter and studyguide.toml.

Each writes, into a case's project, a value too large to keep in git as a readable file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable


def _outline(project: Path, front: str, name: str = "x.md") -> None:
    text = f"---\ntitle: T\n{front}\n---\n## S\nx\n"
    (project / "outlines" / name).write_text(text, encoding="utf-8")


def front_matter_huge_int(project: Path) -> None:
    # Python refuses to convert an int of more than 4,300 digits; YAML would try.
    _outline(project, "period: " + "1" * 5000)


def front_matter_sexagesimal(project: Path) -> None:
    # YAML 1.1 reads `1:2:3` as a base-60 number, which PyYAML builds in quadratic time.
    _outline(project, "period: 1" + ":1" * 600_000)


def front_matter_spaces(project: Path) -> None:
    # A value YAML refuses (a second ': ') is retried quoted; a million spaces inside it once
    # made the quoting regex quadratic. The retry reads it as text, at once; at a million
    # characters it is then over the front-matter text limit, an error at its line.
    _outline(project, "subtitle: Service" + " " * 1_000_000 + "Stalin: A Biography")


def project_huge_int(project: Path) -> None:
    text = '[course]\ntitle = "T"\n[build]\npack = true\nlevel = ' + "1" * 5000 + "\n"
    (project / "studyguide.toml").write_text(text, encoding="utf-8")


def project_deep_array(project: Path) -> None:
    text = '[course]\ntitle = "T"\n[build]\nformats = ' + "[" * 50_000 + "]" * 50_000 + "\n"
    (project / "studyguide.toml").write_text(text, encoding="utf-8")


def project_course_title_12000(project: Path) -> None:
    # Once blamed on the built-in cover template, whose output has a 10,000-character cap.
    text = '[course]\nteacher = "Ms Ivanova"\ntitle = "' + "x" * 12_000 + '"\n'
    (project / "studyguide.toml").write_text(text, encoding="utf-8")


def _theme_toml(project: Path, text: str) -> None:
    (project / "themes" / "mine").mkdir(parents=True, exist_ok=True)
    (project / "themes" / "mine" / "theme.toml").write_text(text, encoding="utf-8")


def theme_toml_huge_int(project: Path) -> None:
    _theme_toml(project, 'extends = "classic"\n[layout]\nmargin = ' + "9" * 5000 + "\n")


def theme_toml_deep_array(project: Path) -> None:
    _theme_toml(project, 'extends = "classic"\nx = ' + "[" * 50_000 + "]" * 50_000 + "\n")


VALUE_GENERATORS: dict[str, Callable[[Path], None]] = {
    "front-matter-huge-int": front_matter_huge_int,
    "front-matter-sexagesimal-600k": front_matter_sexagesimal,
    "front-matter-1m-spaces": front_matter_spaces,
    "project-huge-int": project_huge_int,
    "project-deep-array": project_deep_array,
    "theme-toml-huge-int": theme_toml_huge_int,
    "project-course-title-12000": project_course_title_12000,
    "theme-toml-deep-array": theme_toml_deep_array,
}
