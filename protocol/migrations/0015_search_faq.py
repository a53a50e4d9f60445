"""Published FAQ entries are searched like sections: a search entry may be an
FAQ entry's (no document, version or section) instead of a passage of a
version. Nothing to rebuild: entries are indexed when they are published."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0007_merge_figures_and_faq"),
        ("protocol", "0014_withdrawn_documents_and_generated_titles"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="faq",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="advice.faqentry",
            ),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="document",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="protocol.document",
            ),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="section",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="protocol.section",
            ),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="version",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="protocol.version",
            ),
        ),
        migrations.AddConstraint(
            model_name="searchentry",
            constraint=models.UniqueConstraint(fields=("faq",), name="one_entry_per_faq"),
        ),
        migrations.AddConstraint(
            model_name="searchentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("document__isnull", False),
                        ("faq__isnull", True),
                        ("section__isnull", False),
                        ("version__isnull", False),
                    ),
                    models.Q(
                        ("document__isnull", True),
                        ("faq__isnull", False),
                        ("rule__isnull", True),
                        ("section__isnull", True),
                        ("version__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="entry_is_a_passage_or_an_faq",
            ),
        ),
    ]
