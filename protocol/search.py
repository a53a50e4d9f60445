"""Search the published protocol in members' own words.

One small interface, two engines, chosen by ``connection.vendor``:

* SQLite (the embedded default): FTS5 tables with the Porter stemmer, ranked
  by bm25 with titles and rule text weighted above body text: the current
  versions' passages in ``protocol_search_current_fts``, and one row per
  section of every published version in ``protocol_search_fts`` for searches
  of earlier versions too.
* PostgreSQL (production): a weighted ``tsvector`` column on
  ``protocol_searchentry`` (generated, with a GIN index, and a partial one
  over the current passages), ranked by ``ts_rank``; typo candidates come
  from ``pg_trgm``.

What both share, and happens here in Python before the engine is asked:

1. the query is normalised and cut to a sane length, split into words (so no
   FTS operator or quote a member types ever reaches the engine's syntax), and
   common function words are dropped;
2. a word the index has never seen is corrected to the nearest indexed word
   (edit distance, helped by a "sounds like" key), which gives "Did you
   mean …";
3. each word or phrase is widened with the Monitoring Officer's synonyms, in
   both directions;
4. best bets for the query are put first;
5. after the engine has ranked the passages, the best one per section is kept
   (a section found as a whole is pointed at its best rule by
   ``point_at_rules()``), and its snippet is cut and highlighted here,
   escaping everything but the <mark> elements, so both engines give the same
   safe HTML.

The index follows publishing: ``version_published(version)`` (called by
``protocol.publishing.publish``) indexes the new version and marks the
superseded one; ``rebuild()`` (``manage.py rebuild_search_index``) starts again.
"""

import functools
import html
import re
import threading
from dataclasses import dataclass, field

import jellyfish
import snowballstemmer
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from protocol.models import (
    BestBet,
    Rule,
    SearchEntry,
    SearchLog,
    SearchTerm,
    Section,
    Synonym,
    Version,
)
from protocol.models.search import MAX_QUERY_LENGTH, normalise_query
from protocol.rendering import render_markdown

MAX_WORDS = 12
# Entries fetched from the engine for each result asked for; several entries
# (a section and its rules) collapse into one result.
ENTRIES_PER_RESULT = 6
MIN_ENTRIES = 60

_WORD = re.compile(r"[^\W_]+")
_SPLIT = re.compile(r"([^\W_]+)")
# Words that carry no meaning in a question ("can I ...", "what should I ...").
STOPWORDS = frozenset({
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
    "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "down",
    "during", "each", "few", "for", "from", "further", "had", "has", "have", "having",
    "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "let", "lets", "me", "more",
    "most", "my", "myself", "no", "nor", "not", "of", "off", "ok", "okay", "on", "once",
    "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own",
    "please", "really", "same", "shall", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these",
    "they", "this", "those", "through", "to", "too", "under", "until", "up", "us",
    "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "whom", "why", "will", "with", "would", "yes", "you", "your", "yours", "yourself",
    "yourselves", "s", "t", "d", "ll", "m", "re", "ve", "anything", "something",
    "someone", "somebody", "thing", "things", "stuff", "get", "got", "go", "going", "want",
})  # fmt: skip


# --- words -----------------------------------------------------------------

_local = threading.local()


def _stemmer():
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("english")
    return _local.stemmer


@functools.lru_cache(maxsize=20000)
def stem(word):
    return _stemmer().stemWord(word)


@functools.lru_cache(maxsize=20000)
def sound(word):
    """A "sounds like" key: "copywrite" and "copyright" share one."""
    try:
        return jellyfish.metaphone(word)[:60]
    except ValueError:
        return ""


def words(text):
    return _WORD.findall(text.lower())


def plain_line(text):
    """One line of text without control characters (the engines' marks among them)."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text).split())


# Text with none of these is the same before and after Markdown, and
# rendering (a millisecond a time) is most of the cost of indexing.
_MARKUP = re.compile(r"[*_`\[\]<>&#\\|~=]|^\s*(?:[-+]|\d+[.)])\s", re.MULTILINE)


def plain_text(markdown_text):
    """What a member reads, without markup, for the index and its snippets."""
    if not _MARKUP.search(markdown_text or ""):
        return plain_line(markdown_text or "")
    return plain_line(html.unescape(strip_tags(str(render_markdown(markdown_text)))))


# --- results ---------------------------------------------------------------


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
        }


@dataclass
class SearchResults:
    query: str
    suggestion: str | None = None
    results: list = field(default_factory=list)
    include_superseded: bool = False

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


# --- reading the query -----------------------------------------------------


def _key(phrase):
    """A phrase's stems without function words: how synonyms are compared."""
    return tuple(stem(w) for w in phrase if w not in STOPWORDS)


