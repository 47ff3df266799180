"""External records, evidence files, employees' submissions and corrections.

A lead registers and corrects records of the people in their units; an employee submits
evidence of their own; the person, their leads and administrators may see it.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import false, or_, select
from sqlalchemy.orm import selectinload

from portal import web
from portal.authz import employee_required, has_access, lead_required, require
from portal.clock import expiring_window
from portal.competence import records
from portal.competence.blueprint import bp
from portal.competence.evidence import MAX_BYTES, EvidenceRejected
from portal.competence.forms import (
    CorrectionForm,
    DecisionForm,
    RecordForm,
    SubmissionForm,
    VoidForm,
)
from portal.competence.models import Competence, CompetenceRecord, Evidence, Submission
from portal.competence.queries import all_competences
from portal.db import get_session
from portal.forms import choices, validated
from portal.org.jobs import in_units
from portal.org.models import Person
from portal.org.policy import can_manage_person, can_view_person
from portal.org.scope import scope_of


def rejection_message(reason: str) -> str:
    return {
        "type": _(
            "Filen må være PDF, PNG eller JPEG. Typen sjekkes ut fra innholdet i filen, "
            "ikke ut fra navnet."
        ),
        "size": _("Filen er større enn 10 MB."),
    }.get(reason, _("Filen er tom."))


def upload_of(form) -> records.Upload | None:
    storage = form.evidence.data
    if not storage or not getattr(storage, "filename", ""):
        return None
    try:
        return records.Upload(storage.filename, storage.read(MAX_BYTES + 1))
    finally:
        storage.close()  # a large upload is spooled to a temporary file: free it now


def facts_of(form) -> records.Facts:
    return records.Facts(
        achieved_on=form.achieved_on.data,
        expires_on=form.expires_on.data,
        reference=(form.reference.data or "").strip() or None,
        note=(form.note.data or "").strip() or None,
        credit=credit_of(form),
    )


def credit_of(form) -> records.Credit | None:
    if form.credit_hours.data is None:
        return None
    return records.Credit(
        form.credit_hours.data, (form.credit_reference.data or "").strip() or None
    )


def with_competences(form, selected_code: str | None = None):
    """The form with every competence to choose from, the one ``selected_code`` names chosen;
    without it nothing is chosen, so that evidence is never sent for the first competence in
    the list by mistake."""
    competences = all_competences(get_session())
    form.competence_id.choices = choices(
        [(0, _("Velg kompetansen"))] + [(c.id, c.name) for c in competences]
    )
    if request.method == "GET" and selected_code:
        form.competence_id.data = next((c.id for c in competences if c.code == selected_code), None)
    return form


def managed_person(person_id: int) -> Person:
    person = web.get_or_404(Person, person_id)
    require(can_manage_person(current_user, person, scope_of(current_user)))
    return person


@bp.get("/people/<int:person_id>")
@employee_required
def person_records(person_id: int):
    person, db = web.get_or_404(Person, person_id), get_session()
    require(can_view_person(current_user, person, scope_of(current_user)))
    history = list(
        db.scalars(
            select(CompetenceRecord)
            .where(CompetenceRecord.person_id == person.id)
            .options(
                selectinload(CompetenceRecord.competence),
                selectinload(CompetenceRecord.recorded_by),
            )
            .order_by(CompetenceRecord.recorded_dt.desc(), CompetenceRecord.id.desc())
        )
    )
    superseded = {r.supersedes_id: r for r in history if r.supersedes_id}
    ids = [r.id for r in history]
    evidence: dict[int | None, list[Evidence]] = {}
    for item in db.scalars(select(Evidence).where(Evidence.record_id.in_(ids))) if ids else ():
        evidence.setdefault(item.record_id, []).append(item)
    submissions = list(
        db.scalars(
            select(Submission)
            .where(Submission.person_id == person.id)
            .options(selectinload(Submission.competence))
            .order_by(Submission.created_dt.desc())
        )
    )
    return render_template(
        "competence/person.html",
        person=person,
        history=history,
        superseded=superseded,
        evidence=evidence,
        submissions=submissions,
        can_manage=can_manage_person(current_user, person, scope_of(current_user)),
    )


@bp.route("/people/<int:person_id>/records/new", methods=["GET", "POST"])
@lead_required
def record_new(person_id: int):
    person = managed_person(person_id)
    form = with_competences(RecordForm(), request.args.get("competence"))
    if form.validate_on_submit():
        db = get_session()
        try:
            records.register_external(
                db,
                actor_id=current_user.id,
                person=person,
                competence=web.get_or_404(Competence, form.competence_id.data),
                facts=facts_of(form),
                upload=upload_of(form),
                window=expiring_window(),
            )
        except EvidenceRejected as error:
            form.evidence.errors.append(rejection_message(error.reason))
        else:
            flash(_("Kompetansen er registrert."), "success")
            return redirect(url_for("competence.person_records", person_id=person.id))
    return render_template(
        "competence/record_form.html", form=form, person=person, record=None
    ), web.form_status(form)


def current_record(record_id: int) -> CompetenceRecord:
    """A record the user may correct; a record already corrected or voided gives 404."""
    record = web.get_or_404(CompetenceRecord, record_id)
    managed_person(record.person_id)
    require(records.is_current(get_session(), record), 404)
    return record


@bp.route("/records/<int:record_id>/correct", methods=["GET", "POST"])
@lead_required
def record_correct(record_id: int):
    record = current_record(record_id)
    form = CorrectionForm(obj=record)
    if form.validate_on_submit():
        db = get_session()
        try:
            records.correct(
                db,
                actor_id=current_user.id,
                record=record,
                facts=facts_of(form),
                upload=upload_of(form),
            )
        except EvidenceRejected as error:
            form.evidence.errors.append(rejection_message(error.reason))
        else:
            flash(
                _("Rettelsen er registrert. Den gamle registreringen står i historikken."),
                "success",
            )
            return redirect(url_for("competence.person_records", person_id=record.person_id))
    return render_template(
        "competence/record_form.html",
        form=form,
        person=record.person,
        record=record,
        void_form=VoidForm(),
    ), web.form_status(form)


@bp.post("/records/<int:record_id>/void")
@lead_required
def record_void(record_id: int):
    record = current_record(record_id)
    form = VoidForm()
    if not form.validate_on_submit():
        return render_template(
            "competence/record_form.html",
            form=CorrectionForm(obj=record),
            person=record.person,
            record=record,
            void_form=form,
        ), 422
    db = get_session()
    records.void(db, actor_id=current_user.id, record=record, reason=validated(form.reason.data))
    flash(_("Registreringen er annullert. Den står fortsatt i historikken."), "success")
    return redirect(url_for("competence.person_records", person_id=record.person_id))


@bp.get("/evidence/<int:evidence_id>")
@employee_required
def evidence(evidence_id: int):
    db = get_session()
    item = web.get_or_404(Evidence, evidence_id)
    owner: CompetenceRecord | Submission | None = None
    if item.record_id is not None:
        owner = db.get(CompetenceRecord, item.record_id)
    elif item.submission_id is not None:
        owner = db.get(Submission, item.submission_id)
    if owner is None:  # a file of neither a record nor a submission belongs to nobody
        abort(404)
    require(can_view_person(current_user, owner.person, scope_of(current_user)))
    return web.download(item.data, item.filename, item.content_type)


@bp.route("/submissions/new", methods=["GET", "POST"])
@employee_required
def submission_new():
    form = with_competences(SubmissionForm(), request.args.get("competence"))
    if form.validate_on_submit():
        db = get_session()
        try:
            submission = records.submit(
                db,
                person=current_user,
                competence=web.get_or_404(Competence, form.competence_id.data),
                facts=facts_of(form),
                upload=upload_of(form),
                link=url_for("competence.submissions"),
            )
        except EvidenceRejected as error:
            form.evidence.errors.append(rejection_message(error.reason))
        else:
            flash(
                _("Takk! Lederen din får beskjed og godkjenner eller avviser innsendingen."),
                "success",
            )
            return redirect(url_for("competence.submission", submission_id=submission.id))
    return render_template("competence/submission_form.html", form=form), web.form_status(form)


@bp.get("/submissions/")
@employee_required
def submissions():
    db, scope = get_session(), scope_of(current_user)
    query = (
        select(Submission)
        .join(Submission.person)
        .options(selectinload(Submission.person), selectinload(Submission.competence))
        .order_by(Submission.created_dt.desc())
    )
    to_review = []
    if has_access(current_user, "lead"):
        in_scope = query.where(
            Submission.state == "pending", Submission.person_id != current_user.id
        )
        if not scope.is_all:
            in_scope = in_scope.where(in_units(scope.unit_ids))
        to_review = list(db.scalars(in_scope))
    mine = list(db.scalars(query.where(Submission.person_id == current_user.id).limit(50)))
    return render_template("competence/submissions.html", to_review=to_review, mine=mine)


def may_decide(submission: Submission) -> bool:
    """A lead of the person's units or an administrator decides, never on their own evidence."""
    return (
        submission.state == "pending"
        and submission.person_id != current_user.id
        and can_manage_person(current_user, submission.person, scope_of(current_user))
    )


