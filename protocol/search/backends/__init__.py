"""One module per engine behind one interface (``base.SearchEngine``), chosen
by the database in use: SQLite FTS5 (the embedded default) or PostgreSQL full
text search (production)."""

from django.db import connection

from protocol.search.backends.base import SearchEngine
from protocol.search.backends.postgres import PostgreSQLEngine
from protocol.search.backends.sqlite import SQLiteEngine

__all__ = ["PostgreSQLEngine", "SQLiteEngine", "SearchEngine", "engine"]


def engine() -> SearchEngine:
    if connection.vendor == "postgresql":
        return PostgreSQLEngine()
    if connection.vendor == "sqlite":
        return SQLiteEngine()
    raise NotImplementedError(f"Search has no engine for {connection.vendor}.")
