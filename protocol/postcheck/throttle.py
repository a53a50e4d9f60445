"""A per-client limit on checks: so many in a minute, per account or, for
visitors who are not logged in, per address. Kept in the cache (the default
local-memory cache counts per process)."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def client_key(request):
    if request.user.is_authenticated:
        return f"postcheck:user:{request.user.pk}"
    return f"postcheck:addr:{request.META.get('REMOTE_ADDR', '')}"


def allow(request) -> bool:
    """Count this check; False once the client has made its limit in the window."""
    key = client_key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return True
    return count <= settings.POST_CHECKS_PER_MINUTE
