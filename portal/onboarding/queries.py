"""Reads: which template applies, checklists with their items' states, in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, null, select, union_all
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.authz import Scope, subtree_ids
from portal.competence.gaps import Held
from portal.competence.models import Competence, Obligation, Standing
from portal.onboarding import policy, rules
from portal.onboarding.models import Checklist, ChecklistItem, OnboardingTemplate
from portal.org import jobs
from portal.org.models import Job, Person, Position, Unit
from portal.org.scope import leads_of_units, unit_edges


@dataclass(frozen=True)
class ItemView:
    item: ChecklistItem
    state: rules.ItemState
    due: date
    held: Held | None  # a course item's record that counts


@dataclass(frozen=True)
class ChecklistView:
    checklist: Checklist
    items: list[ItemView]
    progress: rules.Progress

    @property
    def overdue(self) -> list[ItemView]:
        return [v for v in self.items if v.state is rules.ItemState.OVERDUE]

    @property
    def upcoming(self) -> list[ItemView]:
        return [v for v in self.items if v.state is rules.ItemState.OPEN]


def unit_parents(session: Session) -> dict[int, int | None]:
    return dict(unit_edges(session))


def applicable_template(
    session: Session, position_id: int | None, unit_id: int | None
) -> OnboardingTemplate | None:
    """The template a new hire in this position and unit gets (see :func:`rules.template_for`)."""
    if position_id is None:
        return None
    templates = {
        t.unit_id: t
        for t in session.scalars(
            select(OnboardingTemplate).where(OnboardingTemplate.position_id == position_id)
        )
    }
    if not templates:
        return None
    return rules.template_for(unit_id, unit_parents(session), templates)


def templates(session: Session) -> list[OnboardingTemplate]:
    return list(
        session.scalars(
            select(OnboardingTemplate)
            .join(OnboardingTemplate.position)
            .outerjoin(OnboardingTemplate.unit)
            .options(selectinload(OnboardingTemplate.items))
            .order_by(Position.name, OnboardingTemplate.unit_id.is_not(None), Unit.name)
        )
    )


def records_and_due_dates(
    session: Session, person_ids: Iterable[int]
) -> tuple[dict[tuple[int, int], Held], dict[tuple[int, int], date]]:
    """For these people, the record that counts per competence (from the kept standings) and
    when their position requires each competence (from the kept obligations): one query for
    both and for all of them."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}, {}
    records = select(
        Standing.person_id,
        Standing.competence_id,
        Standing.achieved_on,
        Standing.expires_on,
        null().label("due_on"),
    ).where(Standing.record_id.is_not(None), Standing.person_id.in_(ids))
    due_dates = select(
        Obligation.person_id, Obligation.competence_id, null(), null(), Obligation.due_on
    ).where(Obligation.person_id.in_(ids))
    held: dict[tuple[int, int], Held] = {}
    required_by: dict[tuple[int, int], date] = {}
    rows: Iterable[tuple[int, int, Any, Any, Any]] = session.execute(union_all(records, due_dates))
    for person_id, competence_id, achieved_on, expires_on, due_on in rows:
        if due_on is not None:
            required_by[person_id, competence_id] = _as_date(due_on)
        elif achieved_on is not None:
            held[person_id, competence_id] = Held(
                _as_date(achieved_on), _as_date(expires_on) if expires_on else None
            )
    return held, required_by


def _as_date(value: date | str) -> date:
    # A column of a UNION carries no type on SQLite: its dates come back as ISO text.
    return value if isinstance(value, date) else date.fromisoformat(value)


def views(session: Session, checklists: Sequence[Checklist], today: date) -> list[ChecklistView]:
    """Each checklist with its items' states: the records and the requirements' due dates in
    one query for all of them."""
    held, required_by = records_and_due_dates(session, [c.person_id for c in checklists])
    return [view_of(c, held, today, required_by) for c in checklists]


def view_of(
    checklist: Checklist,
    held: dict[tuple[int, int], Held],
    today: date,
    required_by: dict[tuple[int, int], date] | None = None,
) -> ChecklistView:
    """The checklist's items with their states and due dates.

    :param required_by: when the person must hold a competence their position requires: an
        item that stands for it is due then (one date, not two), not ``due_days`` after the
        checklist's start
    """
    items = []
    for item in checklist.items:
        pair = (checklist.person_id, item.competence_id) if item.competence_id else None
        record = held.get(pair) if pair else None
        done = rules.is_done(
            item.kind, is_confirmed=item.completed_dt is not None, held=record, today=today
        )
        due = (required_by or {}).get(pair) if pair else None
        due = due or rules.due_on(checklist.start_date, item.due_days)
        items.append(
            ItemView(
                item=item,
                due=due,
                held=record,
                state=rules.item_state(is_dropped=item.is_dropped, done=done, due=due, today=today),
            )
        )
    return ChecklistView(
        checklist=checklist, items=items, progress=rules.progress([v.state for v in items])
    )


