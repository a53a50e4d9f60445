"""Parts of pages that depend only on a published version, prepared once.

A published version never changes, so what its pages show of it (the
contents list, a section's text and rules, the whole document, the history)
is rendered once and kept in Django's cache framework under a key that names
the version, its status and the portal's release. Such an entry never needs
invalidating: publishing a new version changes which version a URL without a
number points at (a new key), a superseded version's status is in its key,
and a new release of the code or templates starts new keys. Drafts are never
cached, so a preview always shows the draft as it is.

The cache is the ``PROTOCOL_CACHE`` alias of ``CACHES``: by default each
process's own memory, nothing new to run; several web servers may share Redis
or the database cache (docs/operators.md).
"""

import functools
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches

# Files under these that change from one release to the next; byte code and
# caches differ between processes of one release, so they are left out.
_SKIPPED_PARTS = {"__pycache__", "node_modules", ".venv", "staticfiles"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo", ".sqlite3"}


def release_digest(paths) -> str:
    """A digest of the files under ``paths`` (directories or single files; a
    missing one counts as empty): the same in every worker that serves the
    same release, different when a template, a style sheet or the code
    changes."""
    digest = hashlib.sha256()
    for root in map(Path, paths):
        if root.is_dir():
            files = sorted(
                p
                for p in root.rglob("*")
                if p.is_file()
                and p.suffix not in _SKIPPED_SUFFIXES
                and not _SKIPPED_PARTS.intersection(p.relative_to(root).parts)
            )
        else:
            files = [root]
        for path in files:
            if path.is_file():
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _digest_of_this_release() -> str:
    base = settings.BASE_DIR
    return release_digest(
        [
            *settings.TEMPLATES[0]["DIRS"],
            base / "static",
            base / "portal",
            base / "protocol",
            base / "uv.lock",
            # Once collected, the manifest names Bootstrap's files by their content.
            Path(settings.STATIC_ROOT) / "staticfiles.json",
        ]
    )


def release() -> str:
    """What pages are made with beyond their data: ``RELEASE`` when the
    operator sets it (say, the deployed commit), else a digest of the
    portal's code, templates and static files."""
    return settings.RELEASE or _digest_of_this_release()


def _cache():
    return caches[settings.PROTOCOL_CACHE]


def key(*parts) -> str:
    """A cache key for ``parts``, short enough for every backend."""
    joined = "\x1f".join(str(part) for part in parts)
    return f"protocol:{release()}:{hashlib.sha256(joined.encode()).hexdigest()[:40]}"


def version_key(version, name: str, *parts) -> str:
    """The key of a part ``name`` of ``version``'s pages (``version.document`` loaded)."""
    return key(version.pk, version.status, version.document.slug, name, *parts)


def get(cache_key: str) -> Any:
    return _cache().get(cache_key)


def keep(cache_key: str, value: Any) -> None:
    _cache().set(cache_key, value, timeout=None)


def get_or_build(cache_key: str, build: Callable[[], Any]) -> Any:
    """The value kept under ``cache_key``, built (and kept) when missing."""
    cache = _cache()
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, timeout=None)
    return value


def version_part(version, name: str, build: Callable[[], Any], *parts) -> Any:
    """A part of ``version``'s pages: kept when the version is published or
    superseded, built afresh every time for a draft."""
    if version.is_draft:
        return build()
    return get_or_build(version_key(version, name, *parts), build)


# A placeholder in compiled SQL, as the ORM writes it ("%%" is a literal "%").
_PLACEHOLDER = re.compile(r"(?<!%)%s")


def _named(sql: str, count: int) -> str:
    """``sql`` with its ``count`` placeholders named ``%(p0)s``, ``%(p1)s``...
    in order: SQLite's backend finds a named placeholder with string
    formatting, where it searches the text for each unnamed one with a regular
    expression, which cost a long query more than running it."""
    names = iter(range(count))
    named = _PLACEHOLDER.sub(lambda match: f"%(p{next(names)})s", sql)
    if next(names, None) is not None:
        raise ValueError("The query has fewer placeholders than parameters.")
    return named


class PreparedQuery:
    """A query the ORM compiles to SQL once per process, then runs with new
    parameters: on the pages read most, compiling a query costs the ORM ten
    times what running it costs the database.

    ``build(*params)`` returns a ``values_list()`` queryset; it is called
    once with stand-in values (of the types in ``kinds``: ``str`` or ``int``),
    which the real parameters replace wherever they appear in the compiled SQL.
    Rows come back as tuples of the database's own values."""

    def __init__(self, build: Callable[..., Any], kinds: tuple[type, ...]):
        self.build = build
        self.arity = len(kinds)
        self.kinds = kinds
        self._compiled = {}

    def _compile(self, using):
        stand_ins = [
            # Negative numbers no row has, inside every integer column's range
            # (out of range, PostgreSQL's backend would compile to no query at all).
            f"\x00stand-in-{i}\x00" if kind is str else -2_000_000_000 - i
            for i, kind in enumerate(self.kinds)
        ]
        queryset = self.build(*stand_ins)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        positions = [stand_ins.index(p) if p in stand_ins else None for p in params]
        if {p for p in positions if p is not None} != set(range(self.arity)):
            raise ValueError("Each parameter must appear in the query.")
        return _named(sql, len(params)), list(params), positions, compiler

    def _compiled_for(self, using):
        if using not in self._compiled:
            self._compiled[using] = self._compile(using)
        return self._compiled[using]

    def __call__(self, *params, using: str = "default") -> list[tuple]:
        from django.db import connections

        sql, constants, positions, _ = self._compiled_for(using)
        values = {
            f"p{i}": constant if position is None else params[position]
            for i, (constant, position) in enumerate(zip(constants, positions, strict=True))
        }
        with connections[using].cursor() as cursor:
            cursor.execute(sql, values)
            return cursor.fetchall()


class PreparedObjectsQuery(PreparedQuery):
    """A ``PreparedQuery`` whose ``build`` returns a queryset of model
    instances (no ``select_related``): calling it gives the instances, their
    values converted as the ORM converts them, each annotation set as an
    attribute."""

    def _compile(self, using):
        sql, constants, positions, compiler = super()._compile(using)
        if compiler.klass_info is None or compiler.klass_info.get("related_klass_infos"):
            raise ValueError("Only a queryset of one model's instances can be prepared.")
        select = compiler.select[: compiler.col_count]
        fields = compiler.klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        shape = {
            "model": compiler.klass_info["model"],
            "attnames": [column.target.attname for column, *_ in select[start:end]],
            "model_slice": slice(start, end),
            "annotations": dict(compiler.annotation_col_map),
            "converters": compiler.get_converters([column for column, *_ in select]),
        }
        return sql, constants, positions, shape

    def __call__(self, *params, using: str = "default") -> list:
        from django.db import connections

        rows = super().__call__(*params, using=using)
        shape = self._compiled[using][3]
        connection = connections[using]
        objects = []
        for row in map(list, rows):
            for position, (converters, expression) in shape["converters"].items():
                for converter in converters:
                    row[position] = converter(row[position], expression, connection)
            obj = shape["model"].from_db(using, shape["attnames"], row[shape["model_slice"]])
            for name, position in shape["annotations"].items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects
