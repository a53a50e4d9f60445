"""What every request costs beside its page: django-otp's wrapper and the
closing of caches, each left out only where it has nothing to do."""

import pytest
from django.core import signals
from django.core.cache import close_caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.test import RequestFactory

from portal import middleware
from portal.apps import leave_caches_open_if_nothing_to_close

CLOSED = []


class ClosingCache(LocMemCache):
    """A cache that, like memcached's, has a connection to close after each request."""

    def close(self, **kwargs):
        CLOSED.append(self)


def _closes_caches():
    connected = signals.request_finished.disconnect(close_caches)
    if connected:
        signals.request_finished.connect(close_caches)
    return connected


def test_caches_that_close_nothing_are_not_closed_after_each_request():
    leave_caches_open_if_nothing_to_close()
    assert not _closes_caches()


@pytest.mark.django_db
def test_a_cache_that_closes_something_is_still_closed_after_each_request(settings):
    settings.CACHES = {
        **settings.CACHES,
        "closing": {"BACKEND": "tests.test_request_overhead.ClosingCache"},
    }
    from django.core.cache import caches

    try:
        leave_caches_open_if_nothing_to_close()
        assert _closes_caches()
        caches["closing"]  # noqa: B018  (opened, so closed after the request)
        signals.request_finished.send(sender=None)
        assert CLOSED
    finally:
        settings.CACHES = {k: v for k, v in settings.CACHES.items() if k != "closing"}
        leave_caches_open_if_nothing_to_close()
    assert not _closes_caches()


def _through_otp(request):
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    seen = {}

    def view(request):
        seen["user"] = request.user
        return HttpResponse()

    chain = SessionMiddleware(AuthenticationMiddleware(middleware.OTPMiddleware(view)))
    chain(request)
    return seen["user"]


@pytest.mark.django_db
def test_a_visitor_without_a_session_is_not_wrapped_but_is_never_verified():
    from django.utils.functional import SimpleLazyObject

    user = _through_otp(RequestFactory().get("/"))
    assert not user.is_authenticated
    assert user.is_verified() is False and user.otp_device is None
    # Only Django's own lazy user, not django-otp's wrapper around it.
    assert isinstance(user, SimpleLazyObject)
    assert not isinstance(user._wrapped, SimpleLazyObject)


@pytest.mark.django_db
def test_a_request_with_a_session_is_checked_by_django_otp(settings, client):
    from django.utils.functional import SimpleLazyObject

    from tests import factories

    client.force_login(factories.make_user("reader", "Members"))
    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    user = _through_otp(request)
    assert user.is_authenticated and user.is_verified() is False
    # django-otp's wrapper, around Django's lazy user.
    assert isinstance(user, SimpleLazyObject) and isinstance(user._wrapped, SimpleLazyObject)
    assert user.get_username() == "reader"
