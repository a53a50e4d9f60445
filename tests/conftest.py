"""Shared personas and fixtures.

Personas: ``member`` and ``other_member`` (Members group), ``officer``
(Monitoring Officer, staff), ``comms`` (Communications team, staff). Each has a
logged-in client fixture: ``member_client``, ``officer_client`` and so on;
``client`` is anonymous.
"""

import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from portal import roles
from tests import factories

# Property-based tests (tests/test_any_input.py): "ci", the default, is quick and
# the same on every run; HYPOTHESIS_PROFILE=thorough explores far more.
_HYPOTHESIS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
hypothesis_settings.register_profile("ci", max_examples=6, derandomize=True, **_HYPOTHESIS)
hypothesis_settings.register_profile("thorough", max_examples=300, **_HYPOTHESIS)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_runtest_setup(item):
    """``@pytest.mark.postgres``: what only PostgreSQL does (row locks, concurrent
    writers). On SQLite, which runs one writer at a time, such a test is skipped
    with its reason; the suite's PostgreSQL pass (DATABASE_URL=postgres://...) runs it.
    ``@pytest.mark.sqlite``: what only the SQLite engine has (its FTS5 tables),
    skipped with its reason in the PostgreSQL pass."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    marker = item.get_closest_marker("postgres")
    if marker is not None and "postgresql" not in engine:
        pytest.skip(marker.kwargs.get("reason", "needs PostgreSQL (DATABASE_URL=postgres://...)"))
    marker = item.get_closest_marker("sqlite")
    if marker is not None and "sqlite" not in engine:
        pytest.skip(marker.kwargs.get("reason", "needs SQLite"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """``@pytest.mark.long`` tests run first. pytest-django puts the tests without
    a database last, and pytest-xdist hands out tests in that order: a long one
    left for the end keeps one worker busy while the other has nothing left to do.
    Only tests without a database may be moved: one with ``transaction=True``
    empties the tables, data migrations' rows included, for every test after it."""
    database = {"db", "transactional_db", "live_server"}
    for item in items:
        if item.get_closest_marker("long") and (
            item.get_closest_marker("django_db") or database & set(item.fixturenames)
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: a long test run first may not use the database"
            )
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rows created by an earlier test,
    rolled back, may come back with the same primary keys. A cache kept in the
    database (the rate limits') is rolled back with the test's transaction."""
    from django.core.cache import caches
    from django.core.cache.backends import locmem
    from django.core.cache.backends.db import DatabaseCache

    for cache in caches.all(initialized_only=True):
        if not isinstance(cache, DatabaseCache):
            cache.clear()
    # Memory caches keep their entries per LOCATION for the whole process, so a
    # cache made again after a test changed CACHES finds the last one's entries
    # (per-process rate-limit counts, kept search results): empty them all.
    for store in (*locmem._caches.values(), *locmem._expire_info.values()):
        store.clear()


@pytest.fixture(autouse=True)
def attachment_root(settings, tmp_path):
    """Files members attach go to a folder of the test's own."""
    settings.ADVICE_ATTACHMENT_ROOT = tmp_path / "attachments"
    return settings.ADVICE_ATTACHMENT_ROOT


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    """Uploads waiting for their preview go to a folder of the test's own."""
    settings.PROTOCOL_IMPORT_DIR = tmp_path / "imports"
    return settings.PROTOCOL_IMPORT_DIR


@pytest.fixture
def member(db):
    return factories.make_user("member", roles.MEMBERS)


@pytest.fixture
def other_member(db):
    return factories.make_user("other_member", roles.MEMBERS)


@pytest.fixture
def officer(db):
    return factories.make_user("officer", roles.MONITORING_OFFICER, staff=True)


@pytest.fixture
def comms(db):
    return factories.make_user("comms", roles.COMMUNICATIONS, staff=True)


def _logged_in(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def member_client(member):
    from django.test import Client

    return _logged_in(Client, member)


@pytest.fixture
def officer_client(officer):
    from django.test import Client

    return _logged_in(Client, officer)


@pytest.fixture
def comms_client(comms):
    from django.test import Client

    return _logged_in(Client, comms)


@pytest.fixture
def sample_version(db):
    """The portal's own sample protocol, imported and published."""
    return factories.import_sample()


@pytest.fixture
def document_with_history(db):
    """A document with a superseded version 1 and a current version 2."""
    document = factories.make_document("History Protocol", "history-protocol")
    first = factories.make_version(document, status="published")
    second = factories.make_version(document, status="published")
    first.refresh_from_db()
    return document, first, second


@pytest.fixture
def protocol_seed_path():
    """The real protocol, named by the PROTOCOL_SEED environment variable.

    Skipped when the variable is unset, except in CI (``CI`` set), where a
    missing seed is a failure: the real document must always be tested there.
    """
    import os
    from pathlib import Path

    value = os.environ.get("PROTOCOL_SEED")
    if not value:
        if os.environ.get("CI"):
            pytest.fail(
                "PROTOCOL_SEED is not set; in CI it must name the real protocol "
                "(../shared/seed/social-media-protocol.txt)."
            )
        pytest.skip("PROTOCOL_SEED is not set; set it to the real protocol's path.")
    path = Path(value)
    if not path.is_absolute() and not path.is_file():
        path = Path(__file__).resolve().parent.parent / value  # relative to the project
    if not path.is_file():
        pytest.fail(f"PROTOCOL_SEED names {value!r}, which is not a readable file.")
    return path


@pytest.fixture
def draft_version(sample_version):
    """A draft copied from the published sample, with one section reworded."""
    from protocol.publishing import new_draft_from

    draft = new_draft_from(sample_version)
    section = draft.sections.order_by("order").first()
    section.body += " A sentence added in the draft."
    section.save()
    return draft
