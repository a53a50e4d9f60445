"""The Monitoring Officer's search tools in the admin: synonym lists and best bets."""

import pytest
from django.urls import reverse

from protocol import search
from protocol.models import BestBet, Synonym
from tests.search.factories import publish_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance(db):
    return publish_document(
        "Birds",
        [
            ("1", "Waders", "The curlew and the godwit.", []),
            ("2", "Finches", "The siskin.", []),
        ],
        slug="birds",
    )


def test_default_synonyms_ship_with_the_portal(db):
    words = {term for synonym in Synonym.objects.all() for term in synonym.terms}
    assert {"alcohol", "drink", "libel", "defamation", "photo", "image"} <= words
    assert {"email address", "personal data"} <= words


def test_a_synonym_added_in_the_admin_works_at_once(officer_client, guidance):
    assert search.search("whimbrel").results == []
    response = officer_client.post(
        reverse("admin:protocol_synonym_add"), {"words": "Whimbrel,  curlew", "note": ""}
    )
    assert response.status_code == 302
    assert Synonym.objects.get(note="").words == "whimbrel, curlew"
    assert [hit.section for hit in search.search("whimbrel").results] == ["1"]


def test_a_synonym_deleted_in_the_admin_stops_working(officer_client, guidance):
    synonym = Synonym.objects.create(words="whimbrel, curlew")
    search.synonyms_changed()
    assert search.search("whimbrel").results
    officer_client.post(
        reverse("admin:protocol_synonym_delete", args=[synonym.pk]), {"post": "yes"}
    )
    assert search.search("whimbrel").results == []


def test_a_synonym_list_needs_two_entries(officer_client, db):
    response = officer_client.post(reverse("admin:protocol_synonym_add"), {"words": "lonely"})
    assert response.status_code == 200
    assert "Give at least two words" in response.content.decode()


def test_a_best_bet_is_chosen_from_the_current_sections(officer_client, guidance):
    response = officer_client.get(reverse("admin:protocol_bestbet_add") + "?query=small+birds")
    html = response.content.decode()
    assert 'value="small birds"' in html
    assert "Birds – 2. Finches" in html
    response = officer_client.post(
        reverse("admin:protocol_bestbet_add"),
        {
            "query": "Small  Birds",
            "section": f"{guidance.document_id}:2-finches",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    bet = BestBet.objects.get()
    assert (bet.query, bet.document_id, bet.section_slug) == (
        "small birds",
        guidance.document_id,
        "2-finches",
    )
    assert search.search("small birds").results[0].best_bet


def test_members_cannot_reach_the_search_admin(member_client, db):
    assert member_client.get(reverse("admin:protocol_synonym_changelist")).status_code == 302


def test_a_second_identical_best_bet_is_refused_with_a_message(officer_client, guidance):
    form = {"query": "small birds", "section": f"{guidance.document_id}:2-finches"}
    officer_client.post(reverse("admin:protocol_bestbet_add"), {**form, "is_active": "on"})
    response = officer_client.post(
        reverse("admin:protocol_bestbet_add"), {**form, "query": "Small   BIRDS"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "already exists" in html
    assert 'value="Small   BIRDS"' in html  # what was typed is kept
    assert BestBet.objects.count() == 1


def test_the_same_words_may_promote_another_section(officer_client, guidance):
    for slug in ["1-waders", "2-finches"]:
        response = officer_client.post(
            reverse("admin:protocol_bestbet_add"),
            {"query": "birds", "section": f"{guidance.document_id}:{slug}", "is_active": "on"},
        )
        assert response.status_code == 302
    assert BestBet.objects.count() == 2
