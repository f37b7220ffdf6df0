"""Quiz versions: the questions of an outline in a shuffled order, each multiple-choice
question's options shuffled too, the same for the same seed.

Pure data, shared by the printed versions (render/worksheet) and the learning-platform
exports (render/lms). Version letters run A, B, C...; a version's key names, for each of its
questions, the letters of the correct options in that version's own option order.
"""

from __future__ import annotations

import random
import string

from studyguide.outline.model import Option, Outline, Question
from studyguide.records import record

MAX_VERSIONS = 26  # one letter each


@record
class VersionQuestion:
    """One question as it appears in a version: its place there and its options' order."""

    question: Question
    options: tuple[Option, ...]

    @property
    def key(self) -> str:
        """The letters of the correct options in this order ('' for an open question)."""
        return "".join(string.ascii_lowercase[i] for i, o in enumerate(self.options)
                       if o.correct)


@record
class Version:
    label: str  # "A", "B", ...
    questions: tuple[VersionQuestion, ...]


def quiz_versions(outline: Outline, count: int, seed: int) -> tuple[Version, ...]:
    """`count` versions of the outline's questions. The random generator is seeded from the
    seed and the outline's slug only, so a rebuild makes the same versions. When a question
    set can be reordered at all, no version repeats the order of the one before it."""
    count = max(1, min(count, MAX_VERSIONS))
    rng = random.Random(f"{seed}:{outline.slug}")
    versions: list[Version] = []
    previous: list[int] | None = None
    for index in range(count):
        order = list(range(len(outline.questions)))
        for _ in range(20):  # a different order from the previous version, when there is one
            rng.shuffle(order)
            if previous is None or order != previous or len(order) < 2:
                break
        previous = order
        questions = []
        for position in order:
            question = outline.questions[position]
            options = list(question.options)
            rng.shuffle(options)
            questions.append(VersionQuestion(question, tuple(options)))
        versions.append(Version(string.ascii_uppercase[index], tuple(questions)))
    return tuple(versions)
