"""`check` opens every font a theme ships as reportlab will embed it, and agrees with reportlab.

theme/truetype.py's check_embeddable stands in for reportlab (which `check` may not import):
each bad font the corpus holds must be refused by both, and every shipped font accepted by both.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from studyguide.theme.loader import load_theme
from studyguide.theme.truetype import FontError, check_embeddable

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hardening"))
from corpus_theme_inputs import THEME_GENERATORS  # noqa: E402
from test_theme_truetype import FACES  # noqa: E402

BAD_FONTS = sorted(name for name in THEME_GENERATORS if name.startswith("theme-font-"))


def _project(tmp_path: Path, case: str) -> Path:
    (tmp_path / "themes" / "mine").mkdir(parents=True)
    (tmp_path / "themes" / "mine" / "theme.toml").write_text(
        'extends = "classic"\n\n[fonts]\nbody = "Mine"\n')
    THEME_GENERATORS[case](tmp_path)
    return tmp_path / "themes" / "mine" / "fonts" / "Mine-Regular.ttf"


@pytest.mark.parametrize("case", BAD_FONTS)
def test_a_bad_theme_font_is_an_error_at_the_font_file(tmp_path: Path, case: str) -> None:
    _project(tmp_path, case)
    theme, diags = load_theme("mine", tmp_path)
    assert theme is None
    assert [(d.path, d.line) for d in diags] == [("themes/mine/fonts/Mine-Regular.ttf", 1)]


@pytest.mark.parametrize("case", [c for c in BAD_FONTS if c != "theme-font-is-a-pipe"])
def test_reportlab_refuses_what_check_refuses(tmp_path: Path, case: str) -> None:
    from reportlab.pdfbase.pdfmetrics import registerFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    path = str(_project(tmp_path, case))
    with pytest.raises(FontError):
        check_embeddable(path)
    with pytest.raises(Exception):  # noqa: B017, PT011 - reportlab raises what it likes
        registerFont(TTFont(f"probe-{case}", path))
        canvas = Canvas(str(tmp_path / "probe.pdf"))
        canvas.setFont(f"probe-{case}", 12)
        canvas.drawString(10, 10, "Probe text")
        canvas.save()


@pytest.mark.parametrize("path", FACES, ids=lambda p: Path(p).stem)
def test_every_shipped_font_can_be_embedded(path: str) -> None:
    assert check_embeddable(path).path == path


def test_a_good_theme_font_loads(tmp_path: Path) -> None:
    font = _project(tmp_path, "theme-font-garbage")
    font.write_bytes(Path(FACES[0]).read_bytes())
    theme, diags = load_theme("mine", tmp_path)
    assert theme is not None and not diags
