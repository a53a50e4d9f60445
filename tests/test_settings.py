"""Settings come from the environment, fail loudly on bad values, and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG", "SECURE_", "SESSION_", "CSRF_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warning():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        ALLOWED_HOSTS="portal.example.org",
        MONITORING_OFFICER_PHONE="0161 496 0000",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_the_monitoring_officers_number_is_the_placeholder():
    result = _manage(
        "check",
        "--deploy",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert "advice.W001" in result.stdout + result.stderr
    assert "MONITORING_OFFICER_PHONE" in result.stdout + result.stderr


def test_a_monitoring_officer_number_that_is_not_a_number_stops_start_up():
    result = _manage("check", DEBUG="true", MONITORING_OFFICER_PHONE="call reception")
    assert result.returncode != 0
    assert "MONITORING_OFFICER_PHONE must be a telephone number" in result.stderr


def test_attachments_may_not_be_kept_under_the_static_root():
    result = _manage(
        "check", DEBUG="true", ADVICE_ATTACHMENT_ROOT=str(ROOT / "staticfiles" / "uploads")
    )
    assert result.returncode != 0
    assert "ADVICE_ATTACHMENT_ROOT must not be inside" in result.stderr


@pytest.mark.parametrize("value", ["7.30", "25:00", "07:60", "morning"])
def test_a_digest_time_that_is_not_a_time_of_day_stops_start_up(value):
    result = _manage("check", DEBUG="true", ADVICE_DIGEST_TIME=value)
    assert result.returncode != 0
    assert "ADVICE_DIGEST_TIME must be a time of day as HH:MM" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_stops_start_up():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0
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
