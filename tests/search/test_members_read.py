"""What members read in search results: each rule with its kind, one numbering,
the real protocol above the demonstration sample, nothing from a withdrawn
document."""

from html import unescape

import pytest
from django.urls import reverse

from protocol import publishing, search
from protocol.advice import guidance
from protocol.demo import SAMPLE_SLUG
from protocol.importing import decode, parse, save_draft

pytestmark = pytest.mark.django_db

FRIENDS = "accept friend requests from officers"


def _page(client, q):
    return unescape(client.get(reverse("search:page"), {"q": q}).content.decode())


def _seed(protocol_seed_path):
    return publishing.publish(save_draft(parse(decode(protocol_seed_path.read_bytes()))))


def test_a_dont_found_by_search_says_dont(client, sample_version):
    page = _page(client, FRIENDS)
    assert '<span class="rule-kind rule-kind-dont">Don\'t:</span> <mark>accept</mark>' in page


def test_results_are_not_numbered_twice(client, sample_version):
    page = _page(client, FRIENDS)
    assert '<ol class="search-results list-unstyled"' in page
    assert '<span class="section-number">7.</span>' in page


def test_the_search_api_gives_each_rules_kind(client, sample_version):
    for name in ("search:api", "search:suggest"):
        data = client.get(reverse(name), {"q": FRIENDS}).json()
        assert data["results"][0]["kind"] == "Don't", name


def test_suggestions_on_the_ask_form_carry_the_rules_kind(sample_version):
    found = guidance.suggestions(FRIENDS)
    assert found[0].kind == "Don't"


def test_the_sample_never_outranks_the_real_protocol(client, sample_version, protocol_seed_path):
    _seed(protocol_seed_path)
    results = search.search("accept friend requests from officers or employees", limit=10)
    documents = [hit.document for hit in results.results]
    assert SAMPLE_SLUG in documents  # still found, after every real result
    first_sample = documents.index(SAMPLE_SLUG)
    assert first_sample > 0
    assert all(slug == SAMPLE_SLUG for slug in documents[first_sample:])


def test_a_withdrawn_document_is_not_searched_until_restored(client, sample_version):
    document = sample_version.document
    publishing.withdraw(document)
    assert not search.search(FRIENDS).results
    assert not search.search(FRIENDS, include_superseded=True).results
    assert "No guidance matched" in _page(client, FRIENDS)
    search.rebuild()  # a rebuild leaves it out too
    assert not search.search(FRIENDS).results
    publishing.restore(document)
    assert search.search(FRIENDS).results


def test_scenario_feedback_shows_the_rule_with_its_kind(sample_version):
    from protocol.models import Rule
    from protocol.quiz import questions
    from tests.quiz.factories import make_scenario

    rule = Rule.objects.get(section__version=sample_version, text__startswith="accept friend")
    scenario = make_scenario(sample_version, rule=rule)
    loaded = questions.load(sample_version, [(questions.SCENARIO, scenario.pk)], seed=1)
    explanation = str(loaded[(questions.SCENARIO, scenario.pk)].explanation)
    assert 'The rule: <span class="rule-kind rule-kind-dont">Don&#x27;t:</span> accept' in (
        explanation
    )