@bp.route("/submissions/<int:submission_id>", methods=["GET", "POST"])
@employee_required
def submission(submission_id: int):
    item, db = web.get_or_404(Submission, submission_id), get_session()
    require(can_view_person(current_user, item.person, scope_of(current_user)))
    form = DecisionForm() if may_decide(item) else None
    if request.method == "POST":
        if form is None:
            abort(403)
        if form.validate_on_submit():
            link = url_for("competence.submission", submission_id=item.id)
            try:
                if form.decision.data == "approve":
                    records.approve(
                        db,
                        actor_id=current_user.id,
                        submission=item,
                        window=expiring_window(),
                        link=link,
                    )
                    flash(_("Godkjent og registrert som kompetanse."), "success")
                else:
                    records.reject(
                        db,
                        actor_id=current_user.id,
                        submission=item,
                        reason=validated(form.reason.data),
                        link=link,
                    )
                    flash(_("Avvist. Den ansatte får beskjed med begrunnelsen."), "success")
            except records.AlreadyDecided:
                return web.refuse(
                    _("Innsendingen er allerede avgjort."),
                    url_for("competence.submission", submission_id=item.id),
                )
            return redirect(url_for("competence.submissions"))
    files = list(
        db.scalars(
            select(Evidence).where(
                or_(
                    Evidence.submission_id == item.id,
                    Evidence.record_id == item.record_id if item.record_id else false(),
                )
            )
        )
    )
    return render_template(
        "competence/submission.html",
        submission=item,
        form=form,
        files=files,
        expires_on=expiry_of(item),
    ), 422 if form and form.errors else 200


def expiry_of(item: Submission) -> date | None:
    """The expiry the record has, or will get if approved today: the one the person gave, else
    the renewal rule's (the same the approval applies)."""
    if item.record_id is not None:
        record = get_session().get(CompetenceRecord, item.record_id)
        return record.expires_on if record is not None else None
    if item.state != "pending":
        return item.expires_on
    return item.expires_on or records.default_expiry(
        get_session(), item.person_id, item.competence, item.achieved_on, expiring_window()
    )
