"""Loading ``quizzes/<slug>.yaml``, the question bank of course <slug>. Pure: no Flask, no SQL.

Format in CONTRACT.md ("Content formats"). A ``truefalse`` question has exactly the two options
"Sant" and "Usant", one of them correct.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.content.files import SLUG, digest, entries, parse_or_report, read_text
from portal.content.yamltext import Fields, Located, Problems, mapping_or_report

TYPES = ("single", "multiple", "truefalse")
TRUE_FALSE = ("Sant", "Usant")
BANK_KEYS = {"pass_mark", "draw", "questions"}
QUESTION_KEYS = {"id", "type", "lesson", "text", "options", "explanation"}
OPTION_KEYS = {"text", "correct"}


@dataclass(frozen=True)
class OptionDef:
    text: str
    is_correct: bool


@dataclass(frozen=True)
class QuestionDef:
    id: str
    type: str
    text: str
    options: tuple[OptionDef, ...]
    explanation: str
    lesson: str | None = None  # the slug of the lesson that teaches it
    line: int = 1  # where the question names its lesson, for reporting a wrong one

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "text": self.text,
            "lesson": self.lesson,
            "explanation": self.explanation,
            "options": [{"text": o.text, "correct": o.is_correct} for o in self.options],
        }


@dataclass(frozen=True)
class BankDef:
    slug: str
    pass_mark: float
    draw: int
    questions: tuple[QuestionDef, ...]
    content_hash: str


def load_banks(root: Path, problems: Problems, shown_root: str = "quizzes") -> list[BankDef]:
    """Every ``*.yaml`` bank in ``root`` (the ``quizzes/`` folder), in slug order."""
    banks = []
    for path, shown in entries(root, problems, shown_root):
        if path.is_dir():
            continue
        if path.suffix != ".yaml":
            problems.add(shown, 1, "a question bank is named <course slug>.yaml")
            continue
        bank = load_bank(path, problems, shown)
        if bank is not None:
            banks.append(bank)
    return banks


def load_bank(path: Path, problems: Problems, shown: str) -> BankDef | None:
    before = len(problems.items)
    if not SLUG.match(path.stem):
        problems.add(shown, 1, "the file name must be the course's slug")
    raw = read_text(path, shown, problems)
    located = parse_or_report(raw, shown, problems) if raw is not None else None
    if raw is None or located is None:
        return None
    data = mapping_or_report(located.data, located, (), shown, problems, "a question bank")
    if data is None:
        return None
    fields = Fields(data, located, (), shown, problems)
    fields.unknown(BANK_KEYS)
    pass_mark = data.get("pass_mark")
    if (
        isinstance(pass_mark, bool)
        or not isinstance(pass_mark, int | float)
        or not 0 < pass_mark <= 1
    ):
        fields.report(
            "pass_mark" if "pass_mark" in data else None,
            "'pass_mark' must be a number above 0 and at most 1",
        )
    draw = fields.integer("draw")
    questions = _questions(data.get("questions"), located, shown, problems)
    if draw is not None and questions and draw > len(questions):
        fields.report(
            "draw", f"'draw' is {draw}, but the bank has only {len(questions)} question(s)"
        )
    # A required value left None has been reported, so the first test alone decides.
    if len(problems.items) > before or pass_mark is None or draw is None:
        return None
    return BankDef(
        slug=path.stem,
        pass_mark=float(pass_mark),
        draw=draw,
        questions=tuple(questions),
        content_hash=digest(raw),
    )


def _questions(value: Any, located: Located, shown: str, problems: Problems) -> list[QuestionDef]:
    if not isinstance(value, list) or not value:
        problems.add(shown, located.line("questions"), "'questions' must be a non-empty list")
        return []
    questions: list[QuestionDef] = []
    ids: dict[str, int] = {}
    for index, item in enumerate(value):
        at = ("questions", index)
        data = mapping_or_report(item, located, at, shown, problems, "a question")
        if data is None:
            continue
        question = _question(Fields(data, located, at, shown, problems), ids)
        if question is not None:
            questions.append(question)
    return questions


def _question(fields: Fields, ids: dict[str, int]) -> QuestionDef | None:
    before = len(fields.problems.items)
    fields.unknown(QUESTION_KEYS)
    qid = fields.text("id")
    if qid is not None:
        line = fields.located.line(*fields.at, "id")
        if qid in ids:
            fields.report("id", f"question id {qid!r} is already used on line {ids[qid]}")
        ids.setdefault(qid, line)
    kind = fields.text("type")
    if kind is not None and kind not in TYPES:
        fields.report("type", f"'type' must be one of {', '.join(TYPES)}")
    lesson = fields.text("lesson")
    text = fields.text("text")
    explanation = fields.text("explanation")
    options = _options(fields, kind)
    # A required value left None has been reported, so the first test alone decides.
    if (
        len(fields.problems.items) > before
        or qid is None
        or kind is None
        or text is None
        or explanation is None
    ):
        return None
    return QuestionDef(
        id=qid,
        type=kind,
        text=text,
        options=tuple(options),
        explanation=explanation,
        lesson=lesson,
        line=fields.located.line(*fields.at, "lesson"),
    )


def _options(fields: Fields, kind: str | None) -> list[OptionDef]:
    value = fields.mapping.get("options")
    if not isinstance(value, list) or len(value) < 2:
        fields.report(
            "options" if "options" in fields.mapping else None,
            "'options' must be a list of at least two options",
        )
        return []
    options: list[OptionDef] = []
    for index, item in enumerate(value):
        at = (*fields.at, "options", index)
        data = mapping_or_report(
            item, fields.located, at, fields.file, fields.problems, "an option"
        )
        if data is None:
            continue
        option = Fields(data, fields.located, at, fields.file, fields.problems)
        option.unknown(OPTION_KEYS)
        text, is_correct = option.text("text"), option.boolean("correct")
        if text is not None:
            if text in (o.text for o in options):
                option.report("text", f"the option {text!r} appears twice")
            options.append(OptionDef(text, is_correct))
    correct = sum(o.is_correct for o in options)
    if correct == 0:
        fields.report("options", "no option is marked 'correct: true'")
    elif kind in ("single", "truefalse") and correct != 1:
        fields.report(
            "options", f"a {kind!r} question has exactly one correct option, not {correct}"
        )
    if kind == "truefalse" and tuple(o.text for o in options) != TRUE_FALSE:
        fields.report(
            "options",
            'a \'truefalse\' question has exactly the options "Sant" and "Usant", in that order',
        )
    return options
