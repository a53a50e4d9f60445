"""Settings come from the environment, fail loudly on bad values, and pass check --deploy."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list
from tests.factories import load_settings, run_manage

ROOT = Path(__file__).resolve().parent.parent
# What an operator must set when DEBUG is off (docs/operators.md).
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-" + "k3y" * 20,
    "ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
    "DEFAULT_FROM_EMAIL": "portal@example.org",
}


def test_production_settings_pass_check_deploy_with_no_warning():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        MONITORING_OFFICER_PHONE="0161 496 0000",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_the_monitoring_officers_number_is_the_placeholder():
    result = run_manage(
        "check",
        "--deploy",
        **PRODUCTION,
    )
    assert "advice.W001" in result.stdout + result.stderr
    assert "MONITORING_OFFICER_PHONE" in result.stdout + result.stderr


def test_a_monitoring_officer_number_that_is_not_a_number_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="MONITORING_OFFICER_PHONE must be a tele"):
        load_settings(DEBUG="true", MONITORING_OFFICER_PHONE="call reception")


def test_attachments_may_not_be_kept_under_the_static_root():
    with pytest.raises(ImproperlyConfigured, match="ADVICE_ATTACHMENT_ROOT must not be inside"):
        load_settings(DEBUG="true", ADVICE_ATTACHMENT_ROOT=str(ROOT / "staticfiles" / "uploads"))


@pytest.mark.parametrize("value", ["7.30", "25:00", "07:60", "morning"])
def test_a_digest_time_that_is_not_a_time_of_day_stops_start_up(value):
    with pytest.raises(ImproperlyConfigured, match="ADVICE_DIGEST_TIME must be a time of day"):
        load_settings(DEBUG="true", ADVICE_DIGEST_TIME=value)


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        load_settings(DEBUG="false")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SITE_URL", None, "SITE_URL must be the portal's address"),
        ("SITE_URL", "", "SITE_URL must be the portal's address"),
        ("SITE_URL", "members.example.org", "SITE_URL must be the portal's address"),
        ("DEFAULT_FROM_EMAIL", None, "DEFAULT_FROM_EMAIL must be the address"),
        ("DEFAULT_FROM_EMAIL", "portal", "DEFAULT_FROM_EMAIL must be the address"),
    ],
)
def test_production_refuses_to_start_without_its_address_and_sender(name, value, message):
    env = {k: v for k, v in PRODUCTION.items() if k != name}
    if value is not None:
        env[name] = value
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        load_settings(**env)


def test_development_needs_neither_address_nor_sender():
    result = run_manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_stops_manage_py_with_the_message():
    """Start-up itself (a new process), for one bad value: the others are found by
    running the settings module, which is the first thing start-up does."""
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG must be true or false" in result.stderr


def test_env_helpers_parse_and_reject(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    assert env_bool("X_BOOL", False) is True
    monkeypatch.setenv("X_BOOL", "off")
    assert env_bool("X_BOOL", True) is False
    monkeypatch.setenv("X_INT", "12")
    assert env_int("X_INT", 0) == 12
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 0)
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.delenv("X_LIST")
    assert env_list("X_LIST", ["default"]) == ["default"]
