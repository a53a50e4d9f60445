"""Who may read the protocol: one rule (portal.access) for every page that shows it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from portal.access import may_read_protocol

pytestmark = pytest.mark.django_db


def test_the_protocol_is_public_unless_login_is_required(settings, member):
    settings.PROTOCOL_REQUIRE_LOGIN = False
    assert may_read_protocol(AnonymousUser())
    settings.PROTOCOL_REQUIRE_LOGIN = True
    assert not may_read_protocol(AnonymousUser())
    assert may_read_protocol(member)


def test_every_page_that_shows_the_protocol_asks_a_visitor_to_log_in(
    client, member_client, settings, sample_version
):
    settings.PROTOCOL_REQUIRE_LOGIN = True
    slug = sample_version.document.slug
    pages = [
        reverse("protocol:contents", args=[slug]),
        reverse("protocol:versions", args=[slug]),
        f"{reverse('search:page')}?q=social",
        reverse("quiz:index"),
        reverse("quiz:start", kwargs={"document": slug}),
        reverse("quiz:practice", kwargs={"document": slug}),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    assert client.get(reverse("search:api"), {"q": "social"}).status_code == 401
    for url in pages[:4]:
        assert member_client.get(url).status_code == 200, url
