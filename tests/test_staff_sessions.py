"""Staff are logged out after STAFF_SESSION_IDLE_MINUTES without a request; members
keep Django's session lifetime (portal/middleware.py)."""

import time

import pytest

from portal.middleware import LAST_SEEN_SESSION_KEY

pytestmark = pytest.mark.django_db


def _idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_staff_are_logged_out_after_the_idle_time(officer_client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    assert officer_client.get("/staff/").status_code == 200
    _idle_for(officer_client, 31)
    response = officer_client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fstaff%2F"
    assert "_auth_user_id" not in officer_client.session
    page = officer_client.get(response["Location"]).content.decode()
    assert "logged out after 30 minutes" in page


def test_staff_using_the_portal_stay_logged_in(comms_client):
    comms_client.get("/staff/")
    _idle_for(comms_client, 29)
    assert comms_client.get("/staff/").status_code == 200
    # The request counted as activity: the clock starts again.
    assert time.time() - comms_client.session[LAST_SEEN_SESSION_KEY] < 60


def test_a_staff_session_expires_with_the_idle_time_not_two_weeks_later(officer_client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    officer_client.get("/staff/")
    assert officer_client.session.get_expiry_age() == 30 * 60


def test_members_keep_the_usual_session_lifetime(member_client, settings):
    member_client.get("/advice/requests/")
    _idle_for(member_client, 600)
    assert member_client.get("/advice/requests/").status_code == 200
    assert member_client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_what_staff_typed_after_the_idle_time_is_shown_back_not_lost(officer_client):
    officer_client.get("/staff/")
    _idle_for(officer_client, 45)
    response = officer_client.post(
        "/staff/requests/ADV-0001/", {"body": "My careful reply to the member."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "You were logged out" in page
    assert "My careful reply to the member." in page
    assert "_auth_user_id" not in officer_client.session
