"""python manage.py withdraw_document SLUG [--restore] [--by USERNAME]

Withdraws a document from members (or restores it), as the admin's
"Withdraw from members" button does. Used to take the demonstration sample
away once the real protocol is imported.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from protocol import publishing
from protocol.models import Document


class Command(BaseCommand):
    help = "Withdraw a document from members (staff still read it), or restore it."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The document's slug, as in its address /protocol/SLUG/.")
        parser.add_argument("--restore", action="store_true", help="Show it to members again.")
        parser.add_argument("--by", metavar="USERNAME", help="Record this user as having done it.")

    def handle(self, *args, slug, restore=False, by=None, **options):
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            known = ", ".join(Document.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"There is no document {slug!r}. Documents: {known}.")
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"There is no user called {by!r}.")
        if restore:
            publishing.restore(document, by=user)
            self.stdout.write(self.style.SUCCESS(f"{document} is restored: members see it again."))
        else:
            publishing.withdraw(document, by=user)
            self.stdout.write(
                self.style.SUCCESS(f"{document} is withdrawn: members no longer see it.")
            )
