"""Indexing: the index follows publishing.

``version_published(version)`` (called by ``protocol.publishing.publish``)
indexes the new version and marks the superseded one; ``index_faq(entry)``
and ``remove_faq(entry_id)`` (called by ``protocol.advice.faq.workflow`` when
an FAQ entry is published, edited or withdrawn) keep FAQ entries in step;
``synonyms_changed()``
works the synonym lists into every passage again; ``rebuild()``
(``manage.py rebuild_search_index``) starts from nothing. A withdrawn
document is not in the index at all (``document_withdrawn`` takes it out,
``document_restored`` puts it back), so no search can find it.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import Q

from protocol.models.documents import Rule, Section, Version
from protocol.search.backends import engine
from protocol.search.backends.base import chunks
from protocol.search.models import SearchEntry, SearchTerm
from protocol.search.query import Synonyms
from protocol.search.text import plain_line, plain_text, sound, stem, words


def _entries_for(version, sections, rules_by_section, is_current, synonyms):
    for section in sections:
        title = plain_line(section.title)[:400]
        title_concepts = synonyms.concepts(title)
        body = plain_text(section.body, section.body_html)
        yield SearchEntry(
            document_id=version.document_id,
            version=version,
            section=section,
            is_current=is_current,
            title=title,
            body=body,
            title_concepts=title_concepts,
            body_concepts=synonyms.concepts(body),
        )
        for rule in rules_by_section.get(section.pk, []):
            text = plain_text(rule.text, rule.text_html)
            if rule.term:
                text = f"{plain_line(rule.term)} – {text}"
            yield SearchEntry(
                document_id=version.document_id,
                version=version,
                section=section,
                rule=rule,
                is_current=is_current,
                title=title,
                text=text,
                title_concepts=title_concepts,
                text_concepts=synonyms.concepts(text),
            )


def index_version(version: Version, synonyms: Synonyms | None = None) -> int:
    """(Re-)index every section and rule of one published or superseded version."""
    if version.is_draft or version.document.is_withdrawn:
        return 0
    the_engine = engine()
    stale = list(SearchEntry.objects.filter(version=version).values_list("pk", flat=True))
    if stale:
        SearchEntry.objects.filter(pk__in=stale).delete()
        the_engine.remove(stale)
    sections = list(Section.objects.filter(version=version).order_by("order"))
    rules_by_section = {}
    for rule in Rule.objects.filter(section__version=version).order_by("order"):
        rules_by_section.setdefault(rule.section_id, []).append(rule)
    entries = SearchEntry.objects.bulk_create(
        _entries_for(
            version,
            sections,
            rules_by_section,
            version.is_current,
            synonyms or Synonyms.load(),
        ),
        batch_size=500,
    )
    ids = [entry.pk for entry in entries]
    if any(i is None for i in ids):  # a backend that does not return ids
        ids = list(SearchEntry.objects.filter(version=version).values_list("pk", flat=True))
    the_engine.add(ids)
    _count_words(entries)
    return len(entries)


def _faq_entry(entry, synonyms):
    title = plain_line(entry.question)[:400]
    body = plain_text(entry.answer)
    return SearchEntry(
        faq_id=entry.pk,
        is_current=True,
        title=title,
        body=body,
        title_concepts=synonyms.concepts(title),
        body_concepts=synonyms.concepts(body),
    )


@transaction.atomic
def index_faq(entry, synonyms=None):
    """(Re-)index one published FAQ entry: searchable at once, as a section is
    (unless it is about withdrawn documents only, hidden with them)."""
    remove_faq(entry.pk)
    documents = [s.version.document for s in entry.sections.select_related("version__document")]
    if documents and all(document.is_withdrawn for document in documents):
        return None
    row = _faq_entry(entry, synonyms or Synonyms.load())
    row.save()
    engine().add([row.pk])
    _count_words([row])
    return row


@transaction.atomic
def remove_faq(entry_id):
    """Take an FAQ entry out of search (it was withdrawn, or is indexed again)."""
    stale = list(SearchEntry.objects.filter(faq_id=entry_id).values_list("pk", flat=True))
    if stale:
        SearchEntry.objects.filter(pk__in=stale).delete()
        engine().remove(stale)
    return len(stale)


def _published_faq_entries(about=None):
    """Published FAQ entries (linked to ``about``'s sections, when given) but
    those about withdrawn documents only, which the FAQ page hides with them."""
    # Looked up by name: the FAQ belongs to the advice app, which builds on this one.
    entries = apps.get_model("advice", "FaqEntry").objects.published()
    if about is not None:
        entries = entries.filter(sections__version__document=about).distinct()
    in_force = entries.filter(sections__version__document__withdrawn_at__isnull=True)
    return entries.filter(Q(sections__isnull=True) | Q(pk__in=in_force)).distinct().order_by("pk")


@transaction.atomic
def synonyms_changed() -> int:
    """Work the Monitoring Officer's synonym lists into every indexed passage
    again (called when a list is added, changed or deleted)."""
    synonyms = Synonyms.load()
    the_engine = engine()
    changed = []
    entries = SearchEntry.objects.only(
        "title", "text", "body", "title_concepts", "text_concepts", "body_concepts"
    ).order_by("pk")
    for entry in entries.iterator(chunk_size=1000):
        concepts = (
            synonyms.concepts(entry.title),
            synonyms.concepts(entry.text),
            synonyms.concepts(entry.body),
        )
        if concepts != (entry.title_concepts, entry.text_concepts, entry.body_concepts):
            entry.title_concepts, entry.text_concepts, entry.body_concepts = concepts
            changed.append(entry)
    SearchEntry.objects.bulk_update(
        changed, ["title_concepts", "text_concepts", "body_concepts"], batch_size=500
    )
    the_engine.add([entry.pk for entry in changed])
    return len(changed)


def _count_words(entries):
    counts = {}
    for entry in entries:
        for word in words(f"{entry.title} {entry.text} {entry.body}"):
            if 2 <= len(word) <= 60 and not word.isdigit():
                counts[word] = counts.get(word, 0) + 1
    for chunk in chunks(sorted(counts), 500):
        existing = {term.word: term for term in SearchTerm.objects.filter(word__in=chunk)}
        for term in existing.values():
            term.frequency += counts[term.word]
        SearchTerm.objects.bulk_update(existing.values(), ["frequency"])
        SearchTerm.objects.bulk_create(
            [
                SearchTerm(word=w, stem=stem(w)[:60], sound=sound(w), frequency=counts[w])
                for w in chunk
                if w not in existing
            ],
            ignore_conflicts=True,
        )


def mark_superseded(document_id: int, except_version_id: int | None = None) -> None:
    stale = SearchEntry.objects.filter(document_id=document_id, is_current=True)
    if except_version_id is not None:
        stale = stale.exclude(version_id=except_version_id)
    ids = list(stale.values_list("pk", flat=True))
    SearchEntry.objects.filter(pk__in=ids).update(is_current=False)
    engine().mark(ids, is_current=False)


@transaction.atomic
def version_published(version: Version) -> None:
    """The index follows publishing: the new version is searchable at once and
    its predecessor moves to "earlier versions". Called inside publish()'s
    transaction, so a failed publication leaves the index as it was."""
    mark_superseded(version.document_id, except_version_id=version.pk)
    index_version(version)


@transaction.atomic
def rebuild() -> int:
    """Index every published and superseded version again, from nothing."""
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()
    engine().clear()
    count, synonyms = 0, Synonyms.load()
    versions = Version.objects.published().in_force().select_related("document")
    for version in versions.order_by("document_id", "number"):
        count += index_version(version, synonyms)
    for entry in _published_faq_entries():
        index_faq(entry, synonyms)
        count += 1
    return count


@transaction.atomic
def document_withdrawn(document):
    """Take every passage of a withdrawn document out of the index, and the FAQ
    entries about it alone."""
    ids = list(SearchEntry.objects.filter(document_id=document.pk).values_list("pk", flat=True))
    if ids:
        SearchEntry.objects.filter(pk__in=ids).delete()
        engine().remove(ids)
    linked = apps.get_model("advice", "FaqEntry").objects.filter(
        sections__version__document=document
    )
    shown = set(_published_faq_entries(about=document).values_list("pk", flat=True))
    for entry_id in set(linked.values_list("pk", flat=True)) - shown:
        remove_faq(entry_id)
    return len(ids)


@transaction.atomic
def document_restored(document):
    """Index a restored document's published versions again."""
    count, synonyms = 0, Synonyms.load()
    versions = Version.objects.filter(document=document).published().select_related("document")
    for version in versions.order_by("number"):
        count += index_version(version, synonyms)
    for entry in _published_faq_entries(about=document):
        index_faq(entry, synonyms)
    return count


def ensure_index() -> None:
    """After migrate (and a test flush): drop engine rows the model no longer
    has, and build the index when versions are published but none is indexed."""
    if not SearchEntry.objects.exists():
        engine().clear()
        if Version.objects.published().in_force().exists():
            rebuild()
