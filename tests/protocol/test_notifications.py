"""E-mails are stored first, sent by the background worker, retried, and never sent twice."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from protocol import notifications
from protocol.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def _notify(member, sample_version):
    # Forget the e-mails that publishing the sample version queued.
    Notification.objects.all().delete()
    mail.outbox.clear()
    return notifications.notify(
        [member],
        "version_published",
        {
            "document": sample_version.document,
            "version": sample_version,
            "changes_url": "/changes/",
            "acknowledge_url": "/ack/",
        },
        reference=f"version:{sample_version.pk}",
    )


def _run_worker():
    call_command("db_worker", batch=True, startup_delay=False, stdout=io.StringIO())


def test_notify_stores_the_email_and_the_worker_sends_it_once(member, sample_version):
    [row] = _notify(member, sample_version)
    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING
    assert "has been updated" in row.subject
    assert "http://portal.test/changes/" in row.body_text
    _run_worker()
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    _run_worker()
    notifications.send_notification.call(row.pk)
    assert len(mail.outbox) == 1


def test_a_failed_send_is_kept_and_retried_with_back_off(member, sample_version, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.factories.BrokenMailer"}}
    [row] = _notify(member, sample_version)
    _run_worker()
    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 1
    assert "mail server down" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=30)

    # The server comes back; the retry is due.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert notifications.send_due_notifications() == 1
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert notifications.send_due_notifications() == 0
    assert len(mail.outbox) == 1


def test_after_the_last_try_it_shows_as_failed_and_can_be_retried(member, sample_version, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.factories.BrokenMailer"}}
    [row] = _notify(member, sample_version)
    for _ in range(notifications.MAX_ATTEMPTS):
        Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        notifications.send_due_notifications()
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.attempts == notifications.MAX_ATTEMPTS

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert notifications.retry(Notification.objects.filter(pk=row.pk)) == 1
    _run_worker()
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_change_rolls_back(member, sample_version):
    from django.db import transaction

    Notification.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(member, sample_version)
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()
    _run_worker()
    assert mail.outbox == []


def test_admin_retry_action(officer_client, member, sample_version, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.factories.BrokenMailer"}}
    [row] = _notify(member, sample_version)
    Notification.objects.filter(pk=row.pk).update(status=Notification.Status.FAILED)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    response = officer_client.post(
        "/admin/protocol/notification/",
        {"action": "retry_selected", "_selected_action": [row.pk]},
        follow=True,
    )
    assert "queued to be sent again" in response.content.decode()
    _run_worker()
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
