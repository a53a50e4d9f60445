"""Guidance shown to a member before their question is sent.

* ``fast_path_guidance(topics)``: for topics with a fast path (threats and
  abuse; a post they regret), the topic's checklist: for each item, the rule or
  sentence of the topic's document (its current version) that says what the
  item means, or the item's own text when the document says nothing like it.
  Meaning is compared as concepts (sets of words with their synonyms, stemmed):
  a passage must carry every concept of the item's phrase and first clause, a
  don't is quoted only from a don't, and a do rule never answers a don't item.
  A topic with no document quotes the most recently published one, the
  portal's sample only when nothing else is published. Three queries however
  many topics, items, sections or rules there are.
* ``suggestions(text)``: the top results of the portal's search for the
  member's words (``protocol.search.search``), or none when search fails, so a
  question can always be sent. Their snippets are search's own safe HTML (cut
  and escaped in ``protocol.search.results``, the one place that does it).
"""

import functools
import logging
import re
from dataclasses import dataclass, field

from protocol import search
from protocol.demo import is_sample
from protocol.models import Rule, Section, Version
from protocol.rendering import render_inline

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


# What a checklist item means, as sets of words: an item is quoted from the
# protocol only where a rule or sentence carries the same concepts, so "Don't
# delete the post in haste" is never answered by a rule about *posting* in haste.
# Words are compared stemmed; a concept of several words must appear in order.
CONCEPTS = {
    "delete": ["delete", "deletion", "remove", "removal", "withdraw", "retract", "take down",
               "edit", "erase"],
    "haste": ["haste", "hasty", "hastily", "hurry", "hurried", "rush", "panic"],
    "screenshot": ["screenshot", "screen shot", "screen grab", "screengrab", "screen capture"],
    "record": ["record", "diary", "log", "evidence", "note down"],
    "contact": ["tell", "speak", "talk", "contact", "inform", "ask", "consult", "let know",
                "raise"],
    "monitoring officer": ["monitoring officer"],
    "communications": ["communications team", "communications", "press office", "comms"],
    "police": ["police", "999", "101"],
    "platform": ["platform", "provider", "reporting tool"],
    "report": ["report"],
    "stop": ["stop", "block", "mute", "ignore", "disengage"],
    "conversation": ["conversation", "interaction", "reply", "replying", "respond", "engage"],
    "danger": ["danger", "unsafe"],
}  # fmt: skip

_STOPWORDS_TEXT = """
a an and any are as at be been by do does for from has have if in into is it its not of on
or that the their them then there these they this those to was were what when where which
who will with you your yours now all once already don't never avoid must should
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
NEGATIONS = re.compile(r"\b(?:don['’]t|do not|never|must not|should not|shouldn['’]t|avoid)\b")
DONT_ITEM = re.compile(r"\s*(?:don['’]t|do not|never|avoid|must not|should not)\b")
_WORD = re.compile(r"[0-9a-z]+(?:['’][a-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")
# Only as much of a long passage as a checklist line should hold.
LONG_PASSAGE = 320


def _stem(word):
    # Search's stemmer (cached, one per thread), so both compare words alike.
    return search.stem(word.replace("’", "'"))


def _stems(text):
    return tuple(_stem(word) for word in _WORD.findall(text.casefold()))


_CONCEPT_STEMS = {
    name: [_stems(pattern) for pattern in patterns] for name, patterns in CONCEPTS.items()
}
_KNOWN_STEMS = frozenset(
    stem for patterns in _CONCEPT_STEMS.values() for pattern in patterns for stem in pattern
)


def _contains(stems, present, pattern):
    if len(pattern) == 1:
        return pattern[0] in present
    if pattern[0] not in present:
        return False
    size = len(pattern)
    return any(stems[i : i + size] == pattern for i in range(len(stems) - size + 1))


# Published versions never change, so a sentence's concepts are worked out once.
@functools.lru_cache(maxsize=8_192)
def concepts_in(text, *, unknown_words=False):
    """The concepts ``text`` carries; with ``unknown_words``, also each content word
    outside every concept (so a phrase the lexicon does not know still has to match)."""
    words = _WORD.findall(text.casefold())
    stems = tuple(_stem(word) for word in words)
    present = frozenset(stems)
    found = {
        name
        for name, patterns in _CONCEPT_STEMS.items()
        if any(_contains(stems, present, pattern) for pattern in patterns)
    }
    if unknown_words:
        found |= {
            f"word:{stem}"
            for word, stem in zip(words, stems, strict=True)
            if word not in STOPWORDS and stem not in _KNOWN_STEMS and len(word) > 2
        }
    return frozenset(found)


def _is_negative(text):
    return bool(NEGATIONS.search(text.casefold()))


@dataclass
class _Meaning:
    """What one checklist item asks for: the concepts a passage must carry (from
    the phrase and the first clause of the text), all the concepts of the item,
    and whether it is a don't."""

    required: frozenset
    wanted: frozenset
    negative: bool

    @classmethod
    def of(cls, phrase, fallback):
        first_clause = re.split(r"[:;.]", fallback, maxsplit=1)[0]
        required = concepts_in(phrase, unknown_words=True) | concepts_in(first_clause)
        wanted = required | concepts_in(fallback)
        # An item is a don't when it starts as one ("Don't delete…"), not when it
        # merely contains a "not" ("You do not have to reply").
        negative = any(DONT_ITEM.match(text.casefold()) for text in (phrase, first_clause))
        return cls(frozenset(required), frozenset(wanted), negative)


