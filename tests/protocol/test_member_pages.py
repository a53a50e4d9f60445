"""A logged-in reader's page of a published version is the page every reader
sees, kept, with their own parts put in: the navigation their roles allow,
their name and log-out form, the "please confirm" prompt, what changed since
they last read, the links to their requests. Each reader gets their own."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from protocol import acknowledgements, publishing
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]


def _urls(version):
    document = version.document
    section = version.sections.order_by("order")[1]
    return [
        reverse("protocol:contents", kwargs={"document": document.slug}),
        reverse("protocol:section", kwargs={"document": document.slug, "section": section.slug}),
        reverse("protocol:all", kwargs={"document": document.slug}),
        reverse("protocol:versions", kwargs={"document": document.slug}),
    ]


def _text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_each_reader_gets_their_own_parts_of_a_kept_page(
    member_client, member, other_member, officer_client, sample_version
):
    other = Client()
    other.force_login(other_member)
    acknowledgements.acknowledge(other_member, sample_version)
    for url in _urls(sample_version):
        mine = _text(member_client, url)
        theirs = _text(other, url)
        staff = _text(officer_client, url)
        assert "Logged in as Member<" in mine and "Other Member" not in mine
        assert "Logged in as Other Member<" in theirs
        assert "My requests" in mine and "Figures" not in mine
        assert "Figures" in staff and "My requests" not in staff
        assert "Please confirm you have read" in mine or url.endswith("/versions/")
        assert "Please confirm you have read" not in theirs
        assert "Please confirm you have read" not in staff
        assert "<!--personal" not in mine + theirs + staff


def test_a_kept_page_carries_the_readers_own_form_token(member_client, sample_version):
    member_client = Client(enforce_csrf_checks=True)
    member_client.force_login(factories.make_user("reader", "Members"))
    url = _urls(sample_version)[1]
    member_client.get(url)  # the page is kept
    page = _text(member_client, url)
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    logged_out = member_client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert logged_out.status_code in (200, 302)
    assert "_auth_user_id" not in member_client.session


def _token(page):
    return page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def test_a_page_kept_for_a_reader_gets_a_freshly_masked_token_each_time(sample_version):
    from portal import personal

    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.make_user("reader", "Members"))
    url = _urls(sample_version)[1]
    pages = [_text(client, url) for _ in range(3)]  # the last two are the kept page
    tokens = {_token(page) for page in pages}
    assert len(tokens) == 3
    assert not any(personal.TOKEN_PLACEHOLDER in page for page in pages)
    # Every one of them is the reader's: the kept page's token logs them out.
    assert client.post(
        reverse("logout"), {"csrfmiddlewaretoken": _token(pages[-1])}
    ).status_code in (
        200,
        302,
    )
    assert "_auth_user_id" not in client.session


def test_a_kept_pages_token_is_the_readers_secret_masked_afresh(rf):
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token

    from portal import personal

    request = rf.get("/")
    secret = "a" * 16 + "Z9" * 8
    request.META["CSRF_COOKIE"] = secret
    tokens = [personal.form_token(request) for _ in range(200)]
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert len(set(tokens)) == 200
    # Every character can come up in a mask, not only some of them.
    assert set("".join(token[:32] for token in tokens)) == set(CSRF_ALLOWED_CHARS)
    # Renewing the cookie's expiry is left to pages rendered the long way.
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META


def test_a_kept_page_gives_a_reader_without_a_form_token_one(settings, sample_version):
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.make_user("reader", "Members"))
    url = _urls(sample_version)[1]
    _text(client, url)
    kept = client.get(url)  # a reader who still has their cookie: it is not sent again
    assert settings.CSRF_COOKIE_NAME not in kept.cookies
    del client.cookies[settings.CSRF_COOKIE_NAME]
    page = client.get(url)
    assert page.cookies[settings.CSRF_COOKIE_NAME].value
    assert client.post(
        reverse("logout"), {"csrfmiddlewaretoken": _token(page.content.decode())}
    ).status_code in (200, 302)
    assert "_auth_user_id" not in client.session


def test_a_page_kept_for_a_reader_follows_their_name_and_roles(
    member_client, member, sample_version
):
    from django.contrib.auth.models import Group

    url = _urls(sample_version)[1]
    assert "Logged in as Member<" in _text(member_client, url)
    assert "Logged in as Member<" in _text(member_client, url)  # kept
    member.first_name, member.last_name = "Renamed", "Reader"
    member.save()
    assert "Logged in as Renamed Reader<" in _text(member_client, url)
    member.groups.remove(Group.objects.get(name="Members"))
    page = _text(member_client, url)
    assert "My requests" not in page
    assert "Ask the Monitoring Officer about this section" not in page


def test_a_page_kept_for_a_reader_is_theirs_alone(member_client, other_member, sample_version):
    url = _urls(sample_version)[1]
    _text(member_client, url)
    mine = _text(member_client, url)
    other = Client()
    other.force_login(other_member)
    theirs = _text(other, url)
    assert "Logged in as Member<" in mine and "Logged in as Member<" not in theirs
    assert "Logged in as Other Member<" in theirs
    acknowledgements.acknowledge(other_member, sample_version)
    assert "Please confirm you have read" not in _text(other, url)
    assert "Please confirm you have read" in _text(member_client, url)


def test_what_changed_since_last_read_is_the_readers_own(member_client, member, sample_version):
    acknowledgements.acknowledge(member, sample_version)
    url = _urls(sample_version)[1]
    assert "Please confirm you have read" not in _text(member_client, url)
    draft = publishing.new_draft_from(sample_version)
    publishing.publish(draft, change_note="Second.", is_major=True)
    page = _text(member_client, url)
    assert "Please confirm you have read version 2" in page
    assert "since you last read it (version 1)" in page


def test_the_ask_link_on_a_section_is_for_those_who_may_ask(
    member_client, officer_client, sample_version
):
    url = _urls(sample_version)[1]
    assert "Ask the Monitoring Officer about this section" in _text(member_client, url)
    assert "Ask the Monitoring Officer about this section" not in _text(officer_client, url)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries]


def test_a_members_section_page_runs_three_queries(member_client, sample_version):
    """The session, the user with their roles and permissions, and the
    document's versions with the section's questions and the version they last
    confirmed beside them."""
    url = _urls(sample_version)[1]
    member_client.get(url)
    queries = _queries(member_client, url)
    assert len(queries) == 3, queries
    assert "protocol_acknowledgement" in queries[-1] and "advice_faqentry" in queries[-1]
    assert sum("auth_group" in sql for sql in queries) == 1  # roles come with the user
    assert not any("otp_" in sql and "auth_user" not in sql for sql in queries)


def test_a_members_first_view_of_a_page_another_reader_opened_runs_three_queries(
    member_client, other_member, sample_version
):
    """Their own page is not kept yet, the page every reader sees is: nothing the
    first look at the kept copies read is asked again."""
    url = _urls(sample_version)[1]
    other = Client()
    other.force_login(other_member)
    other.get(url)
    assert len(_queries(member_client, url)) == 3


def test_a_members_contents_and_whole_document_run_three_queries(member_client, sample_version):
    contents, _, whole, versions = _urls(sample_version)
    for url in (contents, whole, versions):
        member_client.get(url)
        assert len(_queries(member_client, url)) == 3, url


def test_a_superusers_page_never_reads_every_permission(settings, sample_version):
    settings.STAFF_REQUIRE_SECOND_FACTOR = False
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    url = _urls(sample_version)[1]
    assert "Admin</a>" in _text(client, url)
    queries = _queries(client, url)
    # The user's own query reads their permissions; no other query reads any.
    assert not any(
        'FROM "auth_permission"' in sql and '"auth_user"' not in sql for sql in queries
    ), queries
