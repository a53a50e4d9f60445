"""Fitting the trained model (``learned``) to labelled example posts.

scikit-learn does the fitting: TF-IDF weights over ``learned.FEATURES`` and one
logistic regression per kind, each kind's rare positive posts weighted up to
balance its many negative ones. What it learns is kept as plain arrays
(vocabulary, weights), so the portal reads and runs the model with NumPy alone.
"""

import numpy as np

from protocol.postcheck import learned
from protocol.postcheck.models import Kind

# Chosen by cross-validation that leaves out one writer's batch at a time
# (``train_post_check --cross-validate``; figures in bench/results.md).
SETTINGS = {"C": 16.0, "min_df": 2, "threshold": 0.475, "list_threshold": 0.1875}


def _vectorizer(min_df):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            (f.__name__, TfidfVectorizer(analyzer=f, sublinear_tf=True, min_df=min_df))
            for f in learned.FEATURES
        ]
    )


def fit(texts, labels, settings=SETTINGS):
    """(vectorizer, [one classifier per kind]) fitted to ``texts``;
    ``labels`` is a list of sets of kinds."""
    from sklearn.linear_model import LogisticRegression

    vectorizer = _vectorizer(settings["min_df"])
    x = vectorizer.fit_transform(texts)
    classifiers = []
    for kind in Kind.values:
        y = np.array([kind in kinds for kinds in labels], dtype=int)
        if y.min() == y.max():  # no post has it (or every one does): nothing to learn
            classifiers.append(_Constant(x.shape[1], bool(y.max())))
            continue
        classifier = LogisticRegression(C=settings["C"], class_weight="balanced", max_iter=5000)
        classifiers.append(classifier.fit(x, y))
    return vectorizer, classifiers


class _Constant:
    """A kind the examples never (or always) have: the same likelihood for any post."""

    def __init__(self, features, always):
        self.coef_ = np.zeros((1, features))
        self.intercept_ = np.array([10.0 if always else -10.0])

    def predict_proba(self, x):
        p = 1.0 / (1.0 + np.exp(-self.intercept_[0]))
        return np.tile([1.0 - p, p], (x.shape[0], 1))


def train(posts, settings=SETTINGS):
    """The arrays ``learned.Model`` reads, fitted to ``posts``."""
    texts = [p["text"] for p in posts]
    vectorizer, classifiers = fit(texts, [set(p["kinds"]) for p in posts], settings)
    arrays = {"kinds": np.array(Kind.values)}
    idf = []
    for (_, tfidf), key in zip(vectorizer.transformer_list, ("words", "chars"), strict=True):
        vocabulary = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.get)
        arrays[key] = np.array(vocabulary, dtype=str)
        idf.append(tfidf.idf_)
    arrays["idf"] = np.concatenate(idf).astype(np.float32)
    arrays["coef"] = np.stack([c.coef_[0] for c in classifiers], axis=1).astype(np.float32)
    arrays["intercept"] = np.array([c.intercept_[0] for c in classifiers], dtype=np.float64)
    arrays["threshold"] = np.array(settings["threshold"])
    arrays["list_threshold"] = np.array(settings["list_threshold"])
    arrays["trained_on"] = np.array(learned.fingerprint(posts, settings))
    return arrays


def save(arrays, path=learned.MODEL_FILE):
    np.savez_compressed(path, **arrays)


def cross_validate(posts, settings=SETTINGS):
    """(batch, its posts, a model fitted to all the other batches) for each
    batch in turn: each scored as a writer nobody trained on would be."""
    for batch in dict.fromkeys(p["batch"] for p in posts):
        train_on = [p for p in posts if p["batch"] != batch]
        held = [p for p in posts if p["batch"] == batch]
        yield batch, held, learned.Model(train(train_on, settings))
