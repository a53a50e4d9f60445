"""Documents published for search tests, with their sections and rules given inline."""

from protocol.models import Rule, Section, Version
from protocol.publishing import publish
from tests import factories


def publish_document(title, sections, slug=None):
    """Publish a document whose sections are (number, title, body, [(kind, text), ...])."""
    document = factories.make_document(title, slug)
    version = Version.objects.create(document=document, number=1)
    for order, (number, section_title, body, rules) in enumerate(sections, start=1):
        section = Section.objects.create(
            version=version,
            number=number,
            title=section_title,
            slug=Section.make_slug(number, section_title),
            order=order,
            body=body,
        )
        for rule_order, (kind, text) in enumerate(rules, start=1):
            Rule.objects.create(section=section, kind=kind, text=text, order=rule_order)
    return publish(version).version
