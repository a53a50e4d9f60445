"""One row per e-mail the portal sends, so none is lost or sent twice.

The background worker (django-tasks-db's ``db_worker``) does not retry a task
that failed, so the portal keeps the state here: status, attempts, when to try
next and the last error; ``protocol.notifications`` re-enqueues with back-off.
"""

from django.conf import settings
from django.db import models
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


class NotificationQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending e-mails whose next try is due (a safety net for lost tasks)."""
        now = now or timezone.now()
        return self.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"

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
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} to {self.to_email} ({self.get_status_display().lower()})"
