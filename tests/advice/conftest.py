"""Fixtures for Ask the Monitoring Officer: topics routed to teams, a stand-in
for search, and a quick way for a member to ask.

The data migration ships default topics too, but tests make their own so they
read on their own and survive the flush that transactional tests do.
"""

import itertools
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group

from portal import roles
from protocol.advice import guidance, workflow
from protocol.advice.models import RoutingRule, Topic, Urgency

QUESTION = "Can I share the planning officer's report about the bus depot before the meeting?"


def make_topic(name, *, team=None, fast_path="", checklist="", assignee=None, active=True):
    topic = Topic.objects.create(
        name=name,
        fast_path=fast_path,
        guidance_checklist=checklist,
        order=1000,
        is_active=active,
    )
    if team:
        RoutingRule.objects.create(
            topic=topic, team=Group.objects.get(name=team), default_assignee=assignee
        )
    return topic


_asked = itertools.count(1)


def ask(member, topic, question=None, urgency=Urgency.NORMAL, **extra):
    """Send a question as ``member``; each one differs unless ``question`` is given, as
    the same question sent again within minutes is taken for a repeat and not saved."""
    if question is None:
        question = f"{QUESTION} (question {next(_asked)})"
    return workflow.submit_request(member, topic=topic, question=question, urgency=urgency, **extra)


def form_data(topic, question=QUESTION, urgency="normal", **extra):
    return {"topic": topic.pk, "question": question, "urgency": urgency, **extra}


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


@dataclass
class FakeHit:
    title: str
    url: str
    snippet: str
    superseded: bool = False


@dataclass
class FakeResult:
    query: str
    results: list = field(default_factory=list)
    suggestion: str = ""


class FakeSearch:
    """Stands in for protocol.search.search; records what it was asked."""

    def __init__(self, hits=()):
        self.hits = list(hits)
        self.calls = []

    def __call__(self, query, *, include_superseded=False, limit=10, user=None):
        self.calls.append({"query": query, "limit": limit, "user": user})
        return FakeResult(query=query, results=self.hits[:limit])


@pytest.fixture
def search_finds(monkeypatch):
    """``search_finds(hit, ...)``: make the suggestions come from these hits."""

    def install(*hits):
        fake = FakeSearch(hits)
        monkeypatch.setattr(guidance, "_search_function", lambda: fake)
        return fake

    return install


@pytest.fixture
def search_finds_nothing(search_finds):
    return search_finds()