class Synonyms:
    """The Monitoring Officer's synonym lists, ready to find in a run of words.

    Each list is a *concept*: at indexing time every passage gets a token such
    as ``syn12`` wherever it uses any of the list's words, so a search for any
    of them is ranked as one term (the engine weighs the concept by how many
    passages use it, not by how rare its rarest word is).
    """

    def __init__(self, rows):
        self.sets = {}  # id -> list of word tuples
        self.by_key = {}  # stem tuple -> set of ids
        for row_id, words_text in rows:
            terms = [tuple(words(term)) for term in Synonym(words=words_text).terms]
            terms = [t for t in terms if t]
            self.sets[row_id] = terms
            for term in terms:
                key = _key(term)
                if key:
                    self.by_key.setdefault(key, set()).add(row_id)
        self.longest = max((len(k) for k in self.by_key), default=1)
        self.words = {w for terms in self.sets.values() for t in terms for w in t}
        self.stems = {stem(w) for w in self.words}

    @classmethod
    def load(cls):
        """The lists as they are in the database now. Reading them is one small
        query; building the lookup from them is the costly part, so a process
        reuses the one it built for the same rows."""
        return _built_synonyms(tuple(Synonym.objects.order_by("pk").values_list("pk", "words")))

    def spans(self, tokens):
        """(start, size, ids) for each run of ``tokens`` that is a synonym, longest
        first; function words inside a run are skipped ("code of conduct")."""
        content = [(i, stem(t)) for i, t in enumerate(tokens) if t not in STOPWORDS]
        found, j = [], 0
        while j < len(content):
            for size in range(min(self.longest, len(content) - j), 0, -1):
                key = tuple(k for _, k in content[j : j + size])
                if key in self.by_key:
                    first, last = content[j][0], content[j + size - 1][0]
                    found.append((first, last - first + 1, self.by_key[key]))
                    j += size
                    break
            else:
                j += 1
        return found

    def concepts(self, text):
        """The concept tokens of a passage, one per use of a synonym."""
        tokens = words(text)
        return " ".join(
            concept_token(set_id) for _, _, ids in self.spans(tokens) for set_id in sorted(ids)
        )


@functools.lru_cache(maxsize=4)
def _built_synonyms(rows):
    return Synonyms(rows)


def concept_token(set_id):
    return f"syn{set_id}"


@dataclass
class Group:
    """One word or phrase of the query: what ranks it and what highlights it."""

    alternatives: list  # word tuples: the words themselves, corrections, synonyms
    concepts: list = field(default_factory=list)  # synonym lists it belongs to


@dataclass
class Plan:
    """What the engine is asked: any group may match; more matching groups rank higher."""

    groups: list
    stems: frozenset  # stems of the query's own words, after correction
    suggestion: str | None = None

    def __bool__(self):
        return bool(self.groups)

    @property
    def highlight_alternatives(self):
        return list(dict.fromkeys(alt for group in self.groups for alt in group.alternatives))


