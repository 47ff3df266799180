"""Sessions that can end: logout, a new password and deactivation end every session."""

from __future__ import annotations

from tests.factories import PASSWORD


def copy_session(app, client):
    """A second browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    thief.set_cookie(cookie.key, cookie.value)
    return thief


def is_logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_a_copied_cookie_is_worthless_after_logout(app, client, auth, make_person):
    auth.login(make_person())
    thief = copy_session(app, client)
    assert is_logged_in(thief)
    client.post("/logout")
    assert not is_logged_in(thief)


def test_logout_ends_the_other_sessions_of_the_person(app, client, auth, make_person):
    person = make_person()
    auth.login(person)
    other = app.test_client()
    other.post("/login", data={"email": person.email, "password": PASSWORD})
    assert is_logged_in(other)
    client.post("/logout")
    assert not is_logged_in(other)


def test_a_password_change_ends_the_other_sessions_but_not_this_one(app, client, auth, make_person):
    auth.login(make_person())
    thief = copy_session(app, client)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a-new-long-password",
            "confirm": "a-new-long-password",
        },
    )
    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(thief)


def test_an_administrators_reset_ends_the_persons_sessions(app, client, auth, make_person):
    person = make_person()
    auth.login(person)
    victim = copy_session(app, client)
    auth.login(make_person(access="admin"))
    response = client.post(
        f"/people/{person.id}/password",
        data={"new_password": "a-new-long-password", "confirm": "a-new-long-password"},
    )
    assert response.status_code == 302
    assert not is_logged_in(victim)


def test_deactivation_ends_the_persons_sessions(
    app, client, auth, make_person, make_unit, make_position
):
    unit, position = make_unit(), make_position()
    person = make_person(unit=unit, position=position)
    auth.login(person)
    leaver = copy_session(app, client)
    auth.login(make_person(access="admin"))
    page = client.get(f"/people/{person.id}/edit").get_data(as_text=True)
    assert 'name="is_active"' in page
    response = client.post(
        f"/people/{person.id}/edit",
        data={
            "email": person.email,
            "name": person.name,
            "unit_id": str(unit.id),
            "position_id": str(position.id),
            "start_date": "2020-01-01",
            "employment_percent": "100",
            "access": "employee",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert not is_logged_in(leaver)


def test_get_logout_only_offers_a_button(client, auth, make_person):
    auth.login(make_person())
    response = client.get("/logout")
    assert response.status_code == 200
    assert 'method="post"' in response.get_data(as_text=True)
    assert is_logged_in(client)


def test_login_rotates_the_session(app, client, make_person):
    person = make_person()
    with client.session_transaction() as planted:
        planted["planted"] = "by someone else"
        planted["language"] = "en"
    client.post("/login", data={"email": person.email, "password": PASSWORD})
    with client.session_transaction() as fresh:
        assert "planted" not in fresh
        assert fresh["language"] == "en"
        assert fresh["_user_id"] == f"{person.id}.0"


def test_an_old_style_session_without_version_is_refused(app, client, make_person):
    person = make_person()
    with client.session_transaction() as forged:
        forged["_user_id"] = str(person.id)
        forged["_fresh"] = True
    assert not is_logged_in(client)


def test_a_leads_reset_ends_the_persons_sessions(app, client, auth, make_person, make_unit):
    unit = make_unit()
    person = make_person(unit=unit)
    auth.login(person)
    victim = copy_session(app, client)
    auth.login(make_person(unit=unit, access="lead", leads=(unit,)))
    response = client.post(
        f"/people/{person.id}/password",
        data={"new_password": "a-new-long-password", "confirm": "a-new-long-password"},
    )
    assert response.status_code == 302
    assert not is_logged_in(victim)
