"""Other tools' Markdown -> studyguide's: front matter, notes, and what no output can show.

Obsidian, Marp, Slidev, Quarto, xaringan, Carpentries and course-site files differ mostly in
a few constructs, rewritten here line by line (outside code fences):
* front matter: `title` and `subtitle` are kept, every other key is reported and dropped;
* teacher-only text: `???` (xaringan, to the next `---`), `<!-- comments -->` (Marp, Slidev),
  `::: instructor`, `::: solution` and Quarto's `::: {.notes}` become `::: notes`;
* Carpentries' other blocks (`::: challenge`, `::: callout` ...) lose their fence, keep text
  (with the box's name as a bold label for `questions`, `objectives`, `keypoints` ...);
* `[[wikilinks]]` become their text, `{: attr}` / `{.class}` and Liquid or Hugo tags are
  removed, `<br>` on its own line becomes a blank line.
Every rewrite is a remark for the report.
"""

from __future__ import annotations

import re

import yaml

from studyguide.importer.source import Source

MAX_FRONT_MATTER = 64 * 1024
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CONTAINER = re.compile(r"^\s{0,3}(:{3,})\s*(\{?\s*\.?([A-Za-z][\w-]*)[^}]*\}?)?\s*$")
_TEACHER = {"notes", "instructor", "instructor-note", "instructor-notes", "speaker",
            "speaker-notes", "teacher", "solution", "answer", "hint"}
_LABELS = {"questions": "Questions", "objectives": "Objectives", "keypoints": "Key points",
           "challenge": "Challenge", "discussion": "Discussion", "prereq": "Prerequisite",
           "checklist": "Checklist", "testimonial": "Testimonial", "caution": "Caution"}
_WIKILINK = re.compile(r"!?\[\[([^\]|#\n]{1,200})(?:#[^\]|\n]{0,200})?(?:\|([^\]\n]{1,200}))?\]\]")
_ATTRS = re.compile(r"\s*\{:[^}\n]{0,200}\}|\s*\{[#.][\w-][^}\n]{0,200}\}")
_TAGS = re.compile(r"\{%[^\n]{0,200}?%\}|\{\{<[^\n]{0,200}?>\}\}|\{\{%[^\n]{0,200}?%\}\}")
_PROPERTY = re.compile(r"^(?:layout|class|name|background(?:-image|-size)?|image|transition|"
                       r"clicks|level|hideInToc|exclude|count|template|src|preload|title|"
                       r"background-position|seal|ratio)\s*:.*$")
_BREAK = re.compile(r"^\s*(?:<br\s*/?>\s*)+$", re.IGNORECASE)
_COMMENT_LINE = re.compile(r"^\s*<!--(.*?)-->\s*$")
_DIRECTIVE = re.compile(  # Marp and Slidev directives, or a single word
    r"^\s*[_.]?(?:theme|paginate|header|footer|class|backgroundColor|backgroundImage|color|"
    r"size|marp|style|headingDivider|math|lang|transition|layout|level|clicks)\s*:.*$|"
    r"^\s*[_.]?[\w-]+\s*$")


def read_markdown(text: str) -> Source:
    """A Markdown file in any of the dialects above, as studyguide Markdown."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    source = Source("")
    body = _front_matter(text, source)
    source.text = (source.text + "\n".join(_rewrite(body.split("\n"), source))).strip() + "\n"
    return source


def _front_matter(text: str, source: Source) -> str:
    """Take the front matter out; keep its title and subtitle."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    end = next((i for i in range(1, min(len(lines), 2000)) if lines[i].strip() in ("---",
                                                                                  "...")), None)
    if end is None:
        return text
    yaml_text = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(yaml_text) if len(yaml_text) <= MAX_FRONT_MATTER else None
    except yaml.YAMLError:
        data = None
        source.remarks.append("the front matter is not valid YAML and was left out")
    if isinstance(data, dict):
        for key in ("title", "subtitle"):
            value = data.get(key)
            if isinstance(value, (str, int, float)) and str(value).strip():
                setattr(source, key, " ".join(str(value).split()))
        summary = next((data[k] for k in ("abstract", "description", "summary")
                        if isinstance(data.get(k), str) and data[k].strip()), "")
        if summary:  # what the notes are about is text a reader should see: the intro
            source.text = " ".join(summary.split()) + "\n\n"
        dropped = [str(k) for k in data if k not in ("title", "subtitle", "abstract",
                                                      "description", "summary")]
        if dropped:
            source.remarks.append("front-matter keys left out: " + ", ".join(dropped[:12]))
    return "\n".join(lines[end + 1:])


