"""Back after sending, then Send again: the same question from the same member within
ADVICE_DUPLICATE_WINDOW_MINUTES is not saved twice; the member is taken to the
request they already sent, with a message saying so."""

from datetime import timedelta

import pytest
from django.utils import timezone

from protocol.advice import workflow
from protocol.advice.models import AdviceRequest
from protocol.models import Notification
from tests.advice.factories import QUESTION, FakeHit, ask, form_data

pytestmark = pytest.mark.django_db

ASK = "/advice/ask/"


def test_sending_the_same_question_again_opens_the_first_request(member_client, comms_topic):
    first = member_client.post(ASK, form_data(comms_topic, action="send"))
    assert first.status_code == 302
    advice_request = AdviceRequest.objects.get()
    notices = Notification.objects.count()

    # Back to the form (or the check step), then Send again, with a stray space and a capital.
    again = form_data(comms_topic, question="  " + QUESTION.upper() + "\r\n", action="send")
    response = member_client.post(ASK, again, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == advice_request.get_absolute_url()
    assert AdviceRequest.objects.count() == 1
    assert Notification.objects.count() == notices  # nobody is e-mailed twice
    assert "You already sent this question at" in page
    assert f"as {advice_request.reference}, so it has not been sent again" in page


def test_the_check_step_is_skipped_for_a_question_already_sent(
    member_client, member, comms_topic, search_finds
):
    search_finds(FakeHit("A", "/a/", "b"))
    advice_request = ask(member, comms_topic, question=QUESTION)
    response = member_client.post(ASK, form_data(comms_topic))
    assert response.status_code == 302
    assert response["Location"] == advice_request.get_absolute_url()
    assert AdviceRequest.objects.count() == 1


def test_a_repeat_at_the_hourly_limit_leads_to_the_request_not_to_the_limit(
    member_client, member, comms_topic, settings
):
    settings.ADVICE_REQUESTS_PER_HOUR = 1
    advice_request = ask(member, comms_topic, question=QUESTION)
    response = member_client.post(ASK, form_data(comms_topic, action="send"))
    assert response["Location"] == advice_request.get_absolute_url()


def test_the_same_question_after_the_window_is_a_new_request(member, comms_topic, settings):
    settings.ADVICE_DUPLICATE_WINDOW_MINUTES = 10
    first = ask(member, comms_topic, question=QUESTION)
    AdviceRequest.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    second = ask(member, comms_topic, question=QUESTION)
    assert second.pk != first.pk


def test_a_different_question_or_another_member_is_never_a_repeat(
    member, other_member, comms_topic
):
    ask(member, comms_topic, question=QUESTION)
    ask(member, comms_topic, question=QUESTION + " And one more thing.")
    ask(other_member, comms_topic, question=QUESTION)
    assert AdviceRequest.objects.count() == 3


def test_submit_request_itself_refuses_a_repeat(member, comms_topic):
    first = ask(member, comms_topic, question=QUESTION)
    with pytest.raises(workflow.AlreadySent) as already:
        ask(member, comms_topic, question=QUESTION)
    assert already.value.existing == first
    assert AdviceRequest.objects.count() == 1


def test_a_window_of_zero_turns_it_off(member, comms_topic, settings):
    settings.ADVICE_DUPLICATE_WINDOW_MINUTES = 0
    ask(member, comms_topic, question=QUESTION)
    ask(member, comms_topic, question=QUESTION)
    assert AdviceRequest.objects.count() == 2
