"""A text index of the current versions alone, beside the one of every version.

Most searches ask for the current versions only. Ranked in an index that also
holds every earlier version, such a search scored and counted ten times the
passages it needed (and weighed words by how common they were in text members
no longer read). SQLite now keeps two FTS5 tables:
``protocol_search_current_fts`` with the current versions' passages, and
``protocol_search_fts`` with one row per section of every published version
(a quarter of the rows a search of earlier versions has to score; the old
``status`` column goes). PostgreSQL gets a partial GIN index over the current
passages. Both are filled from ``protocol_searchentry`` here, so no rebuild is
needed.
"""

from django.db import migrations

COLUMNS = "title, text, body, title_c, text_c, body_c"
TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"
ENTRY_COLUMNS = "id, title, text, body, title_concepts, text_concepts, body_concepts"

SQLITE_FORWARDS = [
    "DROP TABLE IF EXISTS protocol_search_fts",
    f"CREATE VIRTUAL TABLE protocol_search_fts USING fts5({COLUMNS}, {TOKENIZE})",
    f"CREATE VIRTUAL TABLE protocol_search_current_fts USING fts5({COLUMNS}, {TOKENIZE})",
    f"INSERT INTO protocol_search_fts (rowid, {COLUMNS}) "
    "SELECT s.id, s.title, coalesce(group_concat(r.text, char(10)), ''), s.body, "
    "s.title_concepts, coalesce(group_concat(r.text_concepts, ' '), ''), s.body_concepts "
    "FROM protocol_searchentry s LEFT JOIN protocol_searchentry r "
    "ON r.section_id = s.section_id AND r.rule_id IS NOT NULL "
    "WHERE s.rule_id IS NULL GROUP BY s.id",
    f"INSERT INTO protocol_search_current_fts (rowid, {COLUMNS}) "
    f"SELECT {ENTRY_COLUMNS} FROM protocol_searchentry WHERE is_current",
]
SQLITE_BACKWARDS = [
    "DROP TABLE IF EXISTS protocol_search_current_fts",
    "DROP TABLE IF EXISTS protocol_search_fts",
    f"CREATE VIRTUAL TABLE protocol_search_fts USING fts5({COLUMNS}, status, {TOKENIZE})",
    f"INSERT INTO protocol_search_fts (rowid, {COLUMNS}, status) "
    f"SELECT {ENTRY_COLUMNS}, CASE WHEN is_current THEN 'current' ELSE 'superseded' END "
    "FROM protocol_searchentry",
]

POSTGRESQL_FORWARDS = [
    "CREATE INDEX protocol_searchentry_current_vector ON protocol_searchentry "
    "USING gin (search_vector) WHERE is_current",
]
POSTGRESQL_BACKWARDS = ["DROP INDEX IF EXISTS protocol_searchentry_current_vector"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("protocol", "0011_default_synonyms"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRESQL_FORWARDS}),
            _run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRESQL_BACKWARDS}),
        ),
    ]
