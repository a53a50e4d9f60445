"""Reading reminders: the page says when they were last sent and to whom, and a
second sending needs the officer to say so."""

import pytest
from django.urls import reverse

from protocol import acknowledgements, publishing
from protocol.models import Notification

pytestmark = pytest.mark.django_db


def _reminders():
    return Notification.objects.filter(kind="acknowledgement_reminder")


def test_the_page_names_the_last_reminders_before_sending_again(
    officer_client, member, other_member, sample_version
):
    acknowledgements.acknowledge(member, sample_version)
    url = reverse("admin:protocol_version_acknowledgements", args=[sample_version.pk])
    assert "Last reminders" not in officer_client.get(url).content.decode()
    officer_client.post(url)
    assert _reminders().count() == 1
    page = officer_client.get(url).content.decode()
    assert "Last reminders" in page
    assert "by Officer" in page
    assert "to 1 member:" in page
    assert "<li>Other Member</li>" in page
    assert 'name="send_again"' in page


def test_a_second_click_a_minute_later_sends_nothing(officer_client, other_member, sample_version):
    url = reverse("admin:protocol_version_acknowledgements", args=[sample_version.pk])
    officer_client.post(url)
    response = officer_client.post(url, follow=True)  # the same (stale) page, clicked again
    assert _reminders().count() == 1
    assert "while this page was open, so nothing was sent" in response.content.decode()


def test_sending_again_needs_the_tick(officer_client, other_member, sample_version):
    url = reverse("admin:protocol_version_acknowledgements", args=[sample_version.pk])
    officer_client.post(url)
    token = publishing.last_reminders(sample_version).token
    response = officer_client.post(url, {"last_sent": token}, follow=True)
    assert "Tick “Send them again”" in response.content.decode()
    assert _reminders().count() == 1
    officer_client.post(url, {"last_sent": token, "send_again": "yes"})
    assert _reminders().count() == 2
    assert publishing.last_reminders(sample_version).recipients == ["Other Member"]


def test_last_reminders_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries, officer, sample_version
):
    from django.contrib.auth.models import Group, User

    from portal import roles

    group = Group.objects.get(name=roles.MEMBERS)
    for i in range(20):
        User.objects.create_user(f"m{i}", f"m{i}@example.org").groups.add(group)
    publishing.send_acknowledgement_reminders(sample_version, by=officer)
    with django_assert_max_num_queries(3):
        assert len(publishing.last_reminders(sample_version).recipients) == 20
