from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender, using="default", **kwargs):
    """Build the search index for versions published before search existed, and
    drop engine rows left behind by a flush."""
    from django.db import connections

    from protocol import search

    connection = connections[using]
    if "protocol_searchentry" not in connection.introspection.table_names():
        return  # migrated back to before search
    search.ensure_index()


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = "Protocol"

    def ready(self):
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="protocol-search")
