"""The quiz of a course: one open attempt per person, graded once, and its result."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import employee_required
from portal.catalog import queries
from portal.clock import expiring_window, today
from portal.competence.gaps import is_met
from portal.db import get_session
from portal.quiz import grading, operations
from portal.quiz.models import QuizAttempt

bp = Blueprint("quiz", __name__, template_folder="templates", url_prefix="/courses")

#: Attempts per person and course per day, unless ``QUIZ_ATTEMPTS_PER_DAY`` says otherwise.
DEFAULT_ATTEMPTS_PER_DAY = 3


def attempts_per_day() -> int:
    return int(current_app.config.get("QUIZ_ATTEMPTS_PER_DAY", DEFAULT_ATTEMPTS_PER_DAY))


@bp.get("/<slug>/quiz")
@employee_required
def take(slug: str):
    """Show the open attempt; the first visit draws it (a reload shows the same questions)."""
    db = get_session()
    course = queries.course_or_404(db, slug)
    try:
        attempt = operations.open_attempt(
            db, person=current_user, course=course, today=today(), per_day=attempts_per_day()
        )
    except operations.QuizError as error:
        web.discard_changes()
        return render_template(
            "quiz/unavailable.html", course=course, message=str(error), resume=_first_unread(course)
        )
    return render_template(
        "quiz/take.html", course=course, attempt=attempt, answers={}, error=None, flagged=()
    )


@bp.post("/<slug>/quiz")
@employee_required
def submit(slug: str):
    db = get_session()
    course = queries.course_or_404(db, slug)
    attempt_id = request.form.get("attempt", "")
    attempt = db.get(QuizAttempt, int(attempt_id)) if grading.is_small_number(attempt_id) else None
    if attempt is None or attempt.person_id != current_user.id or attempt.course_id != course.id:
        return _unsubmittable(course, _("Forsøket finnes ikke. Åpne testen på nytt."))
    form = {key: request.form.getlist(key) for key in request.form}
    try:
        operations.submit_attempt(
            db,
            person=current_user,
            attempt=attempt,
            form=form,
            today=today(),
            window=expiring_window(),
        )
    except operations.AlreadySubmitted:
        web.discard_changes()
        return redirect(url_for("quiz.result", slug=slug, attempt_id=attempt.id))
    except grading.AnswerError as error:
        answers = {key[2:]: values for key, values in form.items() if key.startswith("q-")}
        return render_template(
            "quiz/take.html",
            course=course,
            attempt=attempt,
            answers=answers,
            error=str(error),
            flagged=error.question_ids,
        ), 422
    except operations.NotEligible as error:
        return _unsubmittable(course, str(error))
    return redirect(url_for("quiz.result", slug=slug, attempt_id=attempt.id))


def _next_required(db, course):
    """The first course still required of the person, by due date, after this one."""
    required = queries.catalogue(db, current_user, today(), expiring_window())["required"]
    return next(
        (
            row.course
            for row in required
            if row.course.id != course.id and row.gap is not None and not is_met(row.gap)
        ),
        None,
    )


def _unsubmittable(course, message: str):
    return render_template(
        "quiz/unavailable.html", course=course, message=message, resume=_first_unread(course)
    ), 422


def _first_unread(course):
    read = queries.read_lesson_ids(get_session(), current_user.id, course.id)
    return next((lesson for lesson in course.lessons if lesson.id not in read), None)


@bp.get("/<slug>/quiz/<int:attempt_id>")
@employee_required
def result(slug: str, attempt_id: int):
    db = get_session()
    course = queries.course_or_404(db, slug)
    attempt = db.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.course_id != course.id or attempt.person_id != current_user.id:
        abort(404)
    if not attempt.is_submitted:
        return redirect(url_for("quiz.take", slug=slug))
    answers = attempt.answers
    assert answers is not None  # stored in the same update that marks the attempt submitted
    rows = [
        (
            question,
            answers.get(question["id"], []),
            grading.is_right(question, answers.get(question["id"], [])),
        )
        for question in attempt.questions
    ]
    certificate = None
    if attempt.record_id is not None:
        from portal.certificates.queries import certificate_of_record

        certificate = certificate_of_record(db, attempt.record_id)
    return render_template(
        "quiz/result.html",
        course=course,
        attempt=attempt,
        rows=rows,
        lessons={lesson.slug: lesson for lesson in course.lessons},
        certificate=certificate,
        next_course=_next_required(db, course) if attempt.is_passed else None,
        attempts_left=max(
            0,
            attempts_per_day() - operations.attempts_today(db, current_user.id, course.id, today()),
        ),
    )
