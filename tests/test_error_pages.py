"""Every error page is a page of the portal: its layout, one h1, a title naming it."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from portal import views

pytestmark = pytest.mark.django_db


def _assert_portal_page(html, heading):
    assert 'class="site-header' in html
    assert "Members&#x27; Guidance Portal" in html or "Members' Guidance Portal" in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert f"<h1>{heading}</h1>" in html
    assert re.search(rf"<title>{re.escape(heading)} – Members", html)
    assert 'href="/static/' in html  # the portal's own stylesheet


def test_a_member_opening_a_staff_page_gets_the_portal_403(member_client):
    response = member_client.get(reverse("search:report"))
    assert response.status_code == 403
    _assert_portal_page(response.content.decode(), "You cannot open this page")


def test_an_unknown_address_gets_the_portal_404(member_client):
    response = member_client.get("/no-such-page/")
    assert response.status_code == 404
    _assert_portal_page(response.content.decode(), "Page not found")


def test_a_form_refused_by_the_csrf_check_gets_the_portal_page(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    html = response.content.decode()
    _assert_portal_page(html, "Your form could not be sent")
    assert "Nothing was saved" in html


def test_a_bad_request_gets_the_portal_400(client, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    response = client.get("/", HTTP_HOST="not-this-site.example")
    assert response.status_code == 400
    _assert_portal_page(response.content.decode(), "Something was wrong with that request")


def test_a_server_error_gets_the_portal_500():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    _assert_portal_page(response.content.decode(), "Sorry, something went wrong")


def test_the_500_page_is_plain_html_when_the_layout_cannot_render(monkeypatch):
    def broken(name):
        raise RuntimeError("templates are unreadable")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "<h1>Sorry, something went wrong</h1>" in response.content.decode()


def test_the_portal_uses_its_own_500_handler():
    from portal import urls

    assert urls.handler500 == "portal.views.server_error"
