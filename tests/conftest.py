"""Shared personas and fixtures.

Personas: ``member`` and ``other_member`` (Members group), ``officer``
(Monitoring Officer, staff), ``comms`` (Communications team, staff). Each has a
logged-in client fixture: ``member_client``, ``officer_client`` and so on;
``client`` is anonymous.
"""

import pytest
from django.contrib.auth.models import Group, User

from portal import roles
from tests import factories

PASSWORD = "correct-horse-battery-staple"


def _user(username, group, *, staff=False):
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=username.replace("_", " ").title(),
        is_staff=staff,
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def member(db):
    return _user("member", roles.MEMBERS)


@pytest.fixture
def other_member(db):
    return _user("other_member", roles.MEMBERS)


@pytest.fixture
def officer(db):
    return _user("officer", roles.MONITORING_OFFICER, staff=True)


@pytest.fixture
def comms(db):
    return _user("comms", roles.COMMUNICATIONS, staff=True)


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
