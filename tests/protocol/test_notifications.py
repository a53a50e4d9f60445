"""E-mails are stored first, sent by the background worker, retried, and never sent twice.

A worker claims an e-mail, sends it with no transaction open and records the
result; one that stops mid-send leaves a claim that goes stale and is taken
again; every try carries the same Message-ID.
"""

import io
import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from protocol import emails, notifications
from protocol.models import Notification
from tests.factories import RecordingBrokenMailer, SlowMailer, database_shared_between_threads

pytestmark = pytest.mark.django_db(transaction=True)


def _notify(member, sample_version):
    # Forget the e-mails that publishing the sample version queued.
    Notification.objects.all().delete()
    mail.outbox.clear()
    return emails.notify_version_published([member], sample_version, changes_url="/changes/")


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


def _go_stale(row, settings):
    Notification.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT + 1)
    )


def test_an_email_whose_worker_stopped_mid_send_is_taken_again_once_its_claim_is_stale(
    member, sample_version, settings
):
    [row] = _notify(member, sample_version)
    assert notifications.claim(row.pk) is not None  # a worker took it, then was killed
    _run_worker()  # its queued task finds it claimed
    assert notifications.send_due_notifications() == 0  # a fresh claim is left alone
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.status == Notification.Status.SENDING

    _go_stale(row, settings)
    assert notifications.send_due_notifications() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.claimed_at) == (Notification.Status.SENT, 2, None)
    assert len(mail.outbox) == 1
    assert notifications.send_due_notifications() == 0
    assert len(mail.outbox) == 1


def test_a_stale_claim_on_the_last_try_is_marked_failed_not_sent_again(
    member, sample_version, settings
):
    [row] = _notify(member, sample_version)
    Notification.objects.filter(pk=row.pk).update(attempts=notifications.MAX_ATTEMPTS - 1)
    assert notifications.claim(row.pk) is not None
    _go_stale(row, settings)
    assert notifications.send_due_notifications() == 0
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert "stopped while sending" in row.last_error
    assert mail.outbox == []
    assert notifications.retry(Notification.objects.filter(pk=row.pk)) == 1
    _run_worker()
    assert len(mail.outbox) == 1


def test_an_email_being_sent_is_not_claimed_twice(member, sample_version):
    [row] = _notify(member, sample_version)
    assert notifications.claim(row.pk) is not None
    assert notifications.claim(row.pk) is None
    # The admin's retry leaves an e-mail being sent alone.
    assert notifications.retry(Notification.objects.filter(pk=row.pk)) == 0


def test_every_try_of_an_email_carries_the_same_message_id(member, sample_version, settings):
    RecordingBrokenMailer.messages.clear()
    settings.MAILERS = {"default": {"BACKEND": "tests.factories.RecordingBrokenMailer"}}
    [row] = _notify(member, sample_version)
    _run_worker()
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert notifications.send_due_notifications() == 0
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert notifications.send_due_notifications() == 1

    tries = [*RecordingBrokenMailer.messages, *mail.outbox]
    ids = {message.message()["Message-ID"] for message in tries}
    assert len(tries) == 3
    [message_id] = ids
    assert re.fullmatch(rf"<notification-{row.pk}\.[0-9a-f]{{16}}@localhost>", message_id)
    other = emails.notify_version_published([member], sample_version, changes_url="/c/")[0]
    assert other.message_id != message_id


def test_two_workers_racing_for_the_same_email_send_it_once(
    member, sample_version, settings, tmp_path
):
    SlowMailer.messages.clear()
    settings.MAILERS = {"default": {"BACKEND": "tests.factories.SlowMailer"}}
    [row] = _notify(member, sample_version)
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait()
            results.append(notifications.deliver(row.pk))
        finally:
            connections.close_all()

    with database_shared_between_threads(tmp_path):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        row.refresh_from_db()
    assert sorted(results) == ["nothing to do", "sent"]
    assert len(SlowMailer.messages) == 1
    assert (row.status, row.attempts) == (Notification.Status.SENT, 1)


def test_the_admin_never_shows_the_link_in_a_password_reset_email(
    officer_client, member, sample_version
):
    [notice] = _notify(member, sample_version)
    [reset] = emails.notify_password_reset(member)
    assert "/accounts/reset/" in reset.body_text
    page = officer_client.get(f"/admin/protocol/notification/{reset.pk}/change/")
    assert page.status_code == 200
    assert "/accounts/reset/" not in page.content.decode()
    page = officer_client.get(f"/admin/protocol/notification/{notice.pk}/change/")
    assert "http://portal.test/changes/" in page.content.decode()
