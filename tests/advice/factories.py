"""Helpers for advice tests: topics routed to teams, asking as a member would,
the ask form's data, and a stand-in for search."""

import itertools
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils.safestring import mark_safe

from protocol.advice import workflow
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


@dataclass
class FakeHit:
    """A search result as ``protocol.search.search`` gives it: its snippet is safe
    HTML (search escapes the text and adds only <mark>)."""

    title: str
    url: str
    snippet: str
    superseded: bool = False
    kind: str = ""

    def __post_init__(self):
        self.snippet = mark_safe(self.snippet)  # noqa: S308 - as search gives it


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
