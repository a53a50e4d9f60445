"""The query plan: a member's words read into what the engine is asked.

Words are cut to a sane number, function words dropped, a word the index has
never seen corrected to the nearest indexed one ("Did you mean …"), and each
word or phrase widened with the Monitoring Officer's synonym lists.
"""

import functools
import re
from dataclasses import dataclass, field

import jellyfish
from django.db.models import Q

from protocol.search.backends import engine
from protocol.search.models import SearchTerm, Synonym
from protocol.search.text import STOPWORDS, phrase_key, sound, stem, words

MAX_WORDS = 12


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
                key = phrase_key(term)
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


def concept_token(set_id: int) -> str:
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


def is_english_word(word: str) -> bool:
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


def plan(query: str, synonyms: "Synonyms | None" = None) -> "Plan":
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
