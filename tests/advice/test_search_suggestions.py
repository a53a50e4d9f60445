"""Suggestions come from the portal's own search (protocol.search): the top
results for the member's words, from the current version of the protocol."""

import pytest

from protocol.advice import guidance
from protocol.advice.models import AdviceRequest
from protocol.publishing import publish
from tests import factories
from tests.advice.factories import form_data

pytestmark = pytest.mark.django_db

ASK = "/advice/ask/"
ANGRY = "Can I post something while I am angry, or after drinking alcohol at a party?"


def _section_url(version, title_part):
    return version.sections.get(title__icontains=title_part).get_absolute_url()


def test_the_check_step_suggests_the_protocol_that_answers_the_question(
    member_client, member, comms_topic, sample_version
):
    response = member_client.post(ASK, form_data(comms_topic, question=ANGRY))
    page = response.content.decode()
    assert "<h1>Does this answer your question?</h1>" in page
    # The hit links straight to the rule: "Don't post while angry or after drinking".
    assert f'<a href="{_section_url(sample_version, "do")}#dont-post-while-angry' in page
    assert "<mark>" in page
    assert not AdviceRequest.objects.exists()


def test_suggestions_are_at_most_three_and_only_from_the_current_version(member, sample_version):
    newer = factories.import_sample(publish_it=False)
    newer = publish(newer).version
    found = guidance.suggestions(ANGRY, user=member)
    assert 1 <= len(found) <= guidance.SUGGESTION_LIMIT
    for suggestion in found:
        assert "/v1/" not in suggestion.url
    assert found[0].url.startswith(_section_url(newer, "do") + "#dont-post-while-angry")


def test_words_the_protocol_does_not_use_send_the_question_at_once(
    member_client, comms_topic, sample_version
):
    response = member_client.post(
        ASK, form_data(comms_topic, question="Zyxwv qwertyuiop asdfghjkl zxcvbnm?")
    )
    assert response.status_code == 302
    assert AdviceRequest.objects.count() == 1


def test_the_form_tells_its_script_where_the_search_api_is(member_client):
    page = member_client.get(ASK).content.decode()
    assert 'data-suggest-url="/api/search"' in page


def test_a_dont_suggested_on_the_check_step_says_dont(member_client, comms_topic, sample_version):
    page = member_client.post(
        ASK, form_data(comms_topic, question="Can I accept friend requests from officers?")
    ).content.decode()
    assert '<span class="rule-kind rule-kind-dont">Don&#x27;t:</span> <mark>accept' in page
