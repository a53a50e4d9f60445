"""Word lists of the seventh round, part two: the wording families behind misses and false alarms in capacity, predetermination, defamation and abuse.

As in 0003, 0005 and 0006, a term is added to a list only if the list lacks it,
and going back removes only this migration's terms.
"""

import importlib

from django.db import migrations

BROADER = importlib.import_module("protocol.postcheck.migrations.0003_postcheck_broader_lists")

ADDITIONS = {}

LISTS = BROADER.LISTS


def add_terms(apps, schema_editor):
    Check = apps.get_model("postcheck", "Check")
    for check in Check.objects.filter(kind__in=ADDITIONS):
        for name in LISTS:
            added = ADDITIONS[check.kind].get(name, "")
            setattr(check, name, BROADER.with_additions(getattr(check, name), added))
        check.save(update_fields=list(LISTS))


def remove_terms(apps, schema_editor):
    Check = apps.get_model("postcheck", "Check")
    for check in Check.objects.filter(kind__in=ADDITIONS):
        for name in LISTS:
            added = ADDITIONS[check.kind].get(name, "")
            setattr(check, name, BROADER.without_additions(getattr(check, name), added))
        check.save(update_fields=list(LISTS))


class Migration(migrations.Migration):
    dependencies = [("postcheck", "0007_postcheck4_seventh_round_lists")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
