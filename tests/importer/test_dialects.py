"""Importing Markdown written for other tools, one file per dialect (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_helpers import all_notes, events, figures, imported, terms

from studyguide.outline.model import plain_text

PEOPLE = "| Name | Role |\n| --- | --- |\n| Octavian | Heir |\n| Mark Antony | General |\n"

DIALECTS = {
    "obsidian": """---
tags: [rome, lecture]
aliases: [Caesar]
---
# **Julius Caesar**

Notes for [[Roman Republic|the Republic]] lecture. See [[Pompey]].

## Career
- 60 BC: First Triumvirate with [[Pompey]] and Crassus
- 49 BC - Crosses the Rubicon

> [!note] Remember
> Caesar wrote his own history.

## Key people
""" + PEOPLE + """
## Vocabulary
Dictator
: a magistrate with emergency powers

<!-- Spend ten minutes on the Rubicon. -->
""",
    "marp": """---
marp: true
theme: gaia
paginate: true
---

<!-- _class: lead -->
# Julius Caesar

---

# Career

- 60 BC: First Triumvirate
- 49 BC -> Crosses the Rubicon

<!-- Spend ten minutes on the Rubicon. -->

---

# Important people

""" + PEOPLE + """
---

# Key terms

| Term | Definition |
| --- | --- |
| Dictator | a magistrate with emergency powers |
""",
    "quarto": """---
title: "Julius Caesar"
subtitle: "The end of the Republic"
author: "A. Teacher"
format: revealjs
---

## Career {.smaller}

- 60 BC: First Triumvirate
- 49 BC: Crosses the Rubicon

::: {.notes}
Spend ten minutes on the Rubicon.
:::

## Key figures

""" + PEOPLE + """
## Glossary

- **Dictator**: a magistrate with emergency powers
""",
    "slidev": """---
theme: seriph
title: Julius Caesar
---

# Julius Caesar

---
layout: center
---

# Career

- 60 BC: First Triumvirate
- 49 BC: Crosses the Rubicon

<!--
Spend ten minutes on the Rubicon.
-->

---

# Who's who

""" + PEOPLE + """
---

# Glossary

- Dictator: a magistrate with emergency powers
""",
    "xaringan": """---
title: "Julius Caesar"
output:
  xaringan::moon_reader:
    nature:
      ratio: "16:9"
---

class: center, middle

# Julius Caesar

---

# Career

- 60 BC: First Triumvirate
- 49 BC: Crosses the Rubicon

???

Spend ten minutes on the Rubicon.

---

# Key figures

""" + PEOPLE + """
---

# Glossary

- **Dictator**: a magistrate with emergency powers
""",
    "carpentries": """---
title: "Julius Caesar"
teaching: 10
exercises: 5
---

:::::::::::::::::::::::::::::::::::::: questions

- How did Caesar take power?

::::::::::::::::::::::::::::::::::::::::::::::::

## Career

- 60 BC: First Triumvirate
- 49 BC: Crosses the Rubicon

::::::::::::::::::::::::::::::::::::: instructor

Spend ten minutes on the Rubicon.

::::::::::::::::::::::::::::::::::::::::::::::::

:::::::::::::::::::::::::::::::::::::: challenge

## Challenge 1

1. Why did Caesar cross the Rubicon?

::::::::::::::: solution

To avoid prosecution in Rome.

:::::::::::::::::::::::::

::::::::::::::::::::::::::::::::::::::::::::::::

## Key figures

""" + PEOPLE + """
## Glossary

- **Dictator**: a magistrate with emergency powers
""",
    "course-site": """---
layout: default
title: Julius Caesar
nav_order: 3
parent: Rome
---

# Julius Caesar
{: .no_toc }

{% include toc.html %}

## Career
{: .text-delta }

- 60 BC: First Triumvirate
- 49 BC: Crosses the Rubicon

<!-- Spend ten minutes on the Rubicon. -->

## Key people

""" + PEOPLE + """
## Key terms

Dictator
: a magistrate with emergency powers

<br>
""",
}


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_each_dialect_imports_and_checks_clean(project: Path, tmp_path: Path,
                                               dialect: str) -> None:
    source = tmp_path / f"{dialect}.md"
    source.write_text(DIALECTS[dialect], encoding="utf-8")
    outline, report, diags = imported(project, source)
    assert outline.meta.title == "Julius Caesar"
    assert events(outline)[:2] == [("60 BC", "First Triumvirate" + events(outline)[0][1][17:]),
                                   ("49 BC", "Crosses the Rubicon")]
    assert figures(outline) == [["Octavian", "Heir"], ["Mark Antony", "General"]]
    assert terms(outline) == ["Dictator"]
    assert "Spend ten minutes on the Rubicon." in all_notes(outline)
    shown = " ".join(plain_text(b.inlines) for s in outline.sections for b in s.blocks
                     if hasattr(b, "inlines"))
    assert "Spend ten minutes" not in shown  # teacher-only text never in the student text
    assert "[[" not in (project / report.written[0]).read_text(encoding="utf-8")


def test_a_carpentries_solution_is_the_model_answer(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "carpentries.md"
    source.write_text(DIALECTS["carpentries"], encoding="utf-8")
    outline, _, _ = imported(project, source)
    assert [plain_text(q.prompt) for q in outline.questions] == [
        "Why did Caesar cross the Rubicon?"]
    answer = outline.questions[0].answer
    assert [plain_text(b.inlines) for b in answer] == ["To avoid prosecution in Rome."]
    assert "To avoid prosecution" not in all_notes(outline)


def test_pictures_beside_the_source_are_copied_others_described(project: Path,
                                                                 tmp_path: Path) -> None:
    from PIL import Image

    notes = tmp_path / "notes"
    (notes / "fig").mkdir(parents=True)
    Image.new("RGB", (20, 10), (0, 90, 200)).save(notes / "fig" / "map.png")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG not yours")
    source = notes / "lecture.md"
    source.write_text("# Rome\n\n## Maps\n\n![The empire](fig/map.png)\n\n"
                      "![](../secret.png){alt='A stolen picture'}\n\n"
                      "![Far away](https://example.org/x.png)\n", encoding="utf-8")
    outline, report, diags = imported(project, source)
    text = (project / report.written[0]).read_text(encoding="utf-8")
    assert "![The empire](lecture-images/map.png)" in text
    assert "*A stolen picture*" in text and "*Far away*" in text and "secret" not in text
    assert [p.name for p in (project / "outlines" / "lecture-images").iterdir()] == ["map.png"]
    assert sum("is not beside the source" in line for line in report.mapped) == 2
