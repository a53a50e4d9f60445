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


ONLINE_CONDUCT = [
    ("1", "Introduction", "This guidance helps members use the internet well.", []),
    (
        "2",
        "Posting in haste",
        "Think before you write anything.",
        [("dont", "post anything when you have consumed alcohol or are angry.")],
    ),
    ("3", "Legal issues", "An untrue statement about someone may be libel.", []),
]


def publish_online_conduct():
    """A short published guide: an introduction, posting in haste (one don't), libel."""
    return publish_document("Online Conduct", ONLINE_CONDUCT, slug="online-conduct")
