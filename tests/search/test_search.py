"""Search: what members find, on whichever database the suite runs (SQLite FTS5 or
PostgreSQL full-text), and how the index follows publishing."""

import pytest
from django.core.management import call_command
from django.db import connection

from protocol import search
from protocol.models import BestBet, Rule, SearchEntry, Synonym, Version
from protocol.publishing import new_draft_from, publish
from tests import factories
from tests.search.factories import publish_document

pytestmark = pytest.mark.django_db


def numbers(results):
    return [hit.section for hit in results.results]


@pytest.fixture
def guidance(db):
    return publish_document(
        "Online Conduct",
        [
            ("1", "Introduction", "This guidance helps members use the internet well.", []),
            (
                "2",
                "Posting in haste",
                "Think before you write anything.",
                [("dont", "post anything when you have consumed alcohol or are angry.")],
            ),
            (
                "3",
                "Legal issues",
                "Publishing an untrue statement about someone may be libel.",
                [("do", "get permission before you use a copyrighted image.")],
            ),
            (
                "4",
                "Scams",
                "Social engineering attacks, also known as phishing, try to steal passwords.",
                [],
            ),
        ],
        slug="online-conduct",
    )


# --- matching ----------------------------------------------------------------


def test_the_engine_is_the_databases_own():
    expected = {"sqlite": search.SQLiteEngine, "postgresql": search.PostgreSQLEngine}
    assert isinstance(search.engine(), expected[connection.vendor])


def test_a_word_finds_other_forms_of_itself(guidance):
    assert "2" in numbers(search.search("posting"))
    assert "3" in numbers(search.search("permissions"))
    assert numbers(search.search("statements"))[0] == "3"


def test_a_result_links_straight_to_the_rule_that_matched(guidance):
    hit = search.search("alcohol").results[0]
    rule = Rule.objects.get(section__version=guidance, text__contains="alcohol")
    assert hit.section == "2"
    assert hit.url == f"/protocol/online-conduct/2-posting-in-haste/#{rule.anchor}"
    assert hit.kind == "Don't"
    assert "<mark>alcohol</mark>" in hit.snippet


def test_a_section_match_links_to_the_section(guidance):
    hit = search.search("passwords").results[0]
    assert hit.url == "/protocol/online-conduct/4-scams/"
    assert "<mark>passwords</mark>" in hit.snippet


def test_members_words_find_the_protocols_words_through_the_shipped_synonyms(guidance):
    # "drinks" is nowhere in the text; the shipped list alcohol/drink/drunk finds it.
    assert numbers(search.search("can I tweet after a few drinks"))[0] == "2"
    assert numbers(search.search("defamation"))[0] == "3"
    assert numbers(search.search("photo"))[0] == "3"


def test_a_synonym_list_works_in_both_directions(guidance):
    publish_document(
        "Wildlife", [("1", "Stripes", "Notes on the zebra.", []), ("2", "Spots", "Leopards.", [])]
    )
    assert search.search("okapi").results == []
    Synonym.objects.create(words="zebra, okapi")
    search.synonyms_changed()
    assert numbers(search.search("okapi")) == ["1"]
    publish_document("Forest", [("7", "Giraffes", "The okapi hides in forests.", [])])
    assert "7" in numbers(search.search("zebra"))


def test_a_synonym_phrase_matches_as_a_phrase(guidance):
    publish_document(
        "Data",
        [
            ("1", "Data protection", "Do not publish personal data without consent.", []),
            ("2", "Addresses", "Your email is yours to give.", []),
        ],
    )
    # "email address" is in the shipped list with "personal data".
    assert numbers(search.search("posting someone's email address"))[0] == "1"


def test_typos_are_corrected_with_a_did_you_mean(guidance):
    results = search.search("libal")
    assert results.suggestion == "libel"
    assert numbers(results)[0] == "3"
    results = search.search("phising")
    assert results.suggestion == "phishing"
    assert numbers(results)[0] == "4"
    results = search.search("copywrite image")
    assert results.suggestion == "copyright image"
    assert numbers(results)[0] == "3"


