"""Results and highlighting: what a search gives back, and its snippets.

Snippets are cut and highlighted here rather than by the engine, so both
engines give the same safe HTML: every character of the text is escaped and
the only markup added is <mark>.
"""

import functools
import html
from dataclasses import dataclass, field

from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe

from protocol.models.documents import Rule, Version
from protocol.search.models import SearchEntry
from protocol.search.text import SPLIT, STOPWORDS, WORD, stem


@dataclass
class Hit:
    document: str  # slug
    document_title: str
    version: int
    section: str  # its number, e.g. "13"
    title: str
    url: str
    superseded: bool
    kind: str = ""  # "Do", "Don't", "Legal term"... when the hit is one rule
    best_bet: bool = False
    score: float = 0.0
    section_id: int = 0
    # What the snippet is cut from, and how: made only when a page shows it.
    snippet_text: str = field(default="", repr=False)
    highlighter: object = field(default=None, repr=False, compare=False)
    # Found as a whole section: point_at_rules() may point it at one rule.
    pending_rule: bool = field(default=False, repr=False)
    is_faq: bool = False  # a published question and answer, not a passage of a version

    @functools.cached_property
    def snippet(self):
        """Safe HTML: the passage's text, escaped, with <mark> around matched words."""
        return self.highlighter.snippet(self.snippet_text)[0]

    @functools.cached_property
    def title_html(self):
        return self.highlighter.whole(self.title)

    def as_json(self):
        return {
            "document": self.document,
            "document_title": self.document_title,
            "version": self.version,
            "section": self.section,
            "title": self.title,
            "url": self.url,
            "snippet": str(self.snippet),
            "superseded": self.superseded,
            "best_bet": self.best_bet,
            "kind": self.kind,
            "faq": self.is_faq,
        }


@dataclass
class SearchResults:
    query: str
    suggestion: str | None = None
    results: list = field(default_factory=list)
    include_superseded: bool = False
    # The search generation the results were found in (protocol.search.cache).
    generation: int | None = field(default=None, repr=False, compare=False)

    def __bool__(self):
        return bool(self.results)

    def __len__(self):
        return len(self.results)

    def as_json(self):
        point_at_rules(self.results)
        return {
            "query": self.query,
            "suggestion": self.suggestion,
            "results": [hit.as_json() for hit in self.results],
        }


# What a result needs, read as plain values in one query: making model
# instances of five tables for every result cost more than the search itself.
HIT_COLUMNS = [
    "pk", "rule_id", "text", "body", "document__slug", "document__title", "version__number",
    "version__status", "section_id", "section__number", "section__title", "section__slug",
    "rule__anchor", "rule__kind", "faq_id", "title",
]  # fmt: skip


def point_at_rules(hits: list[Hit]) -> None:
    """Show each hit found as a whole section (or by its title alone) by the
    passage that matches the most words of the query: its body, or the rule
    it then links to. One query for all of ``hits`` that need it; a page calls
    it for the results it shows."""
    pending = {hit.section_id: hit for hit in hits if hit.pending_rule}
    if not pending:
        return
    best = {}
    for section_id, hit in pending.items():
        hit.pending_rule = False
        best[section_id] = hit.highlighter.count(hit.snippet_text)
    winners = {}
    rules = SearchEntry.objects.filter(section_id__in=list(pending), rule__isnull=False)
    # Rules' entries are made in the rules' order, so the first of equals wins.
    for section_id, text, anchor, kind in rules.order_by("pk").values_list(
        "section_id", "text", "rule__anchor", "rule__kind"
    ):
        count = pending[section_id].highlighter.count(text)
        if count > best[section_id]:
            best[section_id] = count
            winners[section_id] = (text, anchor, kind)
    for section_id, (text, anchor, kind) in winners.items():
        hit = pending[section_id]
        hit.url = f"{hit.url}#{anchor}"
        hit.kind = _kind_label(kind)
        hit.snippet_text = text


def _kind_label(kind):
    """The label members read for a rule's kind ("Don't" for "dont")."""
    return str(dict(Rule.Kind.choices).get(kind, kind))


