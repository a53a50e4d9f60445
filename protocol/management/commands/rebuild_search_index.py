"""python manage.py rebuild_search_index"""

from django.core.management.base import BaseCommand

from protocol import search


class Command(BaseCommand):
    help = (
        "Index every published and superseded version for search again, from nothing "
        "(after restoring a backup, or if search ever seems out of step)."
    )

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} sections and rules."))