def view(session: Session, checklist: Checklist, today: date) -> ChecklistView:
    return views(session, [checklist], today)[0]


def with_items(query: Select) -> Select:
    # Two queries whatever the number of checklists: the checklists with the people they
    # name, then all their items with what each item names.
    return query.options(
        selectinload(Checklist.items).joinedload(ChecklistItem.competence),
        selectinload(Checklist.items).joinedload(ChecklistItem.completed_by),
        joinedload(Checklist.person).joinedload(Person.unit),
        # Whether the user leads the hire: the checklist's job, else the person's jobs.
        joinedload(Checklist.job).joinedload(Job.unit),
        joinedload(Checklist.person).selectinload(Person.jobs),
        joinedload(Checklist.mentor),
        joinedload(Checklist.it_contact),
    )


def with_items_joined(query: Select) -> Select:
    """As :func:`with_items`, but the items in the same query: one query for the few
    checklists a start page shows (read the result with ``unique()``)."""
    return query.options(
        joinedload(Checklist.items).joinedload(ChecklistItem.competence),
        joinedload(Checklist.items).joinedload(ChecklistItem.completed_by),
        joinedload(Checklist.person).joinedload(Person.unit),
        joinedload(Checklist.job).joinedload(Job.unit),
        joinedload(Checklist.person).joinedload(Person.jobs),
        joinedload(Checklist.mentor),
        joinedload(Checklist.it_contact),
    )


def job_runs(today: date) -> ColumnElement[bool]:
    """A checklist whose job is current on ``today``, or that has no job: the one of a job
    that ended (a change of position started another) is history."""
    return Checklist.job_id.is_(None) | exists().where(
        Job.id == Checklist.job_id, jobs.runs_on(today)
    )


def in_units(unit_ids: Iterable[int], today: date) -> ColumnElement[bool]:
    """A checklist in these units (:func:`policy.covers_checklist` in SQL): its job's unit
    while the job runs; without a job, the person's main unit (the query joins the person)."""
    ids = list(unit_ids)
    of_job = exists().where(Job.id == Checklist.job_id, Job.unit_id.in_(ids), jobs.runs_on(today))
    return of_job | (Checklist.job_id.is_(None) & Person.unit_id.in_(ids))


def is_mine(checklist: Checklist, person_id: int, today: date) -> bool:
    """Whether the checklist is one of the person's own under way (:func:`job_runs`)."""
    job = checklist.job
    return checklist.person_id == person_id and (job is None or job.runs_on(today))


def checklists_of(session: Session, person_id: int, today: date) -> list[Checklist]:
    """The person's checklists of their current jobs, the oldest first."""
    query = select(Checklist).where(Checklist.person_id == person_id, job_runs(today))
    return list(session.scalars(with_items(query.order_by(Checklist.start_date, Checklist.id))))


def _new_hires_condition(scope: Scope, today: date) -> ColumnElement[bool]:
    """Checklists of current jobs in ``scope`` of active people who started within the last
    year (or will start)."""
    condition = (
        Person.is_active.is_(True)
        & (Checklist.start_date >= today - timedelta(days=rules.NEW_HIRE_DAYS))
        & job_runs(today)
    )
    return condition if scope.is_all else condition & in_units(scope.unit_ids, today)


def _awaiting_condition(user: Person, scope: Scope, today: date) -> ColumnElement[bool]:
    """Checklists of active people with a sign-off open that ``user`` may be the one to sign."""
    open_signoff = Checklist.items.any(
        (ChecklistItem.kind == "signoff")
        & ChecklistItem.completed_dt.is_(None)
        & ChecklistItem.is_dropped.is_(False)
    )
    condition = Person.is_active.is_(True) & open_signoff
    mine = (Checklist.mentor_id == user.id) | (Checklist.it_contact_id == user.id)
    if user.is_admin:
        return condition  # an administrator may sign the lead's items everywhere
    if user.is_lead and not scope.is_empty:
        return condition & (mine | in_units(scope.unit_ids, today))
    return condition & mine


def _checklists(
    session: Session, condition: ColumnElement[bool], today: date, *, joined: bool = False
) -> list[ChecklistView]:
    query = select(Checklist).join(Checklist.person).where(condition)
    query = query.order_by(Checklist.start_date.desc(), Person.name)
    if joined:
        found = list(session.scalars(with_items_joined(query)).unique())
    else:
        found = list(session.scalars(with_items(query)))
    return views(session, found, today)


def _least_advanced_first(found: Iterable[ChecklistView]) -> list[ChecklistView]:
    return sorted(
        found, key=lambda v: (v.progress.is_finished, -v.progress.overdue, v.progress.percent)
    )


