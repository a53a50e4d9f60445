"""python manage.py evaluate_post_check [--batch NAME] [--posts FILE] [--verbose]"""

from django.core.management.base import BaseCommand, CommandError

from protocol.postcheck import evaluation


class Command(BaseCommand):
    help = (
        "Score the post checks (the enabled checks in the database, with the trained model "
        "where each uses it) against the labelled example posts: precision and recall per "
        "kind and overall, for each batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", default=str(evaluation.EVALUATION_SET))
        parser.add_argument(
            "--batch",
            help=(
                "Only this batch: first, held-out, fresh, third-round to tenth-round, "
                "writer-8 to writer-33, or held-back when the file has one (never used "
                "to change the checks or train the model)."
            ),
        )
        parser.add_argument("--verbose", action="store_true", help="Show every post scored wrong.")
        parser.add_argument(
            "--lists-only",
            action="store_true",
            help="Score the word lists alone, as if no check used the trained model.",
        )

    def handle(self, *args, posts, batch=None, verbose=False, lists_only=False, **options):
        if batch:
            batches = [batch]
        else:
            names = evaluation.batch_names(posts)
            used = [name for name in names if name != evaluation.HELD_BACK]
            batches = [*used, None, *(name for name in names if name == evaluation.HELD_BACK)]
        verdicts = []
        for name in batches:
            report = evaluation.evaluate(
                evaluation.load_posts(posts, name), with_model=set() if lists_only else None
            )
            if not report.posts:
                raise CommandError(f"No example posts in batch “{name}”.")
            label = name or "all batches" + (" but held-back" if len(used) < len(names) else "")
            self.stdout.write(f"\n{label}: {report.posts} posts")
            self.stdout.write(f"  {'kind':<18} {'precision':>9} {'recall':>7}   tp  fp  fn")
            for kind, c in [*report.by_kind.items(), ("overall", report.overall)]:
                self.stdout.write(
                    f"  {kind:<18} {c.precision:>9.1%} {c.recall:>7.1%}  "
                    f"{c.tp:>3} {c.fp:>3} {c.fn:>3}"
                )
            if verbose:
                for miss in report.misses:
                    self.stdout.write(
                        f"    want {','.join(miss.expected) or '-'} got "
                        f"{','.join(miss.found) or '-'}: {miss.text}"
                    )
            verdicts.append((label, report.meets_targets))
        self.stdout.write(
            f"\nTargets: recall >= {evaluation.RECALL_TARGET:.0%} and precision >= "
            f"{evaluation.PRECISION_TARGET:.0%} overall, "
            f"no kind below {evaluation.KIND_TARGET:.0%}."
        )
        for name, met in verdicts:
            self.stdout.write(f"  {name}: {'meets' if met else 'MISSES'} the targets")
        if any(name == evaluation.HELD_BACK for name, _ in verdicts):
            self.stdout.write(
                "  (held-back was never used to change the checks or train the model: it shows "
                "how they carry over to posts nobody tuned them on, and is not held to the "
                "targets.)"
            )
