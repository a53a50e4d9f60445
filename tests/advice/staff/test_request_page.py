"""A request's page in the staff workspace, and the actions taken from it."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from portal import roles
from protocol.advice import workflow
from protocol.advice.models import (
    MESSAGE_MAX_LENGTH,
    AdviceEvent,
    AdviceRequest,
    CannedReply,
    Message,
    RequestAccess,
    RequestStatus,
)
from protocol.models import Notification
from tests.advice.factories import FakeHit, ask

pytestmark = pytest.mark.django_db


def _body(response, status=200):
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def _url(advice_request, action=""):
    return advice_request.get_staff_url() + (f"{action}/" if action else "")


def _seen():
    return timezone.now().isoformat()


def test_the_page_shows_the_question_member_history_suggestions_and_timeline(
    comms_client, comms, member, comms_topic
):
    earlier = ask(member, comms_topic, question="An earlier question about leaflets.")
    hit = FakeHit(title="13. Before you post", url="/protocol/sample/13/", snippet="")
    advice_request = ask(
        member, comms_topic, post_url="https://example.org/post/9", suggested_guidance=[hit]
    )
    workflow.reply(advice_request, comms, "Yes, **after** the meeting.")
    workflow.add_note(advice_request, comms, "Checked with legal.")
    workflow.add_follow_up(advice_request, member, "Thank you.")
    page = _body(comms_client.get(_url(advice_request)))
    assert f"<h1>{advice_request.reference}: {comms_topic.name}</h1>" in page
    assert "bus depot" in page  # the question
    assert "https://example.org/post/9" in page
    assert "Member</dd>" in page  # the member's name
    assert member.email in page
    assert earlier.reference in page
    assert '<a href="/protocol/sample/13/">13. Before you post</a>' in page
    assert "<strong>after</strong>" in page
    assert "Checked with legal." in page
    assert "Internal note by Comms" in page
    assert "Follow-up from the member" in page
    assert "Submitted" in page and "Routed" in page


def test_every_staff_view_of_a_request_is_recorded_and_the_officer_sees_who(
    comms_client, officer_client, comms, officer, member, comms_topic
):
    advice_request = ask(member, comms_topic)
    _body(comms_client.get(_url(advice_request)))
    _body(comms_client.get(_url(advice_request)))
    assert list(RequestAccess.objects.values_list("user__username", flat=True)) == [
        "comms",
        "comms",
    ]
    # The comms team does not see the log; the Monitoring Officer does.
    assert "Who opened it" not in _body(comms_client.get(_url(advice_request)))
    assert comms_client.get(_url(advice_request, "access")).status_code == 403
    page = _body(officer_client.get(_url(advice_request)))
    assert "Who opened it" in page
    log = _body(officer_client.get(_url(advice_request, "access")))
    assert log.count("<td>Comms</td>") == 3
    assert log.count("<td>Officer</td>") == 1


def test_reply_and_note_are_separate_forms_and_the_reply_is_not_the_first_button(
    comms_client, member, comms_topic
):
    advice_request = ask(member, comms_topic)
    page = _body(comms_client.get(_url(advice_request)))
    assert 'action="/staff/requests/' + advice_request.reference + '/reply/"' in page
    assert 'action="/staff/requests/' + advice_request.reference + '/note/"' in page
    reply_form = page[page.index("/reply/") : page.index("/note/")]
    # Pressing Enter submits a form's first button: in the reply form that is Preview.
    assert reply_form.index('value="preview"') < reply_form.index('value="send"')
    assert "Only staff see notes" in page


def test_sending_a_reply_tells_the_member_and_marks_it_answered(comms_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    response = comms_client.post(
        _url(advice_request, "reply"),
        {"body": "Yes, you may.", "then_status": "answered", "seen_at": _seen(), "action": "send"},
        follow=True,
    )
    page = _body(response)
    assert "Reply sent" in page and "Status: Answered" in page
    advice_request.refresh_from_db()
    assert advice_request.status == RequestStatus.ANSWERED
    assert advice_request.messages.get().kind == Message.Kind.REPLY
    assert Notification.objects.filter(kind="advice_reply", to_email=member.email).exists()


def test_a_form_sent_without_saying_which_button_only_previews(comms_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    page = _body(comms_client.post(_url(advice_request, "reply"), {"body": "Draft *text*"}))
    assert "Preview: what the member will see" in page
    assert "<em>text</em>" in page
    assert "Draft *text*</textarea>" in page
    assert not advice_request.messages.exists()


def test_a_note_is_added_without_telling_the_member(comms_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    before = Notification.objects.count()
    response = comms_client.post(
        _url(advice_request, "note"),
        {"body": "Phoned them.", "seen_at": _seen(), "action": "add"},
        follow=True,
    )
    assert "Internal note added" in _body(response)
    assert advice_request.messages.get().kind == Message.Kind.NOTE
    assert Notification.objects.count() == before


def test_a_note_that_is_too_long_says_so_and_keeps_the_text(comms_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    text = "A very long note. " * 400  # over 7,000 characters
    page = _body(
        comms_client.post(
            _url(advice_request, "note"), {"body": text, "seen_at": _seen(), "action": "add"}
        ),
        status=400,
    )
    assert f"use at most {MESSAGE_MAX_LENGTH}" in page
    assert "<title>Error: " in page
    assert text.strip()[:200] in page
    assert "CHECK constraint" not in page and "IntegrityError" not in page
    assert not advice_request.messages.exists()


def test_an_empty_reply_says_so(comms_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    page = _body(
        comms_client.post(
            _url(advice_request, "reply"),
            {"body": "   ", "then_status": "answered", "seen_at": _seen(), "action": "send"},
        ),
        status=400,
    )
    assert "Write the text first: it is empty." in page
    assert not Notification.objects.filter(kind="advice_reply").exists()


def test_a_stale_reply_is_refused_with_a_message_and_the_text_kept(
    comms_client, officer, member, comms_topic
):
    advice_request = ask(member, comms_topic)
    seen = _seen()
    workflow.reply(advice_request, officer, "Answered already.")
    page = _body(
        comms_client.post(
            _url(advice_request, "reply"),
            {
                "body": "My own answer.",
                "then_status": "answered",
                "seen_at": seen,
                "action": "send",
            },
        ),
        status=409,
    )
    assert "While you had this page open, Officer made a change" in page
    assert "My own answer.</textarea>" in page
    assert advice_request.messages.count() == 1


def test_a_withdrawn_request_can_only_be_read(comms_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    seen = _seen()
    workflow.withdraw(advice_request, member)
    page = _body(comms_client.get(_url(advice_request)))
    assert "Withdrawn by the member." in page
    assert "/reply/" not in page and "/assign/" not in page
    page = _body(
        comms_client.post(
            _url(advice_request, "reply"),
            {"body": "Too late?", "then_status": "", "seen_at": seen, "action": "send"},
        ),
        status=400,
    )
    assert "withdrawn by the member" in page
    assert not advice_request.messages.exists()


def test_assign_to_me_and_to_a_colleague_but_not_outside_the_team(
    comms_client, comms, officer, member, comms_topic
):
    colleague = Group.objects.get(name=roles.COMMUNICATIONS).user_set.create(
        username="colleague", first_name="Colleague", is_staff=True
    )
    advice_request = ask(member, comms_topic)
    response = comms_client.post(
        _url(advice_request, "assign"), {"action": "me", "seen_at": _seen()}, follow=True
    )
    assert "Assigned to you." in _body(response)
    advice_request.refresh_from_db()
    assert advice_request.assignee == comms
    comms_client.post(
        _url(advice_request, "assign"), {"assignee": colleague.pk, "seen_at": _seen()}
    )
    advice_request.refresh_from_db()
    assert advice_request.assignee == colleague
    page = _body(
        comms_client.post(
            _url(advice_request, "assign"), {"assignee": officer.pk, "seen_at": _seen()}
        ),
        status=400,
    )
    assert "Choose someone in the team this request is routed to." in page
    advice_request.refresh_from_db()
    assert advice_request.assignee == colleague


def test_status_offers_only_the_allowed_moves(comms_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    page = _body(comms_client.get(_url(advice_request)))
    status_select = page[
        page.index('name="status"') : page.index("</select>", page.index('name="status"'))
    ]
    assert "Waiting for member" in status_select
    assert "Withdrawn" not in status_select
    comms_client.post(_url(advice_request, "status"), {"status": "closed", "seen_at": _seen()})
    advice_request.refresh_from_db()
    assert advice_request.status == RequestStatus.CLOSED
    page = _body(
        comms_client.post(
            _url(advice_request, "status"), {"status": "answered", "seen_at": _seen()}
        ),
        status=400,
    )
    assert "The request cannot move to that status" in page


def test_urgency_change_shows_the_new_due_date(comms_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    response = comms_client.post(
        _url(advice_request, "urgency"), {"urgency": "urgent", "seen_at": _seen()}, follow=True
    )
    advice_request.refresh_from_db()
    assert advice_request.urgency == "urgent"
    assert f"now due {advice_request.due_date:%A}" in _body(response)


def test_moving_a_request_to_another_team_takes_it_out_of_the_comms_queue(
    comms_client, officer, member, comms_topic
):
    advice_request = ask(member, comms_topic)
    officers = Group.objects.get(name=roles.MONITORING_OFFICER)
    response = comms_client.post(
        _url(advice_request, "route"),
        {"action": "team", "team": officers.pk, "topic": comms_topic.pk, "seen_at": _seen()},
    )
    assert response["Location"] == "/staff/"
    assert comms_client.get(_url(advice_request)).status_code == 404
    assert Notification.objects.filter(kind="advice_routed", to_email=officer.email).exists()


def test_inserting_a_canned_reply_keeps_what_was_typed(comms_client, member, comms_topic):
    canned = CannedReply.objects.create(
        title="After the meeting", body="You may share it **after** the meeting."
    )
    canned.topics.add(comms_topic)
    CannedReply.objects.create(title="Withdrawn one", body="Old.", is_active=False)
    advice_request = ask(member, comms_topic)
    page = _body(comms_client.get(_url(advice_request)))
    assert "After the meeting" in page and "Withdrawn one" not in page
    page = _body(
        comms_client.post(
            _url(advice_request, "reply"),
            {
                "body": "Dear Cllr Jones,",
                "canned": canned.pk,
                "action": "insert",
                "seen_at": _seen(),
            },
        )
    )
    assert "Dear Cllr Jones,\n\nYou may share it **after** the meeting.</textarea>" in page
    assert "was inserted at the end: edit it before sending" in page
    assert not advice_request.messages.exists()


def test_canned_replies_for_the_topic_come_first(member, comms_topic, officer_topic):
    general = CannedReply.objects.create(title="A general answer", body="General.")
    suited = CannedReply.objects.create(title="Z for this topic", body="Suited.")
    suited.topics.add(comms_topic)
    other = CannedReply.objects.create(title="B for another topic", body="Other.")
    other.topics.add(officer_topic)
    assert list(CannedReply.objects.for_topic(comms_topic)) == [suited, general]


def test_the_request_page_runs_the_same_queries_for_short_and_long_histories(
    comms_client, comms, member, comms_topic
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(advice_request):
        with CaptureQueriesContext(connection) as captured:
            _body(comms_client.get(_url(advice_request)))
        return len(captured)

    short = ask(member, comms_topic)
    long = ask(member, comms_topic)
    for number in range(15):
        workflow.add_follow_up(long, member, f"Follow-up {number}")
        workflow.reply(long, comms, f"Reply {number}")
        workflow.add_note(long, comms, f"Note {number}")
        ask(member, comms_topic)
    # The first view of the long one also marks the member's follow-up read.
    queries(short), queries(long)
    assert queries(long) == queries(short)
    assert AdviceEvent.objects.filter(request=long).count() > 45
    assert AdviceRequest.objects.count() == 17


def test_messages_and_events_by_a_removed_account_still_show(
    officer_client, member, comms_topic, django_user_model
):
    leaver = django_user_model.objects.create_user("leaver", is_staff=True)
    leaver.groups.add(Group.objects.get(name=roles.MONITORING_OFFICER))
    advice_request = ask(member, comms_topic)
    workflow.add_note(advice_request, leaver, "Handing over.")
    _body(officer_client.get(_url(advice_request)))
    leaver.delete()
    page = _body(officer_client.get(_url(advice_request)))
    assert "Internal note by staff" in page
    assert "Handing over." in page


def test_the_files_a_member_attached_show_on_the_staff_page(
    member_client, comms_client, comms_topic, attachment_root
):
    from tests.advice.test_attachments import PDF, _send_with, upload

    _send_with(member_client, comms_topic, upload("letter.pdf", PDF, "application/pdf"))
    advice_request = AdviceRequest.objects.get()
    attachment = advice_request.attachments.get()
    page = _body(comms_client.get(_url(advice_request)))
    assert "Files the member attached" in page
    assert f'href="{attachment.get_absolute_url()}"' in page
    assert comms_client.get(attachment.get_absolute_url()).status_code == 200
