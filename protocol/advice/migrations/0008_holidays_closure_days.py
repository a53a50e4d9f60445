"""Bank holidays now come from the ``holidays`` package: the rows shipped for
2026 and 2027 are removed (those the Monitoring Officer added or renamed stay),
and what remains are local closure days."""

import datetime
import importlib

from django.db import migrations

SHIPPED = importlib.import_module(
    "protocol.advice.migrations.0002_default_topics_and_bank_holidays"
).BANK_HOLIDAYS


def remove_shipped(apps, schema_editor):
    BankHoliday = apps.get_model("advice", "BankHoliday")
    for day, name in SHIPPED:
        BankHoliday.objects.filter(date=datetime.date.fromisoformat(day), name=name).delete()


def restore_shipped(apps, schema_editor):
    BankHoliday = apps.get_model("advice", "BankHoliday")
    for day, name in SHIPPED:
        BankHoliday.objects.get_or_create(
            date=datetime.date.fromisoformat(day), defaults={"name": name}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0007_merge_figures_and_faq"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="bankholiday",
            options={"ordering": ["date"], "verbose_name": "local closure day"},
        ),
        migrations.RunPython(remove_shipped, restore_shipped),
    ]
