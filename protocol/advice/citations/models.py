"""What a reply cites, and the re-check flags a new version raises.

Invariants held by the database: a message cites a section (or one of its
rules) once; a request or FAQ entry has at most one open re-check flag; a flag
belongs to exactly one of the two.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone


class Citation(models.Model):
    """A section, or one rule of it, that a staff reply relies on, as it read in
    ``version``. The version is kept even though the section knows it, so the
    record says plainly which text the answer was given against."""

    message = models.ForeignKey(
        "advice.Message", on_delete=models.CASCADE, related_name="citations"
    )
    section = models.ForeignKey("protocol.Section", on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(
        "protocol.Rule", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey("protocol.Version", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["message", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "section"],
                condition=Q(rule__isnull=True),
                name="citation_section_once",
            ),
            models.UniqueConstraint(fields=["message", "rule"], name="citation_rule_once"),
        ]

    def __str__(self):
        what = f"{self.section}" + (f", {self.rule}" if self.rule_id else "")
        return f"{what} (version {self.version.number})"

    def get_absolute_url(self):
        """The cited text as it stood, in the version cited."""
        section = self.section
        section.version = self.version
        if self.rule_id:
            return f"{section.get_absolute_url()}#{self.rule.anchor}"
        return section.get_absolute_url()

    @property
    def label(self):
        """How a citation reads on a page: "13. Personal accounts (version 2)"."""
        return str(self)


class RecheckQuerySet(models.QuerySet):
    def open(self):
        return self.filter(cleared_at__isnull=True)


class Recheck(models.Model):
    """ "Re-check against version N": a new version changed text that an answer
    (a request's replies, or an FAQ entry) relies on. Open until a member of
    staff marks it re-checked; kept afterwards as a record."""

    request = models.ForeignKey(
        "advice.AdviceRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rechecks",
    )
    faq = models.ForeignKey(
        "advice.FaqEntry", null=True, blank=True, on_delete=models.CASCADE, related_name="rechecks"
    )
    version = models.ForeignKey("protocol.Version", on_delete=models.PROTECT, related_name="+")
    changes = models.CharField(
        max_length=500, help_text="Which cited sections or rules changed (titles only)."
    )
    raised_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RecheckQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = "re-check flag"
        constraints = [
            models.CheckConstraint(
                condition=Q(request__isnull=False, faq__isnull=True)
                | Q(request__isnull=True, faq__isnull=False),
                name="recheck_request_or_faq",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(cleared_at__isnull=True),
                name="recheck_request_open",
            ),
            models.UniqueConstraint(
                fields=["faq"], condition=Q(cleared_at__isnull=True), name="recheck_faq_open"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"Re-check against version {self.version.number}"

    @property
    def is_open(self):
        return self.cleared_at is None


def with_citations(advice_request, messages):
    """Give each of ``messages`` (of ``advice_request``) its ``cited`` list: one
    query however many messages and citations there are."""
    messages = list(messages)
    by_message = {}
    rows = Citation.objects.filter(message__request=advice_request).select_related(
        "section", "rule", "version__document"
    )
    for citation in rows:
        by_message.setdefault(citation.message_id, []).append(citation)
    for message in messages:
        message.cited = by_message.get(message.pk, [])
    return messages


def open_recheck_version():
    """For annotating requests: the version number of their open re-check flag, or None."""
    return Subquery(
        Recheck.objects.open().filter(request=OuterRef("pk")).values("version__number")[:1]
    )
