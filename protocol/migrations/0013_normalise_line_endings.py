"""Stored text gets LF line breaks.

Sections saved from the admin held the browser's CR LF line breaks, so an
unchanged section compared as changed with the version before it. The rows
are rewritten with ``update()``, which a published version allows here: only
the line breaks change, never a word a member reads.
"""

from django.db import migrations
from django.db.models import Q

FIELDS = {
    ("protocol", "document"): ["title"],
    ("protocol", "version"): ["change_note", "internal_reason"],
    ("protocol", "section"): ["number", "title", "body"],
    ("protocol", "rule"): ["term", "text"],
    ("quiz", "question"): ["situation", "explanation", "review_note"],
}


def _normalise(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise_line_endings(apps, schema_editor):
    for (app_label, model_name), fields in FIELDS.items():
        model = apps.get_model(app_label, model_name)
        fields = [name for name in fields if any(f.name == name for f in model._meta.fields)]
        with_cr = Q()
        for name in fields:
            with_cr |= Q(**{f"{name}__contains": "\r"})
        for row in model.objects.filter(with_cr).values("pk", *fields).iterator():
            model.objects.filter(pk=row["pk"]).update(
                **{name: _normalise(row[name]) for name in fields if row[name]}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("protocol", "0012_search_current_index"),
        ("quiz", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(normalise_line_endings, migrations.RunPython.noop, elidable=True),
    ]
