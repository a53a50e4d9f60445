"""A published version never changes, enforced by the database as well.

Triggers on both engines refuse, for a version that is no longer a draft:

* deleting it, or changing what it says and when it applied: its document,
  number, change note (and its HTML), internal reason, major or minor,
  effective date, creation and publication times;
* changing its status, except published -> superseded (what ``publish()``
  does to the previous version);
* adding, changing or deleting its sections and rules (or moving a section
  or rule into or out of it).

Left free, as the application changes them: the review-by date (a reminder,
not the text), the scheduling fields, the version it was based on, and who
created, scheduled and published it (erasing an account empties these).

These mirror ``Version.save()``/``delete()`` and ``_VersionPart`` in
protocol/models/documents.py, which refuse the same with a clear message;
the triggers stop what bypasses them (a queryset update, raw SQL).
"""

from django.db import migrations

GUARDED_VERSION_COLUMNS = [
    "document_id",
    "number",
    "change_note",
    "change_note_html",
    "internal_reason",
    "is_major",
    "effective_date",
    "created_at",
    "published_at",
]

MESSAGE = "A published version cannot be changed: start a new draft from it."

# -- SQLite --------------------------------------------------------------------

_SQLITE_CHANGED = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in GUARDED_VERSION_COLUMNS)
_SQLITE_SECTION_FROZEN = (
    "(SELECT status FROM protocol_version WHERE id = {side}.version_id) <> 'draft'"
)
_SQLITE_RULE_FROZEN = (
    "(SELECT v.status FROM protocol_section s JOIN protocol_version v ON v.id = s.version_id "
    "WHERE s.id = {side}.section_id) <> 'draft'"
)


def _sqlite_trigger(name, when, table, condition):
    return (
        f"CREATE TRIGGER {name} BEFORE {when} ON {table} FOR EACH ROW WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
    )


SQLITE_CREATE = [
    _sqlite_trigger(
        "protocol_published_version_update",
        "UPDATE",
        "protocol_version",
        f"OLD.status <> 'draft' AND ({_SQLITE_CHANGED} OR (NEW.status IS NOT OLD.status "
        "AND NOT (OLD.status = 'published' AND NEW.status = 'superseded')))",
    ),
    _sqlite_trigger(
        "protocol_published_version_delete", "DELETE", "protocol_version", "OLD.status <> 'draft'"
    ),
    _sqlite_trigger(
        "protocol_published_section_insert",
        "INSERT",
        "protocol_section",
        _SQLITE_SECTION_FROZEN.format(side="NEW"),
    ),
    _sqlite_trigger(
        "protocol_published_section_update",
        "UPDATE",
        "protocol_section",
        _SQLITE_SECTION_FROZEN.format(side="OLD")
        + " OR "
        + _SQLITE_SECTION_FROZEN.format(side="NEW"),
    ),
    _sqlite_trigger(
        "protocol_published_section_delete",
        "DELETE",
        "protocol_section",
        _SQLITE_SECTION_FROZEN.format(side="OLD"),
    ),
    _sqlite_trigger(
        "protocol_published_rule_insert",
        "INSERT",
        "protocol_rule",
        _SQLITE_RULE_FROZEN.format(side="NEW"),
    ),
    _sqlite_trigger(
        "protocol_published_rule_update",
        "UPDATE",
        "protocol_rule",
        _SQLITE_RULE_FROZEN.format(side="OLD") + " OR " + _SQLITE_RULE_FROZEN.format(side="NEW"),
    ),
    _sqlite_trigger(
        "protocol_published_rule_delete",
        "DELETE",
        "protocol_rule",
        _SQLITE_RULE_FROZEN.format(side="OLD"),
    ),
]
SQLITE_TRIGGERS = [
    f"protocol_published_{part}_{when}"
    for part in ("version", "section", "rule")
    for when in ("insert", "update", "delete")
    if (part, when) != ("version", "insert")
]

# -- PostgreSQL ------------------------------------------------------------------

_PG_CHANGED = " OR ".join(f'NEW."{c}" IS DISTINCT FROM OLD."{c}"' for c in GUARDED_VERSION_COLUMNS)
_RAISE = f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';"

POSTGRES_CREATE = f"""
CREATE FUNCTION protocol_published_version_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'draft' THEN
        IF TG_OP = 'DELETE' THEN
            {_RAISE}
        END IF;
        IF {_PG_CHANGED} OR (NEW.status IS DISTINCT FROM OLD.status
                AND NOT (OLD.status = 'published' AND NEW.status = 'superseded')) THEN
            {_RAISE}
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION protocol_published_part_guard() RETURNS trigger AS $$
DECLARE
    frozen boolean := false;
BEGIN
    IF TG_TABLE_NAME = 'protocol_section' THEN
        IF TG_OP <> 'INSERT' THEN
            frozen := frozen OR EXISTS (SELECT 1 FROM protocol_version
                WHERE id = OLD.version_id AND status <> 'draft');
        END IF;
        IF TG_OP <> 'DELETE' THEN
            frozen := frozen OR EXISTS (SELECT 1 FROM protocol_version
                WHERE id = NEW.version_id AND status <> 'draft');
        END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN
            frozen := frozen OR EXISTS (SELECT 1 FROM protocol_section s
                JOIN protocol_version v ON v.id = s.version_id
                WHERE s.id = OLD.section_id AND v.status <> 'draft');
        END IF;
        IF TG_OP <> 'DELETE' THEN
            frozen := frozen OR EXISTS (SELECT 1 FROM protocol_section s
                JOIN protocol_version v ON v.id = s.version_id
                WHERE s.id = NEW.section_id AND v.status <> 'draft');
        END IF;
    END IF;
    IF frozen THEN
        {_RAISE}
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER protocol_published_version_guard BEFORE UPDATE OR DELETE ON protocol_version
    FOR EACH ROW EXECUTE FUNCTION protocol_published_version_guard();
CREATE TRIGGER protocol_published_section_guard BEFORE INSERT OR UPDATE OR DELETE
    ON protocol_section FOR EACH ROW EXECUTE FUNCTION protocol_published_part_guard();
CREATE TRIGGER protocol_published_rule_guard BEFORE INSERT OR UPDATE OR DELETE
    ON protocol_rule FOR EACH ROW EXECUTE FUNCTION protocol_published_part_guard();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS protocol_published_version_guard ON protocol_version;
DROP TRIGGER IF EXISTS protocol_published_section_guard ON protocol_section;
DROP TRIGGER IF EXISTS protocol_published_rule_guard ON protocol_rule;
DROP FUNCTION IF EXISTS protocol_published_version_guard();
DROP FUNCTION IF EXISTS protocol_published_part_guard();
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("protocol", "0018_merge_data_and_outbox"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
