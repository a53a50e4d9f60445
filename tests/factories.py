"""Small helpers that build documents, versions, sections and rules for tests."""

from pathlib import Path

from django.utils import timezone

from protocol.importing import decode, parse, save_draft
from protocol.models import Document, Rule, Section, Version
from protocol.publishing import publish

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "protocol" / "sample" / "sample-protocol.txt"


def make_document(title="Test Protocol", slug=None):
    return Document.objects.create(title=title, slug=slug or title.lower().replace(" ", "-"))


def make_version(document, *, number=None, sections=3, rules_per_section=2, status="draft"):
    """A version with numbered sections, each holding do and don't rules.

    ``status`` is "draft", "published" (the current one, superseding any other)
    or "superseded".
    """
    if number is None:
        number = Version.next_number(document.versions.values_list("number", flat=True))
    version = Version.objects.create(document=document, number=number)
    section_rows = [
        Section(
            version=version,
            number=str(i),
            title=f"Section {i} title",
            slug=f"{i}-section-{i}",
            order=i,
            body=f"Body of section {i} in version {number}.",
        )
        for i in range(1, sections + 1)
    ]
    Section.objects.bulk_create(section_rows)
    Rule.objects.bulk_create(
        Rule(
            section=section,
            kind=Rule.Kind.DO if j % 2 else Rule.Kind.DONT,
            text=f"rule {j} of section {section.number}",
            order=j,
            anchor=f"rule-{section.number}-{j}",
        )
        for section in section_rows
        for j in range(1, rules_per_section + 1)
    )
    if status == "published":
        version = publish(version).version
    elif status == "superseded":
        Version.objects.filter(pk=version.pk).update(
            status=Version.Status.SUPERSEDED, published_at=timezone.now()
        )
        version = Version.objects.get(pk=version.pk)
    return version


def publish_version(version, by=None):
    return publish(version, by=by).version


def import_text(text, *, publish_it=False, by=None):
    version = save_draft(parse(text), by=by)
    return publish(version, by=by).version if publish_it else version


def import_sample(*, publish_it=True, by=None):
    return import_text(decode(SAMPLE_PATH.read_bytes()), publish_it=publish_it, by=by)
