"""One row per e-mail the portal sends, so none is lost or sent twice.

The background worker (django-tasks-db's ``db_worker``) does not retry a task
that failed, so the portal keeps the state here: status, attempts, when to try
next, the last error and who holds the row while it is being sent;
``protocol.notifications`` claims a row, sends it with no transaction open, and
records the result (re-enqueueing with back-off).

Status: pending (waiting for its next try) -> sending (claimed by a worker at
``claimed_at``) -> sent, or back to pending after a failed try, or failed
after the last. A claim older than ``NOTIFICATION_CLAIM_TIMEOUT`` belongs to a
worker that stopped mid-send and may be taken again.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def erase_recipient(collector, field, sub_objs, using):
    """``on_delete`` for a notification's recipient: erasing an account blanks
    the address and text of the e-mails written to it (the row stays, so the
    record of what the portal sent, and when, is whole); one still waiting is
    given up and never sent. Field updates only, so the admin's deletion of a
    user needs no permission on notifications."""
    model = field.model
    collector.add_field_update(
        model._meta.get_field("status"),
        "failed",
        sub_objs.filter(status="pending"),
    )
    for name in ("to_email", "body_text", "body_html", "last_error"):
        collector.add_field_update(model._meta.get_field(name), "", sub_objs)
    collector.add_field_update(field, None, sub_objs)


erase_recipient.lazy_sub_objs = True


def _message_token():
    return secrets.token_hex(8)


class NotificationQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending e-mails whose next try is due (a safety net for lost tasks)."""
        now = now or timezone.now()
        return self.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)

    def stale_claims(self, now=None):
        """E-mails claimed by a worker longer ago than the claim timeout: it stopped mid-send."""
        return self.filter(
            status=Notification.Status.SENDING, claimed_at__lt=Notification.stale_before(now)
        )

    def claimable(self, now=None):
        """What a worker may take now: due pending e-mails and stale claims with tries left."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Notification.Status.PENDING, next_attempt_at__lte=now)
            | Q(
                status=Notification.Status.SENDING,
                claimed_at__lt=Notification.stale_before(now),
                attempts__lt=Notification.MAX_ATTEMPTS,
            )
        )


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"

    # Wait before each retry: 1 minute, 5 minutes, 30 minutes, 2 hours, 6 hours.
    BACKOFF = [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
    MAX_ATTEMPTS = len(BACKOFF) + 1

    kind = models.CharField(max_length=60, help_text="The e-mail template set used.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=erase_recipient,
        related_name="notifications",
    )
    to_email = models.EmailField()
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    reference = models.CharField(
        max_length=100, blank=True, help_text="What the e-mail is about, e.g. version:12."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker took it to send (while being sent)."
    )
    message_token = models.CharField(
        max_length=32,
        default=_message_token,
        editable=False,
        help_text="Makes the Message-ID, the same on every try.",
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} to {self.to_email} ({self.get_status_display().lower()})"

    @staticmethod
    def stale_before(now=None):
        """A claim made before this moment is stale: its worker cannot still be sending."""
        return (now or timezone.now()) - timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)

    @property
    def message_id(self):
        """``<notification-PK.TOKEN@domain>``: the same on every try, so a retry that
        reaches someone twice is recognisably the same message."""
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
        return f"<notification-{self.pk}.{self.message_token}@{domain}>"

    def retry_delay(self):
        """The wait before the next try after ``attempts`` failed tries, or None: give up."""
        if self.attempts >= self.MAX_ATTEMPTS:
            return None
        return self.BACKOFF[max(self.attempts, 1) - 1]
