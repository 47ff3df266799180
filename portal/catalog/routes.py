"""The catalogue, course overviews, lessons, progress, and requiring a new course version."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import admin_required, employee_required
from portal.catalog import operations, queries
from portal.catalog.forms import RequireVersionForm
from portal.catalog.progress import remaining_minutes, test_out_case
from portal.clock import expiring_window, today
from portal.competence.queries import counting_records, held_of
from portal.content import REVIEW_EVERY_MONTHS
from portal.db import get_session
from portal.formatting import format_date
from portal.forms import add_error, validated

bp = Blueprint("catalog", __name__, template_folder="templates", url_prefix="/courses")


@bp.get("/")
@employee_required
def index():
    groups = queries.catalogue(get_session(), current_user, today(), expiring_window())
    return render_template("catalog/index.html", groups=groups)


@bp.get("/review")
@admin_required
def review():
    """The content owner's list: which lessons to check against the law first."""
    lessons = queries.lessons_by_review_date(get_session(), today())
    return render_template(
        "catalog/review.html",
        lessons=lessons,
        due=sum(1 for item in lessons if item.is_due),
        every_months=REVIEW_EVERY_MONTHS,
    )


@bp.get("/<slug>/")
@employee_required
def course(slug: str):
    db = get_session()
    course = queries.course_or_404(db, slug)
    read = queries.read_lesson_ids(db, current_user.id, course.id)
    record = counting_records(db, current_user.id).get(course.competence_id)
    progress = queries.progress_of(db, current_user, course, today(), record)
    resume = next((lesson for lesson in course.lessons if lesson.id not in read), None)
    case = test_out_case(held_of(record), today())
    return render_template(
        "catalog/course.html",
        may_skip=case in course.test_out_rule,
        case=case,
        lessons_first=queries.lessons_required_reason(case),
        course=course,
        read=read,
        progress=progress,
        resume=resume,
        record=record,
        remaining=remaining_minutes(course.minutes, len(read), len(course.lessons)),
    )


def _load_lesson(slug: str, lesson_slug: str):
    db = get_session()
    course = queries.course_or_404(db, slug)
    return db, course, queries.lesson_or_404(course, lesson_slug)


@bp.get("/<slug>/<lesson_slug>")
@employee_required
def lesson(slug: str, lesson_slug: str):
    db, course, lesson = _load_lesson(slug, lesson_slug)
    index = course.lessons.index(lesson)
    read = queries.read_lesson_ids(db, current_user.id, course.id)
    return render_template(
        "catalog/lesson.html",
        course=course,
        lesson=lesson,
        is_read=lesson.id in read,
        previous=course.lessons[index - 1] if index > 0 else None,
        next=course.lessons[index + 1] if index + 1 < len(course.lessons) else None,
        position=index + 1,
    )


@bp.post("/<slug>/<lesson_slug>/read")
@employee_required
def mark_read(slug: str, lesson_slug: str):
    db, course, lesson = _load_lesson(slug, lesson_slug)
    operations.mark_read(db, person_id=current_user.id, lesson=lesson)
    index = course.lessons.index(lesson)
    if index + 1 < len(course.lessons):
        return redirect(
            url_for("catalog.lesson", slug=slug, lesson_slug=course.lessons[index + 1].slug)
        )
    read = queries.read_lesson_ids(db, current_user.id, course.id)
    if len(read) >= len(course.lessons):
        flash(_("Du har lest alle leksjonene. Nå kan du ta testen."), "success")
        return redirect(url_for("quiz.take", slug=slug))
    flash(_("Leksjonen er markert som lest. Du har fortsatt uleste leksjoner."), "info")
    return redirect(url_for("catalog.course", slug=slug))


@bp.route("/<slug>/version", methods=["GET", "POST"])
@admin_required
def require_version(slug: str):
    db = get_session()
    course = queries.course_or_404(db, slug)
    form = RequireVersionForm()
    if form.validate_on_submit():
        by = validated(form.by.data)
        if by < today():
            add_error(form.by, _("Fristen kan ikke være før i dag."))
        else:
            corrections = operations.require_version(
                db, actor_id=current_user.id, course=course, by=by
            )
            flash(
                _(
                    "Alle må ta versjon %(version)d innen %(date)s. %(count)d registreringer "
                    "av eldre versjoner har fått ny utløpsdato.",
                    version=course.version,
                    date=format_date(form.by.data),
                    count=len(corrections),
                ),
                "success",
            )
            return redirect(url_for("catalog.course", slug=slug))
    older = operations.older_version_records(db, course)
    return render_template(
        "catalog/version.html", course=course, form=form, older=older
    ), web.form_status(form)
