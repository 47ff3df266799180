"""Drawing, reading answers and grading: pure, table-driven."""

from __future__ import annotations

import random

import pytest

from portal.quiz import grading

SINGLE = {
    "id": "s",
    "type": "single",
    "text": "?",
    "explanation": "",
    "options": [
        {"text": "a", "correct": True},
        {"text": "b", "correct": False},
        {"text": "c", "correct": False},
    ],
}
MULTIPLE = {
    "id": "m",
    "type": "multiple",
    "text": "?",
    "explanation": "",
    "options": [
        {"text": "a", "correct": True},
        {"text": "b", "correct": True},
        {"text": "c", "correct": False},
    ],
}
TRUEFALSE = {
    "id": "t",
    "type": "truefalse",
    "text": "?",
    "explanation": "",
    "options": [{"text": "Sant", "correct": False}, {"text": "Usant", "correct": True}],
}
QUESTIONS = [SINGLE, MULTIPLE, TRUEFALSE]


@pytest.mark.parametrize(
    ("question", "chosen", "right"),
    [
        (SINGLE, [0], True),
        (SINGLE, [1], False),
        (MULTIPLE, [0, 1], True),
        (MULTIPLE, [0], False),  # not all of the correct ones
        (MULTIPLE, [0, 1, 2], False),  # and only the correct ones
        (TRUEFALSE, [1], True),
        (TRUEFALSE, [0], False),
        (SINGLE, [], False),
    ],
)
def test_is_right(question, chosen, right):
    assert grading.is_right(question, chosen) is right


@pytest.mark.parametrize(
    ("answers", "pass_mark", "score", "passed"),
    [
        ({"s": [0], "m": [0, 1], "t": [1]}, 1.0, 3, True),
        ({"s": [0], "m": [0], "t": [1]}, 0.8, 2, False),
        ({"s": [0], "m": [0], "t": [1]}, 0.66, 2, True),
        ({"s": [1], "m": [0], "t": [0]}, 0.1, 0, False),
    ],
)
def test_grade(answers, pass_mark, score, passed):
    outcome = grading.grade(QUESTIONS, answers, pass_mark)
    assert (outcome.score, outcome.total, outcome.is_passed) == (score, 3, passed)
    assert len(outcome.wrong) == 3 - score


def test_eight_of_ten_passes_at_point_eight_exactly():
    questions = [dict(SINGLE, id=str(i)) for i in range(10)]
    answers = {str(i): [0] if i < 8 else [1] for i in range(10)}
    assert grading.grade(questions, answers, 0.8).is_passed
    answers["7"] = [1]
    assert not grading.grade(questions, answers, 0.8).is_passed


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"q-s": ["0"], "q-m": ["0"]}, "Svar på alle spørsmålene"),
        ({"q-s": ["9"], "q-m": ["0"], "q-t": ["0"]}, "ikke et av alternativene"),
        ({"q-s": ["x"], "q-m": ["0"], "q-t": ["0"]}, "ikke et av alternativene"),
        ({"q-s": ["-1"], "q-m": ["0"], "q-t": ["0"]}, "ikke et av alternativene"),
        ({"q-s": ["0", "1"], "q-m": ["0"], "q-t": ["0"]}, "fikk flere svar"),
        ({"q-s": ["0"], "q-m": ["0"], "q-t": ["0", "1"]}, "fikk flere svar"),
    ],
)
def test_forged_or_missing_answers_are_refused(form, message):
    with pytest.raises(grading.AnswerError, match=message):
        grading.parse_answers(QUESTIONS, form)


def test_parse_answers_reads_every_question():
    form = {"q-s": ["0"], "q-m": ["1", "0", "1"], "q-t": ["1"], "other": ["x"]}
    assert grading.parse_answers(QUESTIONS, form) == {"s": [0], "m": [0, 1], "t": [1]}


def test_draw_takes_count_questions_and_keeps_true_false_in_order():
    bank = [dict(SINGLE, id=str(i)) for i in range(20)] + [TRUEFALSE]
    drawn = grading.draw(bank, 21, random.Random(4))
    assert sorted(q["id"] for q in drawn) == sorted(q["id"] for q in bank)
    assert next(q for q in drawn if q["id"] == "t")["options"] == TRUEFALSE["options"]
    assert len(grading.draw(bank, 5, random.Random(1))) == 5
    # shuffling works on copies: the bank is never changed
    assert bank[0]["options"] == SINGLE["options"]


@pytest.mark.parametrize("seed", range(5))
def test_draw_prefers_questions_the_last_attempt_did_not_show(seed):
    bank = [dict(SINGLE, id=str(i)) for i in range(15)]
    shown = {str(i) for i in range(10)}
    drawn = {q["id"] for q in grading.draw(bank, 10, random.Random(seed), shown_last=shown)}
    # the five not shown, and five of the shown to make up the ten
    assert {str(i) for i in range(10, 15)} <= drawn
    assert len(drawn) == 10


def test_draw_from_a_bank_with_room_repeats_nothing():
    bank = [dict(SINGLE, id=str(i)) for i in range(20)]
    shown = {str(i) for i in range(10)}
    drawn = {q["id"] for q in grading.draw(bank, 10, random.Random(2), shown_last=shown)}
    assert drawn.isdisjoint(shown)
