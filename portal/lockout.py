"""Login lockout: django-axes counts failed logins per username and client IP
(``client_ip``, as rate limits do); this module sets how long a lockout lasts and
what a locked-out client sees.

Back-off: the first lockout lasts ``LOGIN_LOCKOUT_MINUTES``; every further
``LOGIN_FAILURE_LIMIT`` failures while the record is kept doubles it, up to a
day. A correct password before the limit clears the count; an operator clears
it with ``manage.py axes_reset_username USERNAME`` (docs/operators.md).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.shortcuts import render

from portal.throttling import UNKNOWN_CLIENT, client_ip

LONGEST_LOCKOUT = timedelta(hours=24)


def client_address(request) -> str | None:
    """The client's IP address for lockouts (``AXES_CLIENT_IP_CALLABLE``), or None
    when a request has none (``Client.login()`` in tests, some WSGI servers on a
    Unix socket): axes stores it in an address column, which PostgreSQL checks."""
    address = client_ip(request)
    return None if address == UNKNOWN_CLIENT else address


# django-axes keeps the user name typed in a 255-character column.
_USERNAME_COLUMN = 255


def username_for_lockout(request, credentials) -> str | None:
    """The user name a login attempt is counted under (``AXES_USERNAME_CALLABLE``):
    as django-axes reads it, cut to the length its column holds, so a pasted
    page of text in the box of any login form (the admin's too) is a failed
    login like any other instead of a database error."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        username = credentials.get(field)
    else:
        username = request.POST.get(field) if request is not None else None
    return username[:_USERNAME_COLUMN] if isinstance(username, str) else username


def _failures(request) -> int:
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(
        ip_address=getattr(request, "axes_ip_address", None) or client_address(request)
    )
    username = request.POST.get("username") if request.method == "POST" else None
    if username:
        attempts = attempts.filter(username=username)
    return attempts.aggregate(most=Max("failures_since_start"))["most"] or 0


def cool_off(request=None) -> timedelta:
    """How long failures are remembered and a lockout lasts (AXES_COOLOFF_TIME)."""
    base = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    if request is None:
        return base
    lockouts_before = max(0, _failures(request) // settings.LOGIN_FAILURE_LIMIT - 1)
    return min(base * 2 ** min(lockouts_before, 10), max(base, LONGEST_LOCKOUT))


def wait_text(delta: timedelta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{round(minutes / 60)} hours"


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE), status 429."""
    wait = cool_off(request)
    response = render(
        request,
        "registration/locked_out.html",
        {
            "username": (credentials or {}).get("username") or request.POST.get("username", ""),
            "wait": wait_text(wait),
        },
        status=429,
    )
    response["Retry-After"] = str(int(wait.total_seconds()))
    return response
