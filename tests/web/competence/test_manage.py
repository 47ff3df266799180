"""Competences (administrators), requirements per position (administrators; leads read),
coverage rules (leads for their own units), each change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.competence.models import Competence, CoverageRule, Requirement

PAGES = ["/competence/", "/competence/requirements", "/competence/coverage"]


def actions(db) -> list[str]:
    return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.mark.parametrize("url", [*PAGES, "/competence/new", "/competence/1/edit"])
def test_anonymous_is_sent_to_login(client, url):
    assert "/login" in client.get(url).headers["Location"]


@pytest.mark.parametrize("url", [*PAGES, "/competence/new", "/competence/1/edit"])
def test_employee_is_refused(client, auth, gap_org, url):
    auth.login(gap_org.employee)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_lead_reads_the_lists(client, auth, gap_org, url):
    auth.login(gap_org.lead_a)
    assert client.get(url).status_code == 200


def test_lead_may_not_change_competences_or_requirements(client, auth, gap_org):
    auth.login(gap_org.lead_a)
    assert client.get("/competence/new").status_code == 403
    assert client.get(f"/competence/{gap_org.hlr.id}/edit").status_code == 403
    assert client.post("/competence/requirements", data={}).status_code == 403


def test_admin_creates_a_competence_with_cost_in_ore(client, auth, db, gap_org):
    auth.login(gap_org.admin)
    response = client.post(
        "/competence/new",
        data={
            "code": "brannvern",
            "name": "Brannvern",
            "description": "Årlig",
            "kind": "external",
            "validity_months": "12",
            "typical_cost_kroner": "1 234,50",
        },
    )
    assert response.status_code == 302
    competence = db.scalar(select(Competence).where(Competence.code == "brannvern"))
    assert (competence.typical_cost_ore, competence.validity_months) == (123450, 12)
    assert actions(db)[-1] == "competence.created"


@pytest.mark.parametrize(
    "data",
    [
        {"code": "hlr", "name": "Igjen", "kind": "course"},  # code taken
        {"code": "Store Bokstaver", "name": "X", "kind": "course"},
        {"code": "ok-kode", "name": "", "kind": "course"},
        {"code": "ok-kode", "name": "X", "kind": "magic"},
        {"code": "ok-kode", "name": "X", "kind": "course", "validity_months": "-3"},
        {"code": "ok-kode", "name": "X", "kind": "course", "typical_cost_kroner": "NaN"},
        {"code": "ok-kode", "name": "X", "kind": "course", "typical_cost_kroner": "mange"},
    ],
)
def test_bad_competence_is_refused_and_stores_nothing(client, auth, db, gap_org, data):
    auth.login(gap_org.admin)
    before = db.scalar(select(Competence.id).order_by(Competence.id.desc()).limit(1))
    assert client.post("/competence/new", data=data).status_code == 422
    assert db.scalar(select(Competence.id).order_by(Competence.id.desc()).limit(1)) == before


def test_admin_edits_a_competence_but_not_its_code(client, auth, db, gap_org):
    auth.login(gap_org.admin)
    response = client.post(
        f"/competence/{gap_org.hlr.id}/edit",
        data={
            "code": "changed",
            "name": "HLR med hjertestarter",
            "kind": "external",
            "validity_months": "12",
        },
    )
    assert response.status_code == 302
    competence = db.get(Competence, gap_org.hlr.id)
    assert (competence.code, competence.name, competence.validity_months) == (
        "hlr",
        "HLR med hjertestarter",
        12,
    )
    assert actions(db)[-1] == "competence.updated"
    assert client.get("/competence/999999/edit").status_code == 404


def test_admin_sets_and_removes_a_requirement(client, auth, db, gap_org, make_position):
    position = make_position("Merkantil")
    auth.login(gap_org.admin)
    data = {
        "position_id": position.id,
        "competence_id": gap_org.hlr.id,
        "requirement": "recommended",
        "due_days": "0",
    }
    assert client.post("/competence/requirements", data=data).status_code == 302
    requirement = db.scalar(select(Requirement).where(Requirement.position_id == position.id))
    assert (requirement.is_mandatory, requirement.due_days) == (False, 0)
    requirement_id = requirement.id
    db.rollback()  # end the read, so that SQLite lets the next request write
    data.update(requirement="mandatory", due_days="45")  # the same pair again: changed
    assert client.post("/competence/requirements", data=data).status_code == 302
    assert db.get(Requirement, requirement_id).due_days == 45
    db.rollback()
    assert client.post(f"/competence/requirements/{requirement_id}/remove").status_code == 302
    assert db.get(Requirement, requirement_id) is None
    assert actions(db)[-3:] == ["requirement.created", "requirement.updated", "requirement.removed"]


@pytest.mark.parametrize(
    "data",
    [
        {
            "position_id": "999999",
            "competence_id": "1",
            "requirement": "mandatory",
            "due_days": "1",
        },
        {"position_id": "x", "competence_id": "1", "requirement": "mandatory", "due_days": "1"},
        {"requirement": "mandatory", "due_days": "-1"},
        {"requirement": "maybe", "due_days": ""},
    ],
)
def test_bad_requirement_is_refused(client, auth, gap_org, data):
    auth.login(gap_org.admin)
    assert client.post("/competence/requirements", data=data).status_code == 422


def test_lead_sets_a_coverage_rule_in_own_unit_only(client, auth, db, gap_org):
    auth.login(gap_org.lead_b)
    data = {"unit_id": gap_org.b.id, "competence_id": gap_org.hlr.id, "minimum": "3"}
    assert client.post("/competence/coverage", data=data).status_code == 302
    rule = db.scalar(select(CoverageRule).where(CoverageRule.unit_id == gap_org.b.id))
    assert rule.minimum == 3
    assert actions(db)[-1] == "coverage_rule.created"
    db.rollback()
    refused = client.post("/competence/coverage", data={**data, "unit_id": gap_org.a.id})
    assert refused.status_code == 422
    db.rollback()
    assert db.get(CoverageRule, gap_org.rule.id).minimum == 2
    assert client.post(f"/competence/coverage/{gap_org.rule.id}/remove").status_code == 403
    assert (
        "Enhet A" not in client.get("/competence/coverage").get_data(as_text=True).split("<form")[0]
    )


def test_lead_removes_own_rule(client, auth, db, gap_org):
    auth.login(gap_org.lead_a)
    assert client.post(f"/competence/coverage/{gap_org.rule.id}/remove").status_code == 302
    assert db.get(CoverageRule, gap_org.rule.id) is None
    assert actions(db)[-1] == "coverage_rule.removed"
    assert client.post("/competence/coverage/999999/remove").status_code == 404


@pytest.mark.parametrize("minimum", ["0", "-1", "abc", ""])
def test_bad_minimum_is_refused(client, auth, gap_org, minimum):
    auth.login(gap_org.lead_a)
    assert (
        client.post(
            "/competence/coverage",
            data={"unit_id": gap_org.a.id, "competence_id": gap_org.hlr.id, "minimum": minimum},
        ).status_code
        == 422
    )
