"""Site-wide request checks.

* ``StaffIdleTimeoutMiddleware``: staff sessions end when idle.
* ``SecondFactorMiddleware``: a login is not complete until the second factor is
  given (portal/second_factor.py).
* ``BadInputMiddleware``: a null character (U+0000) in a query string or a
  submitted form is removed before any view reads it. It is never meaningful in
  text (it comes with text pasted from another program), PostgreSQL cannot store
  or compare text holding one, and refusing the whole request would lose what
  the member typed; so a draft with one goes through as if it had none. On
  every admin list, an impossible date in the date drill-down
  (``?published_at__year=99999999``) and an over-long search (which SQLite
  cannot turn into a query) come back to the list with a message instead of a
  server error. Written once here so that
  every model admin, the portal's and Django's own, is covered, including any
  registered later.
* ``PrivatePagesMiddleware``: every response to someone logged in carries
  ``Cache-Control: private, no-store``: such pages show their name, their
  requests, members' figures or exports, and no browser or proxy cache may keep
  them. A view that chose private caching itself (the published protocol's
  pages, revalidated by ETag) keeps its choice; "public" is never left on a
  logged-in user's response. Visitors' pages are left to their views.
"""

import functools
import time
from datetime import datetime
from urllib.parse import urlencode

import django_otp.middleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect, QueryDict
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers

from portal import roles, second_factor

LAST_SEEN_SESSION_KEY = "portal_last_seen"


class KeptPagesMiddleware:
    """Answers a visitor who holds no cookie (but perhaps the form token's)
    with a reading page's kept copy, or a 304, before the middleware only
    someone with cookies needs (their session, form token, login, second
    factor, messages), as Django's own cache middleware answers from its
    cache: on a small server a visitor's page then costs little more than a
    static file.

    The page is still checked against the document's state at every request
    (``protocol.views.reading.kept_for_visitor``), so nothing stale is shown,
    and only a copy already kept is answered here: anything else goes through
    the whole stack. The response is the one the whole stack gives: the
    later middleware that change a visitor's response (the length, framing)
    are applied to it here, and tests compare the two responses header by
    header."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Those of the later middleware that change a cookie-less visitor's
        # response, in the order the response passes them.
        self.later = [
            XFrameOptionsMiddleware(get_response),
            CommonMiddleware(get_response),
        ]

    def __call__(self, request):
        response = self._kept(request) if _a_visitor_without_cookies(request) else None
        if response is None:
            return self.get_response(request)
        for middleware in self.later:
            response = middleware.process_response(request, response)
        return response

    @staticmethod
    def _kept(request):
        from protocol.views import reading

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        request.user = AnonymousUser()
        response = reading.kept_for_visitor(request, match)
        if response is None:
            del request.user  # the whole stack gives the request its own
        return response


def _a_visitor_without_cookies(request):
    # The form token's cookie alone (a visitor who has seen the login page, or
    # logged out) changes nothing in a kept page or its response.
    return (
        request.method in ("GET", "HEAD")
        and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}
        and not settings.PROTOCOL_REQUIRE_LOGIN
    )


class OTPMiddleware(django_otp.middleware.OTPMiddleware):
    """django-otp's middleware, which wraps ``request.user`` to find the
    device the session was verified with. A request that carries no session
    cookie has no one logged in and no device: its visitor gets django-otp's
    attributes (``is_verified()`` false) directly, without the wrapper that
    every later look at ``request.user`` went through, about a twentieth of a
    visitor's page."""

    def _install_lazy_accessors(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return super()._install_lazy_accessors(request)
        self._init_user_fields(request.user)
        auser = getattr(request, "auser", None)
        if auser is not None:
            request.auser = functools.partial(self._verify_user_async_via_auser, request, auser)
        return None


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


def start_idle_clock(sender, request, user, **kwargs):
    """The idle clock starts at login (``user_logged_in``), so the first page after
    it does not have to save the session again."""
    if request is not None and hasattr(request, "session") and roles.is_staff(user):
        request.session[LAST_SEEN_SESSION_KEY] = int(time.time())
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60)


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
        # The layout leaves out the links a half-logged-in user cannot follow yet.
        request.second_step_pending = step is not None
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


