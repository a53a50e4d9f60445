"""The FAQ page: every published entry, under the section it is about.

Readable by whoever may read the protocol (the same ``reader`` rule as the
reading pages). Three queries however many entries and sections there are.
"""

from django.db.models import Prefetch
from django.shortcuts import render

from portal.access import reader
from protocol.advice.faq.models import FaqEntry
from protocol.models import Section, Version


def _linked_sections():
    return Prefetch(
        "sections",
        # Only what a link needs: a section's body may be long, and each entry links several.
        queryset=Section.objects.select_related("version__document")
        .defer(
            "body",
            "body_html",
            "version__change_note",
            "version__change_note_html",
            "version__internal_reason",
        )
        .order_by("order"),
    )


class Group:
    """The entries shown under one section of the current protocol (or under
    "Other questions" when ``section`` is None)."""

    def __init__(self, section, document=None):
        self.section = section
        self.document = document
        self.entries = []

    @property
    def anchor(self):
        return f"about-{self.document.slug}-{self.section.slug}" if self.section else "about-other"

    @property
    def sort_key(self):
        if self.section is None:
            return (1, "", 0)
        return (0, self.document.title, self.section.order)


def grouped(entries):
    """[Group], in the protocol's order: each entry under the first section it
    is linked to, as that section reads in the current version. Links to a
    withdrawn document are left out, and an entry about withdrawn documents
    only is hidden with them."""
    linked = {(s.version.document_id, s.slug) for e in entries for s in e.sections.all()}
    current = {}
    if linked:
        rows = (
            Section.objects.filter(
                version__in=Version.objects.current(),
                version__document_id__in={document for document, _ in linked},
                slug__in={slug for _, slug in linked},
            )
            .select_related("version__document")
            .defer("body")
        )
        current = {(s.version.document_id, s.slug): s for s in rows}
    groups = {}
    for entry in entries:
        linked_to = entry.sections.all()
        sections = [
            current.get((s.version.document_id, s.slug), s)
            for s in linked_to
            if not s.version.document.is_withdrawn
        ]
        if linked_to and not sections:
            continue  # about a withdrawn document only: hidden with it
        sections.sort(key=lambda s: (s.version.document.title, s.order))
        entry.linked_sections = sections
        first = sections[0] if sections else None
        key = (first.version.document_id, first.slug) if first else None
        if key not in groups:
            groups[key] = Group(first, first.version.document if first else None)
        groups[key].entries.append(entry)
    return sorted(groups.values(), key=lambda group: group.sort_key)


@reader
def faq_list(request):
    entries = list(
        FaqEntry.objects.published()
        .prefetch_related(_linked_sections())
        .order_by("-published_at", "-pk")
    )
    groups = grouped(entries)
    count = sum(len(group.entries) for group in groups)
    return render(request, "faq/list.html", {"groups": groups, "count": count})
