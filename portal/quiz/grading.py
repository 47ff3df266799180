"""Drawing an attempt, reading the submitted answers, and grading. Pure: no Flask, no SQL.

An attempt is a list of questions as dicts (``id``, ``type``, ``text``, ``explanation``,
``options`` in the order shown, each ``{"text", "correct"}``). Answers are the positions of the
chosen options in that order. A ``multiple`` question is right only with all and only its
correct options chosen.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flask_babel import gettext as _

Question = Mapping[str, Any]


class AnswerError(ValueError):
    """The answers cannot be graded: a question is unanswered, or an answer is forged."""

    def __init__(self, message: str, question_ids: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.question_ids = tuple(question_ids)


def draw(
    bank: Sequence[Question],
    count: int,
    rng: random.Random,
    shown_last: Collection[str] = (),
) -> list[dict[str, Any]]:
    """``count`` questions of ``bank`` in random order, each with its options shuffled; those
    not ``shown_last`` (the previous attempt's) first, so a retake tests rather than repeats.

    True/false keeps "Sant" before "Usant": shuffling two fixed words only confuses.
    """
    fresh = [question for question in bank if question["id"] not in shown_last]
    seen = [question for question in bank if question["id"] in shown_last]
    chosen = rng.sample(fresh, min(count, len(fresh)))
    chosen += rng.sample(seen, count - len(chosen))
    rng.shuffle(chosen)
    drawn = []
    for question in chosen:
        options = [dict(option) for option in question["options"]]
        if question["type"] != "truefalse":
            rng.shuffle(options)
        drawn.append({**question, "options": options})
    return drawn


def field_name(question: Question) -> str:
    return f"q-{question['id']}"


def parse_answers(
    questions: Sequence[Question], form: Mapping[str, Sequence[str]]
) -> dict[str, list[int]]:
    """The chosen option positions per question id, from the submitted form's values.

    :param form: field name → every value submitted under it
    :raise AnswerError: if a question is unanswered, or a value names no option of the question
        or a single-answer question got more than one
    """
    answers: dict[str, list[int]] = {}
    missing: list[str] = []
    for question in questions:
        values = list(form.get(field_name(question), ()))
        if not values:
            missing.append(question["id"])
            continue
        chosen: set[int] = set()
        for value in values:
            if not is_small_number(value) or int(value) >= len(question["options"]):
                raise AnswerError(
                    _("Svaret på et spørsmål var ikke et av alternativene."), [question["id"]]
                )
            chosen.add(int(value))
        if question["type"] != "multiple" and len(chosen) != 1:
            raise AnswerError(
                _("Et spørsmål med ett riktig svar fikk flere svar."), [question["id"]]
            )
        answers[question["id"]] = sorted(chosen)
    if missing:
        raise AnswerError(_("Svar på alle spørsmålene før du leverer."), missing)
    return answers


@dataclass(frozen=True)
class Outcome:
    score: int
    total: int
    is_passed: bool
    wrong: frozenset[str]


def is_right(question: Question, chosen: Sequence[int]) -> bool:
    correct = {i for i, option in enumerate(question["options"]) if option.get("correct")}
    return set(chosen) == correct


def grade(
    questions: Sequence[Question], answers: Mapping[str, Sequence[int]], pass_mark: float
) -> Outcome:
    """Score the answers; passed when the share right is at least ``pass_mark``.

    The share is compared exactly (8 of 10 passes at 0.8), without floating-point rounding.
    """
    wrong = frozenset(q["id"] for q in questions if not is_right(q, answers.get(q["id"], ())))
    total = len(questions)
    score = total - len(wrong)
    is_passed = total > 0 and Fraction(score, total) >= Fraction(str(pass_mark))
    return Outcome(score=score, total=total, is_passed=is_passed, wrong=wrong)


def is_small_number(text: str) -> bool:
    """Plain ASCII digits that make an id or an index (``str.isdigit`` would also pass "²",
    and digit strings too long to convert)."""
    return re.fullmatch(r"[0-9]{1,9}", text) is not None
