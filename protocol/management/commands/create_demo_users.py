"""python manage.py create_demo_users --password PASSWORD

One account per role: ``member``, ``officer`` (Monitoring Officer) and
``comms`` (Communications team). Running it again resets their passwords.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import roles

DEMO_USERS = [
    # username, first name, last name, group, staff
    ("member", "Morgan", "Member", roles.MEMBERS, False),
    ("officer", "Olivia", "Officer", roles.MONITORING_OFFICER, True),
    ("comms", "Casey", "Comms", roles.COMMUNICATIONS, True),
]


class Command(BaseCommand):
    help = "Create (or reset) one demo account per role: member, officer and comms."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password for all three.")

    @transaction.atomic
    def handle(self, *args, password, **options):
        if len(password) < 8:
            raise CommandError("Use a password of at least 8 characters.")
        User = get_user_model()
        for username, first, last, group_name, staff in DEMO_USERS:
            try:
                group = Group.objects.get(name=group_name)
            except Group.DoesNotExist:
                raise CommandError(
                    f"The group {group_name!r} is missing: run 'manage.py migrate' first."
                ) from None
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                },
            )
            user.is_staff = staff
            user.set_password(password)
            user.save()
            user.groups.add(group)
            verb = "Created" if created else "Reset"
            self.stdout.write(f"{verb} {username} ({group_name}).")
