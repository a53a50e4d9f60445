"""A member asks the Monitoring Officer: the form, the "Does this answer your
question?" step, and what is (and is not) sent."""

from html import escape

import pytest
from django.core import mail
from django.urls import reverse

from protocol.advice.models import AdviceRequest, AnsweredByGuidance, Urgency
from protocol.models import Notification
from tests.advice.factories import QUESTION, FakeHit, form_data

pytestmark = pytest.mark.django_db

ASK = "/advice/ask/"


def _body(response):
    return response.content.decode()


def test_the_nav_offers_asking_and_my_requests_to_members_only(client, member_client, comms_client):
    home = _body(member_client.get("/"))
    assert 'href="/advice/ask/"' in home
    assert "Ask the Monitoring Officer" in home
    assert 'href="/advice/requests/"' in home
    assert "/advice/ask/" not in _body(client.get("/"))
    assert "/advice/ask/" not in _body(comms_client.get("/"))


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(ASK)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/advice/requests/").status_code == 302


def test_only_members_may_ask(comms_client, comms_topic):
    assert comms_client.get(ASK).status_code == 403
    assert comms_client.post(ASK, form_data(comms_topic, action="send")).status_code == 403
    assert not AdviceRequest.objects.exists()


def test_the_form_lists_active_topics_and_urgencies_with_their_targets(
    member_client, comms_topic, settings
):
    from tests.advice.factories import make_topic

    make_topic("Test: retired topic", active=False)
    settings.ADVICE_TARGET_WORKING_DAYS = {"urgent": 1, "high": 2, "normal": 4}
    page = _body(member_client.get(ASK))
    assert comms_topic.name in page
    assert "Test: retired topic" not in page
    assert "Normal: an answer within 4 working days" in page
    assert "Urgent: an answer by the next working day" in page
    assert page.count("<h1") == 1


def test_coming_from_a_section_pre_fills_it(member_client, sample_version):
    section = sample_version.sections.get(order=3)
    page = _body(member_client.get(section.get_absolute_url()))
    link = f"/advice/ask/?section={section.pk}"
    assert link in page
    form = _body(member_client.get(link))
    assert f'<option value="{section.pk}" selected>' in form


def test_an_old_versions_section_links_to_the_same_section_now(member_client, sample_version):
    from protocol.publishing import publish
    from tests.factories import import_sample

    newer = import_sample(publish_it=False)
    publish(newer)
    old_section = sample_version.sections.get(order=3)
    current_section = newer.sections.get(slug=old_section.slug)
    page = _body(member_client.get(old_section.get_absolute_url()))
    assert f"/advice/ask/?section={current_section.pk}" in page


