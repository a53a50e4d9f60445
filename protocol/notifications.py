"""E-mails, rendered from named template sets and sent in the background.

``notify()`` renders an e-mail from ``templates/emails/<name>_subject.txt``,
``<name>_body.txt`` and (optionally) ``<name>_body.html``, stores it as a
Notification row in the caller's transaction, and enqueues the send for after
the commit. A failed send is retried with back-off; after the last try the row
shows as failed in the admin, which has a retry action. Never pass personal
text from a request into an e-mail's context.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from protocol.models import Notification

logger = logging.getLogger(__name__)

# Wait before each retry: 1 minute, 5 minutes, 30 minutes, 2 hours, 6 hours.
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
MAX_ATTEMPTS = len(BACKOFF) + 1


def render_email(name, context):
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


def notify(recipients, name, context, *, reference=""):
    """Store one e-mail per recipient (users with an address) and send them after commit.

    Returns the Notification rows created. Call it inside the transaction
    that makes the change the e-mail is about: if that rolls back, no e-mail.
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


def enqueue(notification_id, run_after=None):
    """Queue a send. If the queue itself is unavailable the row stays pending
    and ``send_due_notifications`` picks it up later."""
    try:
        if run_after is not None:
            send_notification.using(run_after=run_after).enqueue(notification_id)
        else:
            send_notification.enqueue(notification_id)
    except Exception:
        logger.exception("Could not queue notification %s; it stays pending.", notification_id)


@task
def send_notification(notification_id):
    """Send one stored e-mail, at most once; on failure schedule the next try."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != Notification.Status.PENDING:
            return "nothing to do"
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body_text,
            to=[notification.to_email],
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        notification.attempts += 1
        try:
            message.send()
        except Exception as error:  # any failure of the mail server: keep and retry
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
                notification.save()
                logger.warning("Gave up on notification %s.", notification.pk)
                return "failed"
            delay = BACKOFF[notification.attempts - 1]
            notification.next_attempt_at = timezone.now() + delay
            notification.save()
            retry_at = notification.next_attempt_at
            transaction.on_commit(lambda: enqueue(notification.pk, run_after=retry_at))
            return "will retry"
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save()
        return "sent"


def retry(notifications):
    """Try failed or stuck e-mails again from the start (the admin's retry action)."""
    ids = list(notifications.exclude(status=Notification.Status.SENT).values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(
        status=Notification.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue_all(ids))
    return len(ids)


def send_due_notifications():
    """Send every pending e-mail whose time has come, in this process.

    A safety net for tasks that were never queued (the queue was down when the
    change was saved); ``manage.py send_due_notifications`` runs it.
    """
    sent = 0
    for notification_id in Notification.objects.due().values_list("pk", flat=True):
        if send_notification.call(notification_id) == "sent":
            sent += 1
    return sent
