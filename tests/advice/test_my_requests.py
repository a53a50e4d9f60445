"""My requests: a member sees only their own requests, with status and replies,
can add a follow-up and can withdraw; anyone else's reference is a 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from protocol.advice import workflow
from protocol.advice.models import AdviceEvent, AdviceRequest, Message
from protocol.models import Notification
from tests.advice.factories import QUESTION, ask

pytestmark = pytest.mark.django_db


def _body(response):
    return response.content.decode()


def test_my_requests_lists_my_requests_with_status_and_replies(
    member_client, member, other_member, comms, comms_topic
):
    mine = ask(member, comms_topic)
    answered = ask(member, comms_topic)
    workflow.reply(answered, comms, "Yes, you may.")
    workflow.add_note(answered, comms, "Checked with legal.")
    theirs = ask(other_member, comms_topic)
    page = _body(member_client.get("/advice/requests/"))
    assert mine.reference in page
    assert answered.reference in page
    assert theirs.reference not in page
    assert "Received" in page
    rows = page.split("<tr>")
    answered_row = next(row for row in rows if answered.reference in row)
    assert '<td data-label="Replies">1</td>' in answered_row  # the internal note is not counted


def test_a_member_with_no_requests_is_told_so(member_client):
    assert "You have not asked the Monitoring Officer anything yet." in _body(
        member_client.get("/advice/requests/")
    )


def test_the_detail_page_shows_the_question_and_replies_but_not_internal_notes(
    member_client, member, comms, comms_topic, sample_version
):
    section = sample_version.sections.get(order=3)
    advice_request = ask(
        member,
        comms_topic,
        question="Is <b>this</b> OK?\nSecond line.",
        section=section,
        post_url="https://example.org/post/1",
    )
    workflow.reply(advice_request, comms, "Yes, **but** <script>x()</script> wait.")
    workflow.add_note(advice_request, comms, "Internal: risky member.")
    page = _body(member_client.get(advice_request.get_absolute_url()))
    assert f"<h1>Request {advice_request.reference}</h1>" in page
    assert "Is &lt;b&gt;this&lt;/b&gt; OK?<br>Second line." in page
    assert "Yes, <strong>but</strong>  wait." in page
    assert "<script>x()" not in page
    assert "Internal: risky member." not in page
    assert f'href="{section.get_absolute_url()}"' in page
    assert 'href="https://example.org/post/1" rel="noopener noreferrer nofollow"' in page


def test_another_members_request_is_not_found(member, other_member, comms_topic, client):
    advice_request = ask(member, comms_topic)
    client.force_login(other_member)
    reference = advice_request.reference
    for url in [
        f"/advice/requests/{reference}/",
        f"/advice/requests/{reference}/sent/",
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/advice/requests/{reference}/follow-up/", {"body": "hi"}).status_code == 404
    )
    assert client.post(f"/advice/requests/{reference}/withdraw/").status_code == 404
    advice_request.refresh_from_db()
    assert advice_request.status == AdviceRequest.Status.NEW
    assert not advice_request.messages.exists()


def test_staff_do_not_see_requests_on_member_pages(comms_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    assert comms_client.get(advice_request.get_absolute_url()).status_code == 404
    assert advice_request.reference not in _body(comms_client.get("/advice/requests/"))


def test_a_reference_that_does_not_exist_is_not_found(member_client):
    for reference in ["MO-2026-9999", "nonsense", "%00", "MO-2026-0001'--"]:
        assert member_client.get(f"/advice/requests/{reference}/").status_code == 404


def test_anonymous_visitors_cannot_see_a_request(client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    response = client.get(advice_request.get_absolute_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_follow_up_is_added_and_the_team_told_without_its_text(
    member_client, member, comms, comms_topic
):
    advice_request = ask(member, comms_topic)
    response = member_client.post(
        f"/advice/requests/{advice_request.reference}/follow-up/",
        {"body": "I forgot: the post was <i>deleted</i> an hour ago."},
        follow=True,
    )
    page = _body(response)
    assert "Your message has been added" in page
    assert "I forgot: the post was &lt;i&gt;deleted&lt;/i&gt; an hour ago." in page
    message = advice_request.messages.get()
    assert message.kind == Message.Kind.FOLLOW_UP
    assert message.author == member
    notice = Notification.objects.get(kind="advice_follow_up")
    assert notice.to_email == comms.email
    assert "deleted" not in notice.body_text + notice.subject
    assert advice_request.events.filter(action=AdviceEvent.Action.FOLLOW_UP).exists()


def test_a_follow_up_on_an_answered_request_reopens_it(member, comms, comms_topic):
    advice_request = ask(member, comms_topic)
    AdviceRequest.objects.filter(pk=advice_request.pk).update(status="answered")
    workflow.add_follow_up(advice_request, member, "One more thing.")
    advice_request.refresh_from_db()
    assert advice_request.status == AdviceRequest.Status.IN_PROGRESS


def test_an_empty_or_long_follow_up_is_explained_and_kept(member_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    url = f"/advice/requests/{advice_request.reference}/follow-up/"
    page = _body(member_client.post(url, {"body": "   "}))
    assert "<title>Error: Request" in page
    assert 'href="#id_body">Enter your message.</a>' in page
    long_text = "word " * 1001
    page = _body(member_client.post(url, {"body": long_text}))
    assert "use at most 5000 characters" in page
    assert long_text.strip() in page
    assert not advice_request.messages.exists()


def test_a_closed_request_takes_no_follow_up(member_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    AdviceRequest.objects.filter(pk=advice_request.pk).update(status="closed")
    page = _body(member_client.get(advice_request.get_absolute_url()))
    assert "Add a message" not in page
    response = member_client.post(
        f"/advice/requests/{advice_request.reference}/follow-up/", {"body": "Still there?"}
    )
    assert "This request is closed" in _body(response)
    assert not advice_request.messages.exists()


def test_withdrawing_a_request(member_client, member, comms, comms_topic):
    advice_request = ask(member, comms_topic)
    response = member_client.post(
        f"/advice/requests/{advice_request.reference}/withdraw/", follow=True
    )
    assert f"You have withdrawn {advice_request.reference}." in _body(response)
    advice_request.refresh_from_db()
    assert advice_request.status == AdviceRequest.Status.WITHDRAWN
    assert Notification.objects.filter(kind="advice_withdrawn", to_email=comms.email).exists()
    # Once withdrawn it cannot be withdrawn again, and says so.
    response = member_client.post(
        f"/advice/requests/{advice_request.reference}/withdraw/", follow=True
    )
    assert "can no longer be withdrawn" in _body(response)
    assert Notification.objects.filter(kind="advice_withdrawn").count() == 1


def test_withdraw_and_follow_up_only_take_post(member_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    for action in ["withdraw", "follow-up"]:
        url = f"/advice/requests/{advice_request.reference}/{action}/"
        assert member_client.get(url).status_code == 405


def test_the_question_never_reaches_the_logs(
    member_client, member, comms_topic, caplog, search_finds_nothing
):
    caplog.set_level("DEBUG")
    member_client.post(
        "/advice/ask/", {"topic": comms_topic.pk, "question": QUESTION, "urgency": "normal"}
    )
    advice_request = AdviceRequest.objects.get()
    member_client.post(
        f"/advice/requests/{advice_request.reference}/follow-up/",
        {"body": "A private detail about Mrs Jones."},
    )
    assert "bus depot" not in caplog.text
    assert "Mrs Jones" not in caplog.text


def _requests_and_messages(member, comms, topic, count):
    for _ in range(count):
        advice_request = ask(member, topic)
        workflow.reply(advice_request, comms, "An answer.")
        workflow.add_follow_up(advice_request, member, "Thanks.")
    return advice_request


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_my_pages_run_the_same_queries_for_few_and_many_requests_and_messages(
    client, member, other_member, comms, comms_topic, settings
):
    settings.ADVICE_REQUESTS_PER_HOUR = 1000
    settings.ADVICE_FOLLOW_UPS_PER_HOUR = 1000
    few = _requests_and_messages(member, comms, comms_topic, 1)
    many = _requests_and_messages(other_member, comms, comms_topic, 30)
    for _ in range(10):
        workflow.reply(many, comms, "More.")
        workflow.add_follow_up(many, other_member, "More thanks.")

    client.force_login(member)
    counts_few = [
        _queries(client, "/advice/requests/"),
        _queries(client, few.get_absolute_url()),
        _queries(client, f"/advice/requests/{few.reference}/sent/"),
    ]
    client.force_login(other_member)
    counts_many = [
        _queries(client, "/advice/requests/"),
        _queries(client, many.get_absolute_url()),
        _queries(client, f"/advice/requests/{many.reference}/sent/"),
    ]
    assert counts_few == counts_many


def test_the_ask_form_runs_the_same_queries_with_few_and_many_topics_and_sections(
    member_client, abuse_topic, regret_topic
):
    from tests.advice.factories import make_topic
    from tests.factories import make_document, make_version

    small = _queries(member_client, "/advice/ask/")
    for n in range(20):
        make_topic(f"Test: extra {n}", fast_path="abuse" if n % 3 == 0 else "")
    make_version(make_document("Big"), sections=100, status="published")
    assert _queries(member_client, "/advice/ask/") == small