def test_nonsense_in_the_query_string_is_ignored(member_client):
    response = member_client.get(ASK + "?section=abc&topic=%00")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"question": ""}, "id_question", "Enter your question."),
        ({"question": "help"}, "id_question", "write at least 10 characters"),
        ({"question": "x" * 5001}, "id_question", "use at most 5000 characters (it has 5001)"),
        ({"topic": ""}, "id_topic", "Choose what your question is about."),
        ({"topic": "99999"}, "id_topic", "Select a valid choice"),
        ({"urgency": "whenever"}, "id_urgency_0", "Select a valid choice"),
        ({"post_url": "javascript:alert(1)"}, "id_post_url", "Enter the link as a web address"),
        ({"post_url": "ftp://example.org/x"}, "id_post_url", "Enter the link as a web address"),
        ({"post_url": "https://x.org/" + "a" * 500}, "id_post_url", "That link is too long"),
        ({"section": "not-a-number"}, "id_section", "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_at_the_top_and_nothing_is_lost(
    member_client, comms_topic, data, field, message
):
    posted = {**form_data(comms_topic, post_url="https://example.org/my-post"), **data}
    response = member_client.post(ASK, posted)
    page = _body(response)
    assert response.status_code == 200
    assert "<title>Error: Ask the Monitoring Officer" in page
    summary = page[
        page.index('id="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    assert message in summary
    assert f'href="#{field}"' in summary
    # ... and next to the field itself.
    assert page.count(message) >= 2
    assert 'aria-invalid="true"' in page
    # What they typed is still there.
    if "question" not in data:
        assert escape(QUESTION) in page
    if "post_url" not in data:
        assert 'value="https://example.org/my-post"' in page
    assert not AdviceRequest.objects.exists()
    assert not Notification.objects.exists()


def test_text_with_markup_is_shown_as_text(member_client, comms_topic, search_finds):
    search_finds(FakeHit("Section 7", "/protocol/x/7/", "a <mark>match</mark>"))
    question = "<script>alert('x')</script> can I say <b>this</b>?"
    page = _body(member_client.post(ASK, form_data(comms_topic, question=question)))
    assert "<script>alert" not in page
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; can I say &lt;b&gt;this&lt;/b&gt;?"
        in page
    )


def test_the_check_step_shows_guidance_that_may_answer_and_sends_nothing(
    member_client, member, comms_topic, search_finds
):
    search = search_finds(
        FakeHit("13. Staying out of trouble", "/p/13/", "don't post in <mark>haste</mark>"),
        FakeHit("10. Legal issues", "/p/10/", "<mark>defamation</mark> &lt;b&gt;"),
    )
    response = member_client.post(ASK, form_data(comms_topic))
    page = _body(response)
    assert response.status_code == 200
    assert "<h1>Does this answer your question?</h1>" in page
    assert '<a href="/p/13/">13. Staying out of trouble</a>' in page
    assert "don't post in <mark>haste</mark>" in page
    assert "<mark>defamation</mark> &lt;b&gt;" in page  # search's safe HTML, shown as it is
    assert search.calls == [{"query": QUESTION, "limit": 3, "user": member}]
    # Everything they typed goes along, unseen, with the answer they choose.
    assert 'name="question" value="Can I share the planning officer&#x27;s report' in page
    for label in ["Yes, this answers my question", "No, send my question", "Change my question"]:
        assert label in page
    assert not AdviceRequest.objects.exists()
    assert not Notification.objects.exists()


def test_superseded_results_are_not_suggested(member_client, comms_topic, search_finds):
    search_finds(
        FakeHit("Old section", "/protocol/p/v1/old/", "old", superseded=True),
        FakeHit("Current section", "/protocol/p/current/", "new"),
    )
    page = _body(member_client.post(ASK, form_data(comms_topic)))
    assert "Current section" in page
    assert "Old section" not in page


def test_yes_ends_there_sends_nothing_and_is_counted(member_client, comms_topic, search_finds):
    search_finds(FakeHit("Section 7", "/protocol/p/7/", "answer"))
    response = member_client.post(ASK, form_data(comms_topic, action="answered"), follow=True)
    assert "nothing has been sent" in _body(response)
    assert not AdviceRequest.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []
    counted = AnsweredByGuidance.objects.get()
    assert counted.topic == comms_topic


def test_no_sends_the_question(member_client, member, comms_topic, search_finds):
    search_finds(FakeHit("Section 7", "/protocol/p/7/", "not quite"))
    response = member_client.post(ASK, form_data(comms_topic, action="send"))
    advice_request = AdviceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/advice/requests/{advice_request.reference}/sent/"
    assert advice_request.member == member
    assert advice_request.question == QUESTION
    assert advice_request.topic == comms_topic
    assert not AnsweredByGuidance.objects.exists()


def test_change_my_question_goes_back_to_the_form_with_everything_kept(
    member_client, comms_topic, sample_version
):
    section = sample_version.sections.first()
    data = form_data(
        comms_topic, urgency="high", post_url="https://example.org/p", section=section.pk
    )
    page = _body(member_client.post(ASK, {**data, "action": "edit"}))
    assert "<h1>Ask the Monitoring Officer</h1>" in page
    assert escape(QUESTION) in page
    assert f'<option value="{comms_topic.pk}" selected>' in page
    assert f'<option value="{section.pk}" selected>' in page
    assert 'value="high"  id="id_urgency_1" required checked' in page
    assert 'value="https://example.org/p"' in page
    assert "There is a problem" not in page
    assert not AdviceRequest.objects.exists()


def test_with_nothing_to_suggest_the_question_is_sent_at_once(
    member_client, comms_topic, search_finds_nothing
):
    response = member_client.post(ASK, form_data(comms_topic))
    assert response.status_code == 302
    assert AdviceRequest.objects.count() == 1


def test_a_blank_question_asks_search_nothing(search_finds):
    from protocol.advice import guidance

    search = search_finds(FakeHit("A", "/a/", "b"))
    assert guidance.suggestions("   ") == []
    assert search.calls == []


def test_a_failing_search_never_stops_a_question(monkeypatch, caplog):
    from protocol.advice import guidance

    def broken(query, **kwargs):
        raise RuntimeError(f"search index is broken for {query!r}")

    monkeypatch.setattr(guidance.search, "search", broken)
    assert guidance.suggestions("my secret question") == []
    assert "RuntimeError" in caplog.text
    assert "my secret question" not in caplog.text


def test_the_confirmation_shows_the_reference_and_the_due_date(
    member_client, comms_topic, search_finds_nothing
):
    response = member_client.post(ASK, form_data(comms_topic, urgency="urgent"), follow=True)
    advice_request = AdviceRequest.objects.get()
    page = _body(response)
    assert "<h1>Your question has been sent</h1>" in page
    assert advice_request.reference in page
    assert f"{advice_request.due_date:%A} {advice_request.due_date.day}" in page
    assert advice_request.urgency == Urgency.URGENT
    assert "Communications team" in page


def test_the_member_is_emailed_the_reference_and_due_date_but_not_the_question(
    member_client, member, comms_topic, search_finds_nothing
):
    member_client.post(ASK, form_data(comms_topic))
    advice_request = AdviceRequest.objects.get()
    receipt = Notification.objects.get(recipient=member)
    assert advice_request.reference in receipt.subject
    assert advice_request.reference in receipt.body_text
    assert f"{advice_request.due_date.day} {advice_request.due_date:%B %Y}" in receipt.body_text
    assert f"http://portal.test/advice/requests/{advice_request.reference}/" in receipt.body_text
    assert "bus depot" not in receipt.body_text + receipt.subject


def test_the_section_and_link_are_kept_with_the_request(
    member_client, comms_topic, sample_version, search_finds_nothing
):
    section = sample_version.sections.get(order=2)
    member_client.post(
        ASK, form_data(comms_topic, section=section.pk, post_url="example.org/my/post")
    )
    advice_request = AdviceRequest.objects.get()
    assert advice_request.section == section
    assert advice_request.post_url == "https://example.org/my/post"


def test_line_breaks_count_once(member_client, comms_topic, search_finds_nothing):
    question = ("line\r\n" * 1000).strip()  # 5000 characters typed, 5998 as sent
    response = member_client.post(ASK, form_data(comms_topic, question=question))
    assert response.status_code == 302
    assert AdviceRequest.objects.get().question == question.replace("\r\n", "\n")


def test_the_check_step_says_when_the_answer_is_due(
    member_client, comms_topic, search_finds, settings
):
    settings.ADVICE_TARGET_WORKING_DAYS = {"urgent": 1, "high": 2, "normal": 3}
    search_finds(FakeHit("A", "/a/", ""))
    page = _body(member_client.post(ASK, form_data(comms_topic)))
    assert "Expected answer by" in page
    assert reverse("advice:ask") in page


def test_nul_bytes_anywhere_are_dropped_and_nothing_breaks(member_client, member, comms_topic):
    from tests.advice.factories import ask

    for field in ["topic", "question", "urgency", "post_url", "section"]:
        data = {**form_data(comms_topic, post_url="https://example.org/p"), field: "bad\x00"}
        for action in ["check", "send", "edit", "answered"]:
            response = member_client.post(ASK, {**data, "action": action})
            assert response.status_code in (200, 302), (field, action)
    assert not AdviceRequest.objects.exists()
    advice_request = ask(member, comms_topic)
    response = member_client.post(
        f"/advice/requests/{advice_request.reference}/follow-up/", {"body": "hello\x00there"}
    )
    assert response.status_code == 302
    assert advice_request.messages.filter(body="hellothere").exists()
    assert member_client.get("/advice/requests/?page=%00").status_code == 200
