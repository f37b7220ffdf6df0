"""Synthetic outlines for the benchmark, written to the outline format (version 1).

Every outline is made from a seeded random generator, so a run of the benchmark always builds
the same inputs. A normal outline is about the size of a shipped one: an introduction,
objectives, five content sections with nested bullets, a table, a quote and speaker notes, a
timeline, a key-figures table (Name | Role | Faction | Fate), a glossary, questions with answers,
and sources cited with [@key].
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

WORDS = (
    "party congress committee secretary delegates faction opposition grain peasants workers "
    "industry plan policy debate resolution vote leadership apparatus newspaper theory army "
    "commissar republic treaty famine quota harvest factory railway purge trial confession "
    "decree reform union council region province city village school press archive letter "
    "speech report conference bureau militia border census budget credit export import "
    "abolished accused admitted advanced agreed alliance announced appointed arrested assembly "
    "banned blamed bloc boycott bread cadres campaign canal capital cavalry cell censorship "
    "challenged chairman circulated civil collective commune compromise condemned constitution "
    "co-operative coup crisis currency defeated defended delegation demanded denounced deported "
    "dismissed dissolved divided doctrine drought economy elected embassy emergency enemy "
    "engineers enrolment envoy equipment estate exile expelled famous fleet foreign fortress "
    "frontier fuel garrison general governor harbour heresy hostage independent inspector "
    "insurgent journal judge kulak labour landlord lawyer legend loyal manifesto market "
    "mechanics merchant miners ministry mobilised monopoly mutiny navy negotiated oath "
    "officers oilfield orator pamphlet parliament patrol pension petition platform poet "
    "prisoner procurator prosecutor protest provisional purchase radical rationing rebellion "
    "recruited refugees regiment released rival ruble sabotage sailors scandal seized senate "
    "settlement shortage soldiers statute steel strike students summit surrender suspected "
    "tariff taxes telegram tractor traitor transport tribunal troops uprising veteran victory "
    "wages warehouse widow winter witness zealous"
).split()
FIRST = ("Anna Boris Clara Dmitri Elena Fyodor Galina Ivan Katya Lev Maria Nikolai Olga Pavel "
         "Raisa Sergei Tamara Viktor Yuri Zoya").split()
LAST = ("Orlov Petrova Sokolov Volkova Morozov Lebedeva Kozlov Novikova Pavlov Smirnova "
        "Zaytsev Belova Golubev Vinogradova Bogdanov Fedorova Kiselev Tarasova Zhukov Egorova"
        ).split()
FACTIONS = ("Left", "Right", "Centre", "Stalinist", "United Opposition", "Non-party")
MONTHS = ("January February March April May June July August September October November "
          "December").split()
SOURCE_KEYS = ("archive1990", "memoir1956", "survey2004", "letters1938", "study2014")


def words(rng: random.Random, count: int) -> str:
    """A lower-case phrase of `count` words."""
    return " ".join(rng.choice(WORDS) for _ in range(count))


def sentence(rng: random.Random, low: int = 8, high: int = 16, cite: bool = False) -> str:
    """One sentence with occasional bold, italic and Cyrillic words, optionally cited."""
    parts = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    style, at = rng.random(), rng.randrange(1, len(parts))
    if style < 0.2:
        parts[at] = f"**{parts[at]}**"
    elif style < 0.3:
        parts[at] = f"*{parts[at]}* (*партия*, “party”)"
    text = " ".join(parts)
    if cite:
        text += f" [@{rng.choice(SOURCE_KEYS)}]"
    return text[0].upper() + text[1:] + "."


def _date(rng: random.Random, year: int, index: int) -> str:
    """A date in one of the format's forms, so the date parser sees the whole variety."""
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    forms = (f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", f"{year}",
             f"{day} {MONTHS[month - 1]} {year}", f"{MONTHS[month - 1]} {year}",
             f"c. {year}", f"{year}/{year + 1}", f"{year}-{month:02d}/{year + 1}-{month:02d}")
    return forms[index % len(forms)]


def _person(rng: random.Random, tag: str, index: int) -> str:
    # The tag keeps names unique across outlines so the cross-outline check sees no conflicts.
    return f"{rng.choice(FIRST)} {rng.choice(LAST)} {tag}{index}"


def front_matter(rng: random.Random, title: str) -> list[str]:
    """The YAML front matter, with every source key that the body may cite."""
    lines = ["---", f"title: {title}", f"subtitle: {sentence(rng, 5, 8)[:-1]}",
             "period: 1900–1940", "audience: Year 12 History", "sources:"]
    for key in SOURCE_KEYS:
        lines.append(f'  {key}: "{words(rng, 3).title()}, *{words(rng, 4).title()}* '
                     f'(Press, {key[-4:]})"')
    return lines + ["---", ""]


