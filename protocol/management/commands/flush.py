"""``manage.py flush``, which also empties published versions on SQLite.

A published version cannot be deleted: database triggers refuse it
(protocol/migrations/0019_data_published_versions_immutable.py). Emptying the
whole database is the one exception: on SQLite, where flush deletes row by
row, the triggers are set aside for it and put back exactly as they were, in
the same transaction. PostgreSQL's flush truncates, which row triggers do not
see.
"""

from django.core.management.commands import flush
from django.db import connections, transaction

TRIGGER_PREFIX = "protocol_published_"


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [TRIGGER_PREFIX + "%"],
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            super().handle(**options)
            for _, sql in triggers:
                cursor.execute(sql)
