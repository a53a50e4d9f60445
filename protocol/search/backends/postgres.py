"""The PostgreSQL engine: a weighted, generated tsvector on ``protocol_searchentry``."""

from django.db import connection

from protocol.search.text import sound


class PostgreSQLEngine:
    """A generated, weighted tsvector (title A, rule text B, body D) with a GIN
    index. ts_rank knows nothing of how common a word is, so each group's rank
    is weighted by its inverse document frequency (as bm25 does), counted over
    the matching passages in the same query. Typo candidates come from pg_trgm
    similarity or the "sounds like" key."""

    # The same proportions as SQLite's bm25 weights (title 8, rule text 4, body 2).
    weights = "{0.25, 0.25, 0.5, 1.0}"  # D, C, B, A
    function = "ts_rank"
    # rank / (rank + 1): each group's share saturates, as term frequency does in bm25.
    normalization = 32

    @staticmethod
    def _tsquery(alternatives, concepts=()):
        parts, params = [], []
        for concept in concepts:
            parts.append("to_tsquery('simple', %s)")
            params.append(concept)
        if not concepts:
            for alt in alternatives:
                function = "phraseto_tsquery" if len(alt) > 1 else "plainto_tsquery"
                parts.append(f"{function}('english', %s)")
                params.append(" ".join(alt))
        return "(" + " || ".join(parts) + ")", params

    def match(self, plan, *, current_only, limit):
        selects, params = [], []
        for n, group in enumerate(plan.groups):
            sql, group_params = self._tsquery(group.alternatives, group.concepts)
            selects.append(f"{sql} AS q{n}")
            params += group_params
        count = len(plan.groups)
        any_group = " || ".join(f"q.q{n}" for n in range(count))
        current = " AND e.is_current" if current_only else ""
        rank = f"{self.function}('{self.weights}', e.search_vector"
        ranks = ", ".join(
            f"{rank}, q.q{n}, {self.normalization}) AS r{n}, "
            f"(e.search_vector @@ q.q{n})::int AS h{n}"
            for n in range(count)
        )
        frequencies = ", ".join(f"sum(h{n}) OVER () AS d{n}" for n in range(count))
        # In double precision: count() is bigint, and ln() of a numeric is
        # computed to arbitrary precision, which cost more than the search.
        score = " + ".join(
            f"r{n} * ln(1 + (n.total - d{n} + 0.5)::float8 / (d{n} + 0.5))" for n in range(count)
        )
        sql = (
            f"WITH q AS (SELECT {', '.join(selects)}), "
            "n AS (SELECT count(*) AS total FROM protocol_searchentry e "
            f"WHERE true{current}), "
            f"m AS (SELECT e.id, e.version_id, e.section_id, {ranks} "
            "FROM protocol_searchentry e, q "
            f"WHERE e.search_vector @@ ({any_group}){current}), "
            f"f AS (SELECT m.*, {frequencies} FROM m) "
            f"SELECT f.id, {score} AS rank, f.version_id, f.section_id FROM f, n "
            "ORDER BY rank DESC, f.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            return [(row[0], float(row[1]), row[2], row[3]) for row in cursor.fetchall()]

    def candidates(self, tokens):
        conditions = " OR ".join(["word %% %s"] * len(tokens))
        sounds = sorted({sound(t) for t in tokens if sound(t)})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, sound, frequency FROM protocol_searchterm "
                f"WHERE sound = ANY(%s) OR {conditions}",
                [sounds, *tokens],
            )
            return cursor.fetchall()

    def ranks_whole_sections(self, *, current_only):
        return False

    # The tsvector column is generated from the row, and is_current is read
    # from the row: nothing to keep in step by hand.
    def add(self, entry_ids):
        pass

    def remove(self, entry_ids):
        pass

    def mark(self, entry_ids, *, is_current):
        pass

    def clear(self):
        pass
