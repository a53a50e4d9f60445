"""python manage.py publish_scheduled

Publishes every draft whose scheduled time has passed. The background worker
does this at the scheduled time, and its recurring sweep catches up on any
missed while it was down; run this to do it at once.
"""

from django.core.management.base import BaseCommand

from protocol.publishing import publish_due_versions


class Command(BaseCommand):
    help = "Publish every draft whose scheduled time has passed."

    def handle(self, *args, **options):
        published = publish_due_versions()
        for version in published:
            self.stdout.write(f"Published {version}.")
        if not published:
            self.stdout.write("Nothing was due.")
