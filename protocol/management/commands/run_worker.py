"""python manage.py run_worker [db_worker's options]

The portal's background worker: django-tasks-db's ``db_worker`` (same
options), which first queues the portal's recurring jobs unless they are
waiting already (``protocol.recurring``: the sweep that sends e-mails whose
task was lost, takes back e-mails whose worker stopped mid-send and publishes
scheduled versions; the advice morning run). Run it instead of ``db_worker``
so that no cron line is needed.
"""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from protocol import recurring


class Command(DBWorkerCommand):
    help = "Run the background worker, with the portal's recurring jobs queued."

    def handle(self, *args, **options):
        if not options.get("batch"):
            recurring.ensure_scheduled()
        return super().handle(*args, **options)