@functools.cache
def _english_words():
    """An English dictionary (pyspellchecker's word list), loaded once per process:
    a real word such as "count" is never "corrected" to an indexed one."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency.dictionary


def is_english_word(word):
    return word in _english_words()


def _correct(tokens, synonyms):
    """{token: correction} for words that are neither English, nor indexed, nor a synonym."""
    needed = [
        t
        for t in dict.fromkeys(tokens)
        if len(t) >= 3
        and t.isalpha()
        and t not in synonyms.words
        and stem(t) not in synonyms.stems
        and not is_english_word(t)
    ]
    if not needed:
        return {}
    stems = {stem(t) for t in needed}
    known = set()
    for word, word_stem in SearchTerm.objects.filter(
        Q(word__in=needed) | Q(stem__in=stems)
    ).values_list("word", "stem"):
        known.add(word)
        known.add(word_stem)
    unknown = [t for t in needed if t not in known and stem(t) not in known]
    if not unknown:
        return {}
    pool = [(w, sound(w), 0) for w in synonyms.words if w.isalpha()]
    pool += engine().candidates(unknown)
    corrections = {}
    for token in unknown:
        best = _closest(token, pool)
        if best is not None:
            corrections[token] = best
    return corrections


def _closest(token, pool):
    allowed = 1 if len(token) <= 5 else 2 if len(token) <= 9 else 3
    key = sound(token)
    best, best_rank = None, None
    for word, word_sound, frequency in pool:
        if word == token or abs(len(word) - len(token)) > 3:
            continue
        distance = jellyfish.damerau_levenshtein_distance(token, word)
        sounds_alike = bool(key) and word_sound == key
        if distance > allowed and not (sounds_alike and distance <= max(allowed, len(token) // 2)):
            continue
        rank = (distance - (1 if sounds_alike else 0), -frequency, word)
        if best_rank is None or rank < best_rank:
            best, best_rank = word, rank
    return best


def plan(query, synonyms=None):
    """Read a normalised query into what the engine is asked."""
    tokens = [t[:40] for t in words(query) if t not in STOPWORDS][:MAX_WORDS]
    if not tokens:
        return Plan(groups=[], stems=frozenset())
    synonyms = synonyms or Synonyms.load()
    corrections = _correct(tokens, synonyms)
    corrected = [corrections.get(t, t) for t in tokens]
    groups, i = [], 0
    spans = {start: (size, ids) for start, size, ids in synonyms.spans(corrected)}
    while i < len(corrected):
        if i in spans:
            size, ids = spans[i]
            alternatives = [tuple(tokens[i : i + size]), tuple(corrected[i : i + size])]
            for set_id in sorted(ids):
                alternatives += synonyms.sets[set_id]
            groups.append(
                Group(
                    alternatives=list(dict.fromkeys(alternatives)),
                    concepts=[concept_token(set_id) for set_id in sorted(ids)],
                )
            )
            i += size
        else:
            groups.append(Group(alternatives=list(dict.fromkeys([(corrected[i],), (tokens[i],)]))))
            i += 1
    suggestion = None
    if corrections:
        suggestion = re.sub(
            r"[^\W_]+",
            lambda m: corrections.get(m.group(0).lower(), m.group(0)),
            query,
        )
    return Plan(
        groups=groups,
        stems=frozenset(stem(t) for t in corrected),
        suggestion=suggestion,
    )


# --- the engines -----------------------------------------------------------


class SQLiteEngine:
    """FTS5 with the Porter stemmer, ranked by bm25: titles weigh 8, rule text
    4, body text 2. Words and concepts (synonym lists) are separate columns.

    Two tables with the same columns. The current versions' passages (a
    section's title and body, or one rule with its section's title) are what
    most searches rank. Searching earlier versions too ranks ten times as
    much text, so that table holds one row per *section* of every published
    version (its title, body and all its rules), a quarter of the rows to
    score; ``point_at_rules()`` then points each section shown at its best rule.
    """

    table = "protocol_search_fts"  # one row per section of every published version
    current_table = "protocol_search_current_fts"  # the current versions' passages
    columns = "title, text, body, title_c, text_c, body_c"
    weights = "8.0, 4.0, 2.0, 8.0, 4.0, 2.0"
    _select = (
        "SELECT id, title, text, body, title_concepts, text_concepts, body_concepts "
        "FROM protocol_searchentry WHERE id IN ({placeholders})"
    )
    # A section's row: its own entry, with the text of its rules' entries.
    _select_sections = (
        "SELECT s.id, s.title, "
        "coalesce(group_concat(r.text, char(10)), ''), s.body, s.title_concepts, "
        "coalesce(group_concat(r.text_concepts, ' '), ''), s.body_concepts "
        "FROM protocol_searchentry s LEFT JOIN protocol_searchentry r "
        "ON r.section_id = s.section_id AND r.rule_id IS NOT NULL "
        "WHERE s.rule_id IS NULL AND s.section_id IN ("
        "SELECT section_id FROM protocol_searchentry WHERE id IN ({placeholders})) "
        "GROUP BY s.id"
    )

    @staticmethod
    def _quote(phrase):
        return '"' + " ".join(phrase).replace('"', '""') + '"'

    def _group(self, group):
        if group.concepts:
            terms = " OR ".join(self._quote((c,)) for c in group.concepts)
            return f"({{title_c text_c body_c}} : ({terms}))"
        terms = " OR ".join(self._quote(alt) for alt in group.alternatives)
        return f"({{title text body}} : ({terms}))"

    def _ranking(self, plan):
        return " OR ".join(self._group(g) for g in plan.groups)

    def match(self, plan, *, current_only, limit):
        table = self.current_table if current_only else self.table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT m.id, m.rank, e.version_id, e.section_id FROM ("
                f"SELECT rowid AS id, bm25({table}, {self.weights}) AS rank "
                f"FROM {table} WHERE {table} MATCH %s ORDER BY rank LIMIT %s"
                ") m JOIN protocol_searchentry e ON e.id = m.id ORDER BY m.rank",
                [self._ranking(plan), limit],
            )
            return [(row[0], -row[1], row[2], row[3]) for row in cursor.fetchall()]

    def candidates(self, tokens):
        conditions, params = [], []
        for token in tokens:
            conditions.append("(length(word) BETWEEN %s AND %s AND substr(word, 1, 1) = %s)")
            params += [len(token) - 2, len(token) + 3, token[0]]
        sounds = sorted({sound(t) for t in tokens if sound(t)})
        if sounds:
            conditions.append(f"sound IN ({', '.join(['%s'] * len(sounds))})")
            params += sounds
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, sound, frequency FROM protocol_searchterm WHERE "
                + " OR ".join(conditions),
                params,
            )
            return cursor.fetchall()

    def _copy(self, table, entry_ids, select, where=""):
        """Copy entries' text into ``table``, replacing rows with the same ids
        (rows left behind by a flushed table may carry a reused id)."""
        for chunk in _chunks(entry_ids, 500):
            placeholders = ", ".join(["%s"] * len(chunk))
            rows = select.format(placeholders=placeholders) + where
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {table} WHERE rowid IN ({placeholders}) "
                    f"OR rowid IN (SELECT id FROM ({rows}))",
                    chunk * 2,
                )
                cursor.execute(f"INSERT INTO {table} (rowid, {self.columns}) {rows}", chunk)

    def add(self, entry_ids):
        """Index new or changed entries: each as a passage if current, and
        its whole section again in the table of every version."""
        self._copy(self.current_table, entry_ids, self._select, where=" AND is_current")
        self._copy(self.table, entry_ids, self._select_sections)

    def ranks_whole_sections(self, *, current_only):
        return not current_only

    def _delete(self, table, entry_ids):
        for chunk in _chunks(entry_ids, 500):
            placeholders = ", ".join(["%s"] * len(chunk))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({placeholders})", chunk)

    def remove(self, entry_ids):
        self._delete(self.table, entry_ids)
        self._delete(self.current_table, entry_ids)

    def mark(self, entry_ids, *, is_current):
        if is_current:
            self._copy(self.current_table, entry_ids, self._select)
        else:
            self._delete(self.current_table, entry_ids)

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(f"DELETE FROM {self.current_table}")


class PostgreSQLEngine:
    """A generated, weighted tsvector (title A, rule text B, body D) with a GIN
    index. ts_rank knows nothing of how common a word is, so each group's rank
    is weighted by its inverse document frequency (as bm25 does), counted over
    the matching passages in the same query. Typo candidates come from pg_trgm
    similarity or the "sounds like" key."""

    # The same proportions as SQLite's bm25 weights (title 8, rule text 4, body 2).
    weights = "{0.25, 0.25, 0.5, 1.0}"  # D, C, B, A
    function = "ts_rank"
    # rank / (rank + 1): each group's share saturates, as term frequency does in bm25.
    normalization = 32

    @staticmethod
    def _tsquery(alternatives, concepts=()):
        parts, params = [], []
        for concept in concepts:
            parts.append("to_tsquery('simple', %s)")
            params.append(concept)
        if not concepts:
            for alt in alternatives:
                function = "phraseto_tsquery" if len(alt) > 1 else "plainto_tsquery"
                parts.append(f"{function}('english', %s)")
                params.append(" ".join(alt))
        return "(" + " || ".join(parts) + ")", params

    def match(self, plan, *, current_only, limit):
        selects, params = [], []
        for n, group in enumerate(plan.groups):
            sql, group_params = self._tsquery(group.alternatives, group.concepts)
            selects.append(f"{sql} AS q{n}")
            params += group_params
        count = len(plan.groups)
        any_group = " || ".join(f"q.q{n}" for n in range(count))
        current = " AND e.is_current" if current_only else ""
        rank = f"{self.function}('{self.weights}', e.search_vector"
        ranks = ", ".join(
            f"{rank}, q.q{n}, {self.normalization}) AS r{n}, "
            f"(e.search_vector @@ q.q{n})::int AS h{n}"
            for n in range(count)
        )
        frequencies = ", ".join(f"sum(h{n}) OVER () AS d{n}" for n in range(count))
        # In double precision: count() is bigint, and ln() of a numeric is
        # computed to arbitrary precision, which cost more than the search.
        score = " + ".join(
            f"r{n} * ln(1 + (n.total - d{n} + 0.5)::float8 / (d{n} + 0.5))" for n in range(count)
        )
        sql = (
            f"WITH q AS (SELECT {', '.join(selects)}), "
            "n AS (SELECT count(*) AS total FROM protocol_searchentry e "
            f"WHERE true{current}), "
            f"m AS (SELECT e.id, e.version_id, e.section_id, {ranks} "
            "FROM protocol_searchentry e, q "
            f"WHERE e.search_vector @@ ({any_group}){current}), "
            f"f AS (SELECT m.*, {frequencies} FROM m) "
            f"SELECT f.id, {score} AS rank, f.version_id, f.section_id FROM f, n "
            "ORDER BY rank DESC, f.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            return [(row[0], float(row[1]), row[2], row[3]) for row in cursor.fetchall()]

    def candidates(self, tokens):
        conditions = " OR ".join(["word %% %s"] * len(tokens))
        sounds = sorted({sound(t) for t in tokens if sound(t)})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, sound, frequency FROM protocol_searchterm "
                f"WHERE sound = ANY(%s) OR {conditions}",
                [sounds, *tokens],
            )
            return cursor.fetchall()

    def ranks_whole_sections(self, *, current_only):
        return False

    # The tsvector column is generated from the row, and is_current is read
    # from the row: nothing to keep in step by hand.
    def add(self, entry_ids):
        pass

    def remove(self, entry_ids):
        pass

    def mark(self, entry_ids, *, is_current):
        pass

    def clear(self):
        pass


def _chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def engine():
    if connection.vendor == "postgresql":
        return PostgreSQLEngine()
    if connection.vendor == "sqlite":
        return SQLiteEngine()
    raise NotImplementedError(f"Search has no engine for {connection.vendor}.")


# --- searching -------------------------------------------------------------


def _may_read(user):
    if user is None:
        return True  # a caller inside the portal, trusted to have checked
    return user.is_authenticated or not settings.PROTOCOL_REQUIRE_LOGIN


def search(query, *, include_superseded=False, limit=10, user=None, detailed=True):
    """Sections and rules of published versions that answer ``query``, best first.

    ``user``, when given, is held to the reading pages' rule (the protocol may
    require logging in). Bad input of any kind gives empty results, never an
    error. With ``detailed=False`` results found as whole sections are not yet
    pointed at their best rule: the caller passes the ones it shows to
    ``point_at_rules()``.
    """
    text = normalise_query(query)
    results = SearchResults(query=text, include_superseded=include_superseded)
    limit = max(1, min(int(limit or 10), 50))
    if not text or not _may_read(user):
        return results
    the_plan = plan(text)
    if not the_plan:
        return results
    results.suggestion = the_plan.suggestion
    the_engine = engine()
    bets = _best_bets(the_plan)
    matches = the_engine.match(
        the_plan,
        current_only=not include_superseded,
        limit=max(MIN_ENTRIES, limit * ENTRIES_PER_RESULT),
    )
    # The best passage of each section; best bets' sections first.
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
    for pk, score, version_id, section_id in matches:
        if len(chosen) >= limit:
            break
        if (version_id, section_id) not in seen:
            seen.add((version_id, section_id))
            chosen[pk] = (score, False)
    rows = {
        row.pk: row
        for row in SearchEntry.objects.filter(pk__in=list(chosen)).values_list(
            *_HIT_COLUMNS, named=True
        )
    }
    highlighter = Highlighter(the_plan)
    whole_sections = the_engine.ranks_whole_sections(current_only=not include_superseded)
    results.results = [
        _hit(rows[pk], score, best_bet, highlighter, whole_sections)
        for pk, (score, best_bet) in chosen.items()
        if pk in rows  # an entry removed since the engine found it is skipped
    ]
    if detailed:
        point_at_rules(results.results)
    return results


# What a result needs, read as plain values in one query: making model
# instances of five tables for every result cost more than the search itself.
_HIT_COLUMNS = [
    "pk", "rule_id", "text", "body", "document__slug", "document__title", "version__number",
    "version__status", "section_id", "section__number", "section__title", "section__slug",
    "rule__anchor", "rule__kind",
]  # fmt: skip


def point_at_rules(hits):
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


def _best_bets(the_plan):
    """{(document id, section slug): order} of best bets whose words are all in the query."""
    bets = {}
    for bet in BestBet.objects.active().order_by("pk"):
        key = _key(words(bet.query))
        if key and set(key) <= the_plan.stems:
            bets.setdefault((bet.document_id, bet.section_slug), len(bets))
    return bets


def _bet_filter(bets):
    condition = Q(pk__in=[])
    for document_id, slug in bets:
        condition |= Q(
            document_id=document_id, section__slug=slug, rule__isnull=True, is_current=True
        )
    return condition


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
        return any(stem(word.lower()) in self.stems for word in _WORD.findall(text or ""))

    def count(self, text):
        """How many different words of the query ``text`` has."""
        return len({stem(word.lower()) for word in _WORD.findall(text or "")} & self.stems)

    def whole(self, text):
        return mark_safe(self._marked(_SPLIT.split(text or "")))  # noqa: S308 - escaped

    def snippet(self, text):
        """The stretch of about WINDOW words with the most matches; (html, any match)."""
        parts = _SPLIT.split(text or "")  # text, word, text, word, ..., text
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


def _hit(row, score, best_bet, highlighter, whole_sections):
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


def suggest(query, *, limit=5, user=None):
    """As-you-type suggestions: the last, unfinished word completed to the most
    frequent indexed word it begins, then searched."""
    text = normalise_query(query)
    if not text or not _may_read(user):
        return SearchResults(query=text)
    tokens = words(text)
    if tokens and not text.endswith(" ") and len(tokens[-1]) >= 2:
        completion = (
            SearchTerm.objects.filter(word__startswith=tokens[-1])
            .order_by("-frequency", "word")
            .values_list("word", flat=True)
            .first()
        )
        if completion:
            text = text[: text.rfind(tokens[-1])] + completion
    results = search(text, limit=limit, user=user)
    results.query = normalise_query(query)
    return results


# --- the search log ---------------------------------------------------------


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


def redact(text):
    """``text`` with e-mail addresses, links, @handles, postcodes and long
    numbers replaced by a placeholder such as "[email]"."""
    for pattern, placeholder in _REDACTIONS:
        text = pattern.sub(placeholder, text)
    return text


def log_search(results):
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


def record_click(log_id, rank):
    """Note that a search led somewhere (only the first click counts)."""
    from django.utils import timezone

    SearchLog.objects.filter(pk=log_id, clicked_at__isnull=True).update(
        clicked_at=timezone.now(), clicked_rank=rank
    )


# --- keeping the index in step with publishing ------------------------------


def _entries_for(version, sections, rules_by_section, is_current, synonyms):
    for section in sections:
        title = plain_line(section.title)[:400]
        title_concepts = synonyms.concepts(title)
        body = plain_text(section.body)
        yield SearchEntry(
            document_id=version.document_id,
            version=version,
            section=section,
            is_current=is_current,
            title=title,
            body=body,
            title_concepts=title_concepts,
            body_concepts=synonyms.concepts(body),
        )
        for rule in rules_by_section.get(section.pk, []):
            text = plain_text(rule.text)
            if rule.term:
                text = f"{plain_line(rule.term)} – {text}"
            yield SearchEntry(
                document_id=version.document_id,
                version=version,
                section=section,
                rule=rule,
                is_current=is_current,
                title=title,
                text=text,
                title_concepts=title_concepts,
                text_concepts=synonyms.concepts(text),
            )


def index_version(version, synonyms=None):
    """(Re-)index every section and rule of one published or superseded version."""
    if version.is_draft:
        return 0
    the_engine = engine()
    stale = list(SearchEntry.objects.filter(version=version).values_list("pk", flat=True))
    if stale:
        SearchEntry.objects.filter(pk__in=stale).delete()
        the_engine.remove(stale)
    sections = list(Section.objects.filter(version=version).order_by("order"))
    rules_by_section = {}
    for rule in Rule.objects.filter(section__version=version).order_by("order"):
        rules_by_section.setdefault(rule.section_id, []).append(rule)
    entries = SearchEntry.objects.bulk_create(
        _entries_for(
            version,
            sections,
            rules_by_section,
            version.is_current,
            synonyms or Synonyms.load(),
        ),
        batch_size=500,
    )
    ids = [entry.pk for entry in entries]
    if any(i is None for i in ids):  # a backend that does not return ids
        ids = list(SearchEntry.objects.filter(version=version).values_list("pk", flat=True))
    the_engine.add(ids)
    _count_words(entries)
    return len(entries)


@transaction.atomic
def synonyms_changed():
    """Work the Monitoring Officer's synonym lists into every indexed passage
    again (called when a list is added, changed or deleted)."""
    synonyms = Synonyms.load()
    the_engine = engine()
    changed = []
    entries = SearchEntry.objects.only(
        "title", "text", "body", "title_concepts", "text_concepts", "body_concepts"
    ).order_by("pk")
    for entry in entries.iterator(chunk_size=1000):
        concepts = (
            synonyms.concepts(entry.title),
            synonyms.concepts(entry.text),
            synonyms.concepts(entry.body),
        )
        if concepts != (entry.title_concepts, entry.text_concepts, entry.body_concepts):
            entry.title_concepts, entry.text_concepts, entry.body_concepts = concepts
            changed.append(entry)
    SearchEntry.objects.bulk_update(
        changed, ["title_concepts", "text_concepts", "body_concepts"], batch_size=500
    )
    the_engine.add([entry.pk for entry in changed])
    return len(changed)


def _count_words(entries):
    counts = {}
    for entry in entries:
        for word in words(f"{entry.title} {entry.text} {entry.body}"):
            if 2 <= len(word) <= 60 and not word.isdigit():
                counts[word] = counts.get(word, 0) + 1
    for chunk in _chunks(sorted(counts), 500):
        existing = {term.word: term for term in SearchTerm.objects.filter(word__in=chunk)}
        for term in existing.values():
            term.frequency += counts[term.word]
        SearchTerm.objects.bulk_update(existing.values(), ["frequency"])
        SearchTerm.objects.bulk_create(
            [
                SearchTerm(word=w, stem=stem(w)[:60], sound=sound(w), frequency=counts[w])
                for w in chunk
                if w not in existing
            ],
            ignore_conflicts=True,
        )


def mark_superseded(document_id, except_version_id=None):
    stale = SearchEntry.objects.filter(document_id=document_id, is_current=True)
    if except_version_id is not None:
        stale = stale.exclude(version_id=except_version_id)
    ids = list(stale.values_list("pk", flat=True))
    SearchEntry.objects.filter(pk__in=ids).update(is_current=False)
    engine().mark(ids, is_current=False)


@transaction.atomic
def version_published(version):
    """The index follows publishing: the new version is searchable at once and
    its predecessor moves to "earlier versions". Called inside publish()'s
    transaction, so a failed publication leaves the index as it was."""
    mark_superseded(version.document_id, except_version_id=version.pk)
    index_version(version)


@transaction.atomic
def rebuild():
    """Index every published and superseded version again, from nothing."""
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()
    engine().clear()
    count, synonyms = 0, Synonyms.load()
    for version in Version.objects.published().order_by("document_id", "number"):
        count += index_version(version, synonyms)
    return count


def ensure_index():
    """After migrate (and a test flush): drop engine rows the model no longer
    has, and build the index when versions are published but none is indexed."""
    if not SearchEntry.objects.exists():
        engine().clear()
        if Version.objects.published().exists():
            rebuild()
