"""render/common/images.py: one probe, one pixel cap and one warning for both renderers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studyguide.diagnostics import Diagnostic
from studyguide.render.common import images


def test_a_good_image_gives_its_pixel_size(tmp_path: Path) -> None:
    path = tmp_path / "map.png"
    Image.new("RGB", (300, 200), "red").save(path)
    assert images.probe_image(str(path), "outlines/a.md", 4) == (300, 200)
    assert images.pixel_size(str(path)) == (300, 200)


def test_too_many_pixels_is_a_warning_naming_the_limit(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "scan.jpg"
    Image.new("RGB", (200, 100), "white").save(path)
    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 10_000)  # a real bomb would be slow
    found = images.probe_image(str(path), "outlines/a.md", 7)
    assert isinstance(found, Diagnostic)
    assert (found.path, found.line) == ("outlines/a.md", 7)
    assert "'scan.jpg'" in found.message and "200 x 100 pixels" in found.message
    assert images.pixel_size(str(path)) is None


@pytest.mark.parametrize("content", [b"not an image", b"\x89PNG\r\n\x1a\n" + b"\0" * 40])
def test_an_unreadable_file_is_a_warning_not_an_exception(tmp_path: Path,
                                                          content: bytes) -> None:
    path = tmp_path / "cut.png"
    path.write_bytes(content)
    found = images.probe_image(str(path), "outlines/a.md", 3)
    assert isinstance(found, Diagnostic) and "could not be read" in found.message


def test_a_truncated_image_fails_the_probe(tmp_path: Path) -> None:
    path = tmp_path / "cut.png"
    Image.new("RGB", (400, 400), "blue").save(path)
    path.write_bytes(path.read_bytes()[:200])
    assert isinstance(images.image_size(str(path)), str)


def test_a_missing_file_is_a_warning(tmp_path: Path) -> None:
    assert isinstance(images.probe_image(str(tmp_path / "gone.png"), "o.md", 1), Diagnostic)
