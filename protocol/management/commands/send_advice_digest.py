"""python manage.py send_advice_digest

Tells teams about requests that have become overdue (once per request) and
sends each team its digest for today (once per team and working day), then
makes sure the background worker has the next working morning's run queued.
The worker does this itself at ADVICE_DIGEST_TIME each working morning;
run this to do it at once: when the worker has already done it today, it
sends nothing.
"""

from django.core.management.base import BaseCommand

from protocol.advice import escalation


class Command(BaseCommand):
    help = "Escalate overdue advice requests and send each team today's digest (once a day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Do not queue the next morning run for the background worker.",
        )

    def handle(self, *args, no_schedule=False, **options):
        result = escalation.morning_run()
        if result.escalated:
            self.stdout.write(f"Overdue, teams told: {', '.join(result.escalated)}.")
        else:
            self.stdout.write("No newly overdue requests.")
        if result.digests:
            self.stdout.write(f"Digests sent to: {', '.join(result.digests)}.")
        else:
            self.stdout.write(
                "No digest to send (already sent, nothing open, or not a working day)."
            )
        if not no_schedule:
            at = escalation.ensure_scheduled()
            if at is not None:
                self.stdout.write(f"Next morning run queued for {at:%Y-%m-%d %H:%M %Z}.")
