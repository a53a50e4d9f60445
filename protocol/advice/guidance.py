"""Guidance shown to a member before their question is sent.

* ``fast_path_guidance(topics)``: for topics with a fast path (threats and
  abuse; a post they regret), the topic's checklist: for each item, the rule or
  passage of the current protocol that contains its phrase, or the item's
  fallback text when the protocol does not. Two queries however many topics,
  items, sections or rules there are.
* ``suggestions(text)``: the top results of the portal's search for the
  member's words (``protocol.search.search``), or none when search is not
  installed or fails, so a question can always be sent.
"""

import logging
import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from protocol.models import Rule, Section, Version
from protocol.rendering import render_inline, sanitise_html

logger = logging.getLogger(__name__)

SUGGESTION_LIMIT = 3

_BULLET = re.compile(r"^\s{0,3}[-*•]\s+")


@dataclass
class ChecklistItem:
    """One line of a fast path's checklist: a rule or passage of the current
    protocol (with its section), or the Monitoring Officer's fallback text."""

    html: str
    section: Section | None = None
    label: str = ""  # "Do" or "Don't" for rules

    @property
    def from_protocol(self):
        return self.section is not None

    @property
    def url(self):
        return self.section.get_absolute_url() if self.section else ""

    @property
    def source(self):
        if self.section is None:
            return ""
        where = f"section {self.section.number}" if self.section.number else self.section.title
        return f"{self.section.version.document.title}, {where}"


@dataclass
class FastPathGuidance:
    topic: object
    items: list = field(default_factory=list)

    @property
    def kind(self):
        return self.topic.fast_path


def _paragraph_with(body, phrase):
    """The paragraph (or bullet) of a Markdown body that contains ``phrase``."""
    for block in re.split(r"\n\s*\n", body):
        lines = block.splitlines()
        if any(_BULLET.match(line) for line in lines):
            for line in lines:
                if phrase in line.casefold():
                    return _BULLET.sub("", line).strip()
        elif phrase in block.casefold():
            return block.strip()
    return None


def fast_path_guidance(topics):
    """{topic pk: FastPathGuidance} for the fast-path topics among ``topics``."""
    topics = [topic for topic in topics if topic.fast_path]
    phrases = {phrase.casefold() for topic in topics for phrase, _ in topic.checklist if phrase}
    rules, sections = [], []
    if phrases:
        versions = Version.objects.current().in_force()
        rules = list(
            Rule.objects.filter(section__version__in=versions)
            .filter(reduce(or_, (Q(text__icontains=p) | Q(term__icontains=p) for p in phrases)))
            .select_related("section__version__document")
            .order_by("section__version__document__title", "section__order", "order")
        )
        sections = list(
            Section.objects.filter(version__in=versions)
            .filter(reduce(or_, (Q(body__icontains=p) for p in phrases)))
            .select_related("version__document")
            .order_by("version__document__title", "order")
        )
    guidance = {}
    for topic in topics:
        items, seen = [], set()
        for phrase, fallback in topic.checklist:
            found = _first_passage(phrase.casefold(), rules, sections) if phrase else None
            if found is None:
                if fallback:
                    items.append(ChecklistItem(html=render_inline(fallback)))
            elif found[0] not in seen:
                seen.add(found[0])
                items.append(found[1])
        guidance[topic.pk] = FastPathGuidance(topic=topic, items=items)
    return guidance


def _first_passage(phrase, rules, sections):
    """(a key to spot repeats, ChecklistItem) for the first rule, else paragraph, with
    ``phrase`` in the current protocol; None when there is none."""
    for rule in rules:
        text = f"{rule.term} – {rule.text}" if rule.term else rule.text
        if phrase in text.casefold():
            label = rule.get_kind_display() if rule.is_do_or_dont else ""
            item = ChecklistItem(html=render_inline(text), section=rule.section, label=label)
            return ("rule", rule.pk), item
    for section in sections:
        paragraph = _paragraph_with(section.body, phrase)
        if paragraph is not None:
            item = ChecklistItem(html=render_inline(paragraph), section=section)
            return ("section", section.pk, paragraph), item
    return None


@dataclass
class Suggestion:
    title: str
    url: str
    snippet: str  # safe HTML


def _search_function():
    try:
        from protocol.search import search
    except ImportError:
        return None
    return search


def search_api_url():
    """The search API the form's script asks as the member types; "" when there is none."""
    try:
        return reverse("search:api")
    except NoReverseMatch:
        return ""


def suggestions(text, *, user=None, limit=SUGGESTION_LIMIT):
    """Up to ``limit`` pieces of guidance that may answer ``text``; [] when there is no search."""
    search = _search_function()
    if search is None or not text or not text.strip():
        return []
    try:
        found = search(text, limit=limit, user=user)
    except Exception as error:
        # Never block a question on search. Only the error's type is logged: its
        # message or traceback could quote the member's words.
        logger.error("Search for advice suggestions failed: %s.", type(error).__name__)
        return []
    return [
        Suggestion(
            title=str(hit.title),
            url=str(hit.url),
            # Search promises safe HTML; sanitise again, as anything shown here could
            # otherwise carry markup from a section body.
            snippet=mark_safe(sanitise_html(str(hit.snippet or ""))),  # noqa: S308
        )
        for hit in list(found.results)[:limit]
        if not getattr(hit, "superseded", False)
    ]
