"""External records, evidence files, employees' submissions and corrections.

A lead registers and corrects records of the people in their units; an employee submits
evidence of their own; the person, their leads and administrators may see it.
"""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from portal.authz import (
    can_manage_person,
    can_view_person,
    has_access,
    lead_required,
    require,
    scope_of,
)
from portal.clock import expiring_window
from portal.competence import records
from portal.competence.evidence import MAX_BYTES, EvidenceRejected
from portal.competence.forms import (
    CorrectionForm,
    DecisionForm,
    RecordForm,
    SubmissionForm,
    VoidForm,
)
from portal.competence.models import Competence, CompetenceRecord, Evidence, Submission
from portal.competence.routes import all_competences, bp, load
from portal.db import get_session
from portal.forms import choices
from portal.org.models import Person


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
    )


def with_competences(form, selected_code: str | None = None):
    competences = all_competences()
    form.competence_id.choices = choices((c.id, c.name) for c in competences)
    if request.method == "GET" and selected_code:
        form.competence_id.data = next((c.id for c in competences if c.code == selected_code), None)
    return form


def managed_person(person_id: int) -> Person:
    person = load(Person, person_id)
    require(can_manage_person(current_user, person, scope_of(current_user)))
    return person


@bp.get("/people/<int:person_id>")
@login_required
def person_records(person_id: int):
    person, db = load(Person, person_id), get_session()
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
    evidence = {}
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
                competence=load(Competence, form.competence_id.data),
                facts=facts_of(form),
                upload=upload_of(form),
                window=expiring_window(),
            )
        except EvidenceRejected as error:
            db.rollback()
            form.evidence.errors.append(rejection_message(error.reason))
        else:
            db.commit()
            flash(_("Kompetansen er registrert."), "success")
            return redirect(url_for("competence.person_records", person_id=person.id))
    return render_template(
        "competence/record_form.html", form=form, person=person, record=None
    ), 422 if form.errors else 200


def current_record(record_id: int) -> CompetenceRecord:
    """A record the user may correct; a record already corrected or voided gives 404."""
    record = load(CompetenceRecord, record_id)
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
            db.rollback()
            form.evidence.errors.append(rejection_message(error.reason))
        else:
            db.commit()
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
    ), 422 if form.errors else 200


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
    records.void(db, actor_id=current_user.id, record=record, reason=form.reason.data)
    db.commit()
    flash(_("Registreringen er annullert. Den står fortsatt i historikken."), "success")
    return redirect(url_for("competence.person_records", person_id=record.person_id))


@bp.get("/evidence/<int:evidence_id>")
@login_required
def evidence(evidence_id: int):
    db = get_session()
    item = load(Evidence, evidence_id)
    if item.record_id is not None:
        person_id = db.get(CompetenceRecord, item.record_id).person_id
    else:
        person_id = db.get(Submission, item.submission_id).person_id
    require(can_view_person(current_user, db.get(Person, person_id), scope_of(current_user)))
    return Response(
        item.data,
        mimetype=item.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{item.filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@bp.route("/submissions/new", methods=["GET", "POST"])
@login_required
def submission_new():
    form = with_competences(SubmissionForm(), request.args.get("competence"))
    if form.validate_on_submit():
        db = get_session()
        try:
            submission = records.submit(
                db,
                person=current_user,
                competence=load(Competence, form.competence_id.data),
                facts=facts_of(form),
                upload=upload_of(form),
                link=url_for("competence.submissions"),
            )
        except EvidenceRejected as error:
            db.rollback()
            form.evidence.errors.append(rejection_message(error.reason))
        else:
            db.commit()
            flash(
                _("Takk! Lederen din får beskjed og godkjenner eller avviser innsendingen."),
                "success",
            )
            return redirect(url_for("competence.submission", submission_id=submission.id))
    return render_template("competence/submission_form.html", form=form), (
        422 if form.errors else 200
    )


@bp.get("/submissions/")
@login_required
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
            in_scope = in_scope.where(Person.unit_id.in_(scope.unit_ids))
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
@login_required
def submission(submission_id: int):
    item, db = load(Submission, submission_id), get_session()
    require(can_view_person(current_user, item.person, scope_of(current_user)))
    form = DecisionForm() if may_decide(item) else None
    if request.method == "POST":
        require(form is not None)
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
                        reason=form.reason.data,
                        link=link,
                    )
                    flash(_("Avvist. Den ansatte får beskjed med begrunnelsen."), "success")
            except records.AlreadyDecided:
                db.rollback()
                flash(_("Innsendingen er allerede avgjort."), "info")
                return redirect(url_for("competence.submission", submission_id=item.id))
            db.commit()
            return redirect(url_for("competence.submissions"))
    files = list(
        db.scalars(
            select(Evidence).where(
                or_(
                    Evidence.submission_id == item.id,
                    Evidence.record_id == item.record_id if item.record_id else False,
                )
            )
        )
    )
    return render_template(
        "competence/submission.html", submission=item, form=form, files=files
    ), 422 if form and form.errors else 200
