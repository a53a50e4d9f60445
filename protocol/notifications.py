"""The outbox: every e-mail is stored, then claimed, sent with no transaction
open, and its result recorded.

What each e-mail says and to whom is in ``protocol.emails`` (one function per
e-mail); they call ``notify()``, which renders the template set
``templates/emails/<name>_subject.txt``, ``<name>_body.txt`` and (optionally)
``<name>_body.html``, stores one Notification row per recipient in the
caller's transaction, and enqueues the send for after the commit.

Sending one e-mail (``deliver``) takes three steps, so that a slow or hung
mail server never holds the database (on SQLite a transaction is the whole
database's write lock):

1. **claim**: one conditional UPDATE marks the row as being sent (pending and
   due, or a claim older than ``NOTIFICATION_CLAIM_TIMEOUT``) and counts the
   try; it commits at once. Of two workers racing for a row, one claims it.
2. **send** by SMTP, with no transaction open, bounded by ``EMAIL_TIMEOUT``,
   with the row's own Message-ID on every try.
3. **record** the result in a new short transaction, only if the claim is
   still this worker's: sent; or pending again with the next try after a
   back-off (re-enqueued); or failed after the last try (the admin has a
   retry action).

A worker stopped mid-send leaves a claim that goes stale; the worker's
recurring sweep (``protocol.recurring``) or ``manage.py
send_due_notifications`` takes it again. Never pass personal text from a
request into an e-mail's context.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, QuerySet
from django.tasks import task
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from protocol.models import Notification

logger = logging.getLogger(__name__)

BACKOFF = Notification.BACKOFF
MAX_ATTEMPTS = Notification.MAX_ATTEMPTS


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    """(subject, text body, html body or "") from the template set ``name``."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    subject = " ".join(subject.split())
    text = render_to_string(f"emails/{name}_body.txt", context)
    try:
        html = render_to_string(f"emails/{name}_body.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject, text, html


def notify(recipients, name: str, context: dict, *, reference: str = "") -> list[Notification]:
    """Store one e-mail per recipient (users with an address) and send them after commit.

    Returns the Notification rows created. Call it (through the e-mail's own
    function in ``protocol.emails``) inside the transaction that makes the
    change the e-mail is about: if that rolls back, no e-mail.
    """
    rows = []
    for user in recipients:
        if not user.email:
            continue
        subject, text, html = render_email(name, {"recipient": user, **context})
        rows.append(
            Notification(
                kind=name,
                recipient=user,
                to_email=user.email,
                subject=subject,
                body_text=text,
                body_html=html,
                reference=reference,
            )
        )
    rows = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: _enqueue_all(ids))
    return rows


def _enqueue_all(ids, run_after=None):
    for notification_id in ids:
        enqueue(notification_id, run_after=run_after)


def enqueue(notification_id: int, run_after: datetime | None = None) -> None:
    """Queue a send. If the queue itself is unavailable the row stays pending
    and the worker's sweep (or ``send_due_notifications``) picks it up later."""
    try:
        if run_after is not None:
            send_notification.using(run_after=run_after).enqueue(notification_id)
        else:
            send_notification.enqueue(notification_id)
    except Exception:
        logger.exception("Could not queue notification %s; it stays pending.", notification_id)


@dataclass(frozen=True)
class Claim:
    """A row this worker holds: the e-mail as it was claimed, and the claim's time,
    which the result must still match to be recorded."""

    notification: Notification
    claimed_at: datetime


def claim(notification_id: int, now: datetime | None = None) -> Claim | None:
    """Take the e-mail to send it, counting the try; None if it is not this worker's to send.

    One conditional UPDATE in its own short transaction: a pending e-mail whose
    try is due, or one whose claim is stale (its worker stopped mid-send).
    """
    now = now or timezone.now()
    with transaction.atomic():
        taken = (
            Notification.objects.claimable(now)
            .filter(pk=notification_id)
            .update(status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        )
        if not taken:
            return None
        notification = Notification.objects.get(pk=notification_id)
    return Claim(notification=notification, claimed_at=now)


def _message(notification):
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.to_email],
        headers={"Message-ID": notification.message_id},
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    return message


def _record(held: Claim, **changes) -> bool:
    """Write the result if the claim is still ours (not taken again as stale)."""
    with transaction.atomic():
        return bool(
            Notification.objects.filter(
                pk=held.notification.pk,
                status=Notification.Status.SENDING,
                claimed_at=held.claimed_at,
            ).update(claimed_at=None, **changes)
        )


def deliver(notification_id: int) -> str:
    """Claim, send with no transaction open, record: "sent", "will retry", "failed"
    or "nothing to do" (sent already, not due, or another worker has it).

    Call it with no transaction open (the worker and the management command
    do): inside one, the claim and the record would not commit on their own.
    """
    held = claim(notification_id)
    if held is None:
        return "nothing to do"
    notification = held.notification
    try:
        _message(notification).send()
    except Exception as error:  # any failure of the mail server: keep and retry
        last_error = f"{type(error).__name__}: {error}"[:2000]
        delay = notification.retry_delay()
        if delay is None:
            _record(held, status=Notification.Status.FAILED, last_error=last_error)
            logger.warning("Gave up on notification %s: %s", notification.pk, last_error)
            return "failed"
        retry_at = timezone.now() + delay
        if _record(
            held,
            status=Notification.Status.PENDING,
            next_attempt_at=retry_at,
            last_error=last_error,
        ):
            enqueue(notification.pk, run_after=retry_at)
        return "will retry"
    if not _record(held, status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""):
        logger.warning(
            "Notification %s was sent after its claim went stale; it may arrive twice "
            "(with the same Message-ID). Raise NOTIFICATION_CLAIM_TIMEOUT.",
            notification.pk,
        )
    return "sent"


@task
def send_notification(notification_id: int) -> str:
    """The worker's task for one e-mail: ``deliver`` it."""
    return deliver(notification_id)


def retry(notifications: QuerySet) -> int:
    """Try failed or stuck e-mails again from the start (the admin's retry action).

    An e-mail a worker is sending now is left alone; a stale claim is retried.
    """
    ids = list(
        notifications.exclude(status=Notification.Status.SENT)
        .exclude(status=Notification.Status.SENDING, claimed_at__gte=Notification.stale_before())
        .values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids).update(
        status=Notification.Status.PENDING,
        attempts=0,
        claimed_at=None,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue_all(ids))
    return len(ids)


def give_up_stale_claims(now: datetime | None = None) -> int:
    """Mark as failed the e-mails whose worker stopped mid-send on their last try."""
    return (
        Notification.objects.stale_claims(now)
        .filter(attempts__gte=MAX_ATTEMPTS)
        .update(
            status=Notification.Status.FAILED,
            claimed_at=None,
            last_error="The worker stopped while sending the last try.",
        )
    )


def send_due_notifications(now: datetime | None = None) -> int:
    """Send, in this process, every e-mail whose try is due or whose claim is stale.

    The worker's recurring sweep and ``manage.py send_due_notifications`` run
    it: a safety net for tasks never queued (the queue was down when the change
    was saved) or lost (a worker stopped mid-send). Returns how many were sent.
    """
    give_up_stale_claims(now)
    due = Notification.objects.claimable(now).order_by("next_attempt_at", "pk")
    sent = 0
    for notification_id in list(due.values_list("pk", flat=True)):
        if deliver(notification_id) == "sent":
            sent += 1
    return sent
