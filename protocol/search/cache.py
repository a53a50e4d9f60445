"""What each web process keeps of search, and how it knows it is still true.

Search reads a few small tables on every query (the synonym lists, the best
bets, which versions are the demonstration sample's) and then ranks passages.
Each web process keeps both in its own memory:

* the small tables, built once per *generation* (``tables()``);
* whole results, per generation and query (``get_or_build()``), in the
  ``search`` cache, which is always the process's own memory.

The generation (``generation()``) is one row that database triggers change
whenever a table search reads changes: a synonym list, a best bet, the index
(publishing a version, withdrawing or restoring a document, an FAQ entry
published or withdrawn), a document or a version. Every search reads it first
(one small query) and looks only under its value, so a change shows at once in
every web process without telling them: a memory cache cannot be cleared from
another process, but it is never asked for a generation that has passed.
Reading the generation before anything else also means that what is kept
under a value is never older than the value.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.db.models import CharField, IntegerField, Value

from protocol.demo import SAMPLE_SLUG
from protocol.models.documents import Version
from protocol.search.models import BestBet, SearchGeneration, Synonym
from protocol.search.query import Synonyms
from protocol.search.text import phrase_key, words

CACHE_ALIAS = "search"
_GENERATION_SQL = f"SELECT value FROM {SearchGeneration._meta.db_table}"


def generation() -> int | None:
    """The search generation now: one small query. ``None`` when the row is
    missing (a database just flushed): then nothing is kept or reused."""
    with connection.cursor() as cursor:
        cursor.execute(_GENERATION_SQL)
        row = cursor.fetchone()
    return row[0] if row else None


def start_generation() -> None:
    """Make the generation row if it is missing (after a flush), at a value
    never used before."""
    if not SearchGeneration.objects.exists():
        SearchGeneration.objects.create(value=secrets.randbits(62))


@dataclass(frozen=True)
class Tables:
    """What search reads whatever the query."""

    synonyms: Synonyms
    # (stems of the bet's words, document id, section slug), in the order made.
    best_bets: tuple
    sample_versions: frozenset  # the demonstration sample's versions


def load_tables() -> Tables:
    """The synonym lists, the active best bets and the sample's versions, in
    one query."""
    text, number = CharField(), IntegerField()
    rows = (
        Synonym.objects.order_by()
        .values_list(Value("synonym", text), "pk", "words", Value(None, number), Value("", text))
        .union(
            BestBet.objects.active()
            .order_by()
            .values_list(Value("bet", text), "pk", "query", "document_id", "section_slug"),
            Version.objects.filter(document__slug=SAMPLE_SLUG)
            .order_by()
            .values_list(
                Value("sample", text), "pk", Value("", text), Value(None, number), Value("", text)
            ),
            all=True,
        )
    )
    by_kind = {"synonym": [], "bet": [], "sample": []}
    for kind, pk, words_text, document_id, slug in rows:
        by_kind[kind].append((pk, words_text, document_id, slug))
    return Tables(
        synonyms=Synonyms(tuple((pk, w) for pk, w, _, _ in sorted(by_kind["synonym"]))),
        best_bets=tuple(
            (phrase_key(words(query)), document_id, slug)
            for _, query, document_id, slug in sorted(by_kind["bet"])
        ),
        sample_versions=frozenset(pk for pk, _, _, _ in by_kind["sample"]),
    )


# (generation, Tables): replaced whole, so every thread sees a matching pair.
_kept: tuple[int | None, Tables | None] = (None, None)


def tables(stamp: int | None) -> Tables:
    """The tables of generation ``stamp``, read once per process and generation."""
    global _kept
    kept_stamp, kept = _kept
    if stamp is not None and kept_stamp == stamp:
        return kept
    built = load_tables()
    if stamp is not None:
        _kept = (stamp, built)
    return built


def key(stamp: int, *parts) -> str:
    joined = "\x1f".join(str(part) for part in parts)
    return f"search:{stamp}:{hashlib.sha256(joined.encode()).hexdigest()[:40]}"


def get_or_build(stamp: int | None, parts: tuple, build: Callable[[], Any]) -> Any:
    """What ``build()`` gives for ``parts`` in generation ``stamp``, built once
    per process. The cache keeps a copy (it pickles), so a caller may change
    what it is given."""
    if stamp is None:
        return build()
    cache = caches[CACHE_ALIAS]
    cache_key = key(stamp, *parts)
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, timeout=None)
    return value
