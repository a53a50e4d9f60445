"""FAQ entries and the check that keeps members' details out of them.

An entry may be published only while its text holds none of the asking
member's details (name, username, e-mail address) and no request reference
(``MO-2026-0042``); ``personal_details()`` says what is still there.
"""

import functools
import re

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from protocol.rendering import render_markdown
from protocol.search import is_english_word

QUESTION_MAX_LENGTH = 1000
ANSWER_MAX_LENGTH = 5000

# Any request reference, whoever asked it: "MO-2026-0042", "mo 2026 42".
REFERENCE = re.compile(r"\bMO[\s-]*\d{4}[\s-]*\d{1,9}\b", re.IGNORECASE)
# Names shorter than this are not looked for on their own ("Al", "Jo" are in
# too many words); they are still found as part of the full name.
SHORTEST_NAME = 3


class FaqStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FaqEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FaqStatus.PUBLISHED)

    def about(self, section):
        """Published entries linked to ``section`` in any version of its document
        (sections keep their slug from version to version)."""
        return self.about_slug(section.version.document_id, section.slug)

    def about_slug(self, document_id, slug):
        """Published entries linked to the section ``slug`` of a document
        (``document_id`` may be a reference to an outer query's column)."""
        linked = self.model.sections.through.objects.filter(
            faqentry_id=OuterRef("pk"),
            section__version__document_id=document_id,
            section__slug=slug,
        )
        return self.published().filter(Exists(linked))


@functools.lru_cache(maxsize=2048)
def _rendered(text):
    """An answer as safe HTML. Kept by its text, so an edited answer is rendered
    afresh and a page of many answers does not render them at every request."""
    return render_markdown(text)


def _phrase(text, *, ignore_case=True):
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<!\w)" + re.escape(text.strip()) + r"(?!\w)", flags)


def personal_details_in(text, member=None):
    """What in ``text`` identifies a request or its member: a list of
    (what, found) pairs such as ("a request reference", "MO-2026-0042").

    A single first or last name is matched with its capital letter ("Will",
    not "will"), so everyday words that happen to be someone's name do not
    block publication; full names, usernames and e-mail addresses match in any
    case (a username that is an English word is not looked for on its own).
    """
    found = []
    for match in REFERENCE.finditer(text or ""):
        found.append(("a request reference", match.group(0)))
    if member is not None:
        full_name = member.get_full_name().strip()
        username = member.get_username()
        candidates = [
            ("the member's e-mail address", member.email, True),
            ("the member's name", full_name, True),
        ]
        # A username that is an ordinary word ("member") cannot be told from
        # the word itself; the member's names are still looked for.
        if not is_english_word(username.lower()):
            candidates.insert(1, ("the member's username", username, True))
        for part in dict.fromkeys([member.first_name.strip(), member.last_name.strip()]):
            if len(part) >= SHORTEST_NAME:
                candidates.append(("the member's name", part.capitalize(), False))
        for what, value, ignore_case in candidates:
            if value and len(value) >= SHORTEST_NAME:
                match = _phrase(value, ignore_case=ignore_case).search(text or "")
                if match:
                    found.append((what, match.group(0)))
    # One line per thing found, in the order above.
    return list(dict.fromkeys(found))


class FaqEntry(models.Model):
    Status = FaqStatus

    question = models.TextField(help_text="As a member would ask it, without names or references.")
    answer = models.TextField(help_text="Markdown. Without names or references.")
    sections = models.ManyToManyField(
        "protocol.Section",
        blank=True,
        related_name="+",
        help_text="The sections of the protocol it is about; it is shown on their pages.",
    )
    source_request = models.ForeignKey(
        "advice.AdviceRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_entries",
        help_text="The request it was made from (never shown to readers).",
    )
    status = models.CharField(max_length=10, choices=FaqStatus, default=FaqStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        permissions = [("publish_faqentry", "Can publish and withdraw FAQ entries")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FaqStatus.values), name="faq_status_valid"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("question"), QUESTION_MAX_LENGTH),
                name="faq_question_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("answer"), ANSWER_MAX_LENGTH),
                name="faq_answer_length",
            ),
        ]

    def __str__(self):
        text = " ".join(self.question.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self):
        return f"{reverse('faq:list')}#{self.anchor}"

    @property
    def anchor(self):
        return f"faq-{self.pk}"

    @property
    def is_published(self):
        return self.status == FaqStatus.PUBLISHED

    @property
    def answer_html(self):
        return _rendered(self.answer)

    @property
    def member(self):
        return self.source_request.member if self.source_request_id else None

    def personal_details(self):
        """(what, found) for each detail of the member or reference left in the text."""
        return personal_details_in(f"{self.question}\n{self.answer}", self.member)