def test_real_words_and_known_words_are_not_corrected(guidance):
    assert search.search("alcohol").suggestion is None
    # "count" is English, though not in the guidance: it is not turned into "court".
    assert search.search("count").suggestion is None


def test_a_title_match_ranks_above_a_body_match(db):
    publish_document(
        "Ranking",
        [
            ("1", "General", "Members sometimes ask about expenses in passing.", []),
            ("2", "Expenses", "How claims are made.", []),
        ],
    )
    assert numbers(search.search("expenses")) == ["2", "1"]


def test_rule_text_ranks_above_body_text(db):
    publish_document(
        "Weights",
        [
            ("1", "First", "A long body that mentions a canvass only in passing here.", []),
            ("2", "Second", "Another body.", [("do", "canvass politely.")]),
        ],
    )
    assert numbers(search.search("canvass"))[0] == "2"


# --- snippets are safe ------------------------------------------------------------


def test_markup_in_a_section_cannot_reach_the_snippet(db):
    publish_document(
        "Markup",
        [("1", "Formatting", "Some <b>bold</b> words and <script>alert(1)</script> ibis.", [])],
    )
    hit = search.search("ibis").results[0]
    assert "<b>" not in hit.snippet and "<script" not in hit.snippet
    assert "<mark>ibis</mark>" in hit.snippet


def test_advice_suggestions_show_search_s_escaped_snippet(db):
    """The ask form's suggestions carry search's snippet as it is: escaped once, here."""
    from protocol.advice import guidance

    publish_document("Markup", [("1", "Formatting", "Write a &lt;b&gt; tag as text: ibis.", [])])
    (found,) = guidance.suggestions("ibis")
    assert found.snippet == search.search("ibis").results[0].snippet
    assert "&lt;b&gt;" in found.snippet and "<b>" not in found.snippet
    assert "<mark>ibis</mark>" in found.snippet


def test_a_query_with_markup_cannot_inject_html(guidance):
    results = search.search('<script>alert("x")</script> alcohol')
    assert results.results
    for hit in results.results:
        assert "<script" not in hit.snippet
        assert "<script" not in hit.title_html
        assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_a_long_passage_is_cut_around_the_match_and_still_escaped(db):
    before = " ".join(f"filler{n}" for n in range(40))
    after = " ".join(f"padding{n}" for n in range(40))
    body = f"{before}. Mind the osprey's &lt;b&gt;nest&lt;/b&gt; & eggs. {after}."
    publish_document("Long", [("1", "Long passage", body, [])])
    snippet = search.search("osprey").results[0].snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>osprey</mark>" in snippet
    assert "<mark>osprey</mark>&#x27;s &lt;b&gt;nest&lt;/b&gt; &amp; eggs" in snippet
    assert "filler0" not in snippet and "padding39" not in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_text_that_looks_like_html_is_escaped_in_the_snippet(db):
    publish_document("Escapes", [("1", "Angles", "Write a &lt;b&gt; tag as text: kestrel.", [])])
    snippet = search.search("kestrel").results[0].snippet
    assert "&lt;b&gt;" in snippet and "<b>" not in snippet


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "?!.,;:",
        '" * ( ) NEAR OR -',
        '"alcohol',
        "alcohol*",
        "NEAR(alcohol libel)",
        "title: alcohol",
        "{title} : x",
        "alcohol' OR 1=1; DROP TABLE protocol_version; --",
        "alcohol & | ! <-> :*",
        "社交媒体 الخصوصية Соцсети",
        "a" * 10000,
        "alcohol " * 500,
        "\x00\x02alcohol\x03\x1f",
        "AND OR NOT",
    ],
)
def test_bad_input_gives_results_or_none_never_an_error(guidance, query):
    results = search.search(query)
    assert len(results.query) <= search.MAX_QUERY_LENGTH
    for hit in results.results:
        assert hit.url.startswith("/protocol/")
    assert Version.objects.filter(pk=guidance.pk).exists()


