"""Two-step login: a code from an authenticator app after the password (django-otp's
TOTP devices), with single-use recovery codes (its static devices) for a lost phone.

Who must use it: staff (``roles.is_staff``) whenever ``STAFF_REQUIRE_SECOND_FACTOR``
is on, the default with DEBUG off. Members may turn it on for themselves; once on,
it is asked for at every login. ``SecondFactorMiddleware`` keeps a user who has
given only their password to the pages here and logging out.
"""

import contextlib
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import roles

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def required_for(user) -> bool:
    """Whether ``user`` may not use the portal without a second factor."""
    return bool(settings.STAFF_REQUIRE_SECOND_FACTOR) and roles.is_staff(user)


def app_device(user):
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


# Whether the user has a confirmed app, loaded with the logged-in user at every
# request (portal/auth.py), so the middleware asks it for no query.
IS_ON = "portal_second_factor_on"


def loaded_facts() -> dict:
    """``{attribute: Exists(...)}`` for ``QuerySet.annotate()`` on users."""
    from django.db.models import Exists, OuterRef

    return {IS_ON: Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))}


def is_on(user) -> bool:
    loaded = getattr(user, IS_ON, None)
    if loaded is not None:
        return bool(loaded)
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _forget_loaded(user) -> None:
    """After turning the app on or off, ``is_on`` asks again for the rest of the request."""
    with contextlib.suppress(AttributeError):
        delattr(user, IS_ON)  # through ``request.user``'s lazy wrapper too


def pending_step(user):
    """What a logged-in user must still do before using the portal: "verify" (give a
    code), "setup" (set up an app, when required and there is none) or None."""
    if not user.is_authenticated or user.is_verified():
        return None
    if is_on(user):
        return "verify"
    if required_for(user):
        return "setup"
    return None


def pending_app(user):
    """The authenticator app being set up: an unconfirmed device, made once and kept
    until confirmed, so reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device) -> str:
    """The app's secret as people type it: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device) -> str:
    """The setup QR code as inline SVG, made here: no image is fetched from anywhere."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff"
    )
    return svg.replace(
        "<svg ",
        '<svg role="img" aria-label="QR code to scan with your authenticator app" ',
        1,
    )


def normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def confirm_app(request, device, code) -> list[str] | None:
    """Confirm the app being set up with a code from it: turns two-step login on,
    verifies this session and returns new recovery codes; None if the code is wrong."""
    with transaction.atomic():
        if not device.verify_token(normalise(code)):
            return None
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(device.user)
    _forget_loaded(request.user)
    django_otp.login(request, device)
    return codes


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones (each works once)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(request, code):
    """Check a code from the app or a recovery code (used up) and, if it is right,
    mark this session as verified. Returns the device that accepted it, or None."""
    device = django_otp.match_token(request.user, normalise(code))
    if device is not None:
        django_otp.login(request, device)
    return device


def app_is_pausing(user) -> bool:
    """Whether the user's app refuses codes for a moment after wrong ones (django-otp
    waits 1, 2, 4 ... seconds after successive failures, so guessing is slow)."""
    device = app_device(user)
    return device is not None and not device.verify_is_allowed()[0]


def turn_off(user) -> None:
    """Remove the user's app and recovery codes (members only: staff may not)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    _forget_loaded(user)
