"""Rate limits: password reset and the search API and suggestions
(portal/throttling.py; "this answered my question" is in tests/advice)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from portal import throttling
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
