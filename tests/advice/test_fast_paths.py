"""Fast paths: threats and abuse show the reporting advice at once and are urgent;
a post the member regrets shows a checklist and goes to the Communications team
as high priority. The guidance comes from the current protocol where it can."""

import re

import pytest

from portal import roles
from protocol.advice import guidance
from protocol.advice.models import AdviceRequest, Urgency
from protocol.publishing import publish
from tests import factories
from tests.advice.factories import ask, form_data, make_topic

pytestmark = pytest.mark.django_db

ASK = "/advice/ask/"


def _check_step(client, topic, **extra):
    response = client.post(ASK, form_data(topic, **extra))
    assert response.status_code == 200
    page = response.content.decode()
    # Threats and abuse are never "answered" by guidance, so their step asks nothing.
    headings = r"(Does this answer your question\?|Before you send your question)"
    assert re.search(rf"<h1>{headings}</h1>", page)
    return page


def test_threats_show_the_protocols_reporting_advice_at_once(
    member_client, abuse_topic, sample_version, search_finds_nothing
):
    page = _check_step(member_client, abuse_topic)
    section = sample_version.sections.get(title__icontains="threatens")
    assert "If you are in immediate danger, call 999." in page
    # Drawn from the current protocol, with a link to the section it is in ...
    assert "report it to the platform and, where you feel unsafe, to the police." in page
    assert f'<a href="{section.get_absolute_url()}">' in page
    # ... and the Monitoring Officer's fallback where the protocol has nothing.
    assert "Keep a diary of <strong>every</strong> message." in page
    assert "Report threats to the police." not in page
    assert "treated as urgent" in page


def test_threats_are_marked_urgent_whatever_the_member_chose(member, abuse_topic):
    advice_request = ask(member, abuse_topic, urgency=Urgency.NORMAL)
    assert advice_request.urgency == Urgency.URGENT


def test_the_check_step_says_the_urgency_was_raised(
    member_client, abuse_topic, search_finds_nothing
):
    page = _check_step(member_client, abuse_topic, urgency="normal")
    assert "Urgent: an answer by the next working day (raised because of the topic)" in page


def test_a_regretted_post_shows_the_checklist_and_goes_to_communications_as_high_priority(
    member_client, member, regret_topic, sample_version, search_finds_nothing
):
    page = _check_step(member_client, regret_topic)
    assert "If you have posted something you regret" in page
    # The sample protocol mentions the Communications team in a "Do" rule ...
    assert (
        '<span class="rule-kind rule-kind-do">Do:</span> '
        "ask the Communications team when you are unsure." in page
    )
    # ... but not screenshots or haste, so those items use the fallback text.
    assert "Assume screenshots already exist." in page
    assert "Don't delete the post in haste." in page
    assert "Tell the Communications team." not in page

    member_client.post(ASK, form_data(regret_topic, action="send"))
    advice_request = AdviceRequest.objects.get()
    assert advice_request.team.name == roles.COMMUNICATIONS
    assert advice_request.urgency == Urgency.HIGH


def test_a_regretted_post_marked_urgent_by_the_member_stays_urgent(member, regret_topic):
    assert ask(member, regret_topic, urgency=Urgency.URGENT).urgency == Urgency.URGENT


def test_the_checklist_follows_the_current_version_of_the_protocol(member, regret_topic):
    old = factories.import_text(
        "TEST PROTOCOL\n\n1. Posting\n\nNothing about pictures here.\n", publish_it=True
    )
    new = factories.import_text(
        "TEST PROTOCOL\n\n"
        "1. Posting\n\n"
        "Think before you post.\n\n"
        "- Even if you withdraw a comment, someone may have taken a screenshot.\n"
        "- Keep your accounts separate.\n\n"
        "2. Quick rules\n\n"
        "Don't:\n\n"
        "- post social media content in haste.\n"
    )
    found = guidance.fast_path_guidance([regret_topic])[regret_topic.pk]
    assert [item.from_protocol for item in found.items] == [False, False, False]

    new = publish(new).version
    old.refresh_from_db()
    assert old.is_superseded
    items = guidance.fast_path_guidance([regret_topic])[regret_topic.pk].items
    texts = [str(item.html) for item in items]
    assert texts[0] == "Even if you withdraw a comment, someone may have taken a screenshot."
    assert items[0].url == new.sections.get(number="1").get_absolute_url()
    # "Don't post in haste" is about posting, not deleting: the item keeps its own text.
    assert not items[1].from_protocol
    assert (
        texts[1] == "Don&#x27;t delete the post in haste." or "delete the post in haste" in texts[1]
    )
    assert not items[2].from_protocol  # no mention of the Communications team


