from django.db import migrations, models


def forget_counts(apps, schema_editor):
    # The rows were a cache's pickled values; counts start again (a window at most).
    apps.get_model("portal", "ThrottleEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_throttle")]

    operations = [
        migrations.RunPython(forget_counts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="throttleentry",
            name="value",
            field=models.PositiveIntegerField(verbose_name="count"),
        ),
    ]
