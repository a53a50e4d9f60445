"""The search generation: a stamp that database triggers change whenever a
table search reads changes (see protocol.search.models.SearchGeneration)."""

import secrets

from django.db import migrations, models

# What search reads: a change to any of these must show at once.
WATCHED = [
    "protocol_searchentry",
    "protocol_searchterm",
    "protocol_synonym",
    "protocol_bestbet",
    "protocol_document",
    "protocol_version",
]

SQLITE_FORWARD = [
    f"CREATE TRIGGER {table}_search_generation_{event.lower()} AFTER {event} ON {table} "
    "BEGIN UPDATE protocol_searchgeneration SET value = random(); END"
    for table in WATCHED
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_search_generation_{event.lower()}"
    for table in WATCHED
    for event in ("INSERT", "UPDATE", "DELETE")
]

POSTGRES_FORWARD = [
    "CREATE SEQUENCE protocol_search_generation_seq",
    "CREATE FUNCTION protocol_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE protocol_searchgeneration "
    "SET value = nextval('protocol_search_generation_seq'); RETURN NULL; END $$",
    *(
        f"CREATE TRIGGER {table}_search_generation "
        f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION protocol_search_changed()"
        for table in WATCHED
    ),
]
POSTGRES_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_search_generation ON {table}" for table in WATCHED),
    "DROP FUNCTION IF EXISTS protocol_search_changed()",
    "DROP SEQUENCE IF EXISTS protocol_search_generation_seq",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRES_FORWARD if vendor == "postgresql" else SQLITE_FORWARD)
    apps.get_model("protocol", "SearchGeneration").objects.create(value=secrets.randbits(62))


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRES_BACKWARD if vendor == "postgresql" else SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("protocol", "0019_data_published_versions_immutable")]

    operations = [
        migrations.CreateModel(
            name="SearchGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField()),
            ],
            options={"verbose_name": "search generation"},
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
