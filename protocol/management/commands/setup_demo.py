"""python manage.py setup_demo [--no-sample | --protocol FILE] [--url URL]

Used by ``make run``. The first time (no document and no demo account yet) it
loads a protocol, creates the demo accounts with a random password, which it
prints last, in a box, so it is not lost among the start-up messages, and a few
advice requests for the staff accounts to work on.

Which protocol: the portal's sample (the default), the file given with
``--protocol`` (imported and published instead of the sample), or none with
``--no-sample``. The sample is never loaded beside another document.
"""

import secrets
import string

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from protocol.demo import SAMPLE_PATH
from protocol.models import Document

PASSWORD_ALPHABET = string.ascii_letters + string.digits


class Command(BaseCommand):
    help = "Load a protocol (the sample by default) and demo accounts, the first time only."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--no-sample", action="store_true", help="Load no protocol; import your own later."
        )
        which.add_argument(
            "--protocol", metavar="FILE", help="Import and publish this protocol instead."
        )
        parser.add_argument("--url", help="The portal's address, printed with the password.")

    def handle(self, *args, no_sample=False, protocol=None, url=None, **options):
        if protocol:
            call_command("import_protocol", protocol, publish=True, stdout=self.stdout)
        elif not no_sample and not Document.objects.exists():
            call_command("import_protocol", str(SAMPLE_PATH), publish=True, stdout=self.stdout)
            self.stdout.write(
                "The sample protocol is a demonstration. To start with the real one instead, "
                "see README.md (make run PROTOCOL=FILE, or SAMPLE=no)."
            )
        if get_user_model().objects.filter(username="member").exists():
            self.stdout.write("Demo accounts already exist; their password is unchanged.")
            return
        # Letters and digits only: a password starting with "-" would be read as an option.
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(16))
        call_command("create_demo_users", password=password, stdout=self.stdout)
        call_command("create_demo_requests", stdout=self.stdout)
        rule = "=" * 64
        lines = [
            "",
            rule,
            f"  The portal: {url}" if url else None,
            "  Log in as member, officer (the Monitoring Officer) or comms",
            "  with this password, shown only now:",
            "",
            f"      {password}",
            "",
            "  Reset it: make password PASSWORD=NEW",
            rule,
            "",
        ]
        self.stdout.write(self.style.WARNING("\n".join(line for line in lines if line is not None)))
