"""A parsed document -> the next draft version of its document, in one transaction.

``save_draft()`` is the one place an import creates sections and rules; the
command and the admin's "Import a document" both call it.
"""

import difflib

from django.db import transaction

from protocol.importing.finder import ParsedDocument, ParsedSection
from protocol.models import Document, Rule, Section, Version
from protocol.text import comparable


class _EditedTitles:
    """Titles the Monitoring Officer gave untitled paragraphs in the latest version.

    A paragraph imported again keeps its edited title when its text is the same,
    or when it has the same number and much the same text.
    """

    SIMILAR_ENOUGH = 0.6

    def __init__(self, sections):
        self.sections = [(s, comparable(s.body)) for s in sections]

    def title_for(self, parsed_section: ParsedSection) -> str | None:
        body = comparable(parsed_section.body)
        for section, text in self.sections:
            if text == body:
                return section.title
        for section, text in self.sections:
            if (
                section.number == parsed_section.number
                and difflib.SequenceMatcher(None, text, body).ratio() >= self.SIMILAR_ENOUGH
            ):
                return section.title
        return None


def keep_edited_titles(parsed: ParsedDocument, document: Document | None) -> None:
    """Give made-up titles back the titles the officer wrote in ``document``'s
    latest version (marked ``title_kept``)."""
    if document is None or document.pk is None:
        return
    latest = document.versions.order_by("-number").first()
    if latest is None:
        return
    edited = _EditedTitles(latest.sections.filter(title_generated=False).order_by("order"))
    for section in parsed.sections:
        if section.title_generated:
            kept = edited.title_for(section)
            if kept:
                section.title, section.title_generated, section.title_kept = kept, False, True


def existing_document(parsed: ParsedDocument) -> Document | None:
    """The document an import of ``parsed`` as "a new document" would add to."""
    return Document.objects.filter(slug=parsed.slug).first()


@transaction.atomic
def save_draft(parsed: ParsedDocument, *, by=None, document: Document | None = None) -> Version:
    """Add the parsed text as the next draft version of ``document`` (by default
    the document with the parsed title, created if new)."""
    if document is None:
        document, _ = Document.objects.get_or_create(
            slug=parsed.slug, defaults={"title": parsed.title}
        )
    document = Document.objects.select_for_update().get(pk=document.pk)
    existing = document.versions.drafts().first()
    if existing is not None:
        from protocol.publishing import DraftExists

        raise DraftExists(existing)
    keep_edited_titles(parsed, document)
    numbers = document.versions.values_list("number", flat=True)
    version = Version.objects.create(
        document=document, number=Version.next_number(numbers), created_by=by
    )
    slugs, anchors = set(), set()
    sections = []
    for order, parsed_section in enumerate(parsed.sections, start=1):
        title = parsed_section.title
        slug = Section.make_slug(parsed_section.number, title)
        base, n = slug, 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        sections.append(
            Section(
                version=version,
                number=parsed_section.number,
                title=title[:200],
                title_generated=parsed_section.title_generated,
                slug=slug,
                order=order,
                body=parsed_section.body,
            )
        )
    Section.objects.bulk_create(sections)
    rules = []
    for section, parsed_section in zip(sections, parsed.sections, strict=True):
        for order, parsed_rule in enumerate(parsed_section.rules, start=1):
            anchor = Rule.make_anchor(parsed_rule.kind, parsed_rule.term, parsed_rule.text, anchors)
            anchors.add(anchor)
            rules.append(
                Rule(
                    section=section,
                    kind=parsed_rule.kind,
                    term=parsed_rule.term[:200],
                    text=parsed_rule.text,
                    order=order,
                    anchor=anchor,
                )
            )
    Rule.objects.bulk_create(rules)
    return version
