"""Routing: each topic goes to its team (and default person); unknown topics to the
Monitoring Officer. Every member of the team is told, without the question's text."""

import pytest
from django.contrib.auth.models import Group, User

from portal import roles
from protocol.advice import routing
from protocol.advice.models import AdviceEvent, Topic
from protocol.models import Notification
from tests.advice.factories import QUESTION, ask, make_topic

pytestmark = pytest.mark.django_db


def _staff(username, group):
    user = User.objects.create_user(username, f"{username}@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def _team_notices(advice_request):
    return Notification.objects.filter(
        reference=f"advice:{advice_request.reference}", kind="advice_routed"
    ).order_by("to_email")


def test_a_topic_goes_to_the_team_its_rule_names(member, comms, officer, comms_topic):
    second_comms = _staff("comms2", roles.COMMUNICATIONS)
    advice_request = ask(member, comms_topic)
    assert advice_request.team.name == roles.COMMUNICATIONS
    assert advice_request.routed_at is not None
    assert {n.to_email for n in _team_notices(advice_request)} == {
        comms.email,
        second_comms.email,
    }
    routed = advice_request.events.get(action=AdviceEvent.Action.ROUTED)
    assert "Communications team" in routed.detail


def test_the_team_is_told_topic_urgency_due_date_and_link_but_never_the_question(
    member, comms, comms_topic
):
    advice_request = ask(member, comms_topic, urgency="high")
    [notice] = _team_notices(advice_request)
    text = notice.subject + notice.body_text + notice.body_html
    assert advice_request.reference in notice.subject
    assert comms_topic.name in text
    assert "High" in text
    assert f"{advice_request.due_date.day} {advice_request.due_date:%B %Y}" in text
    assert f"http://portal.test/staff/requests/{advice_request.reference}/" in text
    assert "bus depot" not in text
    assert QUESTION not in text


def test_a_topic_without_a_rule_goes_to_the_monitoring_officer(
    member, officer, comms, unrouted_topic
):
    advice_request = ask(member, unrouted_topic)
    assert advice_request.team.name == roles.MONITORING_OFFICER
    assert [n.to_email for n in _team_notices(advice_request)] == [officer.email]
    routed = advice_request.events.get(action=AdviceEvent.Action.ROUTED)
    assert "no routing rule" in routed.detail


def test_the_rule_can_name_a_default_person_who_is_told_too(member, officer):
    group = Group.objects.create(name="Legal team")
    lawyer = _staff("lawyer", "Legal team")
    topic = make_topic("Test: defamation", team="Legal team", assignee=officer)
    advice_request = ask(member, topic)
    assert advice_request.team == group
    assert advice_request.assignee == officer
    assert {n.to_email for n in _team_notices(advice_request)} == {lawyer.email, officer.email}


def test_a_team_nobody_can_be_told_in_falls_back_to_the_monitoring_officer(member, officer):
    Group.objects.create(name="Empty team")
    topic = make_topic("Test: nobody home", team="Empty team")
    advice_request = ask(member, topic)
    assert advice_request.team.name == "Empty team"  # it is still recorded where it went
    assert [n.to_email for n in _team_notices(advice_request)] == [officer.email]


def test_inactive_people_and_people_without_an_address_are_not_told(member, comms, comms_topic):
    gone = _staff("gone", roles.COMMUNICATIONS)
    gone.is_active = False
    gone.save()
    _staff("no_address", roles.COMMUNICATIONS)
    User.objects.filter(username="no_address").update(email="")
    advice_request = ask(member, comms_topic)
    assert [n.to_email for n in _team_notices(advice_request)] == [comms.email]


def test_routing_is_changed_in_data_not_code(member, comms, officer, comms_topic):
    comms_topic.routing_rule.team = Group.objects.get(name=roles.MONITORING_OFFICER)
    comms_topic.routing_rule.save()
    assert ask(member, comms_topic).team.name == roles.MONITORING_OFFICER


def test_route_without_a_topic_is_the_monitoring_officer(db):
    route = routing.route(None)
    assert route.team.name == roles.MONITORING_OFFICER
    assert route.by_rule is False


def test_shipped_topics_route_as_the_issue_describes(db):
    abuse = Topic.objects.get(fast_path="abuse")
    regret = Topic.objects.get(fast_path="regret")
    assert routing.route(regret).team.name == roles.COMMUNICATIONS
    assert routing.route(abuse).team.name == roles.MONITORING_OFFICER
    assert routing.route(Topic.objects.get(name="Something else")).by_rule is False
    assert "police" in abuse.guidance_checklist
    assert "screenshot" in regret.guidance_checklist
