"""The worker's recurring jobs keep themselves going, so no cron line is needed: the
sweep sends e-mails whose task was lost and publishes versions whose time has come."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from protocol import emails, recurring
from protocol.advice import escalation
from protocol.models import Notification, Version
from tests.factories import make_version, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting(task):
    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY")


def _everything_waiting_falls_due():
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def test_the_worker_queues_the_sweep_and_the_morning_run_once():
    recurring.ensure_scheduled()
    recurring.ensure_scheduled()
    assert _waiting(recurring.sweep).count() == 1
    assert _waiting(escalation.scheduled_morning_run).count() == 1
    assert _waiting(recurring.sweep).get().run_after > timezone.now()


def test_the_sweep_sends_what_was_never_queued_publishes_what_is_due_and_queues_itself(
    member, sample_version
):
    Notification.objects.all().delete()
    mail.outbox.clear()
    DBTaskResult.objects.all().delete()
    # An e-mail whose task was lost (the queue was down when it was saved) ...
    emails.notify_version_published([member], sample_version, changes_url="/c/")
    DBTaskResult.objects.all().delete()
    # ... and a version scheduled for a time that has passed while the worker was down.
    draft = make_version(sample_version.document)
    Version.objects.filter(pk=draft.pk).update(scheduled_for=timezone.now() - timedelta(minutes=1))

    recurring.ensure_sweep_scheduled()
    _everything_waiting_falls_due()
    run_worker()

    assert mail.outbox[0].to == [member.email]
    assert Version.objects.get(pk=draft.pk).status == Version.Status.PUBLISHED
    assert _waiting(recurring.sweep).count() == 1  # the next one
    assert _waiting(escalation.scheduled_morning_run).count() == 1
    finished = DBTaskResult.objects.filter(task_path=recurring.sweep.module_path).exclude(
        status="READY"
    )
    assert finished.get().status == "SUCCESSFUL"
