"""Default topics, their routing rules, and the bank holidays of England and Wales
for 2026 and 2027. The Monitoring Officer changes all of them in the admin."""

import datetime

from django.db import migrations

MONITORING_OFFICER = "Monitoring Officer"
COMMUNICATIONS = "Communications team"

ABUSE_CHECKLIST = """\
police | Report threats to the police: call 999 if you are in immediate danger, or 101 otherwise.
the platform | Report abusive posts and accounts to the platform, using its own reporting tools.
keep a record | Keep a record: screenshots showing the date, time and web address, before anything is deleted.
stop any conversation | You do not have to reply: you are entitled to stop any conversation that is abusive or threatening.
"""

REGRET_CHECKLIST = """\
screenshot | Assume screenshots already exist: deleting the post will not make it disappear.
in haste | Don't delete or edit the post in haste: a hurried deletion can look like a cover-up.
speak to the Communications team | Tell the Communications team now (sending this form does that); they will help you decide what to do.
"""

# name, fast path, checklist, team (None: no rule, so the Monitoring Officer)
TOPICS = [
    (
        "Someone is threatening, abusing or harassing me",
        "abuse",
        ABUSE_CHECKLIST,
        MONITORING_OFFICER,
    ),
    ("I've posted something I regret", "regret", REGRET_CHECKLIST, COMMUNICATIONS),
    ("Can I say this? (before posting)", "", "", COMMUNICATIONS),
    ("Planning, licensing and other decisions", "", "", MONITORING_OFFICER),
    ("Confidential information and personal data", "", "", MONITORING_OFFICER),
    ("The Code of Conduct", "", "", MONITORING_OFFICER),
    ("Accounts, privacy settings and security", "", "", COMMUNICATIONS),
    ("Something else", "", "", None),
]

BANK_HOLIDAYS = [
    ("2026-01-01", "New Year's Day"),
    ("2026-04-03", "Good Friday"),
    ("2026-04-06", "Easter Monday"),
    ("2026-05-04", "Early May bank holiday"),
    ("2026-05-25", "Spring bank holiday"),
    ("2026-08-31", "Summer bank holiday"),
    ("2026-12-25", "Christmas Day"),
    ("2026-12-28", "Boxing Day (substitute day)"),
    ("2027-01-01", "New Year's Day"),
    ("2027-03-26", "Good Friday"),
    ("2027-03-29", "Easter Monday"),
    ("2027-05-03", "Early May bank holiday"),
    ("2027-05-31", "Spring bank holiday"),
    ("2027-08-30", "Summer bank holiday"),
    ("2027-12-27", "Christmas Day (substitute day)"),
    ("2027-12-28", "Boxing Day (substitute day)"),
]


def add_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Topic = apps.get_model("advice", "Topic")
    RoutingRule = apps.get_model("advice", "RoutingRule")
    BankHoliday = apps.get_model("advice", "BankHoliday")
    for order, (name, fast_path, checklist, team) in enumerate(TOPICS, start=1):
        topic, created = Topic.objects.get_or_create(
            name=name,
            defaults={
                "fast_path": fast_path,
                "guidance_checklist": checklist,
                "order": order * 10,
            },
        )
        if created and team:
            group, _ = Group.objects.get_or_create(name=team)
            RoutingRule.objects.create(topic=topic, team=group)
    for day, name in BANK_HOLIDAYS:
        BankHoliday.objects.get_or_create(
            date=datetime.date.fromisoformat(day), defaults={"name": name}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0001_initial"),
        ("protocol", "0002_roles"),
    ]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
