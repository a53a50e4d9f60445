"""Guessing passwords does not work: after LOGIN_FAILURE_LIMIT wrong passwords for one
username from one client, the right password is refused too, on the site's login and
the admin's, for a while that doubles with each further round (portal/lockout.py)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def limit(settings):
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15


def _fail(client, url, username, times, **extra):
    return [
        client.post(url, {"username": username, "password": "wrong"}, **extra).status_code
        for _ in range(times)
    ]


def test_the_right_password_is_refused_after_repeated_failures(client, member):
    assert _fail(client, LOGIN, "member", 3) == [200, 200, 429]
    response = client.post(LOGIN, {"username": "member", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Logging in is paused" in page
    assert "15 minutes" in page
    assert int(response["Retry-After"]) > 0


def test_the_admin_login_is_locked_out_too(client, officer):
    _fail(client, ADMIN_LOGIN, "officer", 3)
    response = client.post(ADMIN_LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_on_the_site_and_the_admin_add_up(client, officer):
    _fail(client, LOGIN, "officer", 2)
    _fail(client, ADMIN_LOGIN, "officer", 1)
    assert client.post(LOGIN, {"username": "officer", "password": PASSWORD}).status_code == 429


def test_the_same_user_from_another_client_can_still_log_in(client, member):
    _fail(client, LOGIN, "member", 3)
    response = client.post(
        LOGIN, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="198.51.100.20"
    )
    assert response.status_code == 302


def test_a_correct_password_before_the_limit_clears_the_count(client, member):
    _fail(client, LOGIN, "member", 2)
    assert client.post(LOGIN, {"username": "member", "password": PASSWORD}).status_code == 302
    client.post(reverse("logout"))
    assert _fail(client, LOGIN, "member", 2) == [200, 200]
    assert client.post(LOGIN, {"username": "member", "password": PASSWORD}).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, member):
    _fail(client, LOGIN, "member", 3)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert client.post(LOGIN, {"username": "member", "password": PASSWORD}).status_code == 302


def test_each_further_round_of_failures_doubles_the_pause(client, member, rf):
    from portal.lockout import cool_off

    _fail(client, LOGIN, "member", 3)
    request = rf.post(LOGIN, {"username": "member"})
    assert cool_off(request) == timedelta(minutes=15)
    _fail(client, LOGIN, "member", 3)
    assert cool_off(request) == timedelta(minutes=30)
    _fail(client, LOGIN, "member", 3)
    assert cool_off(request) == timedelta(minutes=60)


def test_an_operator_unlocks_a_user_with_axes_reset_username(client, member):
    _fail(client, LOGIN, "member", 3)
    call_command("axes_reset_username", "member")
    assert client.post(LOGIN, {"username": "member", "password": PASSWORD}).status_code == 302


def test_the_test_client_login_still_works(client, member):
    assert client.login(username="member", password=PASSWORD)


def test_the_login_form_says_there_is_a_limit_and_keeps_the_username(client, member):
    response = client.post(LOGIN, {"username": "member", "password": "wrong"})
    page = response.content.decode()
    assert "After 3 wrong tries" in page
    assert 'value="member"' in page
