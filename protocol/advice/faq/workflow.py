"""Every action on an FAQ entry: drafted from a request, published, withdrawn.

Publishing and withdrawing are the Monitoring Officer's (the
``advice.publish_faqentry`` permission, checked here as well as in the pages)
and each is one transaction that also updates the search index, so an entry
is on the FAQ page, the section pages and in search results together, or on
none of them.
"""

from django.contrib.admin.models import ADDITION
from django.db import transaction
from django.utils import timezone

from protocol import search
from protocol.advice.citations.models import Citation
from protocol.advice.faq.models import FaqEntry
from protocol.advice.models import AdviceRequest, Message
from protocol.models import Section, Version
from protocol.publishing import record

PUBLISH_PERMISSION = "advice.publish_faqentry"


class FaqError(Exception):
    """An action that cannot be done; the message is for the Monitoring Officer."""


def may_publish(user):
    return user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION)


def describe_details(found):
    """What was found, as a phrase: "the member's name (“Priya”, “Shah”) and a
    request reference (“MO-2026-0042”)"."""
    grouped = {}
    for what, text in found:
        grouped.setdefault(what, []).append(f"“{text}”")
    parts = [f"{what} ({', '.join(texts)})" for what, texts in grouped.items()]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def details_message(found):
    return (
        f"Not published: the text still contains {describe_details(found)}. "
        "Take them out of the question and the answer, then publish again."
    )


def _current_sections(sections):
    """The current version's section with the same slug as each of ``sections``."""
    wanted = {(s.version.document_id, s.slug) for s in sections}
    if not wanted:
        return []
    current = Section.objects.filter(
        version__in=Version.objects.current(),
        version__document_id__in={document for document, _ in wanted},
        slug__in={slug for _, slug in wanted},
    ).select_related("version")
    return [s for s in current if (s.version.document_id, s.slug) in wanted]


@transaction.atomic
def draft_from_request(advice_request, by):
    """A draft entry with the request's question and its replies pre-filled,
    linked to the sections the request and its replies cite. Nothing is
    published: the Monitoring Officer anonymises and edits it first."""
    if not may_publish(by):
        raise FaqError("Only the Monitoring Officer can make FAQ entries.")
    if advice_request.status not in (AdviceRequest.Status.ANSWERED, AdviceRequest.Status.CLOSED):
        raise FaqError("Only an answered request can become an FAQ entry.")
    replies = list(
        Message.objects.filter(request=advice_request, kind=Message.Kind.REPLY).order_by(
            "created_at", "pk"
        )
    )
    if not replies:
        raise FaqError("This request has no reply to the member to make an answer from.")
    entry = FaqEntry.objects.create(
        question=advice_request.question,
        answer="\n\n".join(reply.body for reply in replies),
        source_request=advice_request,
        created_by=by,
    )
    cited = [
        citation.section
        for citation in Citation.objects.filter(message__in=replies).select_related(
            "section__version"
        )
    ]
    if advice_request.section_id:
        cited.append(Section.objects.select_related("version").get(pk=advice_request.section_id))
    entry.sections.set(_current_sections(cited))
    record(by, entry, f"Drafted from request {advice_request.reference}.", ADDITION)
    return entry


def _locked(entry):
    # Only the entry's row is locked: PostgreSQL cannot lock the optional request.
    return (
        FaqEntry.objects.select_for_update(of=("self",))
        .select_related("source_request__member")
        .get(pk=entry.pk)
    )


@transaction.atomic
def publish(entry, by):
    """Publish ``entry`` for every reader, unless it still names the member or a
    request (FaqError says what is left)."""
    if not may_publish(by):
        raise FaqError("Only the Monitoring Officer can publish FAQ entries.")
    entry = _locked(entry)
    if not entry.question.strip() or not entry.answer.strip():
        raise FaqError("Not published: an FAQ entry needs both a question and an answer.")
    found = entry.personal_details()
    if found:
        raise FaqError(details_message(found))
    first_time = entry.published_at is None
    entry.status = FaqEntry.Status.PUBLISHED
    entry.published_at = timezone.now()
    entry.published_by = by
    entry.save()
    search.index_faq(entry)
    record(by, entry, "Published." if first_time else "Published again.")
    return entry


@transaction.atomic
def withdraw(entry, by):
    """Take ``entry`` off the FAQ page, the section pages and search at once."""
    if not may_publish(by):
        raise FaqError("Only the Monitoring Officer can withdraw FAQ entries.")
    entry = _locked(entry)
    if entry.status != FaqEntry.Status.PUBLISHED:
        raise FaqError("This entry is not published, so there is nothing to withdraw.")
    entry.status = FaqEntry.Status.WITHDRAWN
    entry.save()
    search.remove_faq(entry.pk)
    record(by, entry, "Withdrawn.")
    return entry


@transaction.atomic
def changed(entry, by):
    """An entry was edited (in the admin): a published one must still be
    anonymous, and search must read its new text."""
    if entry.is_published:
        found = entry.personal_details()
        if found:
            raise FaqError(
                f"Not saved: the published text would contain {describe_details(found)}."
            )
        search.index_faq(entry)
    return entry