def test_without_any_published_protocol_the_fallback_text_is_shown(
    member_client, abuse_topic, search_finds_nothing
):
    page = _check_step(member_client, abuse_topic)
    assert "Report threats to the police." in page
    assert "Keep a diary of <strong>every</strong> message." in page


def test_a_fast_path_is_shown_even_when_search_suggests_nothing(
    member_client, regret_topic, search_finds_nothing
):
    _check_step(member_client, regret_topic)
    assert not AdviceRequest.objects.exists()


def test_the_form_carries_each_fast_paths_guidance_for_the_script_to_reveal(
    member_client, abuse_topic, regret_topic, comms_topic
):
    page = member_client.get(ASK).content.decode()
    assert f'data-fast-path-for="{abuse_topic.pk}" hidden' in page
    assert f'data-fast-path-for="{regret_topic.pk}" hidden' in page
    assert f'data-fast-path-for="{comms_topic.pk}"' not in page


def test_the_confirmation_repeats_the_reporting_advice(member_client, abuse_topic):
    response = member_client.post(ASK, form_data(abuse_topic, action="send"), follow=True)
    page = response.content.decode()
    assert "Your question has been sent" in page
    assert "If you are in immediate danger, call 999." in page


def test_guidance_for_many_topics_takes_three_queries(django_assert_num_queries, sample_version):
    topics = [
        make_topic(
            f"Test: fast path {n}",
            fast_path="abuse" if n % 2 else "regret",
            checklist="police | a\nCommunications team | b\nnowhere at all | c\n",
        )
        for n in range(12)
    ]
    with django_assert_num_queries(3):
        found = guidance.fast_path_guidance(topics)
        rendered = [item.url for g in found.values() for item in g.items]
    assert len(found) == 12
    assert any(rendered)


def test_markup_in_a_fallback_item_cannot_inject_script(member_client, search_finds_nothing):
    topic = make_topic(
        "Test: hostile fallback",
        fast_path="abuse",
        checklist="| Call <script>alert(1)</script> [us](javascript:alert(2))",
    )
    page = _check_step(member_client, topic)
    assert "<script>alert(1)" not in page
    assert "javascript:alert" not in page


def test_the_shipped_checklists_draw_on_the_real_protocol(protocol_seed_path):
    """With the real Social Media Protocol published, the default fast-path topics
    quote it where it says what the item means: reporting to the police (paragraph
    14) and screenshots after a comment is withdrawn (7). Not deleting in haste and
    telling the Monitoring Officer are not in it (paragraph 13's "don't post in
    haste" is about posting), so those items keep the Monitoring Officer's text.
    The sample, published after it, is never quoted."""
    from protocol.advice.models import Topic
    from protocol.importing import decode

    version = factories.import_text(decode(protocol_seed_path.read_bytes()), publish_it=True)
    factories.import_sample()
    abuse = Topic.objects.get(fast_path="abuse")
    regret = Topic.objects.get(fast_path="regret")
    found = guidance.fast_path_guidance([abuse, regret])

    def quoted(topic):
        return {
            item.section.number: str(item.html)
            for item in found[topic.pk].items
            if item.from_protocol
        }

    abuse_quotes = quoted(abuse)
    assert "report them to the local authority" in abuse_quotes["14"]
    assert "the police" in abuse_quotes["14"]
    assert all(item.section.version == version for item in found[abuse.pk].items if item.section)

    regret_items = found[regret.pk].items
    assert [item.from_protocol for item in regret_items] == [True, False, False]
    assert str(regret_items[0].html) == (
        "Even if you withdraw a comment, someone may have taken a screenshot."
    )
    assert regret_items[0].section.version == version
    assert regret_items[0].source == "Social Media Protocol for Members, section 7"
    assert "delete or edit the post in haste" in str(regret_items[1].html)
    assert "Tell the Monitoring Officer now" in str(regret_items[2].html)
    assert "post social media content in haste" not in str(regret_items)


