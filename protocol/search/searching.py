"""Searching: the one interface (``search`` and ``suggest``) that pages, the
JSON API and the advice form call."""

from django.db.models import Q

from portal.access import may_read_protocol
from protocol.models.documents import Version
from protocol.search import cache
from protocol.search.backends import engine
from protocol.search.models import SearchEntry, SearchTerm
from protocol.search.query import plan
from protocol.search.results import (
    HIT_COLUMNS,
    Highlighter,
    SearchResults,
    make_hit,
    point_at_rules,
)
from protocol.search.text import normalise_query, words

# Entries fetched from the engine for each result asked for; several entries
# (a section and its rules) collapse into one result.
ENTRIES_PER_RESULT = 6
MIN_ENTRIES = 60
DOCUMENT_FILTER_REACH = 4


def _may_read(user):
    # No user: a caller inside the portal, trusted to have checked.
    return user is None or may_read_protocol(user)


def search(
    query: str,
    *,
    include_superseded: bool = False,
    limit: int = 10,
    user=None,
    detailed: bool = True,
    document=None,
) -> SearchResults:
    """Sections and rules of published versions, and published FAQ entries,
    that answer ``query``, best first.

    ``user``, when given, is held to the reading pages' rule (the protocol may
    require logging in). Bad input of any kind gives empty results, never an
    error. With ``detailed=False`` results found as whole sections are not yet
    pointed at their best rule: the caller passes the ones it shows to
    ``point_at_rules()``. ``document``, when given, keeps only its sections and
    rules (questions and answers belong to no one document and are left out).

    Results are kept per search generation (``protocol.search.cache``): the
    same search again costs one small query until anything it reads changes.
    """
    text = normalise_query(query)
    limit = max(1, min(int(limit or 10), 50))
    if not text or not _may_read(user):
        return SearchResults(query=text, include_superseded=include_superseded)
    return _search(cache.generation(), text, include_superseded, limit, detailed, document)


def _search(stamp, text, include_superseded, limit, detailed, document):
    results = cache.get_or_build(
        stamp,
        ("search", text, include_superseded, limit, detailed, document and document.pk),
        lambda: _find(cache.tables(stamp), text, include_superseded, limit, detailed, document),
    )
    results.generation = stamp
    return results


def _find(tables, text, include_superseded, limit, detailed, document):
    results = SearchResults(query=text, include_superseded=include_superseded)
    the_plan = plan(text, tables.synonyms)
    if not the_plan:
        return results
    results.suggestion = the_plan.suggestion
    the_engine = engine()
    bets = _best_bets(tables, the_plan)
    fetch = max(MIN_ENTRIES, limit * ENTRIES_PER_RESULT)
    matches = the_engine.match(
        the_plan,
        current_only=not include_superseded,
        # One document's passages are found among everyone's: look further.
        limit=fetch * DOCUMENT_FILTER_REACH if document is not None else fetch,
    )
    if document is not None:
        versions = set(Version.objects.filter(document=document).values_list("pk", flat=True))
        matches = [m for m in matches if m[2] in versions]
        bets = {key: order for key, order in bets.items() if key[0] == document.pk}
    # The best passage of each section (an FAQ entry is its own); best bets' sections first.
    chosen, seen = {}, set()
    bet_entries = (
        list(
            SearchEntry.objects.filter(_bet_filter(bets)).values_list(
                "pk", "version_id", "section_id", "document_id", "section__slug"
            )
        )
        if bets
        else []
    )
    for pk, version_id, section_id, _document, _slug in sorted(
        bet_entries, key=lambda row: bets[(row[3], row[4])]
    ):
        if (version_id, section_id) not in seen:
            seen.add((version_id, section_id))
            chosen[pk] = (0.0, True)
    for pk, score, version_id, section_id in _sample_last(tables, matches):
        if len(chosen) >= limit:
            break
        key = (version_id, section_id) if section_id is not None else ("faq", pk)
        if key not in seen:
            seen.add(key)
            chosen[pk] = (score, False)
    rows = {
        row.pk: row
        for row in SearchEntry.objects.filter(pk__in=list(chosen)).values_list(
            *HIT_COLUMNS, named=True
        )
    }
    highlighter = Highlighter(the_plan)
    whole_sections = the_engine.ranks_whole_sections(current_only=not include_superseded)
    results.results = [
        make_hit(rows[pk], score, best_bet, highlighter, whole_sections)
        for pk, (score, best_bet) in chosen.items()
        if pk in rows  # an entry removed since the engine found it is skipped
    ]
    if detailed:
        point_at_rules(results.results)
        for hit in results.results:
            hit.snippet  # noqa: B018 - made once, kept with the results
    return results


def _sample_last(tables, matches):
    """The demonstration sample never outranks a real document: its passages
    follow every other match, each group in the engine's order."""
    sample = tables.sample_versions
    if not sample:
        return matches
    return [m for m in matches if m[2] not in sample] + [m for m in matches if m[2] in sample]


def _best_bets(tables, the_plan):
    """{(document id, section slug): order} of best bets whose words are all in the query."""
    bets = {}
    for key, document_id, section_slug in tables.best_bets:
        if key and set(key) <= the_plan.stems:
            bets.setdefault((document_id, section_slug), len(bets))
    return bets


def _bet_filter(bets):
    condition = Q(pk__in=[])
    for document_id, slug in bets:
        condition |= Q(
            document_id=document_id, section__slug=slug, rule__isnull=True, is_current=True
        )
    return condition


def suggest(query: str, *, limit: int = 5, user=None) -> SearchResults:
    """As-you-type suggestions: the last, unfinished word completed to the most
    frequent indexed word it begins, then searched (kept as searches are)."""
    text = normalise_query(query)
    limit = max(1, min(int(limit or 5), 50))
    if not text or not _may_read(user):
        return SearchResults(query=text)
    stamp = cache.generation()
    return cache.get_or_build(
        stamp, ("suggest", text, limit), lambda: _suggestions(stamp, text, limit)
    )


def _suggestions(stamp, text, limit):
    typed, tokens = text, words(text)
    if tokens and not text.endswith(" ") and len(tokens[-1]) >= 2:
        completion = (
            SearchTerm.objects.filter(word__startswith=tokens[-1])
            .order_by("-frequency", "word")
            .values_list("word", flat=True)
            .first()
        )
        if completion:
            text = text[: text.rfind(tokens[-1])] + completion
    results = _search(stamp, text, False, limit, True, None)
    results.query = typed
    return results
