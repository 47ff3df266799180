"""The kurspott: my applications, applying, deciding, budgets, the overview and the forecast.

An employee sees only their own applications; a lead sees and decides those of their units and
sets their budgets; an administrator does all of it everywhere.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from portal import web
from portal.authz import can_manage_unit, employee_required, lead_required, require
from portal.clock import today
from portal.competence.models import Competence
from portal.db import get_session
from portal.formatting import format_kroner
from portal.forms import choices, validated
from portal.funds import operations, queries
from portal.funds.forms import ApplicationForm, BudgetForm, CostForm, DecisionForm, EmptyForm
from portal.funds.models import Application
from portal.needs.models import TrainingNeed
from portal.org.models import Unit
from portal.org.scope import scope_of

bp = Blueprint("funds", __name__, template_folder="templates", url_prefix="/funds")
#: Allocations per person are set against employment over this many years, this one included.
FAIRNESS_YEARS = 3


def waiting_panel(user) -> Markup | None:
    """For a lead: the applications waiting for their decision."""
    if not (user.is_lead or user.is_admin):
        return None
    waiting = queries.pending_in_scope(get_session(), scope_of(user))
    if not waiting:
        return None
    return Markup(render_template("funds/_waiting_panel.html", applications=waiting))


@bp.get("/")
@employee_required
def index():
    db, scope = get_session(), scope_of(current_user)
    year = today().year
    manages = current_user.is_admin or current_user.is_lead
    return render_template(
        "funds/index.html",
        year=year,
        mine=queries.applications_of(db, current_user.id),
        waiting=queries.pending_in_scope(db, scope) if manages else [],
        budgets=queries.budgets_in_scope(db, scope, year) if manages else [],
    )


def load_application(application_id: int) -> Application:
    return web.get_or_404(Application, application_id)


def can_decide(application: Application) -> bool:
    """The lead of the applicant's unit (or above it) decides, but never on their own."""
    return application.person_id != current_user.id and can_manage_unit(
        current_user, application.unit_id, scope_of(current_user)
    )


def can_see(application: Application) -> bool:
    return application.person_id == current_user.id or can_decide(application)


def application_form() -> ApplicationForm:
    """The form, with my open needs and the competences to choose from."""
    db = get_session()
    form = ApplicationForm()
    needs = db.scalars(
        select(TrainingNeed)
        .where(TrainingNeed.person_id == current_user.id, TrainingNeed.status == "open")
        .order_by(TrainingNeed.target_date)
    ).all()
    form.need_id.choices = choices([(0, _("Ingen"))] + [(n.id, n.title) for n in needs])
    competences = list(db.scalars(select(Competence).order_by(Competence.name)))
    form.competence_id.choices = choices([(0, _("Ingen"))] + [(c.id, c.name) for c in competences])
    wanted = request.args.get("competence")
    if request.method == "GET" and wanted:
        # From a requirement on my page: the course is for that competence.
        competence = next((c for c in competences if c.code == wanted), None)
        if competence is not None:
            form.competence_id.data, form.title.data = competence.id, competence.name
    if request.method == "GET" and request.args.get("need", type=int) in {n.id for n in needs}:
        need = next(n for n in needs if n.id == request.args.get("need", type=int))
        form.need_id.data, form.title.data = need.id, need.title
        form.competence_id.data = need.competence_id or 0
    return form


@bp.route("/applications/new", methods=["GET", "POST"])
@employee_required
def apply():
    if current_user.unit_id is None:
        flash(_("Du må høre til en enhet for å søke om midler fra kurspotten."), "warning")
        return redirect(url_for("funds.index"))
    form = application_form()
    if form.validate_on_submit():
        db = get_session()
        application = operations.apply(
            db,
            person=current_user,
            data=operations.ApplicationData(
                title=form.title.data.strip(),
                provider=form.provider.data.strip(),
                start_date=form.start_date.data,
                end_date=form.end_date.data,
                fee_ore=form.fee.data or 0,
                travel_ore=form.travel.data or 0,
                accommodation_ore=form.accommodation.data or 0,
                justification=form.justification.data.strip(),
                need_id=form.need_id.data or None,
                competence_id=form.competence_id.data or None,
            ),
        )
        flash(_("Søknaden er sendt til lederen din."), "success")
        return redirect(url_for("funds.application", application_id=application.id))
    return render_template("funds/apply.html", form=form), web.form_status(form)