def _signoffs_for(
    user: Person, scope: Scope, found: Iterable[ChecklistView]
) -> list[tuple[ChecklistView, ItemView]]:
    pairs = [
        (checklist_view, v)
        for checklist_view in found
        for v in checklist_view.items
        if v.item.kind == "signoff"
        and v.state in (rules.ItemState.OPEN, rules.ItemState.OVERDUE)
        and policy.can_confirm(user, v.item, scope)
    ]
    return sorted(pairs, key=lambda pair: pair[1].due)


def new_hires(session: Session, scope: Scope, today: date) -> list[ChecklistView]:
    """The checklists of active people in ``scope`` who started within the last year (or will
    start), the least advanced first."""
    return _least_advanced_first(_checklists(session, _new_hires_condition(scope, today), today))


def awaiting_signoff(
    session: Session, user: Person, scope: Scope, today: date
) -> list[tuple[ChecklistView, ItemView]]:
    """Sign-off items not yet done that ``user`` is the one to sign."""
    return _signoffs_for(
        user, scope, _checklists(session, _awaiting_condition(user, scope, today), today)
    )


@dataclass(frozen=True)
class PanelViews:
    mine: list[ChecklistView]  # one per current job
    waiting: list[tuple[ChecklistView, ItemView]]
    new_hires: list[ChecklistView]


def for_panel(
    session: Session, user: Person, scope: Scope, today: date, *, is_lead: bool
) -> PanelViews:
    """My checklists, the sign-offs waiting for me and (for a lead) the new hires, read
    together: two queries however many checklists there are (the checklists with their
    items, then the records that tick course items)."""
    hires = _new_hires_condition(scope, today)
    awaiting = _awaiting_condition(user, scope, today)
    condition = ((Checklist.person_id == user.id) & job_runs(today)) | awaiting
    if is_lead:
        condition = condition | hires
    found = _checklists(session, condition, today, joined=True)
    cutoff = today - timedelta(days=rules.NEW_HIRE_DAYS)
    return PanelViews(
        mine=sorted(
            (v for v in found if is_mine(v.checklist, user.id, today)),
            key=lambda v: (v.checklist.start_date, v.checklist.id),
        ),
        waiting=_signoffs_for(user, scope, found),
        new_hires=_least_advanced_first(
            v
            for v in found
            if is_lead
            and v.checklist.person.is_active
            and v.checklist.start_date >= cutoff
            and policy.covers_checklist(v.checklist, scope)
        ),
    )


def leads_by_unit(session: Session, today: date) -> dict[int | None, set[int]]:
    """For each unit, who leads it on ``today`` (their own unit or one above, stand-ins
    included); a person in no unit (None) finds none."""
    edges = unit_edges(session)
    covered: dict[int | None, set[int]] = defaultdict(set)
    for person_id, unit_ids in leads_of_units(session, today).items():
        for unit in subtree_ids(edges, unit_ids):
            covered[unit].add(person_id)
    return covered


def people(session: Session, ids: Iterable[int]) -> dict[int, Person]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(wanted)))}


def checklist_by_id(session: Session, checklist_id: int) -> Checklist | None:
    return session.scalar(with_items(select(Checklist).where(Checklist.id == checklist_id)))


def competences(session: Session) -> list[Competence]:
    return list(session.scalars(select(Competence).order_by(Competence.name)))


def helper_candidates_in(session: Session, scope: Scope) -> list[Person]:
    """Who a lead may make mentor or IT contact of any new hire in their units, in one query:
    :func:`helper_candidates` for each of them, less the new hire."""
    if scope.is_all or scope.is_empty:
        return []
    query = (
        select(Person)
        .where(
            Person.is_active.is_(True),
            jobs.in_units(scope.unit_ids) | (Person.access == "admin"),
        )
        .order_by(Person.name)
    )
    return list(session.scalars(query))


def helper_candidates(session: Session, scope: Scope, checklist: Checklist) -> list[Person]:
    """Who may be made mentor or IT contact: active people in the user's scope (for an
    administrator, in the new hire's part of the organisation), and the administrators, who
    are often the IT contact. Never the new hire."""
    if scope.is_all:
        parents = unit_parents(session)
        root = checklist.for_unit_id
        while root is not None and parents.get(root) is not None:
            root = parents[root]
        units = subtree_ids(parents.items(), [root]) if root is not None else frozenset()
    else:
        units = scope.unit_ids
    query = (
        select(Person)
        .where(
            Person.is_active.is_(True),
            Person.id != checklist.person_id,
            jobs.in_units(units) | (Person.access == "admin"),
        )
        .order_by(Person.name)
    )
    return list(session.scalars(query))
