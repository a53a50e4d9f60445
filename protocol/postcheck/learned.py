"""The trained model beside the word lists.

The word lists and shapes in ``detectors`` find the wordings someone has
written down; a member's post is often worded in a way nobody listed. The
model reads a post as a whole (its words, pairs of words and the short runs of
letters inside words, each weighted by how rare it is across the example posts)
and gives each kind a likelihood, one logistic regression per kind, learned
from the labelled example posts in ``evaluation.json``
(``manage.py train_post_check`` writes ``trained_model.npz`` from them).

``checking.decide`` weighs the two together: a kind is raised when the model's
likelihood for the post reaches ``threshold``, or where the lists found a
passage, when the likelihood for the post or for that passage's sentence
reaches ``list_threshold``. Where only the model raised it, the passage
shown is the sentence the model finds most likely.

Only NumPy is needed to read and run the model; scikit-learn, which fits it,
is needed only by ``train_post_check``.
"""

import hashlib
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np

from protocol.postcheck.detectors import sentence_spans

MODEL_FILE = Path(__file__).resolve().parent / "trained_model.npz"

_WORD = re.compile(r"\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")
_PUNCTUATION = "\"'“”‘’.,;:!?()[]{}…-–—*#@/"
CHAR_SIZES = (2, 5)


def word_features(text):
    """Words of two letters or more, and each pair of neighbouring words."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def _char_words(text):
    return _SPACES.sub(" ", text.lower()).split()


def _grams_of(word):
    low, high = CHAR_SIZES
    word = f" {word} "
    size, grams = len(word), []
    for n in range(low, high + 1):
        grams.extend(word[i : i + n] for i in range(max(size - n + 1, 1)))
        if size <= n:
            break
    return grams


def char_features(text):
    """Runs of 2 to 5 letters inside each word, the word padded with a space
    each side (so " ab" is a beginning and "ab " an end)."""
    return [gram for word in _char_words(text) for gram in _grams_of(word)]


FEATURES = (word_features, char_features)


def fingerprint(posts, settings):
    """What a model was trained from: its posts, their labels and its settings."""
    payload = json.dumps(
        [settings, [[p["text"], sorted(p["kinds"])] for p in posts]],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class Model:
    """A trained model read from its arrays (see ``training.train``)."""

    def __init__(self, arrays):
        self.kinds = [str(k) for k in arrays["kinds"]]
        self.blocks = []
        offset = 0
        for name in ("words", "chars"):
            vocabulary = arrays[name]
            index = {str(term): offset + i for i, term in enumerate(vocabulary)}
            self.blocks.append(index)
            offset += len(vocabulary)
        self.idf = np.asarray(arrays["idf"], dtype=np.float64)
        self.coef = np.asarray(arrays["coef"], dtype=np.float32)
        self.intercept = np.asarray(arrays["intercept"], dtype=np.float64)
        self.threshold = float(arrays["threshold"])
        self.list_threshold = float(arrays["list_threshold"])
        self.trained_on = str(arrays["trained_on"])
        self._by_word = {}

    @classmethod
    def load(cls, path=MODEL_FILE):
        with np.load(path, allow_pickle=False) as arrays:
            return cls(dict(arrays))

    def _char_indices(self, word):
        """The features of one word's runs of letters. Those of the example
        posts' own words are remembered (a post's words are read again sentence
        by sentence, and common words recur); a member's other words, names
        among them, are not kept once the post is read."""
        found = self._by_word.get(word)
        if found is None:
            found = [i for i in map(self.blocks[1].get, _grams_of(word)) if i is not None]
            if word.strip(_PUNCTUATION) in self.blocks[0]:
                self._by_word[word] = found
        return found

    def _features(self, text):
        words = [i for i in map(self.blocks[0].get, word_features(text)) if i is not None]
        chars = [i for word in _char_words(text) for i in self._char_indices(word)]
        return words, chars

    def _vector(self, text):
        """(feature indices, weights): each block's counts, dampened (1 + log n),
        times how rare the feature is, scaled to length one."""
        indices, weights = [], []
        for found in self._features(text):
            counts = Counter(found)
            if not counts:
                continue
            where = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weight = (1.0 + np.log(tf)) * self.idf[where]
            weight /= np.linalg.norm(weight)
            indices.append(where)
            weights.append(weight)
        if not indices:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        return np.concatenate(indices), np.concatenate(weights)

    def _likelihoods(self, text):
        return self._likelihoods_of([text])[0]

    def _likelihoods_of(self, texts):
        """An array of likelihoods, a row for each text, in one product."""
        vectors = [self._vector(text) for text in texts]
        sizes = [len(where) for where, _ in vectors]
        z = np.tile(self.intercept, (len(texts), 1))
        if sum(sizes):
            where = np.concatenate([w for w, _ in vectors])
            weight = np.concatenate([v for _, v in vectors])
            rows = np.repeat(np.arange(len(texts)), sizes)
            np.add.at(z, rows, self.coef[where] * weight[:, None])
        return 1.0 / (1.0 + np.exp(-z))

    def scores(self, text):
        """{kind: likelihood between 0 and 1} for the whole post."""
        return self.read(text).scores

    def read(self, text):
        """A ``Reading`` of ``text``: its likelihoods, and its sentences' when asked."""
        return Reading(self, text)


class Reading:
    """One post read by the model: the post's likelihoods at once, each
    sentence's the first time a passage is looked for (once for every kind)."""

    def __init__(self, model, text):
        self.model, self.text = model, text
        self.scores = dict(zip(model.kinds, model._likelihoods(text).tolist(), strict=True))
        self._sentences = None

    @property
    def sentences(self):
        """[(start, end, likelihoods)] for each sentence with words in it."""
        if self._sentences is None:
            text = self.text
            spans = [(s, e) for s, e in sentence_spans(text) if text[s:e].strip()]
            likelihoods = self.model._likelihoods_of([text[s:e] for s, e in spans])
            self._sentences = [(s, e, row) for (s, e), row in zip(spans, likelihoods, strict=True)]
        return self._sentences

    def likelihood_around(self, kind, positions):
        """The likelihood of ``kind`` for the whole post or for a sentence holding
        one of ``positions``, whichever is higher: a passage the lists found is
        not drowned by a long post around it."""
        column = self.model.kinds.index(kind)
        around = [
            float(likelihoods[column])
            for start, end, likelihoods in self.sentences
            if any(start <= p < end for p in positions)
        ]
        return max([self.scores[kind], *around])

    def passage(self, kind):
        """(start, end) of the sentence most likely to raise ``kind``, its
        surrounding spaces left out."""
        column = self.model.kinds.index(kind)
        if not self.sentences:
            return (0, len(self.text))
        start, end, _ = max(self.sentences, key=lambda s: s[2][column])
        sentence = self.text[start:end]
        return (start + len(sentence) - len(sentence.lstrip()), start + len(sentence.rstrip()))


@cache
def shipped():
    """The model in ``trained_model.npz``, read once per process."""
    return Model.load()