def _slide_properties(lines: list[str], source: Source) -> list[str]:
    """Slidev's per-slide front matter (`---` `layout: center` `---`) and xaringan's slide
    properties (`class: center, middle` just after `---`) are layout, not text: removed."""
    out: list[str] = []
    i, removed = 0, 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and _PROPERTY.match(lines[i]):
        lines = ["---"] + lines[i:]  # xaringan: the first slide's properties open the body
        i = 0
    while i < len(lines):
        if lines[i].strip() == "---":
            j = i + 1
            while j < len(lines) and j - i <= 12 and _PROPERTY.match(lines[j]):
                j += 1
            if j > i + 1 and j < len(lines) and lines[j].strip() == "---":
                out.append("---")  # Slidev: `---` properties `---` is one slide break
                i, removed = j + 1, removed + 1
                continue
            if j > i + 1 and (j >= len(lines) or not lines[j].strip()):
                out.append("---")  # xaringan: properties after the break, then a blank line
                i, removed = j, removed + 1
                continue
        out.append(lines[i])
        i += 1
    if removed:
        source.remarks.append(f"slide layout properties left out on {removed} slide(s)")
    return out


def _rewrite(lines: list[str], source: Source) -> list[str]:
    lines = _slide_properties(lines, source)
    out: list[str] = []
    fenced = False
    presenter = False  # inside xaringan `???` notes, until the next `---`
    stack: list[bool] = []  # open `:::` blocks: True for one rewritten as `::: notes`
    counts: dict[str, int] = {}
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        stripped = line.strip()
        if presenter and (stripped == "---" or stripped.startswith("#")):
            out += [":::", ""]
            presenter = False
        if stripped == "???" and not presenter and not stack:
            out += ["", "::: notes"]
            presenter = True
            counts["'???' speaker notes"] = counts.get("'???' speaker notes", 0) + 1
            continue
        if match := _CONTAINER.match(line):
            closing = match.group(2) is None
            if closing and stack:
                if stack.pop():
                    out.append(":::")
                continue
            name = (match.group(3) or "").casefold()
            if name in _TEACHER:
                if any(stack):  # notes inside notes: one block is enough
                    stack.append(False)
                    continue
                stack.append(True)
                out.append("::: notes")
                if name in ("solution", "answer", "hint"):
                    out.append(f"**{name.capitalize()}:**")
                    out.append("")
                counts[f"'::: {name}'"] = counts.get(f"'::: {name}'", 0) + 1
            else:
                stack.append(False)
                if name in _LABELS:  # a Carpentries box keeps its name as a label
                    out += ["", f"**{_LABELS[name]}**", ""]
                if name:
                    counts[f"'::: {name}' (fence removed)"] = counts.get(
                        f"'::: {name}' (fence removed)", 0) + 1
            continue
        out.append(_inline(line, counts) if not _BREAK.match(line) else "")
    if presenter:
        out.append(":::")
    out += [":::" for kept in stack if kept]
    out = _comments(out, counts)
    for what, n in counts.items():
        source.remarks.append(f"{what}: {n} rewritten" if n > 1 else f"{what}: rewritten")
    return out


def _inline(line: str, counts: dict[str, int]) -> str:
    """Wikilinks to their text; attribute lists and template tags removed."""
    new = _WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), line)
    if new != line:
        counts["wikilinks"] = counts.get("wikilinks", 0) + 1
    newer = _TAGS.sub("", _ATTRS.sub("", new))
    if newer != new:
        counts["attribute lists and template tags"] = counts.get(
            "attribute lists and template tags", 0) + 1
        if not newer.strip():
            return ""
    return newer


def _comments(lines: list[str], counts: dict[str, int]) -> list[str]:
    """A one-line `<!-- comment -->` that is not a Marp directive is a speaker note."""
    out: list[str] = []
    for line in lines:
        match = _COMMENT_LINE.match(line)
        if match is None:
            out.append(line)
            continue
        body = " ".join(match.group(1).split())
        if body and not _DIRECTIVE.match(body):
            out += ["", "::: notes", body, ":::", ""]
            counts["HTML comments as speaker notes"] = counts.get(
                "HTML comments as speaker notes", 0) + 1
    return out
