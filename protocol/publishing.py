"""A version's life: draft -> published (current) -> superseded.

* ``new_draft_from(version)`` starts a change: a deep copy of any version as
  the document's one draft.
* ``publish(draft)`` is the one orchestrator of a publication: it makes the
  draft current, supersedes the previous version, flags quiz questions
  (``protocol.quiz.versioning``) and advice answers
  (``citations.flag_after_publish``) whose text changed, tells members of a
  major change and re-indexes search, and returns a ``Publication`` saying
  what it did; ``schedule(draft, when)`` makes it
  current at a future time (the background worker runs
  ``publish_scheduled_versions`` then, and its recurring sweep catches up;
  ``manage.py publish_scheduled`` does the same at once).

Each is one transaction that locks the document row, so two officers acting
at once still leave exactly one current version and one draft; the
conditional unique constraints on Version back that up. Every action is
recorded in the admin's log.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from portal import roles
from protocol import acknowledgements, emails, search
from protocol.advice.citations import workflow as citations
from protocol.models import Document, Notification, Rule, Section, Version
from protocol.quiz import versioning as quiz_versioning

logger = logging.getLogger(__name__)

REMINDER = emails.ACKNOWLEDGEMENT_REMINDER


class PublishError(ValueError):
    pass


class DraftExists(PublishError):
    def __init__(self, draft):
        self.draft = draft
        super().__init__(
            f"{draft.document} already has a draft (version {draft.number}); "
            "publish or delete it before starting another."
        )


def record(user, obj, message: str, flag: int = CHANGE) -> None:
    """Write an entry in the admin's history ("who did what, when")."""
    if user is None or not user.is_authenticated:
        return
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


def _lock_document(document_id):
    return Document.objects.select_for_update().get(pk=document_id)


@dataclass
class Publication:
    """What ``publish()`` did."""

    version: Version  # now the current version
    previous: Version | None  # the version it superseded, if any
    # Scenario questions whose rule or section changed: left out of quizzes
    # until the Monitoring Officer approves them again.
    flagged_questions: list = field(default_factory=list)
    # Answered advice requests citing text that changed: "re-check against version N".
    rechecks: list = field(default_factory=list)


@transaction.atomic
def new_draft_from(version: Version, *, by=None) -> Version:
    """A new draft that copies ``version``: its sections, rules (with their
    anchors, so links last) and quiz scenarios."""
    document = _lock_document(version.document_id)
    existing = Version.objects.filter(document=document).drafts().first()
    if existing is not None:
        raise DraftExists(existing)
    numbers = Version.objects.filter(document=document).values_list("number", flat=True)
    draft = Version.objects.create(
        document=document,
        number=Version.next_number(numbers),
        based_on=version,
        created_by=by,
        is_major=True,
        review_by=version.review_by,
    )
    sections = list(Section.objects.filter(version=version).order_by("order"))
    rules = list(Rule.objects.filter(section__version=version).order_by("section__order", "order"))
    old_ids = [section.pk for section in sections]
    for section in sections:
        section.pk = None
        section.version = draft
    Section.objects.bulk_create(sections)
    new_by_old = dict(zip(old_ids, sections, strict=True))
    for rule in rules:
        rule.section = new_by_old[rule.section_id]
        rule.pk = None
    Rule.objects.bulk_create(rules)
    quiz_versioning.copy_questions(version, draft)
    record(
        by,
        draft,
        f"Started version {draft.number} as a copy of version {version.number}.",
        ADDITION,
    )
    return draft


@transaction.atomic
def withdraw(document: Document, *, by=None) -> Document:
    """Hide ``document`` from members (reading, search, quiz, advice); staff keep it.

    Nothing is deleted: its versions, acknowledgements and quiz results stay, and
    ``restore()`` brings it back as it was.
    """
    document = _lock_document(document.pk)
    if document.is_withdrawn:
        return document
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = by if by is not None and by.is_authenticated else None
    document.save(update_fields=["withdrawn_at", "withdrawn_by"])
    Version.objects.filter(document=document).drafts().update(scheduled_for=None)
    search.document_withdrawn(document)
    record(by, document, "Withdrawn: members no longer see it.")
    return document


