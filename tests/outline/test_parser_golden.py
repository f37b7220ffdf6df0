"""Golden cases: tests/cases/<name>/outline.md parses to the model in expected.json.

After a reviewed change, rewrite the expectations with `pytest --update-golden`.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from studyguide.outline.parser import parse_outline

CASES = Path(__file__).resolve().parent.parent / "cases"
NAMES = sorted(p.parent.name for p in CASES.glob("*/outline.md"))


def as_data(value, root: Path):
    """The model as plain JSON data, with the node type named and image paths made relative."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {"type": type(value).__name__}
        for field in dataclasses.fields(value):
            data[field.name] = as_data(getattr(value, field.name), root)
        if data["type"] == "Image":
            data["path"] = Path(data["path"]).relative_to(root).as_posix()
        return data
    if isinstance(value, (tuple, list)):
        return [as_data(item, root) for item in value]
    return value


@pytest.mark.parametrize("name", NAMES)
def test_golden_case(name: str, update_golden: bool) -> None:
    folder = CASES / name
    outline, diags = parse_outline(folder / "outline.md", folder, display_path="outline.md")
    got = {"diagnostics": [d.format() for d in diags], "outline": as_data(outline, folder)}
    expected_file = folder / "expected.json"
    if update_golden:
        expected_file.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    assert expected_file.exists(), f"no expectation for {name}: run pytest --update-golden"
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))
