from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender, using="default", **kwargs):
    """Build the search index for versions published before search existed,
    drop engine rows left behind by a flush, and make the search generation's
    row again after one."""
    from django.db import connections

    from protocol import search
    from protocol.search.cache import start_generation

    connection = connections[using]
    tables = connection.introspection.table_names()
    if "protocol_searchgeneration" in tables:
        start_generation()  # a flush empties its table
    if "protocol_searchentry" not in tables:
        return  # migrated back to before search
    search.ensure_index()


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = "Protocol"

    def ready(self):
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="protocol-search")
