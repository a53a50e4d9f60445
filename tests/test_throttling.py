"""Rate limits: password reset and the search API and suggestions
(portal/throttling.py; "this answered my question" is in tests/advice)."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal import throttling
from portal.models import ThrottleEntry
from protocol import emails
from tests.factories import low_rates

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    return low_rates(settings)


def test_password_reset_for_one_address_is_refused_after_its_limit_keeping_what_was_typed(
    client, member, rates
):
    for _ in range(2):
        assert client.post(reverse("password_reset"), {"email": member.email}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 429
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert "Too many reset links" in page
    assert f'value="{member.email}"' in page
    # Two reset e-mails queued for the worker; the refused third queued nothing.
    queued = DBTaskResult.objects.filter(task_path=emails.send_password_reset.module_path)
    assert queued.count() == 2


def test_password_reset_from_one_client_is_refused_after_its_limit_whatever_the_address(
    client, rates
):
    statuses = [
        client.post(reverse("password_reset"), {"email": f"someone{n}@example.org"}).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_another_client_may_still_ask_for_a_reset_link(client, rates):
    for n in range(4):
        client.post(reverse("password_reset"), {"email": f"someone{n}@example.org"})
    response = client.post(
        reverse("password_reset"), {"email": "new@example.org"}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302


def test_the_search_api_answers_429_json_over_its_rate(client, sample_version, rates):
    statuses = [client.get("/api/search", {"q": "alcohol"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/search", {"q": "alcohol"})
    assert response["Content-Type"] == "application/json"
    assert "Too many requests" in response.json()["detail"]
    assert int(response["Retry-After"]) >= 1


def test_suggestions_are_throttled_separately_from_search(client, sample_version, rates):
    for _ in range(3):
        client.get("/api/search", {"q": "alcohol"})
    assert client.get("/api/search/suggest", {"q": "alc"}).status_code == 200
    for _ in range(3):
        client.get("/api/search/suggest", {"q": "alc"})
    assert client.get("/api/search/suggest", {"q": "alc"}).status_code == 429


def test_a_logged_in_member_is_counted_as_themself_not_by_address(
    member_client, client, sample_version, rates
):
    for _ in range(4):
        member_client.get("/api/search", {"q": "alcohol"})
    assert member_client.get("/api/search", {"q": "alcohol"}).status_code == 429
    assert client.get("/api/search", {"q": "alcohol"}).status_code == 200


def test_client_ip_trusts_only_as_many_forwarded_addresses_as_there_are_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.PROXY_COUNT = 0
    assert throttling.client_ip(request) == "10.0.0.1"
    settings.PROXY_COUNT = 1
    assert throttling.client_ip(request) == "203.0.113.9"


def test_an_unknown_scope_fails_loudly():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="THROTTLE_RATES"):
        throttling.throttle("no_such_scope")


# -- where counts live ----------------------------------------------------------


def _as_another_process(monkeypatch):
    """From here on, count as a second web process would: in memory of its
    own (another cache instance), in the same database."""
    from django.core.cache.backends.locmem import LocMemCache

    other = LocMemCache("another-process", {})
    monkeypatch.setattr(caches._connections, throttling.LOCAL_CACHE_ALIAS, other, raising=False)
    return other


def test_scopes_that_protect_accounts_are_shared_and_load_scopes_are_not(settings):
    for scope in ("password_reset", "password_reset_address", "second_factor"):
        assert throttling.shared(scope)
    for scope in ("advice_answered", "advice_answered_once"):
        assert throttling.shared(scope)
    for scope in ("search", "search_suggest", "post_check"):
        assert not throttling.shared(scope)
    settings.THROTTLE_SHARED_CACHE = "default"  # Redis configured: all shared
    assert throttling.shared("search")


def test_a_shared_scope_counts_across_processes(client, monkeypatch, rates):
    for n in range(2):
        client.post(reverse("password_reset"), {"email": f"someone{n}@example.org"})
    _as_another_process(monkeypatch)
    statuses = [
        client.post(reverse("password_reset"), {"email": f"other{n}@example.org"}).status_code
        for n in range(2)
    ]
    assert statuses == [302, 429]


def test_a_load_scope_counts_in_each_process_and_costs_no_query(
    client, sample_version, monkeypatch, rates
):
    for _ in range(3):
        client.get("/api/search", {"q": "alcohol"})
    assert client.get("/api/search", {"q": "alcohol"}).status_code == 429
    _as_another_process(monkeypatch)  # up to N times the rate with N processes
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/search", {"q": "alcohol"}).status_code == 200
    assert not any("portal_throttle" in q["sql"] for q in captured.captured_queries)


def test_a_shared_scope_is_one_query_a_request(rf):
    request = rf.post("/", REMOTE_ADDR="192.0.2.1")
    with CaptureQueriesContext(connection) as captured:
        throttling.throttled(request, "second_factor")
        first = len(captured)
        throttling.throttled(request, "second_factor")
    # A window's first request also clears windows that have ended.
    assert (first, len(captured) - first) == (2, 1)
    assert ThrottleEntry.objects.get().value == 2


def test_ended_windows_are_cleared(rf):
    request = rf.post("/", REMOTE_ADDR="192.0.2.1")
    ThrottleEntry.objects.create(
        cache_key="old", value=3, expires=timezone.now() - timedelta(seconds=1)
    )
    throttling.throttled(request, "second_factor")
    assert list(ThrottleEntry.objects.values_list("value", flat=True)) == [1]


def test_with_a_shared_cache_every_scope_counts_there_without_a_query(rf, settings):
    settings.THROTTLE_SHARED_CACHE = "default"
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "second_factor": "2/m"}
    request = rf.post("/", REMOTE_ADDR="192.0.2.1")
    with CaptureQueriesContext(connection) as captured:
        results = [throttling.throttled(request, "second_factor") for _ in range(3)]
    assert results == [False, False, True]
    assert len(captured) == 0
    assert request.throttle_retry_after >= 1
