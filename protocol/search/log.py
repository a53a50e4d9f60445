"""The search log: what members searched for and whether it led anywhere,
for the Monitoring Officer's report. No user identity is kept.

What is kept of the words depends on what the search found:

* a search that **found something** keeps only the guidance's own words
  (``protocol_terms``): those in the search index's vocabulary, lower case,
  without function words or numbers. A name, a street, a date of birth or a
  profile address is not a word of the guidance, so it is not kept; the
  report's "most frequent searches" and "nobody followed" still read well;
* a search that **found nothing** keeps what was typed, with the personal
  details a pattern can recognise replaced (``redact``), because the
  Monitoring Officer needs the members' own words to add a synonym or see a
  gap. Patterns cannot recognise every name, so these words are kept for
  ``SEARCH_LOG_TEXT_RETENTION_DAYS`` only (``manage.py purge_personal_data``
  then blanks them; the counts stay).
"""

import re

from django.db.models import Q
from django.utils import timezone

from protocol.search import cache
from protocol.search.models import SearchLog, SearchTerm
from protocol.search.results import SearchResults
from protocol.search.text import MAX_QUERY_LENGTH, STOPWORDS, stem, words

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"

# Personal details members may type into a search box, and what the search
# report shows instead. Names cannot be told from other words; these can.
_REDACTIONS = [
    (re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE), "[link]"),
    (re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?<![\w@])@\w+"), "[handle]"),
    # UK postcodes: "m1 1ae", "sw1a 2aa", "b338th".
    (re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b", re.IGNORECASE), "[postcode]"),
    # Profile and page addresses typed without http: "facebook.com/jo.bloggs".
    (re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*", re.IGNORECASE), "[link]"),
    # Dates, a date of birth among them: "12/03/1970", "1.3.70", "12th March 1970".
    (re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b"), "[date]"),
    # "12th March", "3 March 1970", "1st jan 70" ("section 5 may apply" is left alone).
    (
        re.compile(
            r"\b\d{1,2}(?:(?:st|nd|rd|th)\s+" + _MONTH + r"(?:\s+\d{2,4})?"
            r"|\s+" + _MONTH + r"\s+\d{2,4})\b",
            re.IGNORECASE,
        ),
        "[date]",
    ),
    # Street addresses: "12 High Street", "4a Mill Lane".
    (
        re.compile(
            r"\b\d+[a-z]?\s+(?:[a-z'-]+\s+){1,3}(?:street|st|road|rd|avenue|ave|lane|ln|drive|"
            r"close|way|court|place|crescent|terrace|grove|gardens|square|row|hill|walk|mews)\b",
            re.IGNORECASE,
        ),
        "[address]",
    ),
    # Telephone, account and reference numbers: five digits or more, spaced or not.
    (re.compile(r"\+?\(?\d(?:[\d\s().-]*\d){4,}"), "[number]"),
]


def redact(text: str) -> str:
    """``text`` with e-mail addresses, links (with or without http), @handles,
    postcodes, dates, street addresses and long numbers replaced by a
    placeholder such as "[email]". Names cannot be told from other words."""
    for pattern, placeholder in _REDACTIONS:
        text = pattern.sub(placeholder, text)
    return text


def protocol_terms(text: str) -> str:
    """The guidance's own words in ``text``: those in the search index's
    vocabulary (as typed or by their stem), lower case, in order, once each,
    without function words or anything with a digit. One query."""
    typed = [w for w in dict.fromkeys(words(text)) if w not in STOPWORDS and w.isalpha()]
    if not typed:
        return ""
    known = set()
    for word, word_stem in SearchTerm.objects.filter(
        Q(word__in=typed) | Q(stem__in={stem(w) for w in typed})
    ).values_list("word", "stem"):
        known.update((word, word_stem))
    return " ".join(w for w in typed if w in known or stem(w) in known)


def log_search(results: SearchResults) -> SearchLog | None:
    """Record a search for the Monitoring Officer's report: no user identity;
    of a search that found something only the guidance's own words, of one
    that found nothing the words typed less what ``redact`` recognises."""
    if not results.query:
        return None
    found = len(results.results)
    if found:  # the same words as last time until the vocabulary changes
        query = cache.get_or_build(
            results.generation, ("terms", results.query), lambda: protocol_terms(results.query)
        )
    else:
        query = redact(results.query)
    return SearchLog.objects.create(
        query=query[:MAX_QUERY_LENGTH],
        result_count=found,
        suggestion=redact(results.suggestion or "")[:MAX_QUERY_LENGTH],
        include_superseded=results.include_superseded,
    )


def record_click(log_id: int, rank: int) -> None:
    """Note that a search led somewhere (only the first click counts)."""

    SearchLog.objects.filter(pk=log_id, clicked_at__isnull=True).update(
        clicked_at=timezone.now(), clicked_rank=rank
    )
