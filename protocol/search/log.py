"""The search log: what members searched for and whether it led anywhere,
for the Monitoring Officer's report. No user identity is kept."""

import re

from django.utils import timezone

from protocol.search.models import SearchLog
from protocol.search.results import SearchResults
from protocol.search.text import MAX_QUERY_LENGTH

# Personal details members may type into a search box, and what the search
# report shows instead. Names cannot be told from other words; these can.
_REDACTIONS = [
    (re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE), "[link]"),
    (re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?<![\w@])@\w+"), "[handle]"),
    # UK postcodes: "m1 1ae", "sw1a 2aa", "b338th".
    (re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b", re.IGNORECASE), "[postcode]"),
    # Telephone, account and reference numbers: five digits or more, spaced or not.
    (re.compile(r"\+?\(?\d(?:[\d\s().-]*\d){4,}"), "[number]"),
]


def redact(text: str) -> str:
    """``text`` with e-mail addresses, links, @handles, postcodes and long
    numbers replaced by a placeholder such as "[email]"."""
    for pattern, placeholder in _REDACTIONS:
        text = pattern.sub(placeholder, text)
    return text


def log_search(results: SearchResults) -> SearchLog | None:
    """Record a search for the Monitoring Officer's report: no user identity,
    and no e-mail address, link, handle, postcode or long number typed into it."""
    if not results.query:
        return None
    return SearchLog.objects.create(
        query=redact(results.query)[:MAX_QUERY_LENGTH],
        result_count=len(results.results),
        suggestion=redact(results.suggestion or "")[:MAX_QUERY_LENGTH],
        include_superseded=results.include_superseded,
    )


def record_click(log_id: int, rank: int) -> None:
    """Note that a search led somewhere (only the first click counts)."""

    SearchLog.objects.filter(pk=log_id, clicked_at__isnull=True).update(
        clicked_at=timezone.now(), clicked_rank=rank
    )
