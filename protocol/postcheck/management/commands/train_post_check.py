"""python manage.py train_post_check [--posts FILE] [--cross-validate] [--output FILE]"""

from django.core.management.base import BaseCommand

from protocol.postcheck import evaluation, learned


class Command(BaseCommand):
    help = (
        "Train the post checks' model on the labelled example posts (every batch but "
        "held-back) and write it beside the code, or with --cross-validate score each "
        "batch with a model trained on the others. Needs scikit-learn (a development "
        "dependency); the portal itself runs the model with NumPy alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", default=str(evaluation.EVALUATION_SET))
        parser.add_argument("--output", default=str(learned.MODEL_FILE))
        parser.add_argument(
            "--cross-validate",
            action="store_true",
            help="Score each batch with a model trained on all the others (the model alone).",
        )

    def handle(self, *args, posts, output, cross_validate=False, **options):
        from protocol.postcheck import training

        examples = evaluation.load_posts(posts)
        if cross_validate:
            self._cross_validate(training, examples)
            return
        arrays = training.train(examples)
        training.save(arrays, output)
        self.stdout.write(
            f"Trained on {len(examples)} posts ({len(arrays['idf'])} features); wrote {output}."
        )

    def _cross_validate(self, training, examples):
        threshold = training.SETTINGS["threshold"]
        total = evaluation.Report()
        for batch, scored in training.cross_validate(examples).items():
            report = evaluation.Report()
            for expected, scores in scored:
                found = {kind for kind, score in scores.items() if score >= threshold}
                for counts in (report, total):
                    counts.posts += 1
                    evaluation.count(counts, expected, found)
            overall = report.overall
            self.stdout.write(
                f"{batch:<16} {report.posts:>4} posts  precision {overall.precision:6.1%}  "
                f"recall {overall.recall:6.1%}"
            )
        self.stdout.write(f"\nEach batch scored by a model trained on the others (>= {threshold}):")
        for kind, c in [*total.by_kind.items(), ("overall", total.overall)]:
            self.stdout.write(f"  {kind:<18} {c.precision:>9.1%} {c.recall:>7.1%}")
