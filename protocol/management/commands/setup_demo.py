"""python manage.py setup_demo

Used by ``make run``. The first time (no document and no demo account yet) it
imports and publishes the portal's sample protocol and creates the demo
accounts with a random password, printed once, and a few advice requests for
the staff accounts to work on. Later runs do nothing.
"""

import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from protocol.models import Document

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "sample-protocol.txt"


class Command(BaseCommand):
    help = "Load the sample protocol and demo accounts, the first time only."

    def handle(self, *args, **options):
        if not Document.objects.exists():
            call_command("import_protocol", str(SAMPLE), publish=True, stdout=self.stdout)
        if get_user_model().objects.filter(username="member").exists():
            self.stdout.write("Demo accounts already exist; their password is unchanged.")
            return
        password = secrets.token_urlsafe(12)
        call_command("create_demo_users", password=password, stdout=self.stdout)
        call_command("create_demo_requests", stdout=self.stdout)
        self.stdout.write(
            self.style.WARNING(
                "\nDemo accounts member, officer and comms share this password, "
                f"shown only now:\n\n    {password}\n\n"
                "Reset it with: python manage.py create_demo_users --password NEW\n"
            )
        )
