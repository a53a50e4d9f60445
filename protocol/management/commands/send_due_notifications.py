"""python manage.py send_due_notifications

Sends, in this process, every e-mail still waiting whose next try is due,
and every e-mail whose worker stopped mid-send (its claim is older than
NOTIFICATION_CLAIM_TIMEOUT). The worker's recurring sweep does this every
WORKER_SWEEP_MINUTES; run it by hand to catch up at once.
"""

from django.core.management.base import BaseCommand

from protocol.notifications import send_due_notifications


class Command(BaseCommand):
    help = "Send every pending e-mail whose next try is due."

    def handle(self, *args, **options):
        sent = send_due_notifications()
        self.stdout.write(f"Sent {sent} e-mail(s).")
