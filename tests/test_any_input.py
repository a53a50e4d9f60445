"""Whatever anyone types into any form or the JSON API, the portal answers
without a server error and loses nothing.

A property-based test (hypothesis): odd text (null characters, lone
surrogates as a raw client could send them, 100,000 characters, right-to-left
marks, combining accents, full-width digits), numbers at the extremes and dates
far out, sent to every form and JSON endpoint as the role that uses it. For
each answer:

* never a 5xx;
* a null character is dropped before any view reads it (portal/middleware.py):
  the answer is the one the same input without it gets;
* a form that saves: either the answer is a redirect and one row was added,
  or the form came back with what was typed in it and nothing was saved.

``FORMS`` names every URL that takes input; ``WITHOUT_INPUT`` the rest. A URL
added to the portal and listed in neither fails
``test_every_url_is_fuzzed_or_takes_no_input``.

The number of examples comes from the hypothesis profile (tests/conftest.py):
"ci" (the default: few examples, derandomised, so every run is the same) or
``HYPOTHESIS_PROFILE=thorough`` for a long local run.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.urls import URLResolver, get_resolver, reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from portal.middleware import NULL
from protocol.advice.models import AdviceRequest, Message
from protocol.quiz import attempts
from tests.advice.factories import ask, make_topic

pytestmark = pytest.mark.django_db

SPECIAL = [
    "",
    " ",
    NULL,
    f"a{NULL}b",
    "\ud800",  # a lone surrogate: sent as the bytes a raw client would send
    "x" * 100_000,
    "word " * 20_000,
    "\u202eevil\u202c",
    "e\u0301te\u0301",
    "𝕳𝖊𝖑𝖑𝖔 🙂",
    "\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "２０２６-０１-０１",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "2026-02-30",
    "31/12/9999",
    "9999-12-31T23:59",
    "1970-01-01T00:00:00+99:00",
]

odd_text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(exclude_categories=()), max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.datetimes().map(lambda at: at.isoformat()),
)


@dataclass
class Form:
    persona: str  # the client fixture of the role that uses it
    method: str
    fuzzed: tuple  # fields given odd values
    fixed: dict = field(default_factory=dict)  # fields sent as a real page would
    kept: tuple = ()  # fields whose typed text must come back on a refused form
    args: Callable = lambda ctx: []
    saved: Callable | None = None  # counts the rows a successful submit adds
    json: bool = False


def _messages(ctx):
    return Message.objects.count()


FORMS = {
    "search:page": Form("member_client", "get", ("q", "earlier", "page")),
    "search:api": Form("member_client", "get", ("q", "limit"), json=True),
    "search:suggest": Form("member_client", "get", ("q", "limit"), json=True),
    "search:go": Form("member_client", "get", ("to",), args=lambda ctx: ["not-a-token"]),
    "search:report": Form("officer_client", "get", ("start", "end")),
    "protocol:as_of": Form("client", "get", ("date",), args=lambda ctx: [ctx.slug]),
    "protocol:compare": Form("client", "get", ("from", "to"), args=lambda ctx: [ctx.slug]),
    "protocol:acknowledge": Form(
        "member_client", "post", ("version", "next"), args=lambda ctx: [ctx.slug]
    ),
    "login": Form("client", "post", ("username", "password"), kept=("username",)),
    "password_reset": Form("client", "post", ("email",), kept=("email",)),
    "password_change": Form(
        "member_client", "post", ("old_password", "new_password1", "new_password2")
    ),
    "password_reset_confirm": Form(
        "client", "post", ("new_password1", "new_password2"), args=lambda ctx: ["MQ", "bad-token"]
    ),
    "quiz:start": Form("member_client", "post", ("mode",), args=lambda ctx: [ctx.slug]),
    "quiz:practice": Form(
        "client", "post", ("run", "position", "choice"), args=lambda ctx: [ctx.slug]
    ),
    "quiz:practice_feedback": Form("client", "get", ("run",), args=lambda ctx: [ctx.slug]),
    "quiz:attempt": Form(
        "member_client",
        "post",
        ("position", "choice"),
        args=lambda ctx: [ctx.slug, ctx.attempt.pk],
    ),
    "quiz:report": Form(
        "officer_client", "get", ("version", "mode", "period"), args=lambda ctx: [ctx.slug]
    ),
    "quiz:report_csv": Form(
        "officer_client", "get", ("version", "mode", "period"), args=lambda ctx: [ctx.slug]
    ),
    "advice:ask": Form(
        "member_client",
        "post",
        ("question", "urgency", "post_url"),
        fixed={"action": "send"},
        kept=("question",),
        saved=lambda ctx: AdviceRequest.objects.count(),
    ),
    "advice:follow_up": Form(
        "member_client",
        "post",
        ("body",),
        kept=("body",),
        args=lambda ctx: [ctx.request.reference],
        saved=_messages,
    ),
    "staff:queue": Form("comms_client", "get", ("q", "status", "team", "topic", "assignee")),
    "staff:note": Form(
        "comms_client",
        "post",
        ("body", "seen_at"),
        kept=("body",),
        args=lambda ctx: [ctx.request.reference],
        saved=_messages,
    ),
    "staff:reply": Form(
        "comms_client",
        "post",
        ("body", "then_status", "seen_at", "canned", "cite"),
        fixed={"action": "send"},
        kept=("body",),
        args=lambda ctx: [ctx.request.reference],
        saved=_messages,
    ),
    "staff:assign": Form(
        "comms_client", "post", ("assignee", "seen_at"), args=lambda ctx: [ctx.request.reference]
    ),
    "staff:status": Form(
        "comms_client", "post", ("status", "seen_at"), args=lambda ctx: [ctx.request.reference]
    ),
    "staff:urgency": Form(
        "comms_client", "post", ("urgency", "seen_at"), args=lambda ctx: [ctx.request.reference]
    ),
    "staff:route": Form(
        "comms_client",
        "post",
        ("topic", "team", "seen_at"),
        args=lambda ctx: [ctx.request.reference],
    ),
    "staff:figures": Form("officer_client", "get", ("start", "end")),
    "staff:figures_csv": Form(
        "officer_client", "get", ("start", "end"), args=lambda ctx: ["topics"]
    ),
    "postcheck:page": Form("member_client", "post", ("text", "account", "feelings")),
    "postcheck:ask": Form("member_client", "post", ("text", "account", "include_draft")),
    "postcheck:api": Form("member_client", "post", ("text", "account"), json=True),
    "second_factor:setup": Form("member_client", "post", ("code", "next")),
    "second_factor:verify": Form("member_client", "post", ("code", "next")),
    # Every admin list's search, filters and drill-down: tests/test_bad_input.py
    # walks them all; one list here sees the odd text too.
    "admin:advice_advicerequest_changelist": Form(
        "officer_client", "get", ("q", "status__exact", "created_at__year", "created_at__month")
    ),
}

# Pages that read nothing a user types (the document, version, section or
# reference in the address is looked up, and a wrong one is a 404), and
# actions that are one button.
WITHOUT_INPUT = {
    "home",
    "search:token",
    "accessibility",
    "logout",
    "password_change_done",
    "password_reset_done",
    "password_reset_complete",
    "protocol:contents",
    "protocol:all",
    "protocol:versions",
    "protocol:version_contents",
    "protocol:version_all",
    "protocol:version_section",
    "protocol:section",
    "quiz:index",
    "quiz:feedback",
    "quiz:result",
    "quiz:certificate",
    "quiz:discard",
    "advice:my_requests",
    "advice:detail",
    "advice:sent",
    "advice:withdraw",
    "advice:attachment",
    "faq:list",
    "staff:request",
    "staff:access",
    "staff:rechecked",
    "second_factor:manage",
    "second_factor:recovery_codes",
    "second_factor:turn_off",
}


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if inner.startswith("admin:"):
                continue  # the admin: tests/test_bad_input.py walks its registry
            yield from _url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_fuzzed_or_takes_no_input():
    names = set(_url_names(get_resolver().url_patterns))
    unlisted = names - set(FORMS) - WITHOUT_INPUT
    assert not unlisted, f"List these in FORMS (they take input) or WITHOUT_INPUT: {unlisted}"
    assert not (set(WITHOUT_INPUT) - names), "WITHOUT_INPUT names a URL that is gone"
    gone = {name for name in FORMS if not name.startswith("admin:")} - names
    assert not gone, f"FORMS names URLs that are gone: {gone}"


def test_the_admin_list_fuzzed_here_is_registered():
    model_admins = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    }
    assert {name for name in FORMS if name.startswith("admin:")} <= model_admins


@pytest.fixture
def world(settings, sample_version, member, comms, officer):
    settings.ADVICE_REQUESTS_PER_HOUR = 1_000_000
    settings.ADVICE_FOLLOW_UPS_PER_HOUR = 1_000_000
    settings.ADVICE_DUPLICATE_WINDOW_MINUTES = 0
    from portal import roles

    topic = make_topic("Before posting", team=roles.COMMUNICATIONS)
    return SimpleNamespace(
        slug=sample_version.document.slug,
        topic=topic,
        request=ask(member, topic),
        attempt=attempts.start_attempt(member, sample_version, "practice"),
    )


def _encoded(values):
    """As a raw client may send them: lone surrogates become the bytes they would be."""
    return "&".join(
        f"{quote(name, safe='', errors='surrogatepass')}="
        f"{quote(value, safe='', errors='surrogatepass')}"
        for name, value in values.items()
    )


def _as_received(value):
    """What the portal reads for ``value`` (undecodable bytes become U+FFFD)."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@pytest.mark.parametrize("name", sorted(FORMS))
