"""The worker's recurring jobs, so that no cron line is needed.

django-tasks-db runs tasks at a time (``run_after``) but has no calendar, so
each recurring job queues its own next run:

* **the sweep**, every ``WORKER_SWEEP_MINUTES``: sends e-mails whose task was
  never queued or whose worker stopped mid-send (``send_due_notifications``),
  publishes drafts whose scheduled time has come (``publish_due_versions``),
  makes sure the advice morning run is queued, and deletes its own old results;
* **the advice morning run** (``protocol.advice.escalation``), each working
  morning at ``ADVICE_DIGEST_TIME``.

``manage.py run_worker`` (the worker to run in production and in ``make
run``) queues both when it starts, unless they are waiting already; after
that each keeps itself going. Two chains started at once merge: a sweep queues
the next only when none is waiting.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from protocol import notifications, publishing
from protocol.advice import escalation

logger = logging.getLogger(__name__)

# The sweep's own finished results are kept this long, then deleted.
KEEP_SWEEP_RESULTS = timedelta(days=1)


def _waiting(task_path):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task_path, status="READY")


def ensure_sweep_scheduled(now: datetime | None = None) -> datetime | None:
    """Queue the next sweep unless one is waiting; returns its time, or None."""
    if _waiting(sweep.module_path).exists():
        return None
    at = (now or timezone.now()) + timedelta(minutes=settings.WORKER_SWEEP_MINUTES)
    try:
        sweep.using(run_after=at).enqueue()
    except Exception:
        logger.exception("Could not queue the worker's sweep.")
        return None
    return at


def ensure_scheduled() -> None:
    """Queue every recurring job that is not waiting already (run when the worker starts)."""
    ensure_sweep_scheduled()
    escalation.ensure_scheduled()


def _prune_own_results(now):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        task_path=sweep.module_path,
        status="SUCCESSFUL",
        finished_at__lt=now - KEEP_SWEEP_RESULTS,
    ).delete()


@task
def sweep() -> dict:
    """Catch up on what a lost task would have done; the next sweep is queued first,
    so a worker stopped in the middle of this one does not end the chain."""
    now = timezone.now()
    ensure_sweep_scheduled(now)
    sent = notifications.send_due_notifications()
    published = [version.pk for version in publishing.publish_due_versions()]
    escalation.ensure_scheduled()
    _prune_own_results(now)
    return {"sent": sent, "published": published}
