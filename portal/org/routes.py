"""People: the list, a person's page, creating and changing people, CSV import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import admin_required, employee_required, lead_required, require
from portal.clock import today
from portal.db import get_session, page_of
from portal.forms import add_error, choices, validated
from portal.org import importer, operations, queries
from portal.org.forms import ImportForm, PeopleFilterForm, PersonForm
from portal.org.models import Job, Person
from portal.org.policy import (
    can_edit_person,
    can_manage_job,
    can_manage_person,
    can_see_job,
    can_set_password,
    can_view_person,
)
from portal.org.scope import scope_of
from portal.web import int_arg

bp = Blueprint("org", __name__, template_folder="templates", url_prefix="/people")


@bp.get("/")
@lead_required
def people():
    form = PeopleFilterForm(request.args)
    page = int_arg("page", 1)
    valid = form.validate()
    query = queries.people_query(
        scope_of(current_user),
        form.q.data if valid else None,
        inactive=bool(valid and form.inactive.data),
    )
    items, pages = page_of(get_session(), query, max(page, 1))
    return render_template("org/people.html", people=items, form=form, page=page, pages=pages)


def load_person(person_id: int) -> Person:
    return web.get_or_404(Person, person_id)


@dataclass(frozen=True)
class JobRow:
    """One job on the person's page, as this user may see and act on it."""

    job: Job
    state: str  # "current", "ahead" (begins later) or "ended"
    can_manage: bool

    @classmethod
    def of(cls, job: Job, day: date, can_manage: bool) -> JobRow:
        state = "ended" if not job.runs_on(day) else "ahead" if job.starts_on > day else "current"
        return cls(job, state, can_manage)


@bp.get("/<int:person_id>")
@employee_required
def person(person_id: int):
    person, scope, day = load_person(person_id), scope_of(current_user), today()
    require(can_view_person(current_user, person, scope))
    person_jobs = queries.jobs_of(get_session(), person.id)
    # A job's lead sees the jobs in their units; of the others, only how many there are.
    shown = [
        JobRow.of(job, day, can_manage_job(current_user, person, job.unit_id, scope))
        for job in person_jobs
        if can_see_job(current_user, person, job.unit_id, scope)
    ]
    return render_template(
        "org/person.html",
        person=person,
        jobs=shown,
        hidden_jobs=len(person_jobs) - len(shown),
        can_add_job=can_manage_person(current_user, person, scope),
        sections=web.render_panels(person, place="person"),
        can_manage=can_edit_person(current_user, person, scope),
        can_set_password=can_set_password(
            current_user, person, scope, (unit.id for unit in person.led_units)
        ),
    )


def person_form(person: Person | None = None) -> PersonForm:
    """The form with the units, positions and access levels this user may choose from."""
    db, scope = get_session(), scope_of(current_user)
    form = PersonForm(obj=person)
    units = queries.units_in(db, scope)
    form.unit_id.choices = choices((unit.id, unit.name) for unit in units)
    form.position_id.choices = choices((p.id, p.name) for p in queries.positions(db))
    form.led_unit_ids.choices = choices((unit.id, unit.name) for unit in units)
    if person is not None and request.method == "GET":
        form.led_unit_ids.data = [unit.id for unit in person.led_units]
    if not current_user.is_admin:
        # A lead adds and changes employees; only an administrator hands out access.
        del form.access, form.led_unit_ids
    return form


def person_data(form: PersonForm, current_access: str = "employee") -> operations.PersonData:
    """What a validated ``form`` says of the person."""
    return operations.PersonData(
        email=validated(form.email.data),
        name=validated(form.name.data),
        unit_id=form.unit_id.data,
        position_id=form.position_id.data,
        start_date=validated(form.start_date.data),
        employment_percent=validated(form.employment_percent.data),
        access=form.access.data if "access" in form else current_access,
    )


def chosen_led_units(form: PersonForm, person: Person | None = None) -> list[int]:
    """The units the person will lead: as chosen (none ticked: none), or as they were when
    this user may not change them."""
    if "led_unit_ids" in form:
        return form.led_unit_ids.data or []
    return [unit.id for unit in person.led_units] if person else []


@bp.route("/new", methods=["GET", "POST"])
@lead_required
def create():
    form = person_form()
    if form.validate_on_submit():
        db = get_session()
        try:
            person = operations.create_person(
                db,
                actor_id=current_user.id,
                data=person_data(form),
                led_unit_ids=chosen_led_units(form),
            )
        except operations.DuplicateEmail:
            form.email.errors.append(_("Det finnes allerede en person med denne e-postadressen."))
        else:
            flash(_("%(name)s er lagt til.", name=person.name), "success")
            return redirect(url_for("org.person", person_id=person.id))
    return render_template("org/edit.html", form=form, person=None), web.form_status(form)


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@lead_required
def edit(person_id: int):
    person = load_person(person_id)
    require(can_edit_person(current_user, person, scope_of(current_user)))
    form = person_form(person)
    if form.validate_on_submit():
        db = get_session()
        led = chosen_led_units(form, person)
        try:
            operations.update_person(
                db,
                actor_id=current_user.id,
                person=person,
                data=person_data(form, person.access),
                led_unit_ids=led,
                is_active=form.is_active.data,
                today=today(),
            )
        except operations.DuplicateEmail:
            add_error(form.email, _("Det finnes allerede en person med denne e-postadressen."))
        else:
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for("org.person", person_id=person.id))
    return render_template("org/edit.html", form=form, person=person), web.form_status(form)


@bp.get("/import/template.csv")
@admin_required
def import_template():
    """An empty people CSV: the header row of CONTRACT.md, with a byte order mark so that
    Excel reads the letters typed into it as UTF-8. ``?separator=semicolon`` gives the one
    Norwegian Excel opens in columns (it splits on semicolons where the decimal mark is a
    comma); the import reads either."""
    semicolon = request.args.get("separator") == "semicolon"
    header = (";" if semicolon else ",").join(importer.COLUMNS)
    name = "personer-mal-excel.csv" if semicolon else "personer-mal.csv"
    return web.download(f"\ufeff{header}\r\n".encode(), name, "text/csv")


@bp.route("/import", methods=["GET", "POST"])
@admin_required
def import_people():
    form, result = ImportForm(), None
    if form.validate_on_submit():
        upload = form.file.data.stream
        size = web.upload_size(upload)
        if importer.too_large(size):
            add_error(
                form.file,
                _(
                    "Filen er %(size)s MB, mer enn grensen på %(limit)s MB. "
                    "Ingenting er importert.",
                    size=importer.megabytes(size).replace(".", ","),
                    limit=importer.megabytes(importer.MAX_BYTES).replace(".", ","),
                ),
            )
        else:
            db = get_session()
            # Read line by line as it is checked: a large file is never held as one text.
            with web.upload_lines(upload) as lines:
                try:
                    result = operations.import_people(
                        db, actor_id=current_user.id, dry_run=form.dry_run.data, text=lines
                    )
                except UnicodeDecodeError:
                    add_error(form.file, _("Filen må være tekst i UTF-8."))
                else:
                    if not result.errors and not form.dry_run.data:
                        flash(
                            _("%(count)d personer er importert.", count=len(result.rows)),
                            "success",
                        )
                        return redirect(url_for("org.people"))
                    web.discard_changes()  # a dry run, or a file with errors: nothing imported
    return render_template("org/import.html", form=form, result=result), (
        422 if form.errors or (result and result.errors) else 200
    )