@transaction.atomic
def restore(document: Document, *, by=None) -> Document:
    """Show a withdrawn document to members again."""
    document = _lock_document(document.pk)
    if not document.is_withdrawn:
        return document
    document.withdrawn_at = None
    document.withdrawn_by = None
    document.save(update_fields=["withdrawn_at", "withdrawn_by"])
    search.document_restored(document)
    record(by, document, "Restored: members see it again.")
    return document


def _refuse_if_withdrawn(document, action):
    if document.is_withdrawn:
        raise PublishError(
            f"{document} is withdrawn, so members cannot read it: restore it before {action}."
        )


def _previous_current(document):
    return Version.objects.filter(document=document).current().first()


@transaction.atomic
def publish(
    version: Version,
    *,
    by=None,
    change_note: str | None = None,
    internal_reason: str | None = None,
    is_major: bool | None = None,
    review_by: date | None = None,
    effective_date: date | None = None,
) -> Publication:
    """Make a draft the current version of its document and supersede the old one,
    in one transaction with everything that follows from it (see the module's
    summary). Raises PublishError for a version that is not a draft or a
    withdrawn document."""
    document = _lock_document(version.document_id)
    version = Version.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise PublishError(f"Version {version.number} is not a draft, so it cannot be published.")
    _refuse_if_withdrawn(document, "publishing a version of it")
    previous = _previous_current(document)
    # Rows written without save() (bulk imports) get their HTML before it freezes.
    version.fill_rendered()
    now = timezone.now()
    # A queryset update: the superseded version's text is untouched, only its status.
    Version.objects.filter(document=document).current().update(status=Version.Status.SUPERSEDED)
    for name, value in [
        ("change_note", change_note),
        ("internal_reason", internal_reason),
        ("is_major", is_major),
        ("review_by", review_by),
    ]:
        if value is not None:
            setattr(version, name, value)
    version.effective_date = effective_date or version.effective_date or timezone.localdate(now)
    version.status = Version.Status.PUBLISHED
    version.published_at = now
    version.published_by = by
    version.scheduled_for = None
    version.save()
    version.document = document
    publication = Publication(
        version=version,
        previous=previous,
        flagged_questions=quiz_versioning.flag_questions_after_publish(version, previous) or [],
        rechecks=citations.flag_after_publish(version, previous),
    )
    record(
        by,
        version,
        f"Published version {version.number} ({'major' if version.is_major else 'minor'} change)"
        + (f", superseding version {previous.number}." if previous else "."),
    )
    if version.is_major:
        _tell_members(version, previous)
    search.version_published(version)
    return publication


def members_to_tell() -> QuerySet:
    """Members with an e-mail address."""
    return roles.members().exclude(email="")


def changes_url(version: Version, previous: Version | None) -> str:
    base = reverse("protocol:compare", kwargs={"document": version.document.slug})
    if previous is None:
        return reverse("protocol:versions", kwargs={"document": version.document.slug})
    return f"{base}?from={previous.number}&to={version.number}"


def _tell_members(version, previous):
    emails.notify_version_published(
        members_to_tell(), version, changes_url=changes_url(version, previous)
    )


@transaction.atomic
def schedule(version: Version, when: datetime, *, by=None, **details) -> Version:
    """Publish ``version`` at ``when`` (a future, aware datetime) without anyone acting."""
    document = _lock_document(version.document_id)
    version = Version.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise PublishError(f"Version {version.number} is not a draft, so it cannot be scheduled.")
    _refuse_if_withdrawn(document, "scheduling a version of it")
    if when <= timezone.now():
        raise PublishError("Choose a time in the future, or publish now.")
    for name, value in details.items():
        if value is not None:
            setattr(version, name, value)
    version.scheduled_for = when
    version.scheduled_by = by
    version.save()
    record(
        by,
        version,
        f"Scheduled version {version.number} to be published at {when:%Y-%m-%d %H:%M %Z}.",
    )
    transaction.on_commit(lambda: _enqueue_scheduled_run(when))
    return version