@given(data=st.data())
def test_any_input_gets_an_answer_and_loses_nothing(request, world, name, data):
    form = FORMS[name]
    client = request.getfixturevalue(form.persona)
    values = {field_name: data.draw(odd_text, label=field_name) for field_name in form.fuzzed}
    if name == "advice:ask":
        values["topic"] = str(world.topic.pk)
    values |= form.fixed
    url = reverse(name, args=form.args(world))
    before = form.saved(world) if form.saved else None

    if form.method == "get":
        response = client.get(f"{url}?{_encoded(values)}")
    else:
        response = client.post(
            url, _encoded(values), content_type="application/x-www-form-urlencoded"
        )

    assert response.status_code < 500, (name, values)
    received = {
        key.replace(NULL, ""): _as_received(value).replace(NULL, "")
        for key, value in values.items()
    }
    assert NULL not in response.content.decode("utf-8", "replace"), (name, values)
    if form.json and response.status_code == 200:
        json.loads(response.content)
    if form.saved is None:
        return
    after = form.saved(world)
    if response.status_code in (301, 302, 303):
        assert after == before + 1, (name, values)
        return
    assert after == before, (name, values)
    if response.status_code in (200, 400):
        html = response.content.decode()
        for field_name in form.kept:
            assert escape(received[field_name]) in html, (name, field_name)
