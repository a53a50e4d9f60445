"""python manage.py send_due_notifications

Sends, in this process, every e-mail still waiting whose next try is due.
The background worker normally does this; run it from cron as a safety net
for e-mails whose task was never queued.
"""

from django.core.management.base import BaseCommand

from protocol.notifications import send_due_notifications


class Command(BaseCommand):
    help = "Send every pending e-mail whose next try is due."

    def handle(self, *args, **options):
        sent = send_due_notifications()
        self.stdout.write(f"Sent {sent} e-mail(s).")
