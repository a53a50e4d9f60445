"""Security headers: no powerful browser features, personal pages never cached,
a CSRF cookie scripts cannot read."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_every_page_refuses_camera_microphone_and_location(client):
    policy = client.get(reverse("home"))["Permissions-Policy"]
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]:
        assert feature in policy


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("member_client", "home"),
        ("member_client", "advice:ask"),
        ("member_client", "advice:my_requests"),
        ("member_client", "password_change"),
        ("member_client", "quiz:index"),
        ("comms_client", "staff:queue"),
        ("officer_client", "staff:figures"),
        ("officer_client", "search:report"),
        ("officer_client", "admin:index"),
    ],
)
def test_pages_for_someone_logged_in_are_never_stored_by_a_cache(request, persona, url):
    response = request.getfixturevalue(persona).get(reverse(url))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)
    assert "public" not in _directives(response)


def test_the_figures_csv_is_never_stored_by_a_cache(officer_client):
    response = officer_client.get(reverse("staff:figures_csv", args=["topics"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert {"private", "no-store"} <= _directives(response)


def test_the_acknowledgements_csv_is_never_stored_by_a_cache(officer_client, sample_version):
    url = reverse("admin:protocol_version_acknowledgements", args=[sample_version.pk])
    response = officer_client.get(url, {"format": "csv"})
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_public_caching_a_view_asks_for_is_replaced_for_someone_logged_in(rf, member):
    from django.http import HttpResponse

    from portal.middleware import PrivatePagesMiddleware

    def public_page(request):
        response = HttpResponse("the protocol")
        response["Cache-Control"] = "public, max-age=300"
        return response

    request = rf.get("/protocol/")
    request.COOKIES["sessionid"] = "present"
    request.user = member
    response = PrivatePagesMiddleware(public_page)(request)
    assert {"private", "no-store"} <= _directives(response)
    assert "public" not in _directives(response)


def test_a_visitors_page_is_left_to_its_view(client, sample_version):
    response = client.get(reverse("home"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_csrf_cookie_is_not_readable_by_scripts(client):
    response = client.get(reverse("login"))
    assert response.cookies["csrftoken"]["httponly"] is True


def test_a_reading_page_keeps_its_own_private_revalidation_for_a_member(
    member_client, sample_version
):
    response = member_client.get(reverse("protocol:contents", args=[sample_version.document.slug]))
    assert response.status_code == 200
    assert "private" in _directives(response)
    assert "public" not in _directives(response)
    assert response.has_header("ETag")