def content_section(rng: random.Random, number: int) -> list[str]:
    """One `##` section: paragraph, nested bullets, sometimes a table or quote, then notes."""
    lines = [f"## Section {number}: {words(rng, 3)}", "",
             " ".join(sentence(rng, cite=i == 0) for i in range(3)), ""]
    for _ in range(4):
        lines.append(f"- {sentence(rng)}")
        lines.append(f"  - {sentence(rng, 5, 10)}")
        if rng.random() < 0.4:
            lines.append(f"    - {sentence(rng, 4, 8)}")
    lines.append("")
    if number % 2 == 0:
        lines += ["### Comparison", "", "| Aspect | Before | After |", "| --- | --- | --- |"]
        lines += [f"| {words(rng, 2)} | {words(rng, 5)} | {words(rng, 5)} |" for _ in range(3)]
        lines.append("")
    else:
        lines += [f"> {sentence(rng, 12, 20)}", ">", f"> — {_person(rng, 'Q', number)}", ""]
    lines += ["::: notes", f"Timing: {rng.randint(5, 20)} minutes.", f"Ask: {sentence(rng)}",
              sentence(rng), ":::", ""]
    return lines


def timeline(rng: random.Random, events: int, start_year: int) -> list[str]:
    """`events` dated items in shuffled order, some with a nested detail and a citation."""
    items = []
    for i in range(events):
        year = start_year + i * 40 // max(events, 1) + i // 40
        item = f"- {_date(rng, year, i)}: {sentence(rng, 5, 10, cite=i % 5 == 0)[:-1]}"
        if i % 4 == 0:
            item += f"\n  - {sentence(rng, 6, 12)}"
        items.append(item)
    rng.shuffle(items)
    return ["## Timeline", *items, ""]


def key_figures(rng: random.Random, rows: int, tag: str) -> list[str]:
    """The key-figures table, one person per row."""
    lines = ["## Key figures", "| Name | Role | Faction | Fate |", "| --- | --- | --- | --- |"]
    for i in range(rows):
        lines.append(f"| {_person(rng, tag, i)} | {words(rng, rng.randint(3, 8)).capitalize()} "
                     f"| {rng.choice(FACTIONS)} | {sentence(rng, 4, 9, cite=i % 7 == 0)[:-1]} |")
    return lines + [""]


def glossary(rng: random.Random, terms: int) -> list[str]:
    """`terms` bold terms with a definition each."""
    return (["## Glossary"]
            + [f"- **{words(rng, 2).title()} {i}**: {sentence(rng, 8, 14)}" for i in range(terms)]
            + [""])


def questions(rng: random.Random, count: int) -> list[str]:
    """Numbered questions: every third multiple choice, every one with a model answer."""
    lines = ["## Questions"]
    for i in range(1, count + 1):
        lines.append(f"{i}. {sentence(rng, 8, 14)[:-1]}?")
        pad = " " * len(f"{i}. ")  # nested items must start under the question's text
        if i % 3 == 1:
            right = rng.randint(0, 3)
            lines += [f"{pad}- [{'x' if j == right else ' '}] {words(rng, 3)}" for j in range(4)]
        lines.append(f"{pad}- Answer: {sentence(rng, 12, 24)}")
    return lines + [""]


def outline_text(seed: int, events: int = 15, rows: int = 10, tag: str = "G") -> str:
    """A complete outline; `events` and `rows` size the timeline and the key-figures table."""
    rng = random.Random(seed)
    lines = front_matter(rng, f"Topic {seed} — {words(rng, 3).title()}")
    lines += [" ".join(sentence(rng, cite=i == 1) for i in range(4)), "",
              " ".join(sentence(rng) for _ in range(3)), "", "## Learning objectives"]
    lines += [f"- {sentence(rng, 8, 14)}" for _ in range(4)] + [""]
    for number in range(1, 6):
        lines += content_section(rng, number)
    lines += timeline(rng, events, 1850 + seed % 50)
    lines += key_figures(rng, rows, f"{tag}{seed}-")
    lines += glossary(rng, 10) + questions(rng, 10)
    return "\n".join(lines)


def make_project(folder: Path, outlines: dict[str, str], pack: bool) -> Path:
    """A fresh project folder with these outlines (slug -> text) and a project file."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "outlines").mkdir(parents=True)
    for slug, text in outlines.items():
        (folder / "outlines" / f"{slug}.md").write_text(text, encoding="utf-8")
    (folder / "studyguide.toml").write_text(
        '[course]\ntitle = "Benchmark course"\n\n[build]\n'
        f'pack = {"true" if pack else "false"}\n', encoding="utf-8")
    return folder


def copy_shipped_project(repo: Path, folder: Path) -> Path:
    """A scratch copy of the repository's project: outlines/ and studyguide.toml."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copytree(repo / "outlines", folder / "outlines")
    shutil.copy2(repo / "studyguide.toml", folder / "studyguide.toml")
    return folder


def make_inputs(repo: Path, work: Path) -> dict[str, Path]:
    """Every project the workloads use, freshly written under `work`."""
    many = {f"{i:03d}-generated": outline_text(i) for i in range(1, 101)}
    return {
        "single": copy_shipped_project(repo, work / "single"),
        "rebuild": copy_shipped_project(repo, work / "rebuild"),
        "check": copy_shipped_project(repo, work / "check"),
        "typst": copy_shipped_project(repo, work / "typst"),
        "watch": copy_shipped_project(repo, work / "watch"),
        "many": make_project(work / "many", many, pack=False),
        "big": make_project(work / "big", {"big": outline_text(7, 1000, 500, "B")}, pack=False),
        "small": make_project(work / "small", {"ref": outline_text(7, 100, 50, "B")}, pack=False),
    }