class Highlighter:
    """Escaped text with <mark> around the words that match the query.

    Done here rather than by the engine so both engines give the same, safe
    snippets: every character of the text is escaped, and the only markup
    added is <mark>. Words match by stem, as the engines match them.
    """

    WINDOW = 28  # words in a snippet

    def __init__(self, the_plan):
        self.stems = {
            stem(word)
            for alternative in the_plan.highlight_alternatives
            for word in alternative
            if word not in STOPWORDS
        }

    def _marked(self, parts, first_word=1):
        """``parts`` (text between words and words, alternately; the first word
        at index ``first_word``) as HTML: the text between words escaped, the
        matching words in <mark>. Words (letters and digits) need no escaping."""
        stems = self.stems
        return "".join(
            (f"<mark>{part}</mark>" if stem(part.lower()) in stems else part)
            if i % 2 == first_word
            else html.escape(part)
            for i, part in enumerate(parts)
        )

    def matches(self, text):
        return any(stem(word.lower()) in self.stems for word in WORD.findall(text or ""))

    def count(self, text):
        """How many different words of the query ``text`` has."""
        return len({stem(word.lower()) for word in WORD.findall(text or "")} & self.stems)

    def whole(self, text):
        return mark_safe(self._marked(SPLIT.split(text or "")))  # noqa: S308 - escaped

    def snippet(self, text):
        """The stretch of about WINDOW words with the most matches; (html, any match)."""
        parts = SPLIT.split(text or "")  # text, word, text, word, ..., text
        words_ = parts[1::2]
        hits = [1 if stem(word.lower()) in self.stems else 0 for word in words_]
        first, last = 0, len(words_) - 1
        if len(words_) > self.WINDOW:
            best, best_count = 0, sum(hits[: self.WINDOW])
            count = best_count
            for start in range(1, len(words_) - self.WINDOW + 1):
                count += hits[start + self.WINDOW - 1] - hits[start - 1]
                if count > best_count:
                    best, best_count = start, count
            if best_count:
                # Start a little before the window's first match, for context.
                first_match = hits.index(1, best)
                first = max(0, min(first_match - 3, len(words_) - self.WINDOW))
            last = min(first + self.WINDOW, len(words_)) - 1
        if len(words_) <= self.WINDOW:
            html_ = self._marked(parts)
        else:
            start, end = 2 * first + 1, 2 * last + 2
            html_ = self._marked(parts[start:end], first_word=0)
            if any(parts[:start]):
                html_ = "… " + html_
            if any(parts[end:]):
                html_ = html_.rstrip() + " …"
        return mark_safe(html_), any(hits)  # noqa: S308 - escaped in _marked


@functools.lru_cache(maxsize=4096)
def _version_url(script_prefix, document, number, is_current):
    """The start of a version's section URLs, as Section.get_absolute_url()
    gives them (reversed once per process, not once per result)."""
    if is_current:
        return reverse("protocol:section", kwargs={"document": document, "section": "-"})[:-2]
    return reverse(
        "protocol:version_section",
        kwargs={"document": document, "number": number, "section": "-"},
    )[:-2]


@functools.lru_cache(maxsize=64)
def _faq_url(script_prefix):
    return reverse("faq:list")


FAQ_TITLE = "Questions and answers"


def _faq_hit(row, score, best_bet, highlighter):
    return Hit(
        document="",
        document_title=FAQ_TITLE,
        version=0,
        section="",
        title=row.title,
        url=f"{_faq_url(get_script_prefix())}#faq-{row.faq_id}",
        superseded=False,
        kind="Answer",  # read before the snippet, which is cut from the answer
        best_bet=best_bet,
        score=score,
        snippet_text=row.body,
        highlighter=highlighter,
        is_faq=True,
    )


def make_hit(row, score, best_bet, highlighter, whole_sections):
    if row.faq_id:
        return _faq_hit(row, score, best_bet, highlighter)
    is_current = row.version__status == Version.Status.PUBLISHED
    url = _version_url(get_script_prefix(), row.document__slug, row.version__number, is_current)
    url = f"{url}{row.section__slug}/"
    kind, snippet_text = "", row.body or row.text
    if row.rule_id and highlighter.matches(row.text):
        url = f"{url}#{row.rule__anchor}"
        kind = _kind_label(row.rule__kind)
        snippet_text = row.text
    return Hit(
        document=row.document__slug,
        document_title=row.document__title,
        version=row.version__number,
        section=row.section__number,
        title=row.section__title,
        url=url,
        superseded=not is_current,
        kind=kind,
        best_bet=best_bet,
        score=score,
        section_id=row.section_id,
        snippet_text=snippet_text,
        highlighter=highlighter,
        pending_rule=row.rule_id is None and (whole_sections or not highlighter.matches(row.body)),
    )
