"""python manage.py purge_personal_data [--dry-run]

Removes personal data past its retention period (see protocol/retention.py
and docs/operators.md): run it daily from cron. Running it again changes
nothing; ``--dry-run`` counts what it would remove and removes nothing.
"""

from django.core.management.base import BaseCommand

from protocol import retention


class Command(BaseCommand):
    help = "Remove personal data past its retention period (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be removed; change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write("Dry run: nothing is changed.")
        for part in retention.purge(dry_run=dry_run):
            self.stdout.write(part.line(dry_run))
