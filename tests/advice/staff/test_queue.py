"""The staff queue at /staff/: views with counts, filters, search, order and markers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from protocol.advice import workflow
from protocol.advice.models import AdviceRequest, RequestStatus
from tests.advice.factories import ask
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
QUEUE = "/staff/"


def _body(response):
    assert response.status_code == 200
    return response.content.decode()


def _set(advice_request, **fields):
    AdviceRequest.objects.filter(pk=advice_request.pk).update(**fields)
    advice_request.refresh_from_db()
    return advice_request


def test_staff_land_on_their_queue_after_logging_in_and_members_on_the_home_page(
    client, comms, member
):
    response = client.post("/accounts/login/", {"username": "comms", "password": PASSWORD})
    assert response["Location"] == "/staff/"
    client.logout()
    response = client.post("/accounts/login/", {"username": "member", "password": PASSWORD})
    assert response["Location"] == "/"


def test_the_queue_lists_the_teams_requests_most_urgent_then_soonest_due(
    comms_client, member, comms_topic, officer_topic
):
    today = timezone.localdate()
    normal_soon = _set(ask(member, comms_topic), due_date=today + timedelta(days=1))
    urgent_later = _set(
        ask(member, comms_topic, urgency="urgent"), due_date=today + timedelta(days=3)
    )
    urgent_sooner = _set(ask(member, comms_topic, urgency="urgent"), due_date=today)
    high = ask(member, comms_topic, urgency="high")
    officers = ask(member, officer_topic)
    page = _body(comms_client.get(QUEUE))
    positions = [page.index(r.reference) for r in (urgent_sooner, urgent_later, high, normal_soon)]
    assert positions == sorted(positions)
    assert officers.reference not in page


def test_urgent_overdue_and_due_today_are_marked_in_words(comms_client, member, comms_topic):
    today = timezone.localdate()
    _set(ask(member, comms_topic, urgency="urgent"), due_date=today - timedelta(days=2))
    _set(ask(member, comms_topic), due_date=today)
    page = _body(comms_client.get(QUEUE))
    assert "⚠</span> Urgent" in page
    assert "</span> Overdue" in page
    assert "</span> Due today" in page


def test_each_view_has_its_count_and_shows_its_requests(comms_client, comms, member, comms_topic):
    today = timezone.localdate()
    mine = ask(member, comms_topic)
    workflow.assign(mine, comms, comms)
    overdue = _set(ask(member, comms_topic), due_date=today - timedelta(days=1))
    due_today = _set(ask(member, comms_topic), due_date=today)
    urgent = ask(member, comms_topic, urgency="urgent")
    waiting = ask(member, comms_topic)
    workflow.change_status(waiting, comms, RequestStatus.WAITING)
    closed = ask(member, comms_topic)
    workflow.change_status(closed, comms, RequestStatus.CLOSED)
    expected = {
        "mine": [mine],
        "unassigned": [overdue, due_today, urgent, waiting],
        "overdue": [overdue],
        "due_today": [due_today],
        "urgent": [urgent],
        "waiting": [waiting],
        "open": [mine, overdue, due_today, urgent, waiting],
        "closed": [closed],
    }
    every = {r.reference for r in [mine, overdue, due_today, urgent, waiting, closed]}
    for view, shown in expected.items():
        page = _body(comms_client.get(QUEUE, {"view": view}))
        references = {r.reference for r in shown}
        for reference in every:
            assert (reference in page) == (reference in references), (view, reference)
        assert f"{len(shown)} request{'s' if len(shown) != 1 else ''}" in page, view
    page = _body(comms_client.get(QUEUE))
    assert 'Overdue <span class="badge text-bg-secondary">1<' in page
    assert 'All open <span class="badge text-bg-secondary">5<' in page


def test_filters_by_status_topic_and_assignee(
    comms_client, comms, member, comms_topic, regret_topic
):
    assigned = ask(member, comms_topic)
    workflow.assign(assigned, comms, comms)
    regret = ask(member, regret_topic)
    page = _body(comms_client.get(QUEUE, {"assignee": "me"}))
    assert assigned.reference in page and regret.reference not in page
    page = _body(comms_client.get(QUEUE, {"assignee": "nobody"}))
    assert assigned.reference not in page and regret.reference in page
    page = _body(comms_client.get(QUEUE, {"topic": regret_topic.pk}))
    assert assigned.reference not in page and regret.reference in page
    page = _body(comms_client.get(QUEUE, {"status": "in_progress"}))
    assert assigned.reference not in page and regret.reference not in page


def test_search_finds_reference_question_messages_and_member_name(
    comms_client, comms, member, other_member, comms_topic
):
    by_question = ask(member, comms_topic, question="Can I post about the tram extension vote?")
    by_message = ask(other_member, comms_topic, question="A question about something else.")
    workflow.add_note(by_message, comms, "Related to the hospital car park row.")
    for query, found, missing in [
        ("tram extension", by_question, by_message),
        ("car park", by_message, by_question),
        ("Other Member", by_message, by_question),
        (by_question.reference, by_question, by_message),
    ]:
        page = _body(comms_client.get(QUEUE, {"q": query}))
        assert found.reference in page, query
        assert missing.reference not in page, query


def test_a_follow_up_shows_as_unread_until_staff_open_the_request(
    comms_client, comms, member, comms_topic
):
    advice_request = ask(member, comms_topic)
    workflow.reply(advice_request, comms, "Which post?")
    workflow.add_follow_up(advice_request, member, "The one on Tuesday.")
    assert "New message from the member" in _body(comms_client.get(QUEUE))
    _body(comms_client.get(advice_request.get_staff_url()))
    assert "New message from the member" not in _body(comms_client.get(QUEUE))


def test_a_search_that_is_too_long_says_so(comms_client):
    page = _body(comms_client.get(QUEUE, {"q": "x" * 300}))
    assert "Search for at most 200 characters." in page
    assert "<title>Error: " in page


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        _body(client.get(QUEUE, params or {}))
    return len(queries)


def test_the_queue_runs_the_same_queries_for_few_and_many_requests(
    comms_client, comms, member, other_member, comms_topic, settings
):
    settings.ADVICE_REQUESTS_PER_HOUR = 1000
    settings.ADVICE_FOLLOW_UPS_PER_HOUR = 1000
    first = ask(member, comms_topic)
    workflow.assign(first, comms, comms)
    few = {view: _queries(comms_client, {"view": view}) for view in ("open", "mine", "overdue")}
    searched = _queries(comms_client, {"q": "bus"})
    for number in range(25):
        advice_request = ask(other_member if number % 2 else member, comms_topic)
        workflow.assign(advice_request, comms, comms)
        workflow.add_follow_up(advice_request, advice_request.member, "More.")
    many = {view: _queries(comms_client, {"view": view}) for view in ("open", "mine", "overdue")}
    assert many == few
    assert _queries(comms_client, {"q": "bus"}) == searched


def test_the_queue_pages_by_25_keeping_the_view_and_filters(comms_client, member, comms_topic):
    for _ in range(27):
        ask(member, comms_topic)
    first = _body(comms_client.get(QUEUE, {"view": "unassigned"}))
    assert first.count('class="queue-item') == 25
    assert "Page 1 of 2" in first
    assert "?view=unassigned&amp;page=2" in first
    second = _body(comms_client.get(QUEUE, {"view": "unassigned", "page": 2}))
    assert second.count('class="queue-item') == 2
    filtered = _body(comms_client.get(QUEUE, {"view": "unassigned", "q": "bus depot"}))
    assert "?view=unassigned&amp;q=bus+depot&amp;page=2" in filtered
