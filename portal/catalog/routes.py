"""The catalogue, course overviews, lessons, progress, and requiring a new course version."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_pgettext
from flask_login import current_user, login_required

from portal import web
from portal.authz import admin_required
from portal.catalog import operations, queries
from portal.catalog.cli import content_group
from portal.catalog.forms import RequireVersionForm
from portal.catalog.progress import remaining_minutes
from portal.catalog.render import as_markup
from portal.clock import expiring_window, today
from portal.db import get_session
from portal.home import panels

bp = Blueprint("catalog", __name__, template_folder="templates", url_prefix="/courses")


@bp.record_once
def _setup(state) -> None:
    # "Kurs" is one course and many; English needs to know which: the catalogue is many.
    web.add_nav(state.app, "catalog.index", lazy_pgettext("katalog", "Kurs"), order=10)
    state.app.cli.add_command(content_group)
    state.app.jinja_env.filters["stored_html"] = as_markup
    from portal.catalog.panel import todo_panel

    panels.register(state.app, todo_panel, order=10)


@bp.get("/")
@login_required
def index():
    groups = queries.catalogue(get_session(), current_user, today(), expiring_window())
    return render_template("catalog/index.html", groups=groups)


@bp.get("/<slug>/")
@login_required
def course(slug: str):
    db = get_session()
    course = queries.course_or_404(db, slug)
    read = queries.read_lesson_ids(db, current_user.id, course.id)
    record = queries.best_records(db, current_user.id).get(course.competence_id)
    progress = queries.progress_of(db, current_user, course, today(), record)
    resume = next((lesson for lesson in course.lessons if lesson.id not in read), None)
    return render_template(
        "catalog/course.html",
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
@login_required
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
@login_required
def mark_read(slug: str, lesson_slug: str):
    db, course, lesson = _load_lesson(slug, lesson_slug)
    operations.mark_read(db, person_id=current_user.id, lesson=lesson)
    db.commit()
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
        if form.by.data < today():
            form.by.errors.append(_("Fristen kan ikke være før i dag."))
        else:
            corrections = operations.require_version(
                db, actor_id=current_user.id, course=course, by=form.by.data
            )
            db.commit()
            flash(
                _(
                    "Alle må ta versjon %(version)d innen %(date)s. %(count)d registreringer "
                    "av eldre versjoner har fått ny utløpsdato.",
                    version=course.version,
                    date=form.by.data.strftime("%d.%m.%Y"),
                    count=len(corrections),
                ),
                "success",
            )
            return redirect(url_for("catalog.course", slug=slug))
    older = operations.older_version_records(db, course)
    return render_template("catalog/version.html", course=course, form=form, older=older), (
        422 if form.errors else 200
    )
