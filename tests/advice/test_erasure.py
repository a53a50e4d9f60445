"""Erasing a member (deleting their account, in the admin or in code)
anonymises their advice requests instead of being refused: the requests stay,
linked to nobody ("erased member"), until the retention period removes their
text; open ones are withdrawn, as nobody is left to answer."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from protocol import acknowledgements
from protocol.advice import workflow
from protocol.advice.models import AdviceRequest
from protocol.models import Acknowledgement, Notification
from tests.advice.factories import QUESTION, ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_of(member, comms_topic):
    """An open request and a closed one."""
    still_open = ask(member, comms_topic, question=QUESTION)
    closed = ask(member, comms_topic, question=QUESTION + " Another one.")
    AdviceRequest.objects.filter(pk=closed.pk).update(status="closed")
    return still_open, closed


def test_deleting_a_member_in_code_anonymises_their_requests(member, requests_of, sample_version):
    acknowledgements.acknowledge(member, sample_version)
    assert Notification.objects.filter(recipient=member).exists()  # "we received it"
    still_open, closed = requests_of

    member.delete()

    still_open.refresh_from_db()
    closed.refresh_from_db()
    assert still_open.member is None and closed.member is None
    assert still_open.is_erased and still_open.is_read_only
    assert still_open.status == AdviceRequest.Status.WITHDRAWN
    assert closed.status == AdviceRequest.Status.CLOSED
    assert still_open.question == QUESTION  # kept until the retention period ends
    assert still_open.next_statuses == []
    assert not Acknowledgement.objects.exists()
    assert not Notification.objects.filter(to_email="member@example.org").exists()
    assert not Notification.objects.filter(body_text__contains=still_open.reference).exists()


def test_staff_can_read_but_not_act_on_an_erased_members_request(
    comms, comms_client, member, requests_of
):
    still_open, _ = requests_of
    member.delete()
    page = comms_client.get(still_open.get_staff_url()).content.decode()
    assert "Erased member" in page
    assert "The member&#x27;s account was erased." in page or "account was erased" in page
    with pytest.raises(workflow.AdviceError, match="the member's account was erased"):
        workflow.reply(AdviceRequest.objects.get(pk=still_open.pk), comms, "An answer.")
    queue = comms_client.get(reverse("staff:queue"), {"view": "all"}).content.decode()
    assert "Erased member" in queue or still_open.reference not in queue


def test_deleting_a_member_in_the_admin_anonymises_their_requests(
    admin_client, member, requests_of, sample_version
):
    acknowledgements.acknowledge(member, sample_version)  # shown read-only in the admin
    url = reverse("admin:auth_user_delete", args=[member.pk])
    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    assert "Cannot delete" not in confirm.content.decode()

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(username="member").exists()
    assert AdviceRequest.objects.filter(member__isnull=True).count() == 2
    assert AdviceRequest.objects.count() == 2
    assert not Acknowledgement.objects.exists()