def _enqueue_scheduled_run(when):
    try:
        publish_scheduled_versions.using(run_after=when).enqueue()
    except Exception:
        logger.exception("Could not queue the scheduled publication; the sweep will publish it.")


def publish_due_versions(now: datetime | None = None) -> list[Version]:
    """Publish every draft whose scheduled time has come. Returns them."""
    now = now or timezone.now()
    published = []
    for version in Version.objects.due_for_publication(now).select_related("scheduled_by"):
        try:
            published.append(
                publish(
                    version,
                    by=version.scheduled_by,
                    effective_date=timezone.localdate(version.scheduled_for),
                ).version
            )
        except PublishError:
            continue  # published by another worker meanwhile
    return published


@task
def publish_scheduled_versions() -> list[int]:
    return [version.pk for version in publish_due_versions()]


@dataclass
class ReminderBatch:
    """The last reminders sent for a version: when, by whom, to whom."""

    sent_at: object
    sent_by: object
    recipients: list

    @property
    def token(self):
        """Names this batch in a form, so a page opened before it cannot send again."""
        return self.sent_at.isoformat()


def _reminder_reference(version, sent_at=None):
    """``version:12 reminders:2026-12-02T01:30:00.123456+00:00``: one per sending, so
    the last sending's recipients are exactly the rows that share its reference."""
    prefix = f"version:{version.pk} reminders:"
    return prefix if sent_at is None else f"{prefix}{sent_at.isoformat()}"


def last_reminders(version: Version) -> "ReminderBatch | None":
    """The last sending of reading reminders for ``version``, or None (three queries)."""
    latest = (
        Notification.objects.filter(
            kind=REMINDER, reference__startswith=_reminder_reference(version)
        )
        .order_by("-created_at", "-pk")
        .values_list("reference", flat=True)
        .first()
    )
    if latest is None:
        return None
    batch = list(
        Notification.objects.filter(kind=REMINDER, reference=latest)
        .select_related("recipient")
        .order_by("pk")
    )
    sent_at = datetime.fromisoformat(latest.rsplit("reminders:", 1)[1])
    # The admin's history names who sent them: written just after, in the same transaction.
    entry = (
        LogEntry.objects.filter(
            content_type__app_label="protocol",
            content_type__model="version",
            object_id=str(version.pk),
            change_message__startswith="Sent ",
            action_time__gte=sent_at,
        )
        .select_related("user")
        .order_by("action_time")
        .first()
    )
    return ReminderBatch(
        sent_at=sent_at,
        sent_by=entry.user if entry else None,
        recipients=[
            (row.recipient.get_full_name() or row.recipient.get_username())
            if row.recipient
            else row.to_email
            for row in batch
        ],
    )


def send_acknowledgement_reminders(version: Version, *, by=None) -> int:
    """E-mail every member who has not yet confirmed reading ``version`` (or a later
    one: ``acknowledgements.covering``). Returns how many were sent."""
    done = acknowledgements.covering(version)
    _refuse_if_withdrawn(
        Document.objects.get(pk=version.document_id), "reminding members to read it"
    )
    recipients = members_to_tell().exclude(pk__in=done.values("user"))
    with transaction.atomic():
        rows = emails.notify_acknowledgement_reminder(
            recipients, version, reference=_reminder_reference(version, timezone.now())
        )
        record(
            by,
            version,
            f"Sent {len(rows)} reminder(s) to confirm reading version {version.number}.",
        )
    return len(rows)
