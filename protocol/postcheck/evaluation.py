"""How well the checks find what they should: precision and recall per kind and
overall, over labelled example posts (``evaluation.json`` beside this module).

The set has several batches (its "about" says what each is): each was written
before a round of changes to the detectors and word lists, scored once, and
then used in that round. The score a batch got before it was used shows how
the checks carry over to posts they have not seen; once used, a batch guards
against losing what that round gained.

A post counts once per kind: a true positive when the kind is among its labels
and fired, a false positive when it fired but is not a label, a false negative
when it is a label and did not fire. "Overall" adds the counts of every kind.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from protocol.postcheck.checking import decide, load_checks, model_kinds
from protocol.postcheck.models import Kind

EVALUATION_SET = Path(__file__).resolve().parent / "evaluation.json"
RECALL_TARGET = 0.90
PRECISION_TARGET = 0.85
KIND_TARGET = 0.75


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Miss:
    text: str
    expected: list
    found: list


@dataclass
class Report:
    posts: int = 0
    by_kind: dict = field(default_factory=lambda: {k.value: Counts() for k in Kind})
    misses: list = field(default_factory=list)

    @property
    def overall(self):
        return Counts(
            sum(c.tp for c in self.by_kind.values()),
            sum(c.fp for c in self.by_kind.values()),
            sum(c.fn for c in self.by_kind.values()),
        )

    def add(self, other):
        """Count ``other``'s posts in this report too."""
        self.posts += other.posts
        for kind, counts in other.by_kind.items():
            mine = self.by_kind[kind]
            mine.tp += counts.tp
            mine.fp += counts.fp
            mine.fn += counts.fn

    @property
    def meets_targets(self):
        overall = self.overall
        return (
            overall.recall >= RECALL_TARGET
            and overall.precision >= PRECISION_TARGET
            and all(
                c.precision >= KIND_TARGET and c.recall >= KIND_TARGET
                for c in self.by_kind.values()
            )
        )


# Batches written after the last round of word lists, used only to train the
# model beside them (``train_post_check``).
MODEL_ONLY_BATCHES = ("tenth-round", *(f"writer-{n}" for n in range(8, 34)))

# Posts never used to change the checks: scored and reported, not held to the
# targets, and left out of "all batches".
HELD_BACK = "held-back"


def batch_names(path=EVALUATION_SET) -> list[str]:
    """The batches in the file, in order, the held-back one last."""
    posts = json.loads(Path(path).read_text(encoding="utf-8"))["posts"]
    names = list(dict.fromkeys(p["batch"] for p in posts if p.get("batch")))
    return sorted(names, key=lambda name: name == HELD_BACK)


def load_posts(path=EVALUATION_SET, batch=None):
    """The posts of ``batch``; with none, those of every batch but the held-back one."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    posts = data["posts"]
    if batch is None:
        return [p for p in posts if p.get("batch") != HELD_BACK]
    return [p for p in posts if p.get("batch") == batch]


def count(report, expected, found):
    """Add one post's kinds, ``expected`` and ``found``, to ``report``."""
    for kind, counts in report.by_kind.items():
        if kind in expected and kind in found:
            counts.tp += 1
        elif kind in found:
            counts.fp += 1
        elif kind in expected:
            counts.fn += 1


def evaluate(posts, checks=None, *, with_model=None, model=None):
    """Score the checks on ``posts``: the enabled ones in the database, with the
    trained model where each says so, unless ``checks`` ({kind: Lists}) and the
    kinds ``with_model`` are given; ``model`` is the shipped model unless given."""
    if checks is None:
        checks, about = load_checks()
        if with_model is None:
            with_model = model_kinds(about)
    report = Report()
    for post in posts:
        expected = set(post["kinds"])
        found = {
            f.kind
            for f in decide(
                post["text"],
                checks,
                with_model=with_model or (),  # lists given alone: no model
                model=model,
                account=post.get("account", ""),
                feelings=post.get("feelings", ()),
            )
        }
        report.posts += 1
        count(report, expected, found)
        if expected != found:
            report.misses.append(Miss(post["text"], sorted(expected), sorted(found)))
    return report
