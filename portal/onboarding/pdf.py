"""A checklist as PDF, in the portal's font (:class:`portal.pdf.Document`): who confirmed or
signed what, and when."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from fpdf.enums import XPos, YPos

from portal.formatting import format_date, format_datetime
from portal.onboarding.labels import KIND_LABELS, ROLE_LABELS, STATE_LABELS
from portal.onboarding.queries import ChecklistView
from portal.pdf import Document


def render(view: ChecklistView, today: date) -> bytes:
    checklist, person = view.checklist, view.checklist.person
    doc = Document(format="A4")
    doc.set_title(_("Introduksjonsplan for %(name)s", name=person.name))
    doc.set_auto_page_break(auto=True, margin=15)
    doc.add_page()
    doc.font("B", 16)
    _line(doc, _("Introduksjonsplan for %(name)s", name=person.name), 9)
    doc.font("", 10)
    facts = [
        (_("Stilling"), person.position.name if person.position else "-"),
        (_("Enhet"), person.unit.name if person.unit else "-"),
        (_("Startdato"), format_date(checklist.start_date)),
        (_("Fadder"), checklist.mentor.name if checklist.mentor else "-"),
        (_("IT-kontakt"), checklist.it_contact.name if checklist.it_contact else "-"),
        (
            _("Status"),
            _("Fullført")
            if view.progress.is_finished
            else _("%(percent)d %% gjort", percent=view.progress.percent),
        ),
        (_("Utskrevet"), format_date(today)),
    ]
    for label, value in facts:
        _line(doc, f"{label}: {value}", 6)
    doc.ln(4)
    for item_view in view.items:
        _item(doc, item_view)
    return bytes(doc.output())


def _item(doc: Document, item_view) -> None:
    item = item_view.item
    doc.font("B", 11)
    _line(doc, f"{item.title}  [{str(STATE_LABELS[item_view.state])}]", 6)
    doc.font("", 9)
    kind = str(KIND_LABELS[item.kind])
    if item.kind == "signoff":
        kind += f" ({ROLE_LABELS.get(item.responsible_role or '', '')})"
    _line(doc, f"{kind}. {_('Frist')}: {format_date(item_view.due)}", 5)
    if item.kind == "course" and item_view.held is not None:
        _line(
            doc,
            _("Kompetanse registrert %(date)s", date=format_date(item_view.held.achieved_on)),
            5,
        )
    elif item.completed_dt is not None:
        who = item.completed_by.name if item.completed_by else "-"
        _line(
            doc,
            _("Kvittert av %(name)s %(time)s", name=who, time=format_datetime(item.completed_dt)),
            5,
        )
    if item.is_dropped:
        _line(doc, _("Tatt ut: %(reason)s", reason=item.dropped_reason or ""), 5)
    doc.ln(2)


def _line(doc: Document, text: str, height: float) -> None:
    doc.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
