""" "This answered my question": throttled per member, and the same question counts once."""

import pytest

from protocol.advice.models import AnsweredByGuidance
from tests.advice.factories import FakeHit, form_data
from tests.factories import low_rates

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    return low_rates(settings)


def test_the_same_question_answered_by_guidance_counts_once(
    member_client, comms_topic, search_finds
):
    search_finds(FakeHit("Section 7", "/protocol/p/7/", "answer"))
    for _ in range(3):
        response = member_client.post("/advice/ask/", form_data(comms_topic, action="answered"))
        assert response.status_code == 302
    assert AnsweredByGuidance.objects.count() == 1
    other = form_data(comms_topic, action="answered")
    other["question"] = "A different question about posting photos of events."
    member_client.post("/advice/ask/", other)
    assert AnsweredByGuidance.objects.count() == 2


def test_answered_by_guidance_posted_in_bulk_gets_a_429_page(member_client, comms_topic, rates):
    for n in range(3):
        data = form_data(comms_topic, action="answered")
        data["question"] = f"Question number {n} about what I may post online."
        member_client.post("/advice/ask/", data)
    response = member_client.post("/advice/ask/", form_data(comms_topic, action="answered"))
    assert response.status_code == 429
    assert "<h1>Too many requests</h1>" in response.content.decode()
    assert AnsweredByGuidance.objects.count() == 3
