"""Published FAQ entries in search, on whichever engine the database gives
(SQLite FTS5 by default; PostgreSQL when DATABASE_URL names it, as CI runs the
suite on both): found like sections, gone when withdrawn."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from protocol import search
from protocol.advice.faq import workflow as faq
from protocol.advice.faq.models import FaqEntry
from protocol.search.models import SearchEntry

QUESTION = "Can I post photographs of the trampolining club I sponsor?"
ANSWER = "Yes, with the parents' consent. **Never** tag the children."


@pytest.fixture
def entry(sample_version):
    return FaqEntry.objects.create(question=QUESTION, answer=ANSWER)


def _faq_hits(query, **options):
    return [hit for hit in search.search(query, **options).results if hit.is_faq]


def test_the_engine_is_the_databases():
    expected = {"sqlite": search.SQLiteEngine, "postgresql": search.PostgreSQLEngine}
    assert isinstance(search.engine(), expected[connection.vendor])


def test_a_published_entry_is_found_by_its_question_and_answer(entry, officer):
    assert _faq_hits("trampolining") == []  # a draft is not searchable
    faq.publish(entry, officer)
    (hit,) = _faq_hits("trampolines")  # stemmed, as sections are
    assert hit.url == f"{reverse('faq:list')}#faq-{entry.pk}"
    assert hit.kind == "Answer" and not hit.superseded
    assert "<mark>trampolining</mark>" in str(hit.title_html)
    (by_answer,) = _faq_hits("consent of parents")
    assert "<mark>consent</mark>" in str(by_answer.snippet)
    assert "<strong>" not in str(by_answer.snippet)  # Markdown is not carried into snippets
    assert by_answer.as_json()["faq"] is True


def test_entries_are_found_beside_sections_and_each_is_its_own_result(entry, officer):
    second = FaqEntry.objects.create(question="May I share trampolining videos?", answer="Yes.")
    faq.publish(entry, officer)
    faq.publish(second, officer)
    assert {hit.url for hit in _faq_hits("trampolining")} == {
        entry.get_absolute_url(),
        second.get_absolute_url(),
    }


def test_searching_earlier_versions_too_still_finds_entries(entry, officer):
    faq.publish(entry, officer)
    assert len(_faq_hits("trampolining", include_superseded=True)) == 1


def test_withdrawing_removes_the_entry_from_search_at_once(entry, officer):
    faq.publish(entry, officer)
    faq.withdraw(entry, officer)
    assert _faq_hits("trampolining") == []
    assert _faq_hits("trampolining", include_superseded=True) == []
    assert not SearchEntry.objects.filter(faq=entry).exists()
    faq.publish(entry, officer)
    assert len(_faq_hits("trampolining")) == 1


def test_editing_a_published_entry_reindexes_it(entry, officer, officer_client):
    faq.publish(entry, officer)
    officer_client.post(
        reverse("admin:advice_faqentry_change", args=[entry.pk]),
        {"question": "Can I post photographs of the gymnastics club?", "answer": ANSWER},
    )
    assert _faq_hits("trampolining") == []
    assert len(_faq_hits("gymnastics")) == 1
    assert SearchEntry.objects.filter(faq=entry).count() == 1


def test_a_rebuild_keeps_published_entries_and_leaves_out_the_rest(entry, officer):
    faq.publish(entry, officer)
    FaqEntry.objects.create(question="A trampolining draft?", answer="Not yet.")
    search.rebuild()
    assert len(_faq_hits("trampolining")) == 1


def test_new_words_in_an_entry_correct_typos(entry, officer):
    faq.publish(entry, officer)
    results = search.search("trampolning")
    assert results.suggestion == "trampolining"
    assert any(hit.is_faq for hit in results.results)


def test_the_search_page_shows_an_entry_as_a_question_and_answer(entry, officer, client):
    faq.publish(entry, officer)
    page = client.get(reverse("search:page"), {"q": "trampolining"}).content.decode()
    assert "Question and answer from the Monitoring Officer" in page
    assert '<span class="rule-kind rule-kind-answer">Answer:</span>' in page
    assert f"faq-{entry.pk}" in page


def test_search_follows_the_protocols_login_setting(entry, officer, settings):
    faq.publish(entry, officer)
    settings.PROTOCOL_REQUIRE_LOGIN = True
    assert _faq_hits("trampolining") != []  # a trusted caller
    assert search.search("trampolining", user=AnonymousUser()).results == []


def test_publishing_a_new_version_leaves_entries_in_search(entry, officer, sample_version):
    from protocol.publishing import new_draft_from, publish

    faq.publish(entry, officer)
    publish(new_draft_from(sample_version))
    assert len(_faq_hits("trampolining")) == 1


@pytest.mark.postgres(reason="The weighted tsvector column is PostgreSQL's.")
def test_postgresql_weighs_an_entrys_question_as_a_title(entry, officer):
    faq.publish(entry, officer)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM protocol_searchentry WHERE faq_id = %s", [entry.pk]
        )
        (vector,) = cursor.fetchone()
    assert "'trampolin':" in vector and "A" in vector.split("'trampolin':")[1].split(" ")[0]
    assert "'consent':" in vector


@pytest.mark.sqlite(reason="The FTS5 tables are SQLite's; PostgreSQL reads the row itself.")
def test_sqlite_keeps_an_entry_in_both_text_tables_until_withdrawn(entry, officer):
    faq.publish(entry, officer)
    row = SearchEntry.objects.get(faq=entry).pk

    def present():
        with connection.cursor() as cursor:
            found = []
            for table in ("protocol_search_current_fts", "protocol_search_fts"):
                cursor.execute(f"SELECT count(*) FROM {table} WHERE rowid = %s", [row])
                found.append(cursor.fetchone()[0])
        return found

    assert present() == [1, 1]
    faq.withdraw(entry, officer)
    assert present() == [0, 0]


def test_an_entry_about_a_withdrawn_document_only_leaves_search_with_it(
    entry, officer, sample_version
):
    from protocol import publishing

    unlinked = FaqEntry.objects.create(question="Trampolining in general?", answer="Fine.")
    entry.sections.set([sample_version.sections.order_by("order").first()])
    faq.publish(entry, officer)
    faq.publish(unlinked, officer)
    document = sample_version.document
    publishing.withdraw(document, by=officer)
    assert [hit.url for hit in _faq_hits("trampolining")] == [unlinked.get_absolute_url()]
    search.rebuild()
    assert [hit.url for hit in _faq_hits("trampolining")] == [unlinked.get_absolute_url()]
    faq.withdraw(entry, officer)
    faq.publish(entry, officer)  # published again while its document is withdrawn
    assert [hit.url for hit in _faq_hits("trampolining")] == [unlinked.get_absolute_url()]
    publishing.restore(document, by=officer)
    assert {hit.url for hit in _faq_hits("trampolining")} == {
        entry.get_absolute_url(),
        unlinked.get_absolute_url(),
    }
