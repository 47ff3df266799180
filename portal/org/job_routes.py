"""A person's jobs from their page: an administrator, or a lead in their own units, adds a
job, changes one from a day on, or ends one; each through :mod:`portal.org.operations`."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import lead_required, require
from portal.clock import today
from portal.db import get_session
from portal.formatting import format_date
from portal.forms import add_error, choices, validated
from portal.org import jobs, operations, queries
from portal.org.forms import ChangeJobForm, EndJobForm, JobForm
from portal.org.models import Job, Person
from portal.org.policy import can_manage_job, can_manage_person
from portal.org.routes import bp, load_person
from portal.org.scope import scope_of

REASONS = {
    "before_start": lambda: _("Datoen kan ikke være før stillingens første dag."),
    "after_end": lambda: _("Datoen kan ikke være etter stillingens siste dag."),
    "ended": lambda: _("Stillingen er allerede avsluttet."),
    "unchanged": lambda: _("Velg en annen enhet, stilling eller stillingsprosent enn nå."),
}


def job_form(form_class: type[JobForm], job: Job | None = None) -> JobForm:
    """The form with the units this user may choose (a lead: their own) and the positions."""
    db = get_session()
    form = form_class(obj=job)
    units = queries.units_in(db, scope_of(current_user))
    form.unit_id.choices = choices((unit.id, unit.name) for unit in units)
    form.position_id.choices = choices((p.id, p.name) for p in queries.positions(db))
    if request.method == "GET":
        form.starts_on.data = today()
    return form


def job_data(form: JobForm) -> jobs.JobData:
    return jobs.JobData(
        unit_id=validated(form.unit_id.data),
        position_id=form.position_id.data,
        employment_percent=validated(form.employment_percent.data),
        starts_on=validated(form.starts_on.data),
    )


def load_job(person_id: int, job_id: int) -> tuple[Person, Job]:
    """The person and one of their jobs, which this user may manage."""
    person, job = load_person(person_id), web.get_or_404(Job, job_id)
    if job.person_id != person.id:
        abort(404)
    require(can_manage_job(current_user, person, job.unit_id, scope_of(current_user)))
    return person, job


def back_to(person: Person):
    return redirect(url_for("org.person", person_id=person.id))


def refused(form: JobForm | EndJobForm, error: operations.JobRefused) -> None:
    add_error(getattr(form, error.field), REASONS[error.reason]())


@bp.route("/<int:person_id>/jobs/new", methods=["GET", "POST"])
@lead_required
def new_job(person_id: int):
    person = load_person(person_id)
    # A lead gives a job to the people of their units, in their units (the form's choices).
    require(can_manage_person(current_user, person, scope_of(current_user)))
    form = job_form(JobForm)
    if form.validate_on_submit():
        operations.add_job(
            get_session(),
            actor_id=current_user.id,
            person=person,
            data=job_data(form),
            today=today(),
        )
        flash(_("Stillingen er lagt til for %(name)s.", name=person.name), "success")
        return back_to(person)
    return render_template("org/job_new.html", form=form, person=person), web.form_status(form)


@bp.route("/<int:person_id>/jobs/<int:job_id>/change", methods=["GET", "POST"])
@lead_required
def change_job(person_id: int, job_id: int):
    person, job = load_job(person_id, job_id)
    form = job_form(ChangeJobForm, job)
    if form.validate_on_submit():
        try:
            operations.change_job(
                get_session(),
                actor_id=current_user.id,
                person=person,
                job=job,
                data=job_data(form),
                today=today(),
            )
        except operations.JobRefused as error:
            refused(form, error)
        else:
            flash(_("Stillingen er endret for %(name)s.", name=person.name), "success")
            return back_to(person)
    return render_template(
        "org/job_change.html", form=form, person=person, job=job
    ), web.form_status(form)


@bp.route("/<int:person_id>/jobs/<int:job_id>/end", methods=["GET", "POST"])
@lead_required
def end_job(person_id: int, job_id: int):
    person, job = load_job(person_id, job_id)
    form = EndJobForm()
    if request.method == "GET":
        form.ends_on.data = today()
    if form.validate_on_submit():
        last_day = validated(form.ends_on.data)
        try:
            still_employed = operations.end_job(
                get_session(),
                actor_id=current_user.id,
                person=person,
                job=job,
                last_day=last_day,
                today=today(),
            )
        except operations.JobRefused as error:
            refused(form, error)
        else:
            flash(_("Stillingen er avsluttet for %(name)s.", name=person.name), "success")
            if not still_employed:
                flash(
                    _(
                        "Etter %(date)s har %(name)s ingen løpende stilling og dermed ingen "
                        "kompetansekrav.",
                        date=format_date(last_day),
                        name=person.name,
                    ),
                    "warning",
                )
            return back_to(person)
    only_current = not any(other.runs_on(today()) for other in person.jobs if other is not job)
    return render_template(
        "org/job_end.html", form=form, person=person, job=job, only_current=only_current
    ), web.form_status(form)
