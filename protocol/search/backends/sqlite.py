"""The SQLite engine: FTS5 tables beside ``protocol_searchentry``."""

from django.db import connection

from protocol.search.backends.base import chunks
from protocol.search.text import sound


class SQLiteEngine:
    """FTS5 with the Porter stemmer, ranked by bm25: titles weigh 8, rule text
    4, body text 2. Words and concepts (synonym lists) are separate columns.

    Two tables with the same columns. The current versions' passages (a
    section's title and body, or one rule with its section's title) are what
    most searches rank. Searching earlier versions too ranks ten times as
    much text, so that table holds one row per *section* of every published
    version (its title, body and all its rules), a quarter of the rows to
    score; ``point_at_rules()`` then points each section shown at its best rule.
    """

    table = "protocol_search_fts"  # one row per section of every published version
    current_table = "protocol_search_current_fts"  # the current versions' passages
    columns = "title, text, body, title_c, text_c, body_c"
    weights = "8.0, 4.0, 2.0, 8.0, 4.0, 2.0"
    _select = (
        "SELECT id, title, text, body, title_concepts, text_concepts, body_concepts "
        "FROM protocol_searchentry WHERE id IN ({placeholders})"
    )
    # A section's row: its own entry, with the text of its rules' entries;
    # an FAQ entry's row: its own entry (it has no section).
    _select_sections = (
        "SELECT s.id, s.title, "
        "coalesce(group_concat(r.text, char(10)), ''), s.body, s.title_concepts, "
        "coalesce(group_concat(r.text_concepts, ' '), ''), s.body_concepts "
        "FROM protocol_searchentry s LEFT JOIN protocol_searchentry r "
        "ON r.section_id = s.section_id AND r.rule_id IS NOT NULL "
        "WHERE s.rule_id IS NULL AND (s.section_id IN ("
        "SELECT section_id FROM protocol_searchentry WHERE id IN ({placeholders})) "
        "OR (s.faq_id IS NOT NULL AND s.id IN ({placeholders}))) "
        "GROUP BY s.id"
    )

    @staticmethod
    def _quote(phrase):
        return '"' + " ".join(phrase).replace('"', '""') + '"'

    def _group(self, group):
        if group.concepts:
            terms = " OR ".join(self._quote((c,)) for c in group.concepts)
            return f"({{title_c text_c body_c}} : ({terms}))"
        terms = " OR ".join(self._quote(alt) for alt in group.alternatives)
        return f"({{title text body}} : ({terms}))"

    def _ranking(self, plan):
        return " OR ".join(self._group(g) for g in plan.groups)

    def match(self, plan, *, current_only, limit):
        table = self.current_table if current_only else self.table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT m.id, m.rank, e.version_id, e.section_id FROM ("
                f"SELECT rowid AS id, bm25({table}, {self.weights}) AS rank "
                f"FROM {table} WHERE {table} MATCH %s ORDER BY rank LIMIT %s"
                ") m JOIN protocol_searchentry e ON e.id = m.id ORDER BY m.rank",
                [self._ranking(plan), limit],
            )
            return [(row[0], -row[1], row[2], row[3]) for row in cursor.fetchall()]

    def candidates(self, tokens):
        conditions, params = [], []
        for token in tokens:
            conditions.append("(length(word) BETWEEN %s AND %s AND substr(word, 1, 1) = %s)")
            params += [len(token) - 2, len(token) + 3, token[0]]
        sounds = sorted({sound(t) for t in tokens if sound(t)})
        if sounds:
            conditions.append(f"sound IN ({', '.join(['%s'] * len(sounds))})")
            params += sounds
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, sound, frequency FROM protocol_searchterm WHERE "
                + " OR ".join(conditions),
                params,
            )
            return cursor.fetchall()

    def _copy(self, table, entry_ids, select, where=""):
        """Copy entries' text into ``table``, replacing rows with the same ids
        (rows left behind by a flushed table may carry a reused id)."""
        uses = select.count("{placeholders}")  # how many times the ids are given
        for chunk in chunks(entry_ids, 500):
            placeholders = ", ".join(["%s"] * len(chunk))
            rows = select.format(placeholders=placeholders) + where
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {table} WHERE rowid IN ({placeholders}) "
                    f"OR rowid IN (SELECT id FROM ({rows}))",
                    chunk * (1 + uses),
                )
                cursor.execute(f"INSERT INTO {table} (rowid, {self.columns}) {rows}", chunk * uses)

    def add(self, entry_ids):
        """Index new or changed entries: each as a passage if current, and
        its whole section again in the table of every version."""
        self._copy(self.current_table, entry_ids, self._select, where=" AND is_current")
        self._copy(self.table, entry_ids, self._select_sections)

    def ranks_whole_sections(self, *, current_only):
        return not current_only

    def _delete(self, table, entry_ids):
        for chunk in chunks(entry_ids, 500):
            placeholders = ", ".join(["%s"] * len(chunk))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({placeholders})", chunk)

    def remove(self, entry_ids):
        self._delete(self.table, entry_ids)
        self._delete(self.current_table, entry_ids)

    def mark(self, entry_ids, *, is_current):
        if is_current:
            self._copy(self.current_table, entry_ids, self._select)
        else:
            self._delete(self.current_table, entry_ids)

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(f"DELETE FROM {self.current_table}")
