"""A member can send a configurable number of requests an hour, counted in the
database; beyond it they get a clear message and keep their text."""

from datetime import timedelta
from html import escape

import pytest
from django.utils import timezone

from protocol.advice import workflow
from protocol.advice.models import AdviceRequest
from tests.advice.factories import QUESTION, ask, form_data

pytestmark = pytest.mark.django_db


def test_beyond_the_limit_nothing_is_sent_and_the_text_is_kept(
    member_client, member, comms_topic, settings
):
    settings.ADVICE_REQUESTS_PER_HOUR = 2
    ask(member, comms_topic)
    ask(member, comms_topic)
    question = "A third question, typed with care <and> kept."
    response = member_client.post("/advice/ask/", form_data(comms_topic, question=question))
    page = response.content.decode()
    assert response.status_code == 200
    assert "You have sent 2 requests in the last hour" in page
    assert "Nothing was sent" in page
    assert 'id="error-summary"' in page
    assert escape(question) in page
    assert AdviceRequest.objects.count() == 2


def test_the_limit_is_also_checked_when_sending_straight_away(
    member_client, member, comms_topic, settings
):
    settings.ADVICE_REQUESTS_PER_HOUR = 1
    ask(member, comms_topic)
    response = member_client.post("/advice/ask/", form_data(comms_topic, action="send"))
    assert "You have sent 1 request in the last hour" in response.content.decode()
    assert AdviceRequest.objects.count() == 1


def test_the_message_says_when_they_can_try_again(member, comms_topic, settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 2
    first = ask(member, comms_topic)
    ask(member, comms_topic)
    earlier = timezone.now() - timedelta(minutes=40)
    AdviceRequest.objects.filter(pk=first.pk).update(created_at=earlier)
    with pytest.raises(workflow.RateLimited) as limited:
        workflow.check_request_limit(member)
    assert limited.value.retry_at == earlier + timedelta(hours=1)
    assert f"{timezone.localtime(earlier + timedelta(hours=1)):%H:%M}" in str(limited.value)


def test_requests_older_than_an_hour_do_not_count(member, comms_topic, settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 2
    for advice_request in [ask(member, comms_topic), ask(member, comms_topic)]:
        AdviceRequest.objects.filter(pk=advice_request.pk).update(
            created_at=timezone.now() - timedelta(minutes=61)
        )
    assert ask(member, comms_topic).reference


def test_one_members_requests_do_not_count_against_another(
    member, other_member, comms_topic, settings
):
    settings.ADVICE_REQUESTS_PER_HOUR = 1
    ask(member, comms_topic)
    assert ask(other_member, comms_topic).member == other_member


def test_the_limit_holds_in_submit_request_itself(member, comms_topic, settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 1
    ask(member, comms_topic)
    with pytest.raises(workflow.RateLimited):
        workflow.submit_request(member, topic=comms_topic, question=QUESTION, urgency="normal")
    assert AdviceRequest.objects.count() == 1


def test_follow_ups_have_their_own_limit(member_client, member, comms_topic, settings):
    settings.ADVICE_FOLLOW_UPS_PER_HOUR = 2
    advice_request = ask(member, comms_topic)
    url = f"/advice/requests/{advice_request.reference}/follow-up/"
    member_client.post(url, {"body": "First."})
    member_client.post(url, {"body": "Second."})
    response = member_client.post(url, {"body": "Third, kept here."})
    page = response.content.decode()
    assert "You have sent 2 follow-up messages in the last hour" in page
    assert "Third, kept here." in page
    assert advice_request.messages.count() == 2


def test_threats_are_never_refused_by_the_hourly_limit(
    member_client, member, comms_topic, abuse_topic, settings
):
    settings.ADVICE_REQUESTS_PER_HOUR = 1
    ask(member, comms_topic)
    response = member_client.post("/advice/ask/", form_data(abuse_topic, action="send"))
    assert response.status_code == 302
    assert AdviceRequest.objects.filter(topic=abuse_topic).count() == 1


def test_a_regretted_post_is_never_refused_by_the_hourly_limit(member, regret_topic, settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 1
    first = ask(member, regret_topic, question="I posted about the bus depot in anger.")
    second = ask(member, regret_topic, question="And a second post, about the budget.")
    assert first.reference != second.reference


def test_follow_ups_on_a_fast_path_request_are_never_refused(member, abuse_topic, settings):
    settings.ADVICE_FOLLOW_UPS_PER_HOUR = 1
    advice_request = ask(member, abuse_topic)
    workflow.add_follow_up(advice_request, member, "They wrote again.")
    workflow.add_follow_up(advice_request, member, "And again, with a threat.")
    assert advice_request.messages.count() == 2


def test_the_limit_message_gives_the_monitoring_officers_number_and_hours(
    member_client, member, comms_topic, settings
):
    settings.ADVICE_REQUESTS_PER_HOUR = 1
    settings.MONITORING_OFFICER_PHONE = "0161 496 0123"
    settings.MONITORING_OFFICER_HOURS = "weekdays 8am to 6pm"
    ask(member, comms_topic)
    response = member_client.post("/advice/ask/", form_data(comms_topic, action="send"))
    page = response.content.decode()
    summary = page[
        page.index('id="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    assert "telephone the Monitoring Officer on 0161 496 0123 (weekdays 8am to 6pm)" in summary