@bp.get("/applications/<int:application_id>")
@employee_required
def application(application_id: int):
    application = load_application(application_id)
    require(can_see(application))
    return render_application(application, DecisionForm(formdata=None), CostForm(formdata=None))


def render_application(
    application: Application,
    decision_form: DecisionForm,
    cost_form: CostForm,
    status: int = 200,
    *,
    no_budget_refused: bool = False,
):
    db = get_session()
    budget = queries.budget_of(db, application.unit_id, application.start_date.year)
    return render_template(
        "funds/application.html",
        application=application,
        decision_form=decision_form,
        cost_form=cost_form,
        cancel_form=EmptyForm(),
        budget_form=BudgetForm(formdata=None, year=application.start_date.year),
        can_decide=can_decide(application),
        is_mine=application.person_id == current_user.id,
        budget=budget,
        usage=queries.usage(db, budget) if budget else None,
        no_budget_refused=no_budget_refused,
    ), status


@bp.post("/applications/<int:application_id>/decision")
@employee_required
def decide(application_id: int):
    application = load_application(application_id)
    require(can_decide(application))
    form = DecisionForm()
    if not form.validate():
        return render_application(application, form, CostForm(formdata=None), 422)
    db = get_session()
    try:
        changed = operations.decide(
            db,
            actor_id=current_user.id,
            application=application,
            decision=form.decision.data,
            reason=validated(form.reason.data),
            amount_ore=form.amount.data,
        )
    except operations.AlreadyDecided:
        return web.refuse(
            _("Søknaden er allerede avgjort. Ingenting er endret."),
            url_for("funds.application", application_id=application_id),
        )
    except operations.NoBudget:
        # The page says it once, next to the form that sets the kurspott.
        return render_application(
            application, form, CostForm(formdata=None), 409, no_budget_refused=True
        )
    except operations.FundsError as error:
        field, message, status = decision_problem(form, error)
        field.errors = [message]
        return render_application(application, form, CostForm(formdata=None), status)
    flash(
        _("Avgjørelsen er lagret, og søkeren er varslet.")
        if changed
        else _("Søknaden var allerede avgjort slik. Ingenting er endret."),
        "success" if changed else "info",
    )
    return redirect(url_for("funds.application", application_id=application_id))


def decision_problem(form: DecisionForm, error: operations.FundsError):
    """The field to show a refused decision at, the message, and the status code."""
    if isinstance(error, operations.OverBudget):
        return (
            form.decision,
            _(
                "Beløpet er større enn det som er igjen i kurspotten (%(remaining)s). "
                "Ingenting er innvilget.",
                remaining=format_kroner(error.remaining_ore),
            ),
            409,
        )
    return (
        form.amount,
        _(
            "Et delvis innvilget beløp må være større enn 0 kr og mindre enn "
            "beløpet det er søkt om."
        ),
        422,
    )


@bp.post("/applications/<int:application_id>/cancel")
@employee_required
def cancel(application_id: int):
    application = load_application(application_id)
    require(can_see(application))
    require(EmptyForm().validate_on_submit(), 400)
    if application.status == "pending" and application.person_id != current_user.id:
        flash(
            _("En søknad som venter, avslås med en begrunnelse; bare søkeren kan trekke den."),
            "warning",
        )
        return redirect(url_for("funds.application", application_id=application_id))
    db = get_session()
    back = url_for("funds.application", application_id=application_id)
    try:
        operations.cancel(db, actor_id=current_user.id, application=application)
    except operations.WrongState:
        return web.refuse(_("Søknaden kan ikke kanselleres nå."), back)
    flash(_("Søknaden er kansellert, og det innvilgede beløpet er frigjort."), "success")
    return redirect(back)


