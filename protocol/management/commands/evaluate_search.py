"""python manage.py evaluate_search [--seed PATH] [--earlier] [--verbose]"""

import os

from django.core.management.base import BaseCommand, CommandError

from protocol.search import evaluation


class Command(BaseCommand):
    help = (
        "Score search against the evaluation set of member questions: hit@3 and MRR. "
        "Imports the seed (--seed, or PROTOCOL_SEED) unless its document is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", help="The protocol the questions are about.")
        parser.add_argument(
            "--questions", default=str(evaluation.EVALUATION_SET), help="The evaluation set."
        )
        parser.add_argument(
            "--earlier",
            action="store_true",
            help='Search as "search earlier versions too" does.',
        )
        parser.add_argument("--verbose", action="store_true", help="Show every question.")

    def handle(self, *args, seed=None, questions, earlier=False, verbose=False, **options):
        data = evaluation.load_questions(questions)
        seed = seed or os.environ.get("PROTOCOL_SEED")
        title = data["document_title"]
        if seed:
            if not os.path.exists(seed):
                raise CommandError(f"There is no seed at {seed}.")
            document = evaluation.ensure_seed(seed, title)
        else:
            from protocol.models import Document

            document = Document.objects.filter(title=title).first()
            if document is None:
                raise CommandError(
                    f"No {title!r} in the database: give --seed PATH or set PROTOCOL_SEED."
                )
        report = evaluation.evaluate(document, data["questions"], include_superseded=earlier)
        if verbose:
            for outcome in report.outcomes:
                mark = "ok " if outcome.hit_at_3 else "MISS"
                self.stdout.write(
                    f"{mark} rank {outcome.rank or '-':>2}  {outcome.question!r}  "
                    f"want {','.join(outcome.answers)}  got {','.join(outcome.found[:5])}"
                )
        for label, part in [
            ("all questions", report),
            ("written before the synonyms", report.subset(True)),
            ("written after", report.subset(False)),
        ]:
            if part.outcomes:
                self.stdout.write(
                    f"{label:<30} {len(part.outcomes):>3} questions  "
                    f"hit@3 {part.hit_at_3:.1%}  MRR {part.mrr:.3f}"
                )
        verdict = "meets" if report.meets_targets else "MISSES"
        self.stdout.write(
            f"{verdict} the targets (hit@3 >= {evaluation.HIT_AT_3_TARGET:.0%}, "
            f"MRR >= {evaluation.MRR_TARGET})"
        )
