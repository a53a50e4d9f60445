"""Search the published protocol in members' own words.

One interface (``search()``, ``suggest()``), two engines, chosen by the
database in use, the way Wagtail's search backends are laid out:

* ``text``: the one text normaliser (queries, synonyms, best bets, passages),
  words, stems and "sounds like" keys;
* ``query``: the query plan: function words dropped, typos corrected to
  indexed words ("Did you mean …"), the Monitoring Officer's synonyms;
* ``backends/``: one module per engine behind ``backends.base.SearchEngine``:
  ``sqlite`` (FTS5 tables ``protocol_search_current_fts`` for the current
  versions' passages and ``protocol_search_fts`` for one row per section of
  every published version, ranked by bm25) and ``postgres`` (a weighted,
  generated ``tsvector`` on ``protocol_searchentry`` ranked by ``ts_rank``,
  typo candidates from ``pg_trgm``);
* ``searching``: ``search()`` and ``suggest()``: best bets first, then the
  best passage per section;
* ``results``: results and highlighting: snippets cut and escaped here, with
  <mark> around matched words, so both engines give the same safe HTML;
* ``indexing``: the index follows publishing (``version_published``),
  synonym changes (``synonyms_changed``) and ``rebuild()``;
* ``log``: the search log, without user identity or personal details;
* ``models``, ``forms``, ``views``, ``urls``, ``admin``, ``evaluation``
  (hit@3 and MRR over ``evaluation.json``): as in every sub-package.

The models keep the ``protocol`` app label (they are re-exported from
``protocol.models``). Import the submodules ``forms``, ``views``, ``urls``,
``admin`` and ``evaluation`` by name: they are not loaded with the package.
"""

from protocol.search.backends import PostgreSQLEngine, SQLiteEngine, engine
from protocol.search.indexing import (
    document_restored,
    document_withdrawn,
    ensure_index,
    index_faq,
    index_version,
    mark_superseded,
    rebuild,
    remove_faq,
    synonyms_changed,
    version_published,
)
from protocol.search.log import log_search, record_click, redact
from protocol.search.models import BestBet, SearchEntry, SearchLog, SearchTerm, Synonym
from protocol.search.query import Plan, Synonyms, is_english_word, plan
from protocol.search.results import Highlighter, Hit, SearchResults, point_at_rules
from protocol.search.searching import search, suggest
from protocol.search.text import (
    MAX_QUERY_LENGTH,
    STOPWORDS,
    clean_query,
    normalise_query,
    plain_line,
    plain_text,
    sound,
    stem,
    words,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "STOPWORDS",
    "BestBet",
    "Highlighter",
    "Hit",
    "Plan",
    "PostgreSQLEngine",
    "SQLiteEngine",
    "SearchEntry",
    "SearchLog",
    "SearchResults",
    "SearchTerm",
    "Synonym",
    "Synonyms",
    "clean_query",
    "document_restored",
    "document_withdrawn",
    "engine",
    "ensure_index",
    "index_faq",
    "index_version",
    "is_english_word",
    "log_search",
    "mark_superseded",
    "normalise_query",
    "plain_line",
    "plain_text",
    "plan",
    "point_at_rules",
    "rebuild",
    "record_click",
    "redact",
    "remove_faq",
    "search",
    "sound",
    "stem",
    "suggest",
    "synonyms_changed",
    "version_published",
    "words",
]
