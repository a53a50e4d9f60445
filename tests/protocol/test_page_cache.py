"""Pages of a published version are prepared once and kept, and nothing kept is
ever shown stale: publishing, editing a draft, withdrawing, acknowledging and a
change of synonyms each show at once. Every test here runs with the cache on
(each process's own memory, as in production by default)."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from protocol import caching, publishing, search
from protocol.models import Rule, Section, Version
from protocol.search.models import Synonym
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]


def _pages(version):
    document = version.document
    section = version.sections.order_by("order")[1]
    return {
        "contents": document.get_absolute_url(),
        "section": reverse(
            "protocol:section", kwargs={"document": document.slug, "section": section.slug}
        ),
        "all": reverse("protocol:all", kwargs={"document": document.slug}),
        "versions": reverse("protocol:versions", kwargs={"document": document.slug}),
    }


def _text(response):
    return response.content.decode()


def _edit_section(draft, slug, body):
    section = Section.objects.get(version=draft, slug=slug)
    section.body = body
    section.save()
    return section


# -- stored HTML -----------------------------------------------------------------


def test_a_saved_section_and_rule_keep_their_sanitised_html(draft_version):
    section = _edit_section(
        draft_version,
        draft_version.sections.first().slug,
        "Keep **calm**.<script>alert(1)</script>",
    )
    assert Section.objects.get(pk=section.pk).body_html == "<p>Keep <strong>calm</strong>.</p>"
    rule = Rule.objects.filter(section__version=draft_version).first()
    rule.text = "Never post *in haste*."
    rule.save()
    assert Rule.objects.get(pk=rule.pk).text_html == "Never post <em>in haste</em>."


def test_rows_written_in_bulk_get_their_html_too(db):
    document = factories.make_document("Bulk", "bulk")
    version = factories.make_version(document, sections=2, rules_per_section=1)
    assert all(s.body_html.startswith("<p>Body of section") for s in version.sections.all())
    assert all(r.text_html for r in Rule.objects.filter(section__version=version))


def test_publishing_fills_html_that_a_queryset_update_left_behind(draft_version):
    section = draft_version.sections.first()
    Section.objects.filter(pk=section.pk).update(body="Now *changed*.")
    version = publishing.publish(draft_version).version
    assert Section.objects.get(pk=section.pk).body_html == "<p>Now <em>changed</em>.</p>"
    assert version.sections.get(pk=section.pk).body_rendered == "<p>Now <em>changed</em>.</p>"


def test_the_migration_renders_every_stored_body_rule_and_change_note(draft_version):
    # Rows stored before the HTML was (published rows are frozen by the database).
    Section.objects.filter(version=draft_version).update(body_html="")
    Rule.objects.filter(section__version=draft_version).update(text_html="")
    Version.objects.filter(pk=draft_version.pk).update(change_note="A *note*.")
    migration = importlib.import_module("protocol.migrations.0016_rendered_html")
    migration.fill_rendered_html(apps, None)
    assert not Section.objects.filter(version=draft_version, body_html="").exclude(body="")
    assert not Rule.objects.filter(section__version=draft_version, text_html="")
    assert Version.objects.get(pk=draft_version.pk).change_note_html == "<p>A <em>note</em>.</p>"


# -- nothing stale -----------------------------------------------------------------


def test_publishing_a_new_version_shows_at_once_on_every_page(client, sample_version):
    pages = _pages(sample_version)
    for url in pages.values():
        assert client.get(url).status_code == 200  # kept now
    draft = publishing.new_draft_from(sample_version)
    slug = client.get(pages["section"]).wsgi_request.path.rstrip("/").rsplit("/", 1)[1]
    _edit_section(draft, slug, "A rewritten paragraph about kestrels.")
    publishing.publish(draft, change_note="Kestrels added.")
    assert "kestrels" in _text(client.get(pages["section"]))
    assert "kestrels" in _text(client.get(pages["all"]))
    assert f"Version {draft.number}" in _text(client.get(pages["contents"]))
    assert "Kestrels added." in _text(client.get(pages["versions"]))
    # The old version's pages say now that it has been replaced.
    old = reverse(
        "protocol:version_section",
        kwargs={"document": sample_version.document.slug, "number": 1, "section": slug},
    )
    assert "has been replaced" in _text(client.get(old))
    assert "This section has changed since this version." in _text(client.get(old))


def test_editing_a_draft_shows_at_once_in_its_preview(officer_client, draft_version):
    section = draft_version.sections.order_by("order")[1]
    url = section.get_absolute_url()
    assert officer_client.get(url).status_code == 200
    _edit_section(draft_version, section.slug, "Edited in the draft: herons.")
    assert "herons" in _text(officer_client.get(url))
    all_url = reverse(
        "protocol:version_all",
        kwargs={"document": draft_version.document.slug, "number": draft_version.number},
    )
    assert "herons" in _text(officer_client.get(all_url))


def test_withdrawing_a_document_hides_its_kept_pages_at_once(client, sample_version):
    pages = _pages(sample_version)
    for url in pages.values():
        assert client.get(url).status_code == 200
    publishing.withdraw(sample_version.document)
    for url in pages.values():
        assert client.get(url).status_code == 404, url
    publishing.restore(sample_version.document)
    assert client.get(pages["section"]).status_code == 200


def test_a_member_who_acknowledges_stops_being_asked_at_once(member_client, sample_version):
    url = _pages(sample_version)["section"]
    assert "Please confirm you have read" in _text(member_client.get(url))
    acknowledge = reverse("protocol:acknowledge", kwargs={"document": sample_version.document.slug})
    member_client.post(acknowledge)
    assert "Please confirm you have read" not in _text(member_client.get(url))


def test_a_visitors_kept_page_never_goes_to_a_member(client, member_client, sample_version):
    url = _pages(sample_version)["contents"]
    assert "Log in" in _text(client.get(url))
    page = _text(member_client.get(url))
    assert "Please confirm you have read" in page
    assert "Log out" in page


def test_a_change_of_synonyms_shows_at_once_in_search(client, sample_version):
    url = reverse("search:api")
    assert client.get(url, {"q": "kestrel"}).json()["results"] == []
    assert client.get(reverse("search:page"), {"q": "kestrel"}).status_code == 200
    Synonym.objects.create(words="newspaper, kestrel")
    search.synonyms_changed()  # as the admin does
    assert client.get(url, {"q": "kestrel"}).json()["results"] != []
    assert "No results" not in _text(client.get(reverse("search:page"), {"q": "kestrel"}))


# -- conditional requests and reverse proxies ----------------------------------------


def _as_a_new_worker():
    """What a freshly started worker of the same release has: nothing computed,
    nothing compiled, nothing kept."""
    caching._digest_of_this_release.cache_clear()
    for module in ("protocol.views.reading", "protocol.acknowledgements", "portal.auth"):
        importlib.reload(importlib.import_module(module))
    caches["default"].clear()


@pytest.mark.parametrize("page", ["contents", "section", "all", "versions"])
def test_every_worker_gives_a_page_the_same_etag_and_answers_304(client, sample_version, page):
    url = _pages(sample_version)[page]
    first = client.get(url)
    etag = first.headers["ETag"]
    _as_a_new_worker()
    assert client.get(url).headers["ETag"] == etag
    _as_a_new_worker()
    not_modified = client.get(url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.headers["ETag"] == etag


def test_a_members_etag_is_their_own_and_changes_when_they_acknowledge(
    client, member_client, sample_version
):
    url = _pages(sample_version)["contents"]
    visitors = client.get(url).headers["ETag"]
    members = member_client.get(url).headers["ETag"]
    assert members != visitors
    assert member_client.get(url, headers={"if-none-match": members}).status_code == 304
    member_client.post(
        reverse("protocol:acknowledge", kwargs={"document": sample_version.document.slug})
    )
    assert member_client.get(url, headers={"if-none-match": members}).status_code == 200


def test_visitors_pages_may_be_kept_by_a_proxy_and_members_pages_may_not(
    client, member_client, sample_version, settings
):
    url = _pages(sample_version)["section"]
    visitor = client.get(url)
    assert "public" in visitor["Cache-Control"]
    assert "max-age=300" in visitor["Cache-Control"]
    assert "Cookie" in visitor["Vary"]
    assert "public" not in member_client.get(url)["Cache-Control"]
    settings.PROTOCOL_PUBLIC_MAX_AGE = 0
    assert "no-cache" in client.get(url)["Cache-Control"]


def test_a_draft_preview_is_never_public(officer_client, draft_version):
    response = officer_client.get(draft_version.sections.first().get_absolute_url())
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response.headers


# -- queries ---------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_visitors_kept_page_costs_one_query(client, sample_version):
    pages = _pages(sample_version)
    for url in pages.values():
        client.get(url)
    assert _count(client, pages["contents"]) == 1
    assert _count(client, pages["all"]) == 1
    # The section page asks whether any question and answer is about it in the same query.
    assert _count(client, pages["section"]) == 1


def test_a_members_personal_part_is_one_query(member_client, sample_version):
    url = _pages(sample_version)["all"]
    member_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        member_client.get(url)
    reading = [q["sql"] for q in queries if "protocol_acknowledgement" in q["sql"]]
    assert len(reading) == 1


def test_a_prepared_query_reads_what_the_orm_reads(sample_version):
    from protocol.views.reading import _published_state, _published_state_query

    slug = sample_version.document.slug
    assert _published_state(slug) == [tuple(row) for row in _published_state_query(slug)]
    assert _published_state("no-such-document") == []
