"""Small helpers for tests: documents, versions, sections and rules; the personas'
accounts; a mail server that is down; manage.py in a fresh process, and the
settings module run afresh."""

import os
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import Group, User
from django.utils import timezone

from protocol.importing import decode, parse, save_draft
from protocol.models import Document, Rule, Section, Version
from protocol.publishing import publish

PASSWORD = "correct-horse-battery-staple"  # every persona's
PROJECT = Path(__file__).resolve().parent.parent
SAMPLE_PATH = Path(__file__).resolve().parent.parent / "protocol" / "sample" / "sample-protocol.txt"


def make_document(title="Test Protocol", slug=None):
    return Document.objects.create(title=title, slug=slug or title.lower().replace(" ", "-"))


def make_version(document, *, number=None, sections=3, rules_per_section=2, status="draft"):
    """A version with numbered sections, each holding do and don't rules.

    ``status`` is "draft", "published" (the current one, superseding any other)
    or "superseded".
    """
    if number is None:
        number = Version.next_number(document.versions.values_list("number", flat=True))
    version = Version.objects.create(document=document, number=number)
    section_rows = [
        Section(
            version=version,
            number=str(i),
            title=f"Section {i} title",
            slug=f"{i}-section-{i}",
            order=i,
            body=f"Body of section {i} in version {number}.",
        )
        for i in range(1, sections + 1)
    ]
    Section.objects.bulk_create(section_rows)
    Rule.objects.bulk_create(
        Rule(
            section=section,
            kind=Rule.Kind.DO if j % 2 else Rule.Kind.DONT,
            text=f"rule {j} of section {section.number}",
            order=j,
            anchor=f"rule-{section.number}-{j}",
        )
        for section in section_rows
        for j in range(1, rules_per_section + 1)
    )
    if status == "published":
        version = publish(version).version
    elif status == "superseded":
        Version.objects.filter(pk=version.pk).update(
            status=Version.Status.SUPERSEDED, published_at=timezone.now()
        )
        version = Version.objects.get(pk=version.pk)
    return version


def publish_version(version, by=None):
    return publish(version, by=by).version


def import_text(text, *, publish_it=False, by=None):
    version = save_draft(parse(text), by=by)
    return publish(version, by=by).version if publish_it else version


def import_sample(*, publish_it=True, by=None):
    return import_text(decode(SAMPLE_PATH.read_bytes()), publish_it=publish_it, by=by)


class BrokenMailer:
    """A mail backend whose server is down (MAILERS ... "tests.factories.BrokenMailer")."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


# Variables of the test run that would shape the settings under test.
_SHAPING = (
    "DJANGO_",
    "SECRET_KEY",
    "DEBUG",
    "SECURE_",
    "SESSION_",
    "CSRF_",
    "SITE_URL",
    "DEFAULT_FROM_EMAIL",
)


def _environment_without_settings():
    return {k: v for k, v in os.environ.items() if not k.startswith(_SHAPING)}


def run_manage(*args, **env):
    """``manage.py ARGS`` in a new process with the production settings and only
    ``env`` of the variables that shape them (no DEBUG, secret key or address
    inherited from the test run)."""
    base = _environment_without_settings()
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**base, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_settings(**env):
    """portal/settings.py run afresh, as start-up runs it, with only ``env`` of the
    variables that shape it: its names, or the ImproperlyConfigured it raises.
    Start-up reads every setting there, so this is what ``manage.py check`` would
    find wrong, without starting a process for it."""
    with mock.patch.dict(os.environ, {**_environment_without_settings(), **env}, clear=True):
        return runpy.run_path(str(PROJECT / "portal" / "settings.py"))


def make_user(username, group, *, staff=False):
    """An account in ``group`` (a role's name) with PASSWORD and an e-mail address."""
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=username.replace("_", " ").title(),
        is_staff=staff,
    )
    user.groups.add(Group.objects.get(name=group))
    return user