@bp.post("/applications/<int:application_id>/cost")
@employee_required
def report_cost(application_id: int):
    application = load_application(application_id)
    require(can_see(application))
    form = CostForm()
    if not form.validate():
        return render_application(application, DecisionForm(formdata=None), form, 422)
    db = get_session()
    try:
        operations.report_cost(
            db,
            actor_id=current_user.id,
            application=application,
            spent_ore=validated(form.spent.data),
            may_exceed_approval=can_decide(application),
        )
    except operations.AboveApproval as error:
        form.spent.errors = [
            _(
                "Kostnaden er høyere enn det innvilgede beløpet (%(approved)s). Be lederen din "
                "registrere den faktiske kostnaden, så tar hen stilling til merforbruket.",
                approved=format_kroner(error.approved_ore),
            )
        ]
        return render_application(application, DecisionForm(formdata=None), form, 409)
    except operations.WrongState:
        return web.refuse(
            _("Faktisk kostnad kan bare meldes for en innvilget søknad."),
            url_for("funds.application", application_id=application_id),
        )
    except operations.OverBudget as error:
        form.spent.errors = [
            _(
                "Kostnaden overstiger det innvilgede beløpet med mer enn det som er igjen i "
                "kurspotten (%(remaining)s). Snakk med lederen din.",
                remaining=format_kroner(error.remaining_ore),
            )
        ]
        return render_application(application, DecisionForm(formdata=None), form, 409)
    else:
        flash(_("Faktisk kostnad er registrert."), "success")
    return redirect(url_for("funds.application", application_id=application_id))


def load_unit(unit_id: int) -> Unit:
    unit = web.get_or_404(Unit, unit_id)
    require(can_manage_unit(current_user, unit.id, scope_of(current_user)))
    return unit


def selected_year() -> int:
    return web.int_arg("year", today().year, least=2000, most=2100)


@bp.get("/units/<int:unit_id>")
@lead_required
def overview(unit_id: int):
    unit, year = load_unit(unit_id), selected_year()
    return render_overview(unit, year, BudgetForm(formdata=None, year=year))


def render_overview(unit: Unit, year: int, form: BudgetForm, status: int = 200):
    db = get_session()
    budget = queries.budget_of(db, unit.id, year)
    if budget is not None and not form.is_submitted():
        form.amount.data = budget.amount_ore
    return render_template(
        "funds/overview.html",
        unit=unit,
        year=year,
        budget=budget,
        form=form,
        usage=queries.usage(db, budget) if budget else None,
        applications=queries.applications_of_unit(db, unit.id, year),
        shares=queries.fair_shares(db, unit.id, range(year - FAIRNESS_YEARS + 1, year + 1)),
        fairness_years=(year - FAIRNESS_YEARS + 1, year),
        by_competence=queries.spending_by_competence(db, unit.id, year),
    ), status


@bp.post("/units/<int:unit_id>/budget")
@lead_required
def set_budget(unit_id: int):
    unit = load_unit(unit_id)
    form = BudgetForm()
    if not form.validate():
        return render_overview(unit, selected_year(), form, 422)
    db, year = get_session(), validated(form.year.data)
    try:
        operations.set_budget(
            db,
            actor_id=current_user.id,
            unit_id=unit.id,
            year=year,
            amount_ore=validated(form.amount.data),
        )
    except operations.BudgetBelowUse as error:
        form.amount.errors = [
            _(
                "Kurspotten kan ikke settes lavere enn det som allerede er "
                "bundet og brukt (%(used)s).",
                used=format_kroner(error.used_ore),
            )
        ]
        return render_overview(unit, year, form, 409)
    flash(_("Kurspotten for %(year)d er lagret.", year=year), "success")
    # Set from an application's page, the lead goes back to deciding it.
    back = web.local_path(request.form.get("next", ""))
    return redirect(back or url_for("funds.overview", unit_id=unit.id, year=year))


@bp.get("/units/<int:unit_id>/forecast")
@lead_required
def forecast(unit_id: int):
    unit = load_unit(unit_id)
    year = today().year + 1
    return render_template(
        "funds/forecast.html", unit=unit, forecast=queries.forecast(get_session(), unit.id, year)
    )
