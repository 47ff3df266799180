"""The audit log in words: every action code the portal records, the kinds of object it
records them on, and the names of the fields in their details.

This is the one place the codes are put into words, for the page and the CSV alike;
``tests/unit/audit/test_labels.py`` reads the code base and fails on a code without a label.
A code that is no longer written keeps its label here, since old events still carry it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: What was done, by the action code stored in ``AuditEvent.action``.
ACTIONS = {
    # People and sign-in
    "person.created": _l("Person lagt til"),
    "person.updated": _l("Person endret"),
    "job.started": _l("Stilling lagt til"),
    "job.changed": _l("Stilling endret"),
    "job.ended": _l("Stilling avsluttet"),
    "person.pid_set": _l("Fødselsnummer for innlogging lagret"),
    "person.pid_cleared": _l("Fødselsnummer for innlogging fjernet"),
    "password.changed": _l("Passord endret av personen selv"),
    "password.reset": _l("Passord satt av administrator"),
    "login.sso": _l("Innlogging med ekstern tjeneste"),
    "login.sso_reauth": _l("Bekreftet på nytt med ekstern innlogging før signering"),
    "login.sso_reauth_refused": _l("Ny bekreftelse med ekstern innlogging avvist: en annen person"),
    "sso.linked": _l("Ekstern innlogging koblet til"),
    "sso.unlinked": _l("Ekstern innlogging koblet fra"),
    "settings.password_login": _l("Innlogging med passord slått på eller av"),
    "deputyship.created": _l("Stedfortreder oppnevnt"),
    "deputyship.ended": _l("Stedfortreder avsluttet"),
    "deputyship.removed": _l("Stedfortreder fjernet"),
    # Competences, requirements and records
    "competence.created": _l("Kompetanse opprettet"),
    "competence.updated": _l("Kompetanse endret"),
    "competence.recorded": _l("Kompetanse registrert etter bestått kurs"),
    "requirement.created": _l("Krav lagt til"),
    "requirement.updated": _l("Krav endret"),
    "requirement.removed": _l("Krav fjernet"),
    "coverage_rule.created": _l("Dekningsregel lagt til"),
    "coverage_rule.updated": _l("Dekningsregel endret"),
    "coverage_rule.removed": _l("Dekningsregel fjernet"),
    "competence_record.registered": _l("Kompetanse registrert"),
    "competence_record.signed_off": _l("Kompetanse kvittert ut"),
    "competence_record.corrected": _l("Registrering rettet"),
    "competence_record.voided": _l("Registrering gjort ugyldig"),
    "competence_record.imported": _l("Kompetanse importert fra fil"),
    "competence_submission.submitted": _l("Dokumentasjon sendt inn"),
    "competence_submission.approved": _l("Dokumentasjon godkjent"),
    "competence_submission.rejected": _l("Dokumentasjon avvist"),
    # Courses and documents
    "course.synced": _l("Kurs lastet inn eller oppdatert"),
    "course.withdrawn": _l("Kurs trukket tilbake"),
    "course.version_required": _l("Ny kursversjon kreves"),
    "document.version_loaded": _l("Dokumentversjon lastet inn"),
    "document.confirmed": _l("Dokument bekreftet lest"),
    "document.version_required": _l("Ny dokumentversjon kreves"),
    "document.retired": _l("Dokument trukket tilbake"),
    # Courses in a room
    "sessions.created": _l("Kurs eller samling opprettet"),
    "sessions.changed": _l("Kurs eller samling endret"),
    "sessions.cancelled": _l("Kurs eller samling avlyst"),
    "sessions.signed_up": _l("Påmeldt"),
    "sessions.consented": _l("Påmelding bekreftet av deltakeren"),
    "sessions.seat_cancelled": _l("Avmeldt"),
    "sessions.promoted": _l("Fått plass fra ventelisten"),
    "sessions.places_held": _l("Plasser holdt av for en enhet"),
    "sessions.places_released": _l("Holdte plasser gitt fri"),
    "sessions.approved": _l("Plass godkjent"),
    "sessions.rejected": _l("Plass ikke godkjent"),
    "sessions.attendance_marked": _l("Oppmøte registrert"),
    "sessions.attendance_undone": _l("Oppmøte angret"),
    # Kurspott
    "funds.budget_set": _l("Kurspott satt"),
    "funds.application_submitted": _l("Kurssøknad sendt"),
    "funds.application_decided": _l("Kurssøknad avgjort"),
    "funds.application_cancelled": _l("Kurssøknad kansellert"),
    "funds.cost_reported": _l("Faktisk kostnad registrert"),
    # Training needs
    "needs.round_opened": _l("Kartleggingsrunde åpnet"),
    "needs.self_assessment_saved": _l("Egenvurdering lagret"),
    "needs.need_recorded": _l("Opplæringsbehov registrert"),
    "needs.need_status_changed": _l("Status for opplæringsbehov endret"),
    # Onboarding
    "onboarding.checklist_created": _l("Introduksjonsplan opprettet"),
    "onboarding.helpers_assigned": _l("Fadder eller IT-kontakt valgt"),
    "onboarding.item_added": _l("Punkt lagt til i introduksjonsplan"),
    "onboarding.item_dropped": _l("Punkt tatt ut av introduksjonsplan"),
    "onboarding.item_confirmed": _l("Punkt bekreftet"),
    "onboarding.item_signed_off": _l("Punkt kvittert ut"),
    "onboarding.item_undone": _l("Utkvittering angret"),
    "onboarding.reminder_sent": _l("Påminnelse sendt om punkt i introduksjonsplan"),
    "onboarding.template_created": _l("Mal for introduksjonsplan opprettet"),
    "onboarding.template_deleted": _l("Mal for introduksjonsplan slettet"),
    "onboarding.template_item_added": _l("Punkt lagt til i mal"),
    "onboarding.template_item_updated": _l("Punkt i mal endret"),
    "onboarding.template_item_deleted": _l("Punkt slettet fra mal"),
}

#: What an event was done to, by ``AuditEvent.object_type`` (the model's class name).
OBJECT_KINDS = {
    "Person": _l("Person"),
    "Unit": _l("Enhet"),
    "Position": _l("Stilling"),
    "Job": _l("Stilling i en enhet"),
    "Deputyship": _l("Stedfortreder"),
    "Competence": _l("Kompetanse"),
    "Requirement": _l("Krav"),
    "CoverageRule": _l("Dekningsregel"),
    "CompetenceRecord": _l("Kompetanseregistrering"),
    "Submission": _l("Innsendt dokumentasjon"),
    "Course": _l("Kurs"),
    "Document": _l("Dokument"),
    "CourseSession": _l("Kurs eller samling"),
    "Seat": _l("Plass på kurs eller samling"),
    "Budget": _l("Kurspott"),
    "Application": _l("Kurssøknad"),
    "NeedsRound": _l("Kartleggingsrunde"),
    "SelfAssessment": _l("Egenvurdering"),
    "TrainingNeed": _l("Opplæringsbehov"),
    "Checklist": _l("Introduksjonsplan"),
    "ChecklistItem": _l("Punkt i introduksjonsplan"),
    "OnboardingTemplate": _l("Mal for introduksjonsplan"),
    "TemplateItem": _l("Punkt i mal"),
    "Setting": _l("Innstilling"),
}

#: Kinds that events refer to in their details but are never done to: no use as a filter.
REFERRED_ONLY = {"Unit", "Position"}

#: The fields of an event's details; a field not named here is shown by its key.
FIELDS = {
    "access": _l("Tilgang"),
    "achieved_on": _l("Oppnådd"),
    "acr": _l("Sikkerhetsnivå"),
    "action_kind": _l("Tiltak"),
    "after": _l("Ny status"),
    "amount_ore": _l("Beløp"),
    "approved_ore": _l("Innvilget"),
    "before": _l("Tidligere status"),
    "before_ore": _l("Tidligere beløp"),
    "budget_id": _l("Kurspott"),
    "by": _l("Frist"),
    "capacity": _l("Plasser"),
    "certificate_id": _l("Kursbevis"),
    "changed": _l("Endret"),
    "checklist_id": _l("Introduksjonsplan"),
    "code": _l("Kode"),
    "competence": _l("Kompetanse"),
    "competence_id": _l("Kompetanse"),
    "content_hash": _l("Innholdets kontrollsum"),
    "copied_from": _l("Kopiert fra"),
    "corrected_record_ids": _l("Rettede registreringer"),
    "cost_ore": _l("Pris"),
    "days": _l("Dager"),
    "deadline": _l("Frist"),
    "decision": _l("Avgjørelse"),
    "description": _l("Beskrivelse"),
    "digest": _l("Kontrollsum"),
    "document_id": _l("Dokument"),
    "due_days": _l("Frist i dager"),
    "email": _l("E-post"),
    "employee_number": _l("Ansattnummer"),
    "employment_percent": _l("Stillingsprosent"),
    "estimated_cost_ore": _l("Anslått kostnad"),
    "evidence": _l("Med vedlegg"),
    "expires_on": _l("Utløper"),
    "file": _l("Fil"),
    "freed_ore": _l("Frigjort"),
    "is_active": _l("Aktiv"),
    "is_authorisation": _l("Autorisasjon"),
    "is_mandatory": _l("Obligatorisk"),
    "is_material": _l("Vesentlig endring"),
    "it_contact_id": _l("IT-kontakt"),
    "items": _l("Punkter"),
    "kind": _l("Type"),
    "led_unit_ids": _l("Leder for"),
    "line": _l("Linje"),
    "link_id": _l("Kobling"),
    "matched_by": _l("Funnet ved"),
    "mentor_id": _l("Fadder"),
    "message": _l("Melding"),
    "minimum": _l("Minst"),
    "name": _l("Navn"),
    "outcome": _l("Utfall"),
    "person_id": _l("Person"),
    "lead_id": _l("Leder"),
    "starts_on": _l("Første dag"),
    "ends_on": _l("Siste dag"),
    "places": _l("Plasser"),
    "position_id": _l("Stilling"),
    "priority": _l("Prioritet"),
    "provider": _l("Tjeneste"),
    "ratings": _l("Vurderinger"),
    "reason": _l("Begrunnelse"),
    "record_id": _l("Registrering"),
    "replaces_job_id": _l("Erstatter stillingen"),
    "reference": _l("Referanse"),
    "requested_ore": _l("Søkt beløp"),
    "responsible_role": _l("Ansvarlig"),
    "round_id": _l("Kartleggingsrunde"),
    "slug": _l("Kortnavn"),
    "source": _l("Kilde"),
    "spent_ore": _l("Faktisk kostnad"),
    "start_date": _l("Startdato"),
    "state": _l("Tilstand"),
    "status": _l("Status"),
    "supersedes_id": _l("Erstatter"),
    "target_date": _l("Måldato"),
    "template_id": _l("Mal"),
    "title": _l("Tittel"),
    "typical_cost_ore": _l("Vanlig pris"),
    "unit_id": _l("Enhet"),
    "unit_ids": _l("Enheter"),
    "validity_months": _l("Gyldighet i måneder"),
    "value": _l("Verdi"),
    "version": _l("Versjon"),
    "was_completed_at": _l("Var kvittert"),
    "was_completed_by": _l("Var kvittert av"),
    "year": _l("År"),
}

#: Detail fields that hold the id of another object, by that object's kind: shown by its name.
REFERENCES = {
    "budget_id": "Budget",
    "checklist_id": "Checklist",
    "competence_id": "Competence",
    "copied_from": "OnboardingTemplate",
    "document_id": "Document",
    "it_contact_id": "Person",
    "led_unit_ids": "Unit",
    "mentor_id": "Person",
    "person_id": "Person",
    "lead_id": "Person",
    "position_id": "Position",
    "record_id": "CompetenceRecord",
    "replaces_job_id": "Job",
    "round_id": "NeedsRound",
    "supersedes_id": "CompetenceRecord",
    "template_id": "OnboardingTemplate",
    "unit_id": "Unit",
    "unit_ids": "Unit",
    "was_completed_by": "Person",
}


#: Codes stored as the values of some fields, in words.
NEED_STATUS = {"open": _l("Åpent"), "done": _l("Gjennomført"), "dropped": _l("Droppet")}
VALUES = {
    "access": {"employee": _l("Ansatt"), "lead": _l("Leder"), "admin": _l("Administrator")},
    "action_kind": {
        "internal_course": _l("Internt kurs"),
        "external_course": _l("Eksternt kurs"),
        "mentoring": _l("Veiledning/fadder"),
        "practice": _l("Praksis/hospitering"),
    },
    "after": NEED_STATUS,
    "before": NEED_STATUS,
    "decision": {
        "full": _l("Innvilget i sin helhet"),
        "partial": _l("Innvilget delvis"),
        "reject": _l("Avslått"),
    },
    "outcome": {
        "passed": _l("Deltok og bestod"),
        "failed": _l("Deltok, ikke bestått"),
        "no_show": _l("Møtte ikke"),
    },
    "priority": {"high": _l("Høy"), "medium": _l("Middels"), "low": _l("Lav")},
    "state": {
        "booked": _l("Har plass"),
        "awaiting_approval": _l("Venter på godkjenning"),
        "waiting": _l("På venteliste"),
        "cancelled": _l("Avmeldt"),
    },
    "value": {"all": _l("Alle kan logge inn med passord"), "admins": _l("Bare administratorer")},
}


def action_label(code: str) -> str:
    """The action in words; a code without a label (only in data from elsewhere) as itself."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code


def kind_label(object_type: str) -> str:
    label = OBJECT_KINDS.get(object_type)
    return str(label) if label is not None else object_type


def field_label(key: str) -> str:
    label = FIELDS.get(key)
    return str(label) if label is not None else key
