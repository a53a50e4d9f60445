"""How well the checks find what they should: precision and recall per kind and
overall, over labelled example posts (``evaluation.json`` beside this module).

The set has several batches (its "about" says what each is): each was written
before a round of changes to the detectors and word lists, scored once, and
then used in that round. The latest batch has not been used to change a word
list or a detector, so it shows whether the improvements carry over to posts
the checks have not seen.

A post counts once per kind: a true positive when the kind is among its labels
and fired, a false positive when it fired but is not a label, a false negative
when it is a label and did not fire. "Overall" adds the counts of every kind.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from protocol.postcheck.checking import load_checks
from protocol.postcheck.detectors import run
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


def load_posts(path=EVALUATION_SET, batch=None):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    posts = data["posts"]
    return [p for p in posts if batch is None or p["batch"] == batch]


def evaluate(posts, checks=None):
    """Score the checks (the enabled ones in the database unless given) on ``posts``."""
    if checks is None:
        checks, _ = load_checks()
    report = Report()
    for post in posts:
        expected = set(post["kinds"])
        found = {
            f.kind
            for f in run(
                post["text"],
                checks,
                account=post.get("account", ""),
                feelings=post.get("feelings", ()),
            )
        }
        report.posts += 1
        for kind, counts in report.by_kind.items():
            if kind in expected and kind in found:
                counts.tp += 1
            elif kind in found:
                counts.fp += 1
            elif kind in expected:
                counts.fn += 1
        if expected != found:
            report.misses.append(Miss(post["text"], sorted(expected), sorted(found)))
    return report
