"""Two-step login (portal/second_factor.py): staff give a code from an authenticator
app after their password whenever it is required (the default with DEBUG off),
members may choose it, and recovery codes work once each."""

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SETUP = "/accounts/two-step/set-up/"
CODE = "/accounts/two-step/code/"
MANAGE = "/accounts/two-step/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.STAFF_REQUIRE_SECOND_FACTOR = True


def _login(username, client=None):
    client = client or Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password was refused"
    return client


def _set_up(client, user):
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": totp_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    return page, response, codes


def test_staff_with_no_app_are_sent_to_set_one_up_before_anything_else(officer):
    client = _login("officer")
    for path in ["/staff/", "/admin/", "/", "/protocol/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SETUP), path


def test_setting_up_shows_a_qr_code_made_on_the_page_and_the_key_as_text(officer):
    client = _login("officer")
    page = client.get(SETUP).content.decode()
    # Links that would only lead back here are left out until the code is given.
    assert 'href="/staff/"' not in page and 'href="/admin/"' not in page
    assert "<svg" in page
    assert 'aria-label="QR code' in page
    assert "<img" not in page.split("<main", 1)[1]
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = re.search(r'<code class="[^"]*" id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    from base64 import b32decode

    plain = secret.replace(" ", "")
    assert b32decode(plain + "=" * (-len(plain) % 8)) == device.bin_key
    # Reloading shows the same key, not a new one.
    assert secret in client.get(SETUP).content.decode()


def test_confirming_the_app_shows_recovery_codes_once_and_opens_the_staff_pages(officer):
    client = _login("officer")
    _, response, codes = _set_up(client, officer)
    assert len(codes) == 10
    assert "shown only now" in response.content.decode()
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert not any(code in client.get(MANAGE).content.decode() for code in codes)


def test_a_wrong_code_does_not_turn_it_on(officer):
    client = _login("officer")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert "did not work" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/staff/")["Location"].startswith(SETUP)


def test_logging_in_again_asks_for_the_code_after_the_password(officer):
    _set_up(_login("officer"), officer)
    client = _login("officer")
    response = client.get("/staff/")
    assert response["Location"] == f"{CODE}?next=%2Fstaff%2F"
    assert client.get("/admin/")["Location"].startswith(CODE)
    response = client.post(CODE, {"code": "123456", "next": "/staff/"})
    assert "did not work" in response.content.decode()
    device = TOTPDevice.objects.get(user=officer)
    device.throttle_reset()  # the app's pause after a wrong code has passed
    response = client.post(CODE, {"code": totp_code(device, 1), "next": "/staff/"})
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_the_admin_login_also_ends_at_the_code(officer):
    _set_up(_login("officer"), officer)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "officer", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(CODE)


def test_a_recovery_code_logs_in_once(officer):
    _, _, codes = _set_up(_login("officer"), officer)
    client = _login("officer")
    response = client.post(CODE, {"code": codes[0].upper(), "next": "/staff/"}, follow=True)
    assert response.status_code == 200
    assert "9 left" in response.content.decode()
    again = _login("officer")
    response = again.post(CODE, {"code": codes[0], "next": "/staff/"})
    assert "did not work" in response.content.decode()


def test_new_recovery_codes_replace_the_old_ones(officer):
    client = _login("officer")
    _, _, old = _set_up(client, officer)
    response = client.post("/accounts/two-step/recovery-codes/")
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    response = _login("officer").post(CODE, {"code": old[1]})
    assert "did not work" in response.content.decode()


def test_guessing_codes_is_throttled(officer, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "second_factor": "3/15m"}
    _set_up(_login("officer"), officer)
    client = _login("officer")
    statuses = [client.post(CODE, {"code": "000000"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_comms_team_need_it_too(comms):
    client = _login("comms")
    assert client.get("/staff/")["Location"].startswith(SETUP)


def test_staff_cannot_turn_it_off_but_members_can(officer, member):
    client = _login("officer")
    _set_up(client, officer)
    client.post("/accounts/two-step/turn-off/")
    assert TOTPDevice.objects.filter(user=officer).exists()

    client = _login("member")
    _set_up(client, member)
    client.post("/accounts/two-step/turn-off/")
    assert not TOTPDevice.objects.filter(user=member).exists()


def test_members_log_in_with_a_password_alone_unless_they_turned_it_on(member):
    client = _login("member")
    assert client.get("/advice/requests/").status_code == 200
    assert "Two-step login is <strong>off</strong>" in client.get(MANAGE).content.decode()
    _set_up(client, member)
    client = _login("member")
    assert client.get("/advice/requests/")["Location"].startswith(CODE)


def test_with_the_setting_off_staff_log_in_with_a_password_alone(officer, settings):
    settings.STAFF_REQUIRE_SECOND_FACTOR = False
    assert _login("officer").get("/staff/").status_code == 200


def test_a_half_logged_in_user_may_still_log_out(officer):
    client = _login("officer")
    response = client.post("/accounts/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