def test_operator_words_are_searched_as_words(guidance):
    assert numbers(search.search('"alcohol'))[0] == "2"
    assert numbers(search.search("alcohol*"))[0] == "2"


# --- versions ------------------------------------------------------------------------


def test_a_newly_published_version_is_searchable_at_once_and_the_old_one_superseded(guidance):
    draft = new_draft_from(guidance)
    section = draft.sections.get(number="4")
    section.body = "Fraudsters may ring you on the telephone."
    section.save()
    assert search.search("telephone").results == []  # a draft is never searchable
    publish(draft)
    hit = search.search("telephone").results[0]
    assert (hit.version, hit.superseded) == (2, False)
    assert hit.url == "/protocol/online-conduct/4-scams/"
    # Passwords are only mentioned in version 1 now.
    assert search.search("passwords").results == []
    earlier = search.search("passwords", include_superseded=True).results[0]
    assert (earlier.version, earlier.superseded) == (1, True)
    assert earlier.url == "/protocol/online-conduct/v1/4-scams/"


def test_an_earlier_versions_result_links_to_the_rule_that_matched(guidance):
    old_rule = Rule.objects.get(section__version=guidance, text__contains="alcohol")
    draft = new_draft_from(guidance)
    draft.sections.get(number="2").rules.update(text="never post when you are tired.")
    publish(draft)
    assert search.search("alcohol").results == []
    hit = search.search("alcohol", include_superseded=True).results[0]
    assert (hit.section, hit.version, hit.superseded, hit.kind) == ("2", 1, True, "Don't")
    assert hit.url == f"/protocol/online-conduct/v1/2-posting-in-haste/#{old_rule.anchor}"
    assert "<mark>alcohol</mark>" in hit.snippet


def test_an_earlier_versions_result_found_in_its_body_shows_the_body(guidance):
    publish(new_draft_from(guidance))
    hits = search.search("untrue statement", include_superseded=True).results
    assert {(hit.version, hit.section) for hit in hits[:2]} == {(1, "3"), (2, "3")}
    for hit in hits[:2]:
        assert "#" not in hit.url and hit.kind == ""
        assert "<mark>untrue</mark> <mark>statement</mark>" in hit.snippet


def test_searching_earlier_versions_finds_the_current_one_too(guidance):
    publish(new_draft_from(guidance))
    hits = search.search("alcohol", include_superseded=True).results
    assert sorted((hit.version, hit.superseded) for hit in hits) == [(1, True), (2, False)]
    assert all(hit.url.endswith("#" + hits[0].url.split("#")[1]) for hit in hits)


def test_a_new_synonym_reaches_earlier_versions_too(guidance):
    publish(new_draft_from(guidance))
    assert search.search("kestrel", include_superseded=True).results == []
    Synonym.objects.create(words="scams, kestrel")
    search.synonyms_changed()  # as the admin does
    hits = search.search("kestrel", include_superseded=True).results
    assert sorted(hit.version for hit in hits if hit.section == "4") == [1, 2]


def test_without_detail_only_the_hits_shown_are_pointed_at_their_rule(guidance):
    publish(new_draft_from(guidance))
    results = search.search("alcohol", include_superseded=True, detailed=False)
    first, second = results.results
    if not search.engine().ranks_whole_sections(current_only=False):
        # PostgreSQL ranks every passage, so the rule itself was found.
        assert "#" in first.url and "#" in second.url
        return
    assert "#" not in first.url and "#" not in second.url
    search.point_at_rules([first])
    assert "#" in first.url and first.kind == "Don't"
    assert "#" not in second.url


def test_drafts_are_never_indexed(db):
    document = factories.make_document("Drafty")
    factories.make_version(document)
    assert not SearchEntry.objects.exists()


def test_rebuild_search_index_rebuilds_it(guidance, capsys):
    SearchEntry.objects.all().delete()
    search.engine().clear()
    assert search.search("alcohol").results == []
    call_command("rebuild_search_index")
    assert "Indexed" in capsys.readouterr().out
    assert numbers(search.search("alcohol"))[0] == "2"


