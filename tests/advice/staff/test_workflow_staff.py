"""Staff actions in protocol.advice.workflow: the one path for the workspace and the admin."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from portal import roles
from protocol.advice import workflow
from protocol.advice.models import AdviceEvent, AdviceRequest, Message, RequestStatus
from protocol.models import Notification
from tests.advice.factories import FakeHit, ask, make_topic

pytestmark = pytest.mark.django_db
Status = RequestStatus
Action = AdviceEvent.Action


def _actions(advice_request):
    return list(advice_request.events.values_list("action", flat=True))


def test_the_usual_path_new_in_progress_waiting_answered_closed(member, comms, comms_topic):
    advice_request = ask(member, comms_topic)
    for status in [Status.IN_PROGRESS, Status.WAITING, Status.ANSWERED, Status.CLOSED]:
        workflow.change_status(advice_request, comms, status)
        advice_request.refresh_from_db()
        assert advice_request.status == status
    details = list(
        advice_request.events.filter(action=Action.STATUS).values_list("detail", "actor")
    )
    assert details == [
        ("Received → In progress", comms.pk),
        ("In progress → Waiting for member", comms.pk),
        ("Waiting for member → Answered", comms.pk),
        ("Answered → Closed", comms.pk),
    ]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.CLOSED, Status.ANSWERED),
        (Status.ANSWERED, Status.WAITING),
        (Status.NEW, Status.WITHDRAWN),
        (Status.IN_PROGRESS, Status.NEW),
    ],
)
def test_a_move_outside_the_allowed_transitions_is_refused(member, comms, comms_topic, start, to):
    advice_request = ask(member, comms_topic)
    AdviceRequest.objects.filter(pk=advice_request.pk).update(status=start)
    with pytest.raises(workflow.AdviceError, match="cannot be moved to"):
        workflow.change_status(advice_request, comms, to)
    advice_request.refresh_from_db()
    assert advice_request.status == start


def test_nothing_can_be_done_to_a_withdrawn_request(member, comms, comms_topic):
    advice_request = ask(member, comms_topic)
    workflow.withdraw(advice_request, member)
    before = Notification.objects.count()
    comms_team = Group.objects.get(name=roles.COMMUNICATIONS)
    for action in [
        lambda: workflow.reply(advice_request, comms, "Answer"),
        lambda: workflow.add_note(advice_request, comms, "Note"),
        lambda: workflow.assign(advice_request, comms, comms),
        lambda: workflow.change_status(advice_request, comms, Status.IN_PROGRESS),
        lambda: workflow.change_urgency(advice_request, comms, "urgent"),
        lambda: workflow.change_team(advice_request, comms, comms_team),
    ]:
        with pytest.raises(workflow.AdviceError, match="withdrawn by the member"):
            action()
    assert not advice_request.messages.exists()
    assert Notification.objects.count() == before


def test_a_reply_tells_the_member_a_link_and_marks_the_request_answered(member, comms, comms_topic):
    advice_request = ask(member, comms_topic)
    message = workflow.reply(advice_request, comms, "You may share it **after** the meeting.")
    advice_request.refresh_from_db()
    assert message.kind == Message.Kind.REPLY
    assert advice_request.status == Status.ANSWERED
    notice = Notification.objects.get(kind="advice_reply")
    assert notice.to_email == member.email
    assert "the meeting" not in notice.body_text
    assert Action.REPLIED in _actions(advice_request)


def test_a_reply_can_leave_the_status_or_wait_for_the_member(member, comms, comms_topic):
    waiting = ask(member, comms_topic)
    workflow.reply(waiting, comms, "Which post do you mean?", then_status=Status.WAITING)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING
    kept = ask(member, comms_topic)
    workflow.reply(kept, comms, "Looking into it.", then_status=None)
    kept.refresh_from_db()
    assert kept.status == Status.NEW


def test_a_note_tells_nobody_and_the_member_never_sees_it(member, comms, comms_topic):
    advice_request = ask(member, comms_topic)
    before = Notification.objects.count()
    workflow.add_note(advice_request, comms, "Phoned them.")
    assert Notification.objects.count() == before
    assert not advice_request.messages.visible_to_member().exists()


def test_a_member_follow_up_is_unread_until_staff_open_it_and_reopens_waiting(
    member, comms, comms_topic
):
    advice_request = ask(member, comms_topic)
    workflow.reply(advice_request, comms, "Which post?", then_status=Status.WAITING)
    workflow.add_follow_up(advice_request, member, "The one from Tuesday.")
    advice_request.refresh_from_db()
    assert advice_request.is_unread
    assert advice_request.status == Status.IN_PROGRESS
    workflow.record_opened(advice_request, comms)
    advice_request.refresh_from_db()
    assert not advice_request.is_unread
    assert advice_request.accesses.get().user == comms


def test_assigning_is_only_to_people_in_the_requests_team(member, comms, officer, comms_topic):
    advice_request = ask(member, comms_topic)
    with pytest.raises(workflow.AdviceError, match="is not in Communications team"):
        workflow.assign(advice_request, comms, officer)
    workflow.assign(advice_request, comms, comms)
    advice_request.refresh_from_db()
    assert advice_request.assignee == comms
    assert advice_request.events.get(action=Action.ASSIGNED).detail == "to Comms"


def test_raising_the_urgency_recomputes_the_due_date_in_working_days(
    member, comms, comms_topic, settings
):
    settings.ADVICE_TARGET_WORKING_DAYS = {"normal": 10, "high": 3, "urgent": 1}
    friday = timezone.make_aware(timezone.datetime(2026, 11, 27, 10, 0))
    advice_request = ask(member, comms_topic)
    AdviceRequest.objects.filter(pk=advice_request.pk).update(created_at=friday)
    advice_request.refresh_from_db()
    workflow.change_urgency(advice_request, comms, "urgent")
    advice_request.refresh_from_db()
    assert advice_request.urgency == "urgent"
    assert advice_request.due_date == date(2026, 11, 30)  # the next working day: Monday
    event = advice_request.events.get(action=Action.URGENCY)
    assert event.detail.startswith("Normal → Urgent; due ")
    assert event.actor == comms


def test_changing_the_topic_routes_again_and_tells_the_new_team(
    member, comms, officer, comms_topic, officer_topic
):
    advice_request = ask(member, comms_topic)
    workflow.assign(advice_request, comms, comms)
    Notification.objects.all().delete()
    workflow.change_topic(advice_request, comms, officer_topic)
    advice_request.refresh_from_db()
    assert advice_request.topic == officer_topic
    assert advice_request.team.name == roles.MONITORING_OFFICER
    assert advice_request.assignee is None  # comms is not in the new team
    notices = Notification.objects.filter(kind="advice_routed")
    assert [notice.to_email for notice in notices] == [officer.email]
    assert "bus depot" not in notices[0].body_text
    assert {Action.TOPIC, Action.ROUTED} <= set(_actions(advice_request))


def test_changing_to_a_topic_of_the_same_team_keeps_the_team_and_assignee(
    member, comms, comms_topic
):
    other = make_topic("Test: replying to residents", team=roles.COMMUNICATIONS)
    advice_request = ask(member, comms_topic)
    workflow.assign(advice_request, comms, comms)
    Notification.objects.all().delete()
    workflow.change_topic(advice_request, comms, other)
    advice_request.refresh_from_db()
    assert advice_request.assignee == comms
    assert not Notification.objects.filter(kind="advice_routed").exists()


def test_staff_of_another_team_cannot_act(member, comms, officer_topic):
    advice_request = ask(member, officer_topic)
    with pytest.raises(workflow.AdviceError, match="not routed to your team"):
        workflow.add_note(advice_request, comms, "Hello")
    with pytest.raises(workflow.AdviceError, match="not routed to your team"):
        workflow.change_status(advice_request, comms, Status.IN_PROGRESS)


def test_a_stale_form_is_refused_only_by_a_conflicting_change(member, comms, officer, comms_topic):
    advice_request = ask(member, comms_topic)
    seen = timezone.now()
    # Someone else assigns, and the member follows up, after the page was shown...
    workflow.assign(advice_request, officer, comms)
    workflow.add_follow_up(advice_request, member, "Any news?")
    # ...so a second assignment and a reply made from the old page are refused,
    with pytest.raises(workflow.StaleForm, match="made a change at"):
        workflow.assign(advice_request, comms, None, seen_at=seen)
    with pytest.raises(workflow.StaleForm, match="follow-up added"):
        workflow.reply(advice_request, comms, "Answer", seen_at=seen)
    # ...but a status change, an urgency change and a note do not conflict with them.
    workflow.change_status(advice_request, comms, Status.WAITING, seen_at=seen)
    workflow.change_urgency(advice_request, comms, "high", seen_at=seen)
    workflow.add_note(advice_request, comms, "Checked.", seen_at=seen)
    advice_request.refresh_from_db()
    assert advice_request.assignee == comms
    assert advice_request.status == Status.WAITING
    assert advice_request.urgency == "high"


def test_two_staff_acting_at_once_on_different_things_both_stand(
    member, comms, officer, comms_topic
):
    advice_request = ask(member, comms_topic)
    seen = timezone.now()
    first = AdviceRequest.objects.get(pk=advice_request.pk)
    second = AdviceRequest.objects.get(pk=advice_request.pk)
    workflow.assign(first, officer, comms, seen_at=seen)
    workflow.reply(second, comms, "Yes.", seen_at=seen)
    workflow.change_urgency(first, officer, "urgent", seen_at=seen)
    advice_request.refresh_from_db()
    assert advice_request.assignee == comms
    assert advice_request.status == Status.ANSWERED
    assert advice_request.urgency == "urgent"
    assert advice_request.messages.count() == 1


def test_the_suggested_guidance_is_kept_with_the_request(member, comms_topic):
    hit = FakeHit(title="13. Before you post", url="/protocol/x/13/", snippet="...")
    advice_request = ask(member, comms_topic, suggested_guidance=[hit])
    advice_request.refresh_from_db()
    assert advice_request.suggested_guidance == [
        {"title": "13. Before you post", "url": "/protocol/x/13/"}
    ]


def test_sending_from_the_ask_form_keeps_what_the_portal_suggested(
    member_client, comms_topic, search_finds
):
    search_finds(FakeHit(title="9. Sharing reports", url="/protocol/p/9/", snippet="..."))
    data = {
        "topic": comms_topic.pk,
        "question": "Can I share the depot report before the meeting?",
        "urgency": "normal",
        "action": "send",
    }
    response = member_client.post("/advice/ask/", data)
    assert response.status_code == 302
    advice_request = AdviceRequest.objects.get()
    assert advice_request.suggested_guidance == [
        {"title": "9. Sharing reports", "url": "/protocol/p/9/"}
    ]
