"""python manage.py train_post_check [--posts FILE] [--cross-validate] [--output FILE]"""

from django.core.management.base import BaseCommand

from protocol.postcheck import evaluation, learned
from protocol.postcheck.checking import load_checks, model_kinds


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
            help=(
                "Score each batch with a model trained on all the others: the model alone, "
                "and the checks in the database weighed with it (several minutes)."
            ),
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
        lists, about = load_checks()
        with_model = model_kinds(about)
        alone, weighed, unseen = evaluation.Report(), evaluation.Report(), evaluation.Report()
        self.stdout.write(f"{'batch':<16} {'posts':>5}  {'the model alone':>17}  {'checks':>17}")
        for batch, held, model in training.cross_validate(examples):
            own = evaluation.Report()
            for post in held:
                scores = model.read(post["text"]).scores
                found = {kind for kind, score in scores.items() if score >= threshold}
                own.posts += 1
                evaluation.count(own, set(post["kinds"]), found)
            checks = evaluation.evaluate(held, lists, with_model=with_model, model=model)
            alone.add(own)
            weighed.add(checks)
            if batch in evaluation.MODEL_ONLY_BATCHES:
                unseen.add(checks)
            self.stdout.write(
                f"{batch:<16} {own.posts:>5}  {_figures(own.overall):>17}  "
                f"{_figures(checks.overall):>17}"
            )
        self.stdout.write(
            "\nEach batch scored by a model trained on the others (precision / recall):"
        )
        rows = [
            (f"the model alone (>= {threshold}), every batch", alone),
            ("the checks weighed with it, every batch", weighed),
        ]
        if unseen.posts:
            rows.append(("the checks, on batches the lists never learned from", unseen))
        for label, report in rows:
            self.stdout.write(f"\n{label}: {report.posts} posts")
            for kind, c in [*report.by_kind.items(), ("overall", report.overall)]:
                self.stdout.write(f"  {kind:<18} {c.precision:>9.1%} {c.recall:>7.1%}")


def _figures(counts):
    return f"{counts.precision:.1%} / {counts.recall:.1%}"
