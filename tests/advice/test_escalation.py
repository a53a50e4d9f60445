"""Overdue requests are escalated once, and each team gets one digest each working morning.

The clock is passed in (``now``) rather than frozen: 2026-03-04 is a Wednesday
in winter, so local time (Europe/London) is UTC.
"""

import io
import itertools
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from protocol.advice import escalation
from protocol.advice.models import AdviceEvent, AdviceRequest, BankHoliday, TeamDigest, Urgency
from protocol.models import Notification
from tests.advice.factories import QUESTION, ask

WEDNESDAY = datetime(2026, 3, 4, 7, 30, tzinfo=UTC)
TODAY = date(2026, 3, 4)


@pytest.fixture(autouse=True)
def _ask_freely(settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 1000
    settings.ADVICE_DUPLICATE_WINDOW_MINUTES = 0  # the same question is asked on purpose


_numbers = itertools.count(1)


def _request(member, topic, *, due, status="new", urgency=Urgency.NORMAL, question=None):
    # Each question differs: the same question again within minutes is a repeat.
    question = question or f"{QUESTION} (number {next(_numbers)})"
    advice_request = ask(member, topic, question=question, urgency=urgency)
    AdviceRequest.objects.filter(pk=advice_request.pk).update(due_date=due, status=status)
    advice_request.refresh_from_db()
    return advice_request


def _sent(kind):
    return list(Notification.objects.filter(kind=kind).order_by("to_email"))


# Escalation ----------------------------------------------------------------------


def test_an_overdue_request_is_escalated_to_its_team_once(member, comms, officer, comms_topic):
    overdue = _request(member, comms_topic, due=TODAY - timedelta(days=1))
    Notification.objects.all().delete()

    assert escalation.escalate_overdue(WEDNESDAY) == [overdue.reference]

    sent = _sent("advice_overdue")
    assert [n.to_email for n in sent] == [comms.email]  # not the Monitoring Officer
    assert overdue.reference in sent[0].subject
    assert "Overdue" in sent[0].subject
    assert overdue.reference in sent[0].body_text
    assert "Tuesday 3 March 2026" in sent[0].body_text
    assert QUESTION not in sent[0].body_text and QUESTION not in sent[0].subject
    assert "bus depot" not in sent[0].body_text
    overdue.refresh_from_db()
    assert overdue.overdue_notified_at == WEDNESDAY
    assert overdue.events.filter(action=AdviceEvent.Action.OVERDUE).count() == 1

    # The next run, and the one the day after, send nothing more.
    assert escalation.escalate_overdue(WEDNESDAY + timedelta(hours=1)) == []
    assert escalation.escalate_overdue(WEDNESDAY + timedelta(days=1)) == []
    assert len(_sent("advice_overdue")) == 1


def test_an_urgent_overdue_request_also_goes_to_the_monitoring_officer(
    member, comms, officer, comms_topic
):
    urgent = _request(member, comms_topic, due=TODAY - timedelta(days=1), urgency=Urgency.URGENT)
    Notification.objects.all().delete()

    escalation.escalate_overdue(WEDNESDAY)

    sent = _sent("advice_overdue")
    assert sorted(n.to_email for n in sent) == sorted([comms.email, officer.email])
    assert all(urgent.reference in n.body_text for n in sent)
    assert "urgent" in sent[0].subject.lower()
    assert "Monitoring Officer is copied in" in sent[0].body_text
    event = urgent.events.get(action=AdviceEvent.Action.OVERDUE)
    assert event.detail == "due 03 Mar 2026; Communications team and the Monitoring Officer told"


def test_only_requests_awaiting_an_answer_and_past_their_due_date_are_escalated(
    member, comms, comms_topic
):
    yesterday = TODAY - timedelta(days=1)
    in_progress = _request(member, comms_topic, due=yesterday, status="in_progress")
    _request(member, comms_topic, due=TODAY)  # due today: not overdue until tomorrow
    _request(member, comms_topic, due=TODAY + timedelta(days=2))
    for status in ("answered", "closed", "withdrawn"):
        _request(member, comms_topic, due=yesterday, status=status)
    Notification.objects.all().delete()

    assert escalation.escalate_overdue(WEDNESDAY) == [in_progress.reference]
    assert len(_sent("advice_overdue")) == 1
    assert AdviceRequest.objects.exclude(overdue_notified_at=None).count() == 1


def test_a_request_claimed_by_another_worker_is_not_sent_again(member, comms, comms_topic):
    overdue = _request(member, comms_topic, due=TODAY - timedelta(days=1))
    assert escalation.claim_overdue(overdue.pk, TODAY, WEDNESDAY) is True
    # A second worker that listed the request before the claim cannot claim it.
    assert escalation.claim_overdue(overdue.pk, TODAY, WEDNESDAY) is False
    Notification.objects.all().delete()
    assert escalation.escalate_overdue(WEDNESDAY) == []
    assert _sent("advice_overdue") == []


def test_a_request_answered_before_the_claim_is_not_escalated(member, comms, comms_topic):
    answered = _request(member, comms_topic, due=TODAY - timedelta(days=1), status="answered")
    assert escalation.claim_overdue(answered.pk, TODAY, WEDNESDAY) is False


def test_requests_long_overdue_when_escalation_first_runs_are_marked_without_a_flood(
    member, comms, comms_topic
):
    window = escalation.ESCALATION_WINDOW_DAYS
    recent = _request(member, comms_topic, due=TODAY - timedelta(days=window))
    old = _request(member, comms_topic, due=TODAY - timedelta(days=window + 1))
    Notification.objects.all().delete()

    assert escalation.escalate_overdue(WEDNESDAY) == [recent.reference]
    old.refresh_from_db()
    assert old.overdue_notified_at == WEDNESDAY  # listed in every digest instead
    assert len(_sent("advice_overdue")) == 1


# Digest --------------------------------------------------------------------------


@pytest.fixture
def team_requests(member, comms, officer, comms_topic, officer_topic):
    """Three open comms requests (overdue, due today, later), one answered, one for the MO."""
    rows = {
        "overdue": _request(member, comms_topic, due=TODAY - timedelta(days=2)),
        "today": _request(
            member, comms_topic, due=TODAY, status="in_progress", urgency=Urgency.URGENT
        ),
        "later": _request(member, comms_topic, due=TODAY + timedelta(days=3)),
        "answered": _request(member, comms_topic, due=TODAY, status="answered"),
        "officer": _request(member, officer_topic, due=TODAY + timedelta(days=1)),
    }
    Notification.objects.all().delete()
    return rows


def test_each_team_gets_one_digest_listing_its_open_requests(team_requests, comms, officer):
    assert escalation.send_digests(WEDNESDAY) == ["Communications team", "Monitoring Officer"]

    comms_digest = Notification.objects.get(kind="advice_digest", to_email=comms.email)
    body = comms_digest.body_text
    assert "Communications team: 3 advice requests open, 1 overdue, 1 due today" in (
        comms_digest.subject
    )
    overdue_at = body.index("OVERDUE (1)")
    today_at = body.index("DUE TODAY (1)")
    later_at = body.index("DUE LATER (1)")
    assert overdue_at < body.index(team_requests["overdue"].reference) < today_at
    assert today_at < body.index(team_requests["today"].reference) < later_at
    assert later_at < body.index(team_requests["later"].reference)
    assert "[Urgent]" in body
    assert team_requests["answered"].reference not in body
    assert team_requests["officer"].reference not in body
    assert f"http://portal.test{team_requests['later'].get_staff_url()}" in body
    assert QUESTION not in body and "bus depot" not in body

    officer_digest = Notification.objects.get(kind="advice_digest", to_email=officer.email)
    assert team_requests["officer"].reference in officer_digest.body_text
    assert team_requests["overdue"].reference not in officer_digest.body_text
    assert Notification.objects.filter(kind="advice_digest").count() == 2


def test_the_digest_is_sent_once_a_day(team_requests, comms):
    escalation.send_digests(WEDNESDAY)
    assert escalation.send_digests(WEDNESDAY + timedelta(hours=2)) == []
    assert Notification.objects.filter(kind="advice_digest", to_email=comms.email).count() == 1
    assert TeamDigest.objects.filter(date=TODAY).count() == 2

    # The next working day brings the next digest.
    assert "Communications team" in escalation.send_digests(WEDNESDAY + timedelta(days=1))
    assert Notification.objects.filter(kind="advice_digest", to_email=comms.email).count() == 2


def test_no_digest_at_weekends_or_on_bank_holidays(team_requests):
    saturday = WEDNESDAY + timedelta(days=3)
    assert escalation.send_digests(saturday) == []
    BankHoliday.objects.create(date=TODAY, name="A test holiday")
    assert escalation.send_digests(WEDNESDAY) == []
    assert not Notification.objects.filter(kind="advice_digest").exists()


def test_a_long_digest_lists_the_first_requests_and_counts_the_rest(
    member, comms, comms_topic, monkeypatch
):
    monkeypatch.setattr(escalation, "DIGEST_LIST_LIMIT", 2)
    rows = [_request(member, comms_topic, due=TODAY - timedelta(days=n)) for n in (1, 2, 3)]
    Notification.objects.all().delete()
    escalation.send_digests(WEDNESDAY)
    body = Notification.objects.get(kind="advice_digest").body_text
    assert "OVERDUE (3)" in body
    assert rows[2].reference in body and rows[1].reference in body  # the oldest first
    assert rows[0].reference not in body
    assert "... and 1 more: see the workspace." in body


def test_a_team_with_nothing_open_gets_no_digest(member, comms, comms_topic):
    _request(member, comms_topic, due=TODAY, status="closed")
    Notification.objects.all().delete()
    assert escalation.send_digests(WEDNESDAY) == []
    assert not Notification.objects.exists()


# Scheduling and the command --------------------------------------------------------


def test_the_next_run_is_the_next_working_morning(db):
    friday_early = datetime(2026, 3, 6, 6, 0, tzinfo=UTC)
    friday_late = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    assert escalation.next_run_at(friday_early) == datetime(2026, 3, 6, 7, 30, tzinfo=UTC)
    assert escalation.next_run_at(friday_late) == datetime(2026, 3, 9, 7, 30, tzinfo=UTC)


def test_the_next_run_skips_a_bank_holiday_monday(settings, db):
    settings.ADVICE_DIGEST_TIME = "08:15"
    BankHoliday.objects.create(date=date(2026, 3, 9), name="A test holiday")
    friday_late = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    assert escalation.next_run_at(friday_late) == datetime(2026, 3, 10, 8, 15, tzinfo=UTC)


def test_the_scheduled_task_runs_the_morning_and_queues_the_next_one(
    team_requests, comms, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)
    result = escalation.scheduled_morning_run.call()
    assert result == {
        "escalated": [team_requests["overdue"].reference],
        "digests": ["Communications team", "Monitoring Officer"],
    }
    queued = DBTaskResult.objects.filter(
        task_path=escalation.scheduled_morning_run.module_path, status="READY"
    )
    assert [task.run_after for task in queued] == [WEDNESDAY + timedelta(days=1)]


def test_a_failed_morning_run_still_queues_the_next_one(db, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)

    def broken(now=None):
        raise RuntimeError("mail templates missing")

    monkeypatch.setattr(escalation, "morning_run", broken)
    with pytest.raises(RuntimeError):
        escalation.scheduled_morning_run.call()
    queued = DBTaskResult.objects.filter(
        task_path=escalation.scheduled_morning_run.module_path, status="READY"
    )
    assert [task.run_after for task in queued] == [WEDNESDAY + timedelta(days=1)]


def test_the_command_is_a_fallback_that_does_nothing_twice(team_requests, comms, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)
    out = io.StringIO()
    call_command("send_advice_digest", stdout=out)
    assert team_requests["overdue"].reference in out.getvalue()
    assert "Digests sent to: Communications team, Monitoring Officer." in out.getvalue()
    assert "Next morning run queued for 2026-03-05 07:30" in out.getvalue()
    sent = Notification.objects.count()

    again = io.StringIO()
    call_command("send_advice_digest", stdout=again)
    assert "No newly overdue requests." in again.getvalue()
    assert "No digest to send" in again.getvalue()
    assert "queued" not in again.getvalue()  # one run is already waiting
    assert Notification.objects.count() == sent
    assert (
        DBTaskResult.objects.filter(
            task_path=escalation.scheduled_morning_run.module_path, status="READY"
        ).count()
        == 1
    )


@pytest.mark.postgres(reason="SQLite runs one writer at a time; the sequential tests cover it.")
@pytest.mark.django_db(transaction=True)
def test_workers_running_the_morning_at_the_same_moment_send_everything_once(
    member, comms, officer, comms_topic, settings
):
    overdue = [
        _request(member, comms_topic, due=TODAY - timedelta(days=1), urgency=Urgency.URGENT)
        for _ in range(5)
    ]
    Notification.objects.all().delete()
    workers = 4
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(escalation.morning_run(WEDNESDAY))
        except Exception as error:  # collected and reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    escalated = [reference for result in results for reference in result.escalated]
    assert sorted(escalated) == sorted(r.reference for r in overdue)
    assert [team for result in results for team in result.digests] == ["Communications team"]
    # Each overdue request reached the team and the Monitoring Officer once.
    assert Notification.objects.filter(kind="advice_overdue").count() == 2 * len(overdue)
    assert Notification.objects.filter(kind="advice_digest").count() == 1
