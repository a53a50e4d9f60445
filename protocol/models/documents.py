"""Documents, versions, sections and rules.

Invariants:

* A published (or superseded) version never changes. ``Version.save()`` and the
  ``save()``/``delete()`` of its sections and rules refuse; changes start from a
  new draft copied from a version.
* Exactly one current (published) version per document, enforced by a
  conditional unique constraint in the database.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from protocol.rendering import render_inline, render_markdown
from protocol.text import NormalisedTextModel

# Path segments that name pages of a document rather than sections.
RESERVED_SECTION_SLUGS = {"all", "versions", "compare", "history", "acknowledge", "as-of", "quiz"}


# How long before its review-by date a version shows as "review due".
REVIEW_NOTICE_DAYS = 30


class PublishedVersionError(Exception):
    """Raised on an attempt to change a version that has been published."""


class DocumentQuerySet(models.QuerySet):
    def in_force(self):
        """Documents members see: every one the Monitoring Officer has not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)


class Document(NormalisedTextModel, models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=(
            "A withdrawn document is hidden from members (reading, search, quiz and "
            "advice) and stays readable to staff with its history."
        ),
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("protocol:contents", kwargs={"document": self.slug})

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None


class VersionQuerySet(models.QuerySet):
    def published(self):
        """Versions members may read: the current one and those it superseded."""
        return self.filter(status__in=[Version.Status.PUBLISHED, Version.Status.SUPERSEDED])

    def current(self):
        return self.filter(status=Version.Status.PUBLISHED)

    def in_force(self):
        """Versions of documents members see: those the Monitoring Officer has not
        withdrawn. Every page, list or search a member sees goes through this."""
        return self.filter(document__withdrawn_at__isnull=True)

    def drafts(self):
        return self.filter(status=Version.Status.DRAFT)

    def as_of(self, day):
        """The version in effect on ``day`` (a date): of the published versions
        in effect by then, the latest published. Call it on one document's
        versions. A later version replaces an earlier one even when its
        effective date is earlier (a correction dated back)."""
        return self.published().filter(effective_date__lte=day).order_by("-number").first()

    def due_for_publication(self, now):
        return self.drafts().filter(scheduled_for__lte=now)

    def review_due(self, today, days=REVIEW_NOTICE_DAYS):
        """Current versions whose review-by date has passed or falls within ``days``."""
        return self.current().filter(review_by__lte=today + timedelta(days=days))

    def review_overdue(self, today):
        """Current versions whose review-by date has passed."""
        return self.current().filter(review_by__lt=today)


class Version(NormalisedTextModel, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    change_note = models.TextField(
        blank=True, help_text="What changed, in Markdown. Members see this."
    )
    change_note_html = models.TextField(blank=True, editable=False)
    internal_reason = models.TextField(blank=True, help_text="Why it changed. Only staff see this.")
    is_major = models.BooleanField(
        "major change",
        default=True,
        help_text=(
            "Members are e-mailed and asked to confirm they have read a major change. "
            "A minor change (a typo fix, say) alerts no one."
        ),
    )
    effective_date = models.DateField(null=True, blank=True)
    review_by = models.DateField(
        null=True, blank=True, help_text="When the Monitoring Officer should review it."
    )
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version this draft was copied from.",
    )
    scheduled_for = models.DateTimeField(
        null=True, blank=True, help_text="A draft with a time here is published then."
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="version_number_unique_per_document"
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status="published"),
                name="one_current_version_per_document",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status="draft"),
                name="one_draft_per_document",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_version_has_publication_time",
            ),
        ]

    def __str__(self):
        return f"{self.document} v{self.number} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        if not self.is_editable or self._published_since_loaded():
            raise PublishedVersionError(
                f"{self} has been published and cannot be changed; "
                "start a new draft from it instead."
            )
        self.change_note_html = render_markdown(self.change_note)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "change_note" in update_fields:
            kwargs["update_fields"] = {*update_fields, "change_note_html"}
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def get_absolute_url(self):
        name = "protocol:contents" if self.is_current else "protocol:version_contents"
        return reverse(name, kwargs=self.url_kwargs())

    def fill_rendered(self):
        """Store the HTML of every section body and rule of this draft that is
        missing or out of date: for paths that write rows without ``save()``
        (``bulk_create``, queryset updates). ``publish()`` calls it, so a
        published version's HTML always matches its Markdown. Returns how many
        rows it changed."""
        if not self.is_editable or self._published_since_loaded():
            raise PublishedVersionError(f"{self} has been published: its HTML is frozen.")
        stale = {Section: [], Rule: []}
        rows = [
            *Section.objects.filter(version=self),
            *Rule.objects.filter(section__version=self),
        ]
        for row in rows:
            target = row.rendered_fields[1]
            html = row.render()
            if html != getattr(row, target):
                setattr(row, target, html)
                stale[type(row)].append(row)
        Section.objects.bulk_update(stale[Section], ["body_html"], batch_size=500)
        Rule.objects.bulk_update(stale[Rule], ["text_html"], batch_size=500)
        return len(stale[Section]) + len(stale[Rule])

    @property
    def change_note_rendered(self):
        return _stored_or_rendered(self.change_note_html, self.change_note, render_markdown)

    def delete(self, *args, **kwargs):
        if not self.is_editable or self._published_since_loaded():
            raise PublishedVersionError(f"{self} has been published and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    @property
    def is_current(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_superseded(self):
        return self.status == self.Status.SUPERSEDED

    def _published_since_loaded(self):
        """Ask the database: an object loaded as a draft may have been published since,
        and saving it would turn the current version back into a draft."""
        return (
            self.pk is not None
            and Version.objects.filter(pk=self.pk).exclude(status=self.Status.DRAFT).exists()
        )

    @property
    def is_editable(self):
        """Only a draft as stored in the database may change."""
        stored = getattr(self, "_stored_status", None)
        return stored in (None, self.Status.DRAFT)

    @staticmethod
    def next_number(existing_numbers):
        return max(existing_numbers, default=0) + 1

    def url_kwargs(self):
        kwargs = {"document": self.document.slug}
        if not self.is_current:
            kwargs["number"] = self.number
        return kwargs


def _stored_or_rendered(html, source, render):
    """The HTML stored beside ``source``; rendered now only for a row written
    without ``save()`` whose HTML was never stored (never for a published one,
    which ``publish()`` filled)."""
    if html or not source:
        return mark_safe(html)  # noqa: S308 - stored from render_markdown's output
    return render(source)


class _VersionPartQuerySet(models.QuerySet):
    """Writing rows in bulk stores their HTML too, as ``save()`` does, so an
    importer or a copy gets it without asking."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.fill_html()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        source, target = self.model.rendered_fields
        if source in fields:
            objs = list(objs)
            for obj in objs:
                obj.fill_html()
            fields = [*fields, target]
        return super().bulk_update(objs, fields, *args, **kwargs)


class _VersionPart(NormalisedTextModel, models.Model):
    """A row that belongs to a version and is frozen with it.

    Its Markdown is rendered (and sanitised) once, when it is saved, and the
    HTML stored beside it: pages show the stored HTML and never render on a
    request."""

    # (Markdown field, its stored HTML field); set by each subclass.
    rendered_fields = ("", "")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_editable("change")
        self.normalise_text()
        self.fill_html()
        update_fields = kwargs.get("update_fields")
        source, target = self.rendered_fields
        if update_fields is not None and source in update_fields:
            kwargs["update_fields"] = {*update_fields, target}
        super().save(*args, **kwargs)

    def render(self):
        raise NotImplementedError

    def fill_html(self):
        setattr(self, self.rendered_fields[1], self.render())

    def delete(self, *args, **kwargs):
        self._check_editable("delete")
        return super().delete(*args, **kwargs)

    def _owning_version(self):
        raise NotImplementedError

    def _check_editable(self, action):
        version = self._owning_version()
        if version is not None and (not version.is_editable or version._published_since_loaded()):
            raise PublishedVersionError(
                f"Cannot {action} part of {version}: it has been published."
            )


class Section(_VersionPart):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(
        max_length=20, blank=True, help_text="The paragraph number in the document, e.g. 13."
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    order = models.PositiveIntegerField()
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    title_generated = models.BooleanField(
        default=False,
        editable=False,
        help_text=(
            "The importer made the title from the paragraph's text. Editing the title "
            "clears this, and importing the document again keeps the edited title."
        ),
    )

    objects = _VersionPartQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="section_slug_unique"),
            models.UniqueConstraint(fields=["version", "order"], name="section_order_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    def get_absolute_url(self):
        name = "protocol:section" if self.version.is_current else "protocol:version_section"
        return reverse(name, kwargs={**self.version.url_kwargs(), "section": self.slug})

    def _owning_version(self):
        return self.version if self.version_id else None

    rendered_fields = ("body", "body_html")

    def render(self):
        return str(render_markdown(self.body))

    @property
    def body_rendered(self):
        return _stored_or_rendered(self.body_html, self.body, render_markdown)

    @staticmethod
    def make_slug(number, title):
        """``13-staying-out-of-trouble``; never a word the URLs use for themselves."""
        base = slugify(title)[:60].strip("-") or "section"
        slug = f"{number}-{base}" if number else base
        if slug in RESERVED_SECTION_SLUGS or re.fullmatch(r"v\d+", slug):
            slug = f"{slug}-section"
        return slug


class Rule(_VersionPart):
    class Kind(models.TextChoices):
        DO = "do", "Do"
        DONT = "dont", "Don't"
        RISK = "risk", "Risk"
        TERM = "term", "Legal term"
        PRINCIPLE = "principle", "Principle"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=10, choices=Kind)
    term = models.CharField(
        max_length=200,
        blank=True,
        help_text="The term or principle being explained, for legal terms and principles.",
    )
    text = models.TextField(help_text="Markdown.")
    text_html = models.TextField(blank=True, editable=False)
    order = models.PositiveIntegerField()
    anchor = models.SlugField(
        max_length=80,
        blank=True,
        help_text=(
            "The rule's id on the page, made from its text when left blank. "
            "Kept when a new draft is copied, so links to it last."
        ),
    )

    objects = _VersionPartQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="rule_order_unique"),
        ]

    def __str__(self):
        label = self.term or self.text
        return f"{self.get_kind_display()}: {label[:60]}"

    def save(self, *args, **kwargs):
        if not self.anchor:
            self._check_editable("change")
            taken = set(
                Rule.objects.filter(section__version_id=self.section.version_id)
                .exclude(pk=self.pk)
                .values_list("anchor", flat=True)
            )
            self.anchor = self.make_anchor(self.kind, self.term, self.text, taken)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.section.get_absolute_url()}#{self.anchor}"

    def _owning_version(self):
        return self.section.version if self.section_id else None

    rendered_fields = ("text", "text_html")

    def render(self):
        return str(render_inline(self.text))

    @property
    def text_rendered(self):
        return _stored_or_rendered(self.text_html, self.text, render_inline)

    @staticmethod
    def make_anchor(kind, term, text, taken):
        """A readable id such as ``dont-post-in-haste``, unique among ``taken``."""
        words = slugify(term or text).split("-")[:6]
        base = "-".join([kind, *words]).strip("-")[:70]
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        return anchor

    @property
    def is_do_or_dont(self):
        return self.kind in (self.Kind.DO, self.Kind.DONT)

    @property
    def comparable_text(self):
        label = f"{self.term} – " if self.term else ""
        return f"{self.get_kind_display()}: {label}{self.text}"


class Acknowledgement(models.Model):
    """A member's "I have read version N"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="one_acknowledgement_each"),
        ]
        # "Who has read it" lists every member's name and e-mail address: its
        # own permission, not the reading of versions that other staff need.
        permissions = [
            ("view_acknowledgements", "Can see and export who has read a version"),
        ]

    def __str__(self):
        return f"{self.user} read {self.version}"
