"""Rate limiting: the one home for "too many requests from this client".

Each scope has a rate (``THROTTLE_RATES`` in settings) and counts requests in
fixed windows, keyed per client; this module says who a client is, where a
scope's counts are kept, and answers a throttled request with a clear 429:

- ``@throttle("search")`` on a view: over the rate, the view is not run and the
  client gets a 429 page (or JSON under ``/api/``) with ``Retry-After``.
- ``throttled(request, "password_reset_address", key=address)`` inside a view,
  for a view that must answer in its own way (a form shown again with what was
  typed and an error).
- ``first_time(request, "advice_answered_once", topic, question)``: whether
  this client has done this same thing before within the scope's window, so a
  repeated post counts once.

A client is the logged-in user, otherwise the IP address (``client_ip``, which
is also what login lockout counts by). Only a keyed hash of who and what is
kept, never the address or the words.

Where counts live is a property of the scope (``shared()``):

- a scope that protects accounts or the figures (password resets, codes at
  the second step of logging in, "this answered my question") is **shared**
  by every web process: one row per client and window in the table
  ``portal_throttle``, counted by one upsert (one query);
- a scope listed in ``THROTTLE_PER_PROCESS`` only protects the server from
  load (search, suggestions, checking a post): each web process counts in its
  own memory (the ``throttle_local`` cache), which costs no query. With N web
  processes such a limit lets a client make up to N times the rate;
- when ``THROTTLE_SHARED_CACHE`` names a shared cache (Redis, from
  ``CACHE_URL``), every scope counts there, shared and without a query.
"""

import functools
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from portal.models import ThrottleEntry

LOCAL_CACHE_ALIAS = "throttle_local"
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# What client_ip() says of a request with no address at all.
UNKNOWN_CLIENT = "unknown"


def client_ip(request) -> str:
    """The client's IP address: REMOTE_ADDR, or with ``PROXY_COUNT`` reverse proxies
    in front, the address the outermost trusted proxy saw (X-Forwarded-For is
    appended to by each proxy, so only its last PROXY_COUNT entries are trusted)."""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or UNKNOWN_CLIENT


def client_key(group, request) -> str:
    """Who is asking: the user when logged in, otherwise the IP address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def rate_for(scope) -> str:
    try:
        return settings.THROTTLE_RATES[scope]
    except KeyError:
        raise ImproperlyConfigured(
            f"No rate for {scope!r}: add it to THROTTLE_RATES in portal/settings.py."
        ) from None


def limit_and_period(scope) -> tuple[int, int]:
    """``scope``'s rate as (requests allowed, window in seconds)."""
    count, period = rate_for(scope).split("/")
    return int(count), _PERIOD_SECONDS[period[-1]] * int(period[:-1] or 1)


def shared(scope) -> bool:
    """Whether ``scope``'s counts are shared by every web process (a shared
    cache is configured, or the scope protects more than the server's load)."""
    return bool(settings.THROTTLE_SHARED_CACHE) or scope not in settings.THROTTLE_PER_PROCESS


def _count_in_cache(cache, cache_key, timeout) -> int:
    cache.add(cache_key, 0, timeout=timeout)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(cache_key, 1, timeout=timeout)
        return 1


_UPSERT = (
    f"INSERT INTO {ThrottleEntry._meta.db_table} (cache_key, value, expires) "
    "VALUES (%s, 1, %s) ON CONFLICT (cache_key) "
    f"DO UPDATE SET value = {ThrottleEntry._meta.db_table}.value + 1 RETURNING value"
)


def _count_in_table(cache_key, ends) -> int:
    """One statement, atomic on SQLite and PostgreSQL alike: the row of this
    client and window made with a count of 1, or its count raised by one.
    A window's first request also clears rows of windows that have ended."""
    expires = datetime.fromtimestamp(ends, tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [cache_key, connection.ops.adapt_datetimefield_value(expires)])
        count = int(cursor.fetchone()[0])
    if count == 1:
        ThrottleEntry.objects.expired().delete()
    return count


def count(scope, who) -> tuple[int, int]:
    """Count one more request of ``who`` (a string) against ``scope``:
    (requests in this window so far, seconds until the window ends)."""
    _limit, period = limit_and_period(scope)
    now = time.time()
    window = int(now // period)
    ends = (window + 1) * period
    digest = salted_hmac(
        "portal.throttling.count", "\x1f".join([scope, who]), algorithm="sha256"
    ).hexdigest()[:40]
    cache_key = f"throttle:{scope}:{window}:{digest}"
    timeout = max(1, int(ends - now) + 1)
    if settings.THROTTLE_SHARED_CACHE:
        counted = _count_in_cache(caches[settings.THROTTLE_SHARED_CACHE], cache_key, timeout)
    elif not shared(scope):
        counted = _count_in_cache(caches[LOCAL_CACHE_ALIAS], cache_key, timeout)
    else:
        counted = _count_in_table(cache_key, ends)
    return counted, max(1, int(ends - now + 0.999))


def throttled(request, scope, *, key=client_key) -> bool:
    """Count this request against ``scope`` and say whether it is over the rate.

    ``key`` is a string (e.g. an e-mail address) or a function ``(scope, request)``;
    by default the client (user or IP). Marks the request so ``too_many_requests``
    can say when to try again.
    """
    who = key if isinstance(key, str) else key(scope, request)
    counted, seconds_left = count(scope, who)
    if counted <= limit_and_period(scope)[0]:
        return False
    request.throttle_retry_after = seconds_left
    return True


def retry_after(request) -> int:
    return getattr(request, "throttle_retry_after", 60)


def _wait_text(seconds):
    minutes = (seconds + 59) // 60
    if minutes <= 1:
        return "a minute"
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{(minutes + 59) // 60} hours"


def too_many_requests_text(request) -> str:
    """ "Please wait N minutes and try again.", for a form that shows its own error."""
    return f"Please wait {_wait_text(retry_after(request))} and try again."


def too_many_requests(request):
    """The 429 answer: JSON for the API, otherwise a page in the portal's layout."""
    seconds = retry_after(request)
    message = f"Too many requests. {too_many_requests_text(request)}"
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": message, "retry_after": seconds}, status=429)
    else:
        response = render(
            request,
            "429.html",
            {"message": message, "wait": _wait_text(seconds)},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response


def throttle(scope, *, key=client_key, methods=None):
    """Decorate a view so a client over ``scope``'s rate gets ``too_many_requests``.

    ``methods`` (e.g. ``["POST"]``) limits which requests are counted; by default all.
    """
    rate_for(scope)  # an unknown scope fails at import, not on the first request

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if (methods is None or request.method in methods) and throttled(
                request, scope, key=key
            ):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def first_time(request, scope, *parts, key=client_key) -> bool:
    """Whether this client has not already done this same thing (``parts``) within
    ``scope``'s window. Only a keyed hash is kept, never the parts themselves."""
    who = key if isinstance(key, str) else key(scope, request)
    return count(scope, "\x1f".join([who, *(str(part) for part in parts)]))[0] == 1
