"""Advice requests in the admin: configuration and a read-only record, each team
seeing only its own requests and the Monitoring Officer all; changes go through
the workflow, and answering is done in the staff workspace."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from portal import roles
from protocol.advice.models import AdviceEvent, AdviceRequest, BankHoliday, Topic
from protocol.models import Notification
from tests.advice.factories import ask

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/advice/advicerequest/"


def _change_url(advice_request):
    return reverse("admin:advice_advicerequest_change", args=[advice_request.pk])


def _body(response):
    return response.content.decode()


def test_the_monitoring_officer_sees_every_request(
    officer_client, member, comms_topic, officer_topic
):
    to_comms = ask(member, comms_topic)
    to_officer = ask(member, officer_topic)
    page = _body(officer_client.get(CHANGELIST))
    assert to_comms.reference in page
    assert to_officer.reference in page
    assert officer_client.get(_change_url(to_comms)).status_code == 200


def test_the_communications_team_sees_only_requests_routed_to_it(
    comms_client, member, comms_topic, officer_topic
):
    to_comms = ask(member, comms_topic)
    to_officer = ask(member, officer_topic)
    page = _body(comms_client.get(CHANGELIST))
    assert to_comms.reference in page
    assert to_officer.reference not in page
    response = comms_client.get(_change_url(to_comms))
    assert response.status_code == 200
    assert "bus depot" in _body(response)  # they read the question here
    # Another team's request does not exist for them (the admin redirects with a message).
    response = comms_client.get(_change_url(to_officer), follow=True)
    assert f"Advice request with ID “{to_officer.pk}” doesn’t exist" in _body(response)
    assert "bus depot" not in _body(response)


def test_members_cannot_reach_the_admin(member_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    response = member_client.get(_change_url(advice_request))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_of_another_team_see_nothing(client, member, comms_topic, officer_topic):
    Group.objects.create(name="Legal team")
    lawyer = User.objects.create_user("lawyer", "lawyer@example.org", is_staff=True)
    lawyer.groups.add(Group.objects.get(name="Legal team"))
    lawyer.user_permissions.add(
        Permission.objects.get(content_type__app_label="advice", codename="view_advicerequest")
    )
    ask(member, comms_topic)
    ask(member, officer_topic)
    client.force_login(lawyer)
    page = _body(client.get(CHANGELIST))
    assert "0 advice requests" in page


def test_nobody_adds_or_deletes_a_request_in_the_admin(officer_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    assert officer_client.get("/admin/advice/advicerequest/add/").status_code == 403
    delete_url = reverse("admin:advice_advicerequest_delete", args=[advice_request.pk])
    assert officer_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AdviceRequest.objects.filter(pk=advice_request.pk).exists()


def _change_data(advice_request, **changes):
    data = {
        "urgency": advice_request.urgency,
        "status": advice_request.status,
        "team": advice_request.team_id,
        "assignee": advice_request.assignee_id or "",
        "messages-TOTAL_FORMS": 0,
        "messages-INITIAL_FORMS": 0,
        "messages-MIN_NUM_FORMS": 0,
        "messages-MAX_NUM_FORMS": 1000,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return data


def test_the_admin_takes_no_replies_or_notes_they_are_written_in_the_workspace(
    comms_client, member, comms_topic
):
    advice_request = ask(member, comms_topic)
    page = _body(comms_client.get(_change_url(advice_request)))
    assert "Add another message" not in page
    data = _change_data(
        advice_request,
        **{
            "messages-TOTAL_FORMS": 1,
            "messages-0-kind": "reply",
            "messages-0-body": "You may share it after the meeting.",
        },
    )
    comms_client.post(_change_url(advice_request), data)
    assert not advice_request.messages.exists()
    assert not Notification.objects.filter(kind="advice_reply").exists()


def test_view_on_site_opens_the_request_in_the_staff_workspace(officer_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    page = _body(officer_client.get(_change_url(advice_request)))
    assert f'href="/staff/requests/{advice_request.reference}/"' in page


def test_a_status_change_in_the_admin_follows_the_allowed_transitions(
    officer_client, member, comms_topic
):
    advice_request = ask(member, comms_topic)
    data = _change_data(advice_request, status="in_progress")
    assert officer_client.post(_change_url(advice_request), data).status_code == 302
    advice_request.refresh_from_db()
    assert advice_request.status == AdviceRequest.Status.IN_PROGRESS
    assert advice_request.events.filter(action=AdviceEvent.Action.STATUS).exists()
    # Withdrawn is the member's choice, never a move staff make.
    response = officer_client.post(
        _change_url(advice_request), _change_data(advice_request, status="withdrawn")
    )
    assert response.status_code == 200
    assert "cannot be moved to withdrawn" in _body(response)
    advice_request.refresh_from_db()
    assert advice_request.status == AdviceRequest.Status.IN_PROGRESS


def test_reassigning_and_raising_the_urgency_are_recorded_and_the_new_team_told(
    officer_client, officer, member, comms, comms_topic
):
    advice_request = ask(member, comms_topic)
    officer_team = Group.objects.get(name=roles.MONITORING_OFFICER)
    data = _change_data(advice_request, team=officer_team.pk, assignee=officer.pk, urgency="urgent")
    assert officer_client.post(_change_url(advice_request), data).status_code == 302
    advice_request.refresh_from_db()
    assert advice_request.team == officer_team
    assert advice_request.assignee == officer
    routed = Notification.objects.filter(kind="advice_routed", to_email=officer.email)
    assert routed.count() == 1
    details = list(advice_request.events.values_list("action", "detail"))
    assert (
        AdviceEvent.Action.ROUTED,
        "Communications team → Monitoring Officer (chosen by staff)",
    ) in details
    assert (AdviceEvent.Action.ASSIGNED, "to Officer") in details
    urgency = advice_request.events.get(action=AdviceEvent.Action.URGENCY)
    assert urgency.detail.startswith("Normal → Urgent; due ")


def test_the_admin_refuses_an_assignee_outside_the_requests_team(
    comms_client, officer, member, comms_topic
):
    advice_request = ask(member, comms_topic)
    data = _change_data(advice_request, assignee=officer.pk)
    response = comms_client.post(_change_url(advice_request), data)
    assert response.status_code == 200
    assert "is not in Communications team" in _body(response)
    advice_request.refresh_from_db()
    assert advice_request.assignee is None


def test_the_admin_history_never_holds_the_question(officer_client, member, comms_topic):
    from django.contrib.admin.models import LogEntry

    advice_request = ask(member, comms_topic)
    data = _change_data(advice_request, status="in_progress")
    officer_client.post(_change_url(advice_request), data)
    entry = LogEntry.objects.get()
    assert "bus depot" not in entry.object_repr + entry.change_message


def test_the_monitoring_officer_maintains_topics_routing_and_bank_holidays(officer_client):
    for url in [
        "/admin/advice/topic/",
        "/admin/advice/topic/add/",
        f"/admin/advice/topic/{Topic.objects.first().pk}/change/",
        "/admin/advice/bankholiday/",
        "/admin/advice/bankholiday/add/",
        "/admin/advice/answeredbyguidance/",
    ]:
        assert officer_client.get(url).status_code == 200, url
    response = officer_client.post(
        "/admin/advice/bankholiday/add/", {"date": "2028-01-03", "name": "New Year (substitute)"}
    )
    assert response.status_code == 302
    assert BankHoliday.objects.filter(date="2028-01-03").exists()
    comms_team = Group.objects.get(name=roles.COMMUNICATIONS)
    response = officer_client.post(
        "/admin/advice/topic/add/",
        {
            "name": "Elections",
            "fast_path": "",
            "guidance_checklist": "",
            "order": 5,
            "is_active": "on",
            "routing_rule-TOTAL_FORMS": 1,
            "routing_rule-INITIAL_FORMS": 0,
            "routing_rule-MIN_NUM_FORMS": 0,
            "routing_rule-MAX_NUM_FORMS": 1,
            "routing_rule-0-team": comms_team.pk,
            "routing_rule-0-default_assignee": "",
        },
    )
    assert response.status_code == 302, _body(response)
    assert Topic.objects.get(name="Elections").routing_rule.team == comms_team


def test_the_communications_team_cannot_change_topics_or_holidays(comms_client):
    assert comms_client.get("/admin/advice/topic/").status_code == 403
    assert comms_client.get("/admin/advice/bankholiday/").status_code == 403


def test_the_monitoring_officer_manages_canned_replies_and_sees_the_access_log(
    officer_client, comms_client, member, comms_topic
):
    from protocol.advice.models import CannedReply

    for url in [
        "/admin/advice/cannedreply/",
        "/admin/advice/cannedreply/add/",
        "/admin/advice/requestaccess/",
    ]:
        assert officer_client.get(url).status_code == 200, url
    response = officer_client.post(
        "/admin/advice/cannedreply/add/",
        {
            "title": "After the meeting",
            "body": "Share it **after**.",
            "topics": [comms_topic.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    canned = CannedReply.objects.get()
    assert list(canned.topics.all()) == [comms_topic]
    # The communications team uses canned replies but does not change them or read the log.
    assert comms_client.get("/admin/advice/cannedreply/add/").status_code == 403
    assert comms_client.get("/admin/advice/requestaccess/").status_code == 403


def _shortcut(advice_request):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(AdviceRequest)
    return reverse("admin:view_on_site", args=[content_type.pk, advice_request.pk])


def test_view_on_site_tells_the_communications_team_nothing_of_other_teams_requests(
    comms_client, member, comms_topic, officer_topic
):
    to_comms = ask(member, comms_topic)
    to_officer = ask(member, officer_topic)
    response = comms_client.get(_shortcut(to_officer))
    assert response.status_code == 404
    assert to_officer.reference not in _body(response)
    assert to_officer.reference not in response.get("Location", "")
    assert comms_client.get(_shortcut(to_comms))["Location"].endswith(to_comms.get_absolute_url())


def test_view_on_site_still_works_for_the_monitoring_officer(officer_client, member, officer_topic):
    advice_request = ask(member, officer_topic)
    response = officer_client.get(_shortcut(advice_request))
    assert response.status_code == 302
    assert advice_request.reference in response["Location"]


def test_view_on_site_with_a_nonsense_address_is_not_found(officer_client):
    assert officer_client.get("/admin/r/abc/1/").status_code == 404
    assert officer_client.get("/admin/r/99999/1/").status_code == 404
