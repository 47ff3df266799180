from __future__ import annotations

import pytest

from portal.config import ConfigError, load


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for key in (
        "DATABASE_URL",
        "SECRET_KEY",
        "PORTAL_ENV",
        "PORTAL_EXPIRING_WINDOW_DAYS",
        "PORTAL_BASE_URL",
        "PORTAL_TRUSTED_PROXIES",
        "PORT",
    ):
        monkeypatch.delenv(key, raising=False)


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load(tmp_path)


def test_production_refuses_to_start_without_a_base_url(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    with pytest.raises(ConfigError, match="PORTAL_BASE_URL"):
        load(tmp_path)


@pytest.mark.parametrize(
    "url", ["kompetanse.example.no", "javascript:alert(1)", "https://kompetanse.example.no/?next=x"]
)
def test_a_base_url_that_is_no_web_address_is_refused(monkeypatch, tmp_path, url):
    monkeypatch.setenv("PORTAL_BASE_URL", url)
    with pytest.raises(ConfigError, match="PORTAL_BASE_URL"):
        load(tmp_path)


def test_base_url_is_kept_without_trailing_slash_and_defaults_to_the_local_port(
    monkeypatch, tmp_path
):
    assert load(tmp_path)["BASE_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("PORT", "8080")
    assert load(tmp_path)["BASE_URL"] == "http://127.0.0.1:8080"
    monkeypatch.setenv("PORTAL_BASE_URL", "https://kompetanse.example.no/")
    assert load(tmp_path)["BASE_URL"] == "https://kompetanse.example.no"


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://kompetanse.example.no")
    config = load(tmp_path)
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True


def test_development_key_is_generated_once_and_kept(tmp_path):
    first = load(tmp_path)["SECRET_KEY"]
    assert len(first) >= 32
    assert load(tmp_path)["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_sqlite_in_instance_folder_by_default_and_database_url_wins(monkeypatch, tmp_path):
    assert load(tmp_path)["DATABASE_URL"] == f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert load(tmp_path)["DATABASE_URL"] == "postgresql+psycopg://u@h/db"


def test_prefixed_settings_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_EXPIRING_WINDOW_DAYS", "30")
    assert load(tmp_path)["EXPIRING_WINDOW_DAYS"] == 30
