"""Site-wide request checks for logged-in users: staff sessions end when idle, and
a login is not complete until the second factor is given (portal/second_factor.py)."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse

from portal import roles, second_factor

LAST_SEEN_SESSION_KEY = "portal_last_seen"


class StaffIdleTimeoutMiddleware:
    """Log staff out after STAFF_SESSION_IDLE_MINUTES without a request.

    Members keep Django's session lifetime: they read personal data only their own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and roles.is_staff(user):
            idle = settings.STAFF_SESSION_IDLE_MINUTES * 60
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if last_seen is not None and now - last_seen > idle:
                return self._logged_out(request)
            # Saved with every staff request (staff are few), so a page does the same
            # work each time; the session row and cookie expire with it too.
            request.session[LAST_SEEN_SESSION_KEY] = now
            request.session.set_expiry(idle)
        return self.get_response(request)

    def _logged_out(self, request):
        logout(request)
        login_url = f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
        if request.method != "POST":
            messages.info(request, f"{_idle_text()} Log in again to carry on.")
            return redirect(login_url)
        # What was being sent is not acted on, but shown back so nothing typed is lost.
        typed = [
            (name, value)
            for name, value in request.POST.items()
            if value.strip() and name != "csrfmiddlewaretoken" and "password" not in name
        ]
        return render(
            request,
            "registration/idle_logged_out.html",
            {"idle_text": _idle_text(), "login_url": login_url, "typed": typed},
        )


def _idle_text():
    return (
        f"You were logged out after {settings.STAFF_SESSION_IDLE_MINUTES} minutes without "
        "using the portal."
    )


class SecondFactorMiddleware:
    """Until a logged-in user who needs a second factor has given it, only the
    two-step pages, logging out and static files answer; anything else sends them to
    give their code (or to set up an app, for staff who have none yet)."""

    OPEN_PREFIXES = ("/static/", "/favicon.ico")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = second_factor.pending_step(request.user)
        if step is not None and not self._open(request.path_info):
            target = reverse(f"second_factor:{step}")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _open(self, path):
        if path.startswith(self.OPEN_PREFIXES):
            return True
        return path in {
            reverse("second_factor:verify"),
            reverse("second_factor:setup"),
            reverse("logout"),
        }
