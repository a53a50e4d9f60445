"""Small helpers for tests: documents, versions, sections and rules; the personas'
accounts; mail servers that are down, that record, and that hang; the background
worker; manage.py in a fresh process, and the settings module run afresh."""

import io
import os
import runpy
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connections
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
    "HOST",  # with PORT, the address in development (make run exports both)
    "PORT",
)


def _environment_without_settings():
    return {k: v for k, v in os.environ.items() if not k.startswith(_SHAPING)}


class RecordingBrokenMailer:
    """A mail backend that keeps each message it is given, then fails as a server
    that is down would (``RecordingBrokenMailer.messages``)."""

    messages = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        RecordingBrokenMailer.messages.extend(messages)
        raise ConnectionRefusedError("mail server down")


class SlowMailer:
    """A mail backend that takes its time over each message and keeps them all
    (``SlowMailer.messages``), so that two workers can overlap while sending."""

    messages = []
    lock = threading.Lock()

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        threading.Event().wait(0.5)
        with SlowMailer.lock:
            SlowMailer.messages.extend(messages)
        return len(messages)


@contextmanager
def database_shared_between_threads(tmp_path):
    """For tests where several threads use the database at once, as the web and
    worker processes do in production.

    On SQLite the test database lives in memory, where connections lock one
    another out at once (shared cache) instead of waiting their turn as on the
    file the portal uses; for the block, a copy of it in a file (with the
    production settings: WAL, IMMEDIATE transactions) is the database. New
    threads connect to the file too. On PostgreSQL nothing changes.
    """
    db = connections["default"]
    if db.vendor != "sqlite" or not db.is_in_memory_db():
        yield
        return
    path = tmp_path / "shared.sqlite3"
    with db.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    memory, name = db.connection, db.settings_dict["NAME"]
    db.connection = None
    db.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        db.close()
        db.settings_dict["NAME"] = name
        db.connection = memory


def run_worker():
    """The background worker, until no task is ready (django-tasks-db's ``--batch``)."""
    call_command("db_worker", batch=True, startup_delay=False, stdout=io.StringIO())


def smtp_backend(port, timeout):
    """MAILERS for an SMTP server on the loopback interface."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


@contextmanager
def hung_smtp_server():
    """A mail server on the loopback interface that accepts connections and never
    answers. Yields (port, event set once it has accepted a connection)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    accepted = threading.Event()
    stop = threading.Event()
    held = []

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)  # kept open, never written to
            accepted.set()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


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


def low_rates(settings):
    """Small rate limits, so a test reaches them in a few requests."""
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "password_reset": "3/h",
        "password_reset_address": "2/h",
        "search": "3/m",
        "search_suggest": "3/m",
        "advice_answered": "3/h",
    }
    return settings.THROTTLE_RATES


def totp_code(device, steps_ahead=0):
    """The code ``device``'s authenticator app shows now (or ``steps_ahead`` 30-second
    steps later: a code is accepted once, so a second login in a test uses the next)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"