NULL = "\x00"

# Admin list searches: enough for any name, reference or phrase; SQLite builds
# one expression per word and field, and fails beyond a few hundred.
ADMIN_SEARCH_MAX_WORDS = 20
ADMIN_SEARCH_MAX_CHARACTERS = 200
# datetime reaches 9999-12-31; the drill-down asks for the day after the period.
DATE_HIERARCHY_YEARS = range(1, 9999)


def _holds_null(query_dict):
    return any(
        NULL in key or any(NULL in value for value in values) for key, values in query_dict.lists()
    )


def _without_null(query_dict):
    cleaned = QueryDict(mutable=True)
    for key, values in query_dict.lists():
        cleaned.setlist(key.replace(NULL, ""), [value.replace(NULL, "") for value in values])
    cleaned._mutable = False
    return cleaned


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_null(request.GET):
            request.GET = _without_null(request.GET)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After CsrfViewMiddleware, which has read the form already; files are
        # left alone (their content is never stored as text).
        if request.method == "POST" and _holds_null(request.POST):
            request.POST = _without_null(request.POST)
        model_admin = getattr(view_func, "model_admin", None)
        match = request.resolver_match
        # An admin object's bare address (a redirect to its change page) has no name.
        if model_admin is not None and match and (match.url_name or "").endswith("_changelist"):
            return _admin_list_input(request, model_admin)
        return None


def _admin_list_input(request, model_admin):
    """Redirect to the same list without what it cannot show, with a message."""
    params = request.GET.copy()
    changed = False
    field = model_admin.date_hierarchy
    if field and f"{field}__year" in params and not _valid_drill_down(params, field):
        for part in ("year", "month", "day"):
            params.pop(f"{field}__{part}", None)
        messages.error(request, "There are no records on that date: choose one from the list.")
        changed = True
    term = params.get("q", "")
    words = term.split()
    if len(words) > ADMIN_SEARCH_MAX_WORDS or len(term) > ADMIN_SEARCH_MAX_CHARACTERS:
        params["q"] = " ".join(words[:ADMIN_SEARCH_MAX_WORDS])[:ADMIN_SEARCH_MAX_CHARACTERS]
        messages.warning(
            request,
            f"A search uses at most {ADMIN_SEARCH_MAX_WORDS} words and "
            f"{ADMIN_SEARCH_MAX_CHARACTERS} characters: this one was shortened.",
        )
        changed = True
    if not changed:
        return None
    query = params.urlencode()
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))


def _valid_drill_down(params, field):
    try:
        year = int(params.get(f"{field}__year"))
        month = int(params.get(f"{field}__month") or 1)
        day = int(params.get(f"{field}__day") or 1)
        if year not in DATE_HIERARCHY_YEARS:
            return False
        datetime(year, month, day)
    except (TypeError, ValueError, OverflowError):
        return False
    return True


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Without a session cookie no one is logged in; asking request.user would
        # read the session and add "Vary: Cookie" to visitors' public pages.
        if settings.SESSION_COOKIE_NAME in request.COOKIES or hasattr(request, "_cached_user"):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not _kept_private(response):
                mark_private(response)
        return response


def _kept_private(response):
    """The view chose private caching itself (a published reading page revalidated
    by its ETag): that choice stands."""
    directives = {
        part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")
    }
    return "public" not in directives and bool(directives & {"private", "no-store"})


def mark_private(response):
    """``Cache-Control: private, no-store`` (and an expiry in the past), replacing any
    public caching a view may have asked for."""
    del response["Cache-Control"]
    add_never_cache_headers(response)
    return response
