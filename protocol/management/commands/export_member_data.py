"""python manage.py export_member_data USERNAME [--output FILE]

Writes everything the portal holds about one account as JSON, for a subject
access request (see protocol/member_data.py and docs/operators.md).
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from protocol import member_data


class Command(BaseCommand):
    help = "Write everything held about a member (or any account) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--output", metavar="FILE", help="Write to FILE instead of the standard output."
        )

    def handle(self, *args, username, output=None, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No account is called {username!r}; nothing was written.") from None
        text = json.dumps(
            member_data.export(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
        )
        if output:
            with open(output, "w", encoding="utf-8") as out:
                out.write(text + "\n")
            self.stderr.write(f"Wrote everything held about {username} to {output}.")
        else:
            self.stdout.write(text)
