"""The one text normaliser of search: what a query, a synonym, a best bet and
an indexed passage are reduced to before they are compared.

Nothing here reads the database, so the models, the forms and the engines
can all use it.
"""

import functools
import html
import re
import threading
import unicodedata

import jellyfish
import snowballstemmer
from django.utils.html import strip_tags

from protocol.rendering import render_markdown

MAX_QUERY_LENGTH = 200

WORD = re.compile(r"[^\W_]+")
SPLIT = re.compile(r"([^\W_]+)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
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


def clean_query(text: object) -> str:
    """The query as a member typed it, made safe to search and show: NFKC,
    anything unprintable as a space, single spaces, at most MAX_QUERY_LENGTH
    characters. The search box shows this; it never fails."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def normalise_query(text: object) -> str:
    """The query as the portal stores and compares it: ``clean_query`` in lower case."""
    return clean_query(text).lower()


_local = threading.local()


def _stemmer():
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("english")
    return _local.stemmer


@functools.lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


@functools.lru_cache(maxsize=20000)
def sound(word: str) -> str:
    """A "sounds like" key: "copywrite" and "copyright" share one."""
    try:
        return jellyfish.metaphone(word)[:60]
    except ValueError:
        return ""


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def phrase_key(phrase) -> tuple[str, ...]:
    """A phrase's stems without function words: how synonyms and best bets are compared."""
    return tuple(stem(w) for w in phrase if w not in STOPWORDS)


def plain_line(text: str) -> str:
    """One line of text without control characters (the engines' marks among them)."""
    return " ".join(_CONTROL.sub(" ", text).split())


# Text with none of these is the same before and after Markdown, and
# rendering (a millisecond a time) is most of the cost of indexing.
_MARKUP = re.compile(r"[*_`\[\]<>&#\\|~=]|^\s*(?:[-+]|\d+[.)])\s", re.MULTILINE)


def plain_text(markdown_text: str, rendered: str | None = None) -> str:
    """What a member reads, without markup, for the index and its snippets.
    ``rendered`` is the text's HTML when it is already stored (a section's
    ``body_html``, a rule's ``text_html``), so it is not rendered again."""
    if not _MARKUP.search(markdown_text or ""):
        return plain_line(markdown_text or "")
    if not rendered:
        rendered = str(render_markdown(markdown_text))
    return plain_line(html.unescape(strip_tags(rendered)))
