"""Loading ``quizzes/<slug>.yaml``, the question bank of course <slug>. Pure: no Flask, no SQL.

Format in CONTRACT.md ("Content formats"). A ``truefalse`` question has exactly the two options
"Sant" and "Usant", one of them correct.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.catalog.loader import SLUG, digest
from portal.catalog.yamltext import Fields, Located, Problems, YamlProblem, mapping_or_report, parse

TYPES = ("single", "multiple", "truefalse")
TRUE_FALSE = ("Sant", "Usant")
BANK_KEYS = {"pass_mark", "draw", "questions"}
QUESTION_KEYS = {"id", "type", "text", "options", "explanation"}
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

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "text": self.text,
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
    if not root.is_dir():
        problems.add(shown_root, 1, "folder not found")
        return []
    banks = []
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        shown = f"{shown_root}/{path.name}"
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
    try:
        raw = path.read_text(encoding="utf-8")
        located = parse(raw)
    except UnicodeDecodeError:
        problems.add(shown, 1, "not UTF-8 text")
        return None
    except YamlProblem as problem:
        problems.add(shown, problem.line, problem.message)
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
    if len(problems.items) > before:
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
    text = fields.text("text")
    explanation = fields.text("explanation")
    options = _options(fields, kind)
    if len(fields.problems.items) > before:
        return None
    return QuestionDef(
        id=qid, type=kind, text=text, options=tuple(options), explanation=explanation
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
        text, correct = option.text("text"), option.boolean("correct")
        if text is not None:
            if text in (o.text for o in options):
                option.report("text", f"the option {text!r} appears twice")
            options.append(OptionDef(text, correct))
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
