"""Rate limiting: the one home for "too many requests from this client".

Counting is django-ratelimit's (fixed windows in a cache, keyed per client);
this module names the scopes and their rates (``THROTTLE_RATES`` in settings),
says who a client is, and answers a throttled request with a clear 429:

- ``@throttle("search")`` on a view: over the rate, the view is not run and the
  client gets a 429 page (or JSON under ``/api/``) with ``Retry-After``.
- ``throttled(request, "password_reset_address", key=address)`` inside a view,
  for a view that must answer in its own way (a form shown again with what was
  typed and an error).
- ``first_time(request, "advice_answered", topic, question)``: whether this
  client has done this same thing before within the scope's window, so a
  repeated post counts once.

A client is the logged-in user, otherwise the IP address (``client_ip``, which
is also what login lockout counts by). Counts live in the ``throttle`` cache,
a database table by default, so every web process shares them.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django_ratelimit.core import get_usage

CACHE_ALIAS = "throttle"
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


def _usage(request, scope, key):
    value = key if isinstance(key, str) else key(scope, request)
    return get_usage(
        request,
        group=f"portal.throttle.{scope}",
        key=lambda group, request: value,
        rate=rate_for(scope),
        increment=True,
    )


def throttled(request, scope, *, key=client_key) -> bool:
    """Count this request against ``scope`` and say whether it is over the rate.

    ``key`` is a string (e.g. an e-mail address) or a function ``(scope, request)``;
    by default the client (user or IP). Marks the request so ``too_many_requests``
    can say when to try again.
    """
    usage = _usage(request, scope, key)
    if usage is None or not usage["should_limit"]:
        return False
    request.throttle_retry_after = max(1, usage["time_left"])
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
    count_and_period = rate_for(scope).split("/")[1]
    window = _PERIOD_SECONDS[count_and_period[-1]] * int(count_and_period[:-1] or 1)
    who = key if isinstance(key, str) else key(scope, request)
    digest = salted_hmac(
        "portal.throttling.first_time",
        "\x1f".join([scope, who, *(str(part) for part in parts)]),
        algorithm="sha256",
    ).hexdigest()
    cache_key = "once:" + hashlib.sha256(digest.encode()).hexdigest()
    return caches[CACHE_ALIAS].add(cache_key, 1, timeout=window)
