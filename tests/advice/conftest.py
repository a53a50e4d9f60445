"""Fixtures for Ask the Monitoring Officer: topics routed to teams and a stand-in
for search (the helpers they use are in tests/advice/factories.py).

The data migration ships default topics too, but tests make their own so they
read on their own and survive the flush that transactional tests do.
"""

import pytest

from portal import roles
from protocol import search
from tests.advice.factories import FakeSearch, make_topic


@pytest.fixture
def comms_topic(db):
    return make_topic("Test: before posting", team=roles.COMMUNICATIONS)


@pytest.fixture
def officer_topic(db):
    return make_topic("Test: decisions", team=roles.MONITORING_OFFICER)


@pytest.fixture
def unrouted_topic(db):
    return make_topic("Test: something else")


@pytest.fixture
def abuse_topic(db):
    return make_topic(
        "Test: threats and abuse",
        team=roles.MONITORING_OFFICER,
        fast_path="abuse",
        checklist=(
            "to the police | Report threats to the police.\n"
            "a phrase no protocol contains | Keep a diary of **every** message.\n"
        ),
    )


@pytest.fixture
def regret_topic(db):
    return make_topic(
        "Test: a post I regret",
        team=roles.COMMUNICATIONS,
        fast_path="regret",
        checklist=(
            "screenshot | Assume screenshots already exist.\n"
            "in haste | Don't delete the post in haste.\n"
            "Communications team | Tell the Communications team.\n"
        ),
    )


@pytest.fixture
def search_finds(monkeypatch):
    """``search_finds(hit, ...)``: make the suggestions come from these hits."""

    def install(*hits):
        fake = FakeSearch(hits)
        monkeypatch.setattr(search, "search", fake)
        return fake

    return install


@pytest.fixture
def search_finds_nothing(search_finds):
    return search_finds()