def test_one_result_per_section(guidance):
    results = search.search("alcohol angry haste post")
    assert len(numbers(results)) == len(set(numbers(results)))


# --- best bets -------------------------------------------------------------------------


def test_a_best_bet_puts_its_section_first(guidance):
    assert numbers(search.search("passwords"))[0] == "4"
    BestBet.objects.create(
        query="passwords", document=guidance.document, section_slug="1-introduction"
    )
    results = search.search("forgotten passwords")
    assert numbers(results)[:2] == ["1", "4"]
    assert results.results[0].best_bet and not results.results[1].best_bet


def test_a_best_bet_follows_its_section_into_later_versions(guidance):
    BestBet.objects.create(
        query="passwords", document=guidance.document, section_slug="1-introduction"
    )
    publish(new_draft_from(guidance))
    hit = search.search("passwords").results[0]
    assert (hit.section, hit.version, hit.best_bet) == ("1", 2, True)


def test_an_inactive_best_bet_does_nothing(guidance):
    BestBet.objects.create(
        query="passwords",
        document=guidance.document,
        section_slug="1-introduction",
        is_active=False,
    )
    assert numbers(search.search("passwords"))[0] == "4"


# --- access ------------------------------------------------------------------------------


def test_search_keeps_the_reading_rule(guidance, settings, member):
    from django.contrib.auth.models import AnonymousUser

    settings.PROTOCOL_REQUIRE_LOGIN = True
    assert search.search("alcohol", user=AnonymousUser()).results == []
    assert search.search("alcohol", user=member).results
    settings.PROTOCOL_REQUIRE_LOGIN = False
    assert search.search("alcohol", user=AnonymousUser()).results


# --- suggestions as you type ----------------------------------------------------------


def test_suggestions_complete_the_last_word(guidance):
    assert numbers(search.suggest("alco"))[0] == "2"
    assert numbers(search.suggest("phish"))[0] == "4"
    assert search.suggest("").results == []


# --- the parts that need no database ----------------------------------------------------


def test_synonym_lists_are_read_from_commas():
    assert Synonym(words="Alcohol,  drink ;drunk\nbooze, drink").terms == [
        "alcohol",
        "drink",
        "drunk",
        "booze",
    ]


def test_synonyms_find_phrases_across_small_words():
    synonyms = search.Synonyms([(1, "code of conduct, rules"), (2, "rules, regulations")])
    spans = synonyms.spans(["breaking", "the", "code", "of", "conduct"])
    assert spans == [(2, 3, {1})]
    assert synonyms.concepts("The rules and the Code of Conduct") == "syn1 syn2 syn1"


# --- upgrading an existing index ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_index_of_current_versions_is_built_from_the_passages_on_upgrade(guidance):
    """The migration that splits the index fills both tables from what is indexed.

    Only that migration is taken back (to the one table of 0011) and applied again:
    no later migration touches the text index's tables, and taking back the
    thirty that depend on it, then applying them again, cost seconds of schema
    rebuilding that tested nothing more."""
    from django.db.migrations.executor import MigrationExecutor

    publish(new_draft_from(guidance))
    before = [
        [(hit.version, hit.url) for hit in search.search(q, include_superseded=e).results]
        for q in ["alcohol", "untrue statement", "passwords"]
        for e in [False, True]
    ]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    split = executor.loader.get_migration("protocol", "0012_search_current_index")
    try:
        executor.migrate([("protocol", "0011_default_synonyms")], plan=[(split, True)])
        executor.loader.build_graph()
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert "protocol_search_current_fts" not in tables  # back to one table
        executor.migrate([("protocol", "0012_search_current_index")], plan=[(split, False)])
        executor.loader.build_graph()
    finally:
        # Leave the schema as the later tests expect it: every migration applied.
        executor.migrate(latest)
    after = [
        [(hit.version, hit.url) for hit in search.search(q, include_superseded=e).results]
        for q in ["alcohol", "untrue statement", "passwords"]
        for e in [False, True]
    ]
    assert after == before
    assert [len(hits) for hits in before] == [1, 2, 1, 2, 1, 2]