def test_the_regret_fast_path_page_cites_the_real_protocol_not_the_sample(
    member_client, protocol_seed_path, search_finds_nothing
):
    from protocol.advice.models import Topic
    from protocol.importing import decode

    factories.import_text(decode(protocol_seed_path.read_bytes()), publish_it=True)
    factories.import_sample()
    regret = Topic.objects.get(fast_path="regret")
    page = _check_step(member_client, regret)
    assert "(Social Media Protocol for Members, section 7)" in page
    assert "Sample Guidance" not in page
    assert "delete or edit the post in haste" in page
    assert "Tell the Monitoring Officer now" in page


REGRET_ITEMS = (
    "screenshot | Assume screenshots already exist: deleting the post will not make it disappear.\n"
    "in haste | Don't delete or edit the post in haste: a hurried deletion can look like a "
    "cover-up.\n"
    "Monitoring Officer | Tell the Monitoring Officer now.\n"
)


def _regret_items(text):
    factories.import_text(text, publish_it=True)
    topic = make_topic("Test: regret by meaning", fast_path="regret", checklist=REGRET_ITEMS)
    return guidance.fast_path_guidance([topic])[topic.pk].items


def test_a_protocol_never_seen_before_is_quoted_by_meaning_in_its_own_words():
    items = _regret_items(
        "CODE OF ONLINE CONDUCT\n\n"
        "1. Mistakes\n\n"
        "Anything you publish can be captured in a screen grab by others within seconds. "
        "If you think you have got it wrong, contact the Monitoring Officer the same day.\n\n"
        "2. What to avoid\n\n"
        "Don't:\n\n"
        "- rush to remove a post that has caused offence; hurried removal looks evasive.\n"
        "- post in haste when you are angry.\n"
    )
    texts = [str(item.html) for item in items]
    assert (
        texts[0]
        == "Anything you publish can be captured in a screen grab by others within seconds."
    )
    assert items[1].label == "Don't"
    assert texts[1].startswith("rush to remove a post that has caused offence")
    assert texts[2] == (
        "If you think you have got it wrong, contact the Monitoring Officer the same day."
    )


def test_a_do_rule_never_answers_a_dont_item():
    items = _regret_items(
        "ANOTHER CODE\n\n1. Quick rules\n\nDo:\n\n- delete a hasty post at once.\n"
    )
    assert not items[1].from_protocol
    assert "delete or edit the post in haste" in str(items[1].html)


def test_a_topic_quotes_its_own_document_even_when_another_is_newer(regret_topic):
    own = factories.import_text(
        "OWN CODE\n\n1. Pictures\n\n- Someone may have taken a screenshot already.\n",
        publish_it=True,
    )
    factories.import_text(
        "NEWER CODE\n\n1. Pictures\n\n- A screenshot lasts for ever.\n", publish_it=True
    )
    found = guidance.fast_path_guidance([regret_topic])[regret_topic.pk].items
    assert str(found[0].html) == "A screenshot lasts for ever."  # the newest by default
    regret_topic.document = own.document
    regret_topic.save()
    found = guidance.fast_path_guidance([regret_topic])[regret_topic.pk].items
    assert str(found[0].html) == "Someone may have taken a screenshot already."
    assert found[0].source.startswith(own.document.title)


def test_with_only_the_sample_published_its_passages_are_quoted(regret_topic, sample_version):
    """The sample is quoted only when nothing else is published (a first ``make run``)."""
    items = guidance.fast_path_guidance([regret_topic])[regret_topic.pk].items
    assert any(item.from_protocol for item in items)
