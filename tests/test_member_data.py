"""A subject access request: ``export_member_data USERNAME`` writes everything
held about an account as JSON, and covers every model that refers to an
account, found by introspection so a new one cannot be forgotten."""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command

from protocol import acknowledgements, member_data
from protocol.advice import workflow
from protocol.advice.models import Message
from protocol.quiz import attempts
from protocol.quiz.models import Attempt
from tests import factories
from tests.advice.factories import make_topic
from tests.quiz.factories import answer, make_scenario

pytestmark = pytest.mark.django_db


def _fields_pointing_at_accounts():
    """(app_label.Model, field name) for every relation to the user model in
    every installed app, Django's and third-party ones included."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not field.is_relation or field.related_model is not user_model:
                continue
            if field.concrete or field.many_to_many:
                found.add((model._meta.label, field.name))
    return found


def test_every_field_that_points_at_an_account_is_exported_or_explained():
    found = _fields_pointing_at_accounts()
    covered = set(member_data.SOURCES) | set(member_data.NOT_PERSONAL)
    assert found - covered == set(), "export these in protocol/member_data.py"
    assert covered - found == set(), "no longer a relation: remove from SOURCES"


def test_each_source_names_a_part_of_the_export(member):
    exported = member_data.export(member)
    for key in set(member_data.SOURCES.values()):
        part = exported
        for name in key.split("."):
            assert name in part, key
            part = part[name]


def _json(*args):
    out = io.StringIO()
    call_command("export_member_data", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_export_holds_the_members_requests_reads_quiz_emails_and_sessions(
    member, comms, sample_version, settings
):
    settings.ADVICE_REQUESTS_PER_HOUR = 100
    topic = make_topic("Test: before posting", team="Communications team")
    advice_request = workflow.submit_request(
        member, topic=topic, question="May I post about the bus depot?", urgency="normal"
    )
    workflow.reply(advice_request, comms, "Yes, after the meeting.")
    workflow.add_note(advice_request, comms, "Checked with legal.")
    acknowledgements.acknowledge(member, sample_version)
    version = factories.make_version(
        factories.make_document("Quiz"), rules_per_section=0, status="published"
    )
    make_scenario(version, situation="A journalist phones.")
    answer(attempts.start_attempt(member, version, Attempt.Mode.PRACTICE), right=0)
    session = SessionStore()
    session["_auth_user_id"] = str(member.pk)
    session.create()

    data = _json("member")

    assert data["account"]["username"] == "member"
    assert data["account"]["email"] == "member@example.org"
    assert data["account"]["groups"] == ["Members"]
    [exported] = data["advice_requests"]
    assert exported["reference"] == advice_request.reference
    assert exported["question"] == "May I post about the bus depot?"
    assert [m["kind"] for m in exported["messages"]] == [Message.Kind.REPLY, Message.Kind.NOTE]
    assert exported["events"]
    assert data["acknowledgements"][0]["version__number"] == sample_version.number
    assert data["quiz_attempts"][0]["answers"]
    assert any(e["subject"] for e in data["emails"])
    assert len(data["sessions"]) == 1 and "session_key" not in data["sessions"][0]
    staff = _json("comms")["as_staff"]
    assert [m["body"] for m in staff["messages_written"]] == [
        "Yes, after the meeting.",
        "Checked with legal.",
    ]


def test_the_export_can_go_to_a_file(member, tmp_path):
    target = tmp_path / "member.json"
    call_command("export_member_data", "member", "--output", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text())["account"]["username"] == "member"


def test_an_unknown_account_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No account is called 'nobody'"):
        call_command("export_member_data", "nobody")
