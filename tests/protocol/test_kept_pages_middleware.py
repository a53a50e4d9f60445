"""A visitor without cookies gets a reading page's kept copy from
``portal.middleware.KeptPagesMiddleware``, before the middleware only a reader
with cookies needs: the same response, header by header, as the whole stack
gives, and never a stale one."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from protocol import publishing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]

FAST = "portal.middleware.KeptPagesMiddleware"


def _urls(version):
    document = version.document
    sections = list(version.sections.order_by("order"))
    return [
        document.get_absolute_url(),
        reverse(
            "protocol:section", kwargs={"document": document.slug, "section": sections[1].slug}
        ),
        reverse("protocol:all", kwargs={"document": document.slug}),
        reverse("protocol:versions", kwargs={"document": document.slug}),
    ]


def _whole_stack():
    return override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != FAST])


def _answered_early(monkeypatch):
    """Count the pages the middleware answered itself."""
    from portal import middleware

    answered = []
    original = middleware.KeptPagesMiddleware._kept

    def counting(request):
        response = original(request)
        answered.append(response is not None)
        return response

    monkeypatch.setattr(middleware.KeptPagesMiddleware, "_kept", staticmethod(counting))
    return answered


def _same(fast, whole):
    assert fast.status_code == whole.status_code
    assert dict(fast.headers) == dict(whole.headers)
    assert fast.content == whole.content


def _visitor(form_token_cookie):
    client = Client()
    if form_token_cookie:
        # As a visitor who has seen the login page, or logged out, holds it.
        client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return client


@pytest.mark.parametrize("form_token_cookie", [False, True])
@pytest.mark.parametrize("method", ["get", "head"])
def test_a_kept_page_is_the_same_as_the_whole_stack_gives(
    monkeypatch, sample_version, method, form_token_cookie
):
    answered = _answered_early(monkeypatch)
    for url in _urls(sample_version):
        Client().get(url)  # built and kept
        with _whole_stack():
            whole = getattr(_visitor(form_token_cookie), method)(url)
        fast = getattr(_visitor(form_token_cookie), method)(url)
        _same(fast, whole)
        assert fast.status_code == 200 and fast["X-Frame-Options"] and fast["Content-Length"]
        assert "Cookie" in fast["Vary"] and "public" in fast["Cache-Control"]
        assert not fast.cookies
        # And a 304 to a visitor who has it already.
        with _whole_stack():
            whole = _visitor(form_token_cookie).get(url, HTTP_IF_NONE_MATCH=fast["ETag"])
        fast = _visitor(form_token_cookie).get(url, HTTP_IF_NONE_MATCH=fast["ETag"])
        assert fast.status_code == 304
        _same(fast, whole)
    assert answered.count(True) == 2 * len(_urls(sample_version))


def test_an_earlier_versions_kept_page_is_the_same_too(monkeypatch, sample_version):
    publishing.publish(publishing.new_draft_from(sample_version), change_note="Second.")
    document = sample_version.document
    section = sample_version.sections.order_by("order")[1]
    urls = [
        reverse("protocol:version_contents", kwargs={"document": document.slug, "number": 1}),
        reverse(
            "protocol:version_section",
            kwargs={"document": document.slug, "number": 1, "section": section.slug},
        ),
    ]
    answered = _answered_early(monkeypatch)
    for url in urls:
        Client().get(url)
        with _whole_stack():
            whole = Client().get(url)
        assert "has been replaced" in whole.content.decode()
        _same(Client().get(url), whole)
    assert answered == [False, True, False, True]


def test_a_visitor_with_any_cookie_goes_the_whole_way(monkeypatch, sample_version):
    url = _urls(sample_version)[0]
    Client().get(url)
    answered = _answered_early(monkeypatch)
    client = Client()
    client.cookies["messages"] = "anything"
    assert client.get(url).status_code == 200
    assert answered == []


def test_what_is_not_kept_yet_goes_the_whole_way_and_is_kept(monkeypatch, sample_version):
    answered = _answered_early(monkeypatch)
    url = _urls(sample_version)[1]
    first = Client().get(url)
    second = Client().get(url)
    assert answered == [False, True]
    assert first.content == second.content


def test_a_kept_page_answered_early_is_never_stale(monkeypatch, officer, sample_version):
    contents, section, *_ = _urls(sample_version)
    for url in (contents, section):
        Client().get(url)
    answered = _answered_early(monkeypatch)
    assert "Version 1" in Client().get(contents).content.decode()
    publishing.publish(publishing.new_draft_from(sample_version), change_note="Second.")
    assert "Version 2" in Client().get(contents).content.decode()
    assert "Version 2" in Client().get(contents).content.decode()
    # Kept, checked, stale: answered early, built again, then answered early again.
    assert answered == [True, False, True]
    from django.utils import timezone

    from protocol.models import Document

    Document.objects.filter(pk=sample_version.document_id).update(withdrawn_at=timezone.now())
    assert Client().get(section).status_code == 404


def test_when_the_protocol_needs_a_login_a_visitor_is_sent_to_log_in(settings, sample_version):
    url = _urls(sample_version)[0]
    Client().get(url)
    settings.PROTOCOL_REQUIRE_LOGIN = True
    response = Client().get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_unknown_address_is_still_a_404(sample_version):
    assert Client().get("/protocol/no-such-document/").status_code == 404
    assert Client().get("/no/such/page/").status_code == 404


def test_a_page_not_kept_yet_asks_the_documents_state_once(sample_version):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in _urls(sample_version):
        with CaptureQueriesContext(connection) as queries:
            Client().get(url)
        states = [q["sql"] for q in queries if '"protocol_version"."status" AS' in q["sql"]]
        assert len(states) == 1, (url, states)