@dataclass
class _Passage:
    """A rule, or a sentence or bullet of a section, that a checklist item may quote."""

    key: tuple
    text: str
    section: Section
    rule: Rule | None = None
    concepts: frozenset = frozenset()

    @property
    def negative(self):
        if self.rule is not None and self.rule.is_do_or_dont:
            return self.rule.kind == Rule.Kind.DONT
        return _is_negative(self.text)

    def score(self, meaning):
        """How well this passage says what the item means; None when it does not."""
        if not meaning.required or not meaning.required <= self.concepts:
            return None
        if meaning.negative != self.negative and (meaning.negative or self.rule is not None):
            # A don't is only quoted from a don't; a do never from a don't rule.
            return None
        score = len(meaning.wanted & self.concepts) / len(meaning.wanted)
        if self.rule is not None:
            score += 0.2 if self.rule.is_do_or_dont else 0.1
        if len(self.text) > LONG_PASSAGE:
            score -= 0.3
        return score

    def item(self):
        label = ""
        if self.rule is not None and self.rule.is_do_or_dont:
            label = self.rule.get_kind_display()
        return ChecklistItem(html=render_inline(self.text), section=self.section, label=label)


def _sentences(body):
    """A section body's bullets, and the sentences of its paragraphs."""
    for block in re.split(r"\n\s*\n", body):
        lines = block.splitlines()
        if any(_BULLET.match(line) for line in lines):
            for line in lines:
                line = _BULLET.sub("", line).strip()
                if line:
                    yield line
        else:
            paragraph = " ".join(line.strip() for line in lines).strip()
            yield from (s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip())


def _passages(rules, sections):
    passages = []
    for rule in rules:
        text = f"{rule.term} – {rule.text}" if rule.term else rule.text
        passages.append(_Passage(("rule", rule.pk), text, rule.section, rule, concepts_in(text)))
    for section in sections:
        for sentence in _sentences(section.body):
            concepts = concepts_in(sentence)
            if concepts:
                passages.append(
                    _Passage(("section", section.pk, sentence), sentence, section, None, concepts)
                )
    return passages


def version_for_topic(topic, current_versions):
    """The current version a topic's fast path quotes: its own document's, or else the
    most recently published document's, the portal's sample only when nothing else is."""
    if topic.document_id is not None:
        return next((v for v in current_versions if v.document_id == topic.document_id), None)
    ranked = sorted(
        current_versions,
        key=lambda v: (
            is_sample(v.document),
            -(v.published_at.timestamp() if v.published_at else 0),
            -v.pk,
        ),
    )
    return ranked[0] if ranked else None


def fast_path_guidance(topics):
    """{topic pk: FastPathGuidance} for the fast-path topics among ``topics``.

    Three queries however many topics, items, sections or rules there are.
    """
    topics = [topic for topic in topics if topic.fast_path]
    chosen = {}
    if any(topic.checklist for topic in topics):
        current = list(Version.objects.current().in_force().select_related("document"))
        chosen = {topic.pk: version_for_topic(topic, current) for topic in topics}
    version_ids = {version.pk for version in chosen.values() if version is not None}
    passages = {}
    if chosen:
        # Filtered by the current versions in the database (not by the ids chosen),
        # so the number of queries is the same whether or not anything is published.
        current = Version.objects.current().in_force()
        sections = [
            section
            for section in Section.objects.filter(version__in=current)
            .select_related("version__document")
            .order_by("order")
            if section.version_id in version_ids
        ]
        by_id = {section.pk: section for section in sections}
        # The rules' sections come from the list above rather than a join that would
        # bring each section's body again with every rule.
        rules = []
        for rule in Rule.objects.filter(section__version__in=current).order_by(
            "section__order", "order"
        ):
            if rule.section_id in by_id:
                rule.section = by_id[rule.section_id]
                rules.append(rule)
        for passage in _passages(rules, sections):
            passages.setdefault(passage.section.version_id, []).append(passage)
    guidance = {}
    for topic in topics:
        version = chosen.get(topic.pk)
        candidates = passages.get(version.pk, []) if version else []
        items, seen = [], set()
        for phrase, fallback in topic.checklist:
            found = _best_passage(_Meaning.of(phrase, fallback), candidates)
            if found is None:
                if fallback:
                    items.append(ChecklistItem(html=render_inline(fallback)))
            elif found.key not in seen:
                seen.add(found.key)
                items.append(found.item())
        guidance[topic.pk] = FastPathGuidance(topic=topic, items=items)
    return guidance


def _best_passage(meaning, passages):
    """The passage that best says what the item means (earliest on a tie), or None."""
    best, best_score = None, 0.5
    for passage in passages:
        score = passage.score(meaning)
        if score is not None and score >= best_score + (0.001 if best else 0):
            best, best_score = passage, score
    return best


@dataclass
class Suggestion:
    title: str
    url: str
    snippet: str  # safe HTML, as search gives it
    kind: str = ""  # "Do", "Don't", "Risk"… when the suggestion is one rule


def suggestions(
    text: str, *, user=None, limit: int = SUGGESTION_LIMIT, document=None
) -> list[Suggestion]:
    """Up to ``limit`` pieces of guidance that may answer ``text``; [] when search fails.

    ``document`` (the document the question's topic belongs to) is searched
    first; when it has nothing to suggest, every document is.
    """
    if not text or not text.strip():
        return []
    try:
        found = None
        if document is not None:
            found = search.search(text, limit=limit, user=user, document=document)
        if found is None or not found.results:
            found = search.search(text, limit=limit, user=user)
    except Exception as error:
        # Never block a question on search. Only the error's type is logged: its
        # message or traceback could quote the member's words.
        logger.error("Search for advice suggestions failed: %s.", type(error).__name__)
        return []
    return [
        Suggestion(title=str(hit.title), url=str(hit.url), snippet=hit.snippet, kind=hit.kind)
        for hit in list(found.results)[:limit]
        if not hit.superseded
    ]
