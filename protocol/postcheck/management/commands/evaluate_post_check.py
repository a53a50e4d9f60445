"""python manage.py evaluate_post_check [--batch NAME] [--posts FILE] [--verbose]"""

from django.core.management.base import BaseCommand, CommandError

from protocol.postcheck import evaluation


class Command(BaseCommand):
    help = (
        "Score the post checks (the enabled checks in the database) against the labelled "
        "example posts: precision and recall per kind and overall, for each batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", default=str(evaluation.EVALUATION_SET))
        parser.add_argument(
            "--batch",
            help=(
                "Only this batch: first, held-out, fresh, third-round, fourth-round, "
                "fifth-round or sixth-round."
            ),
        )
        parser.add_argument("--verbose", action="store_true", help="Show every post scored wrong.")

    def handle(self, *args, posts, batch=None, verbose=False, **options):
        if batch:
            batches = [batch]
        else:
            in_file = evaluation.load_posts(posts)
            batches = [*dict.fromkeys(p["batch"] for p in in_file), None]
        verdicts = []
        for name in batches:
            report = evaluation.evaluate(evaluation.load_posts(posts, name))
            if not report.posts:
                raise CommandError(f"No example posts in batch “{name}”.")
            self.stdout.write(f"\n{name or 'all batches'}: {report.posts} posts")
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
            verdicts.append((name or "all batches", report.meets_targets))
        self.stdout.write(
            f"\nTargets: recall >= {evaluation.RECALL_TARGET:.0%} and precision >= "
            f"{evaluation.PRECISION_TARGET:.0%} overall, "
            f"no kind below {evaluation.KIND_TARGET:.0%}."
        )
        for name, met in verdicts:
            self.stdout.write(f"  {name}: {'meets' if met else 'MISSES'} the targets")
