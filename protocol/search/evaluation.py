"""How well search answers members' questions: hit@3 and mean reciprocal rank
over the evaluation set beside this module (``evaluation.json``): questions
members really ask, each with the sections that answer it.

hit@3 is the share of questions with an answering section among the first
three results; MRR is the mean of 1/rank of the first answering section (0
when none is in the first ten).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from protocol import search
from protocol.importing import decode, parse, save_draft
from protocol.models import Document, Version
from protocol.publishing import publish

EVALUATION_SET = Path(__file__).resolve().parent / "evaluation.json"
HIT_AT_3_TARGET = 0.90
MRR_TARGET = 0.85


@dataclass
class Outcome:
    question: str
    answers: list
    found: list  # section numbers, in the order search gave them
    written_before_synonyms: bool

    @property
    def rank(self):
        return next((i + 1 for i, n in enumerate(self.found) if n in self.answers), None)

    @property
    def hit_at_3(self):
        return self.rank is not None and self.rank <= 3

    @property
    def reciprocal_rank(self):
        return 1 / self.rank if self.rank else 0.0


@dataclass
class Report:
    outcomes: list

    def _mean(self, values):
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    @property
    def hit_at_3(self):
        return self._mean(o.hit_at_3 for o in self.outcomes)

    @property
    def mrr(self):
        return self._mean(o.reciprocal_rank for o in self.outcomes)

    def subset(self, written_before_synonyms):
        return Report(
            [o for o in self.outcomes if o.written_before_synonyms == written_before_synonyms]
        )

    @property
    def meets_targets(self):
        return self.hit_at_3 >= HIT_AT_3_TARGET and self.mrr >= MRR_TARGET


def load_questions(path: Path | str = EVALUATION_SET) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@transaction.atomic
def ensure_seed(seed_path: Path | str, title: str) -> Document:
    """The seed's document, imported and published unless already there."""
    document = Document.objects.filter(title=title).first()
    if document is None or not Version.objects.filter(document=document).current().exists():
        version = save_draft(parse(decode(Path(seed_path).read_bytes())))
        version = publish(version).version
        document = version.document
    return document


def evaluate(
    document: Document, questions: list[dict], *, include_superseded: bool = False
) -> Report:
    """Score the questions; ``include_superseded`` asks as "search earlier
    versions too" does (a section found in several versions counts once)."""
    outcomes = []
    for item in questions:
        results = search.search(item["q"], limit=10, include_superseded=include_superseded)
        found = list(
            dict.fromkeys(hit.section for hit in results.results if hit.document == document.slug)
        )
        outcomes.append(
            Outcome(
                question=item["q"],
                answers=[str(a) for a in item["answers"]],
                found=found,
                written_before_synonyms=bool(item.get("written_before_synonyms")),
            )
        )
    return Report(outcomes)
