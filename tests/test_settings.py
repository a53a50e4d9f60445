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
        AUTHORITY_NAME="Greater Example Combined Authority",
        ACCESSIBILITY_CONTACT_EMAIL="access@example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture(scope="module")
def check_deploy_with_placeholders():
    """``check --deploy`` with only what an operator must set: what it prints.
    One process for the tests of its warnings."""
    result = run_manage("check", "--deploy", **PRODUCTION)
    return result.stdout + result.stderr


def test_check_deploy_warns_while_the_monitoring_officers_number_is_the_placeholder(
    check_deploy_with_placeholders,
):
    assert "advice.W001" in check_deploy_with_placeholders
    assert "MONITORING_OFFICER_PHONE" in check_deploy_with_placeholders


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


def _connections(**env):
    settings = load_settings(**env)
    database = settings["DATABASES"]["default"]
    return [
        database["CONN_MAX_AGE"],
        database["CONN_HEALTH_CHECKS"],
        settings["MAILERS"]["default"].get("OPTIONS", {}).get("timeout"),
        settings["NOTIFICATION_CLAIM_TIMEOUT"],
    ]


def test_production_keeps_database_connections_and_bounds_smtp_by_default():
    assert _connections(**PRODUCTION) == [60, True, 15, 300]


def test_development_opens_a_connection_per_request_and_settings_override_the_defaults():
    assert _connections(DEBUG="true")[:2] == [0, True]
    assert _connections(
        **PRODUCTION,
        DATABASE_CONN_MAX_AGE="0",
        EMAIL_TIMEOUT="5",
        NOTIFICATION_CLAIM_TIMEOUT="120",
    ) == [0, True, 5, 120]


def test_postgresql_prepares_repeated_queries_unless_told_not_to():
    postgres = "postgres://portal@db.example/portal"
    options = load_settings(**PRODUCTION, DATABASE_URL=postgres)["DATABASES"]["default"]
    assert options["OPTIONS"]["server_side_binding"] is True
    assert options["OPTIONS"]["prepare_threshold"] == 5
    off = load_settings(**PRODUCTION, DATABASE_URL=postgres, DATABASE_PREPARED_STATEMENTS="false")
    assert "server_side_binding" not in off["DATABASES"]["default"].get("OPTIONS", {})
    sqlite = load_settings(**PRODUCTION, DATABASE_URL="sqlite:////tmp/portal.sqlite3")
    sqlite = sqlite["DATABASES"]["default"]
    assert "server_side_binding" not in sqlite.get("OPTIONS", {})


def test_a_claim_timeout_a_slow_send_could_outlast_stops_start_up():
    with pytest.raises(
        ImproperlyConfigured, match="NOTIFICATION_CLAIM_TIMEOUT must be at least 10 times"
    ):
        load_settings(DEBUG="true", EMAIL_TIMEOUT="30", NOTIFICATION_CLAIM_TIMEOUT="60")


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("django-insecure-" + "a1b2c3d4e5" * 6, "starts with 'django-insecure'"),
        ("short-but-random-7fQ2", "fewer than 50"),
        ("ab" * 40, "only 2 different characters"),
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        load_settings(**{**PRODUCTION, "SECRET_KEY": key})
    assert "SECRET_KEY is too weak for use with DEBUG off" in str(refused.value)
    assert message in str(refused.value)


def test_development_accepts_any_secret_key():
    assert load_settings(DEBUG="true", SECRET_KEY="dev")["SECRET_KEY"] == "dev"


def _production_setting(*names, **env):
    settings = load_settings(**{**PRODUCTION, **env})
    return [settings[name] for name in names]


def test_production_sends_hsts_for_a_year_without_subdomains_or_preload_by_default():
    assert _production_setting(
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"
    ) == [31536000, False, False]


def test_hsts_subdomains_and_preload_are_opt_in():
    values = _production_setting(
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    assert values == [True, True]


def test_a_bank_holiday_region_that_is_not_part_of_the_uk_stops_start_up():
    with pytest.raises(
        ImproperlyConfigured, match="ADVICE_BANK_HOLIDAYS must be ENG, WLS, SCT or NIR"
    ):
        load_settings(DEBUG="true", ADVICE_BANK_HOLIDAYS="Yorkshire")


def test_staff_need_a_second_factor_in_production_but_not_in_development():
    production = load_settings(**PRODUCTION, SECURE_SSL_REDIRECT="false")
    assert production["STAFF_REQUIRE_SECOND_FACTOR"] is True
    assert load_settings(DEBUG="true")["STAFF_REQUIRE_SECOND_FACTOR"] is False


def test_a_rate_that_is_not_count_per_period_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="search must look like 5/h") as refused:
        load_settings(DEBUG="true", THROTTLE_SEARCH="lots")
    assert "'lots'" in str(refused.value)


def test_check_deploy_warns_while_the_accessibility_statement_names_no_real_authority(
    check_deploy_with_placeholders,
):
    assert "portal.W001" in check_deploy_with_placeholders
    assert "AUTHORITY_NAME and ACCESSIBILITY_CONTACT_EMAIL" in check_deploy_with_placeholders


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ACCESSIBILITY_CONTACT_EMAIL", "write to us", "must be an e-mail address"),
        ("ACCESSIBILITY_STATEMENT_PREPARED", "3 December 2026", "must be a date as YYYY-MM-DD"),
        ("ACCESSIBILITY_STATEMENT_REVIEWED", "2020-01-01", "must be on or after"),
    ],
)
def test_accessibility_statement_settings_that_make_no_sense_stop_start_up(name, value, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        load_settings(DEBUG="true", **{name: value})
