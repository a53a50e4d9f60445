"""Personal data is kept only as long as it is needed: ``purge_personal_data``
anonymises finished advice requests after the retention period (the figures
stay the same), blanks old e-mails' text and old searches' words, and removes
expired sessions and old failed logins. Safe to run daily; ``--dry-run`` only counts."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from protocol import retention
from protocol.advice import figures
from protocol.advice.models import (
    AdviceEvent,
    AdviceRequest,
    AnsweredByGuidance,
    Attachment,
    Message,
    RequestAccess,
    Urgency,
)
from protocol.models import Notification
from protocol.search.models import SearchLog
from tests.advice.factories import ask

pytestmark = pytest.mark.django_db

MARCH = (date(2026, 3, 2), date(2026, 3, 29))


@pytest.fixture(autouse=True)
def _ask_freely(settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 10_000
    settings.ADVICE_DUPLICATE_WINDOW_MINUTES = 0


def _later(months):
    """A moment ``months`` months from now, when the retention period has passed."""
    return retention.months_before(timezone.now(), -months)


def _at(day, hour=9):
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def _finished_request(member, topic, day, *, status="closed", urgency=Urgency.NORMAL, **extra):
    """A request sent on a day of March 2026, with a follow-up, a reply, a note,
    a file and an opening by staff; ``status`` closed or withdrawn."""
    advice_request = ask(member, topic, urgency=urgency, **extra)
    sent = _at(day)
    AdviceRequest.objects.filter(pk=advice_request.pk).update(
        created_at=sent, updated_at=sent, due_date=date(2026, 3, day + 3), status=status
    )
    advice_request.refresh_from_db()
    for kind, hours in [
        (Message.Kind.FOLLOW_UP, 1),
        (Message.Kind.REPLY, 5 * day),
        (Message.Kind.REPLY, 6 * day),
        (Message.Kind.NOTE, 2),
    ]:
        Message.objects.create(
            request=advice_request,
            kind=kind,
            body=f"{kind} text",
            created_at=sent + timedelta(hours=hours),
        )
    Attachment.objects.create(
        request=advice_request,
        file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
        name="Councillor Jones minutes.pdf",
        content_type=Attachment.PDF,
        size=16,
        uploaded_by=member,
    )
    RequestAccess.objects.create(request=advice_request, user=member, at=sent)
    AdviceEvent.objects.filter(request=advice_request).update(at=sent)
    return advice_request


def _figures():
    result = figures.compute(*MARCH, today=date(2026, 4, 30))
    return (
        result.total,
        result.by_topic.rows,
        result.by_team.rows,
        [
            (g.label, g.replied, g.unanswered, g.median_hours, g.p90_hours, g.due, g.on_time)
            for g in result.reply_times
        ],
        [(d.topic, d.answered_by_guidance, d.sent) for d in result.deflection],
        [(s.section.pk, s.count) for s in result.sections],
        result.without_section,
    )


def test_the_figures_are_the_same_after_a_purge(member, comms_topic, officer_topic, sample_version):
    section = sample_version.sections.order_by("order").first()
    _finished_request(member, comms_topic, 3, section=section)
    _finished_request(member, officer_topic, 4, urgency=Urgency.URGENT)
    _finished_request(member, comms_topic, 10, status="withdrawn")
    AnsweredByGuidance.objects.create(topic=comms_topic, at=_at(5))
    before = _figures()
    assert before[0] == 3 and before[3][0][1] == 3  # three sent, three replied

    assert retention.purge_advice_requests(_later(25)) == 3

    assert AdviceRequest.objects.filter(purged_at__isnull=False).count() == 3
    assert _figures() == before


def test_a_purged_request_keeps_no_text_files_or_link_to_the_member(
    member, comms_topic, attachment_root, django_capture_on_commit_callbacks, comms_client
):
    advice_request = _finished_request(
        member, comms_topic, 3, post_url="https://example.org/post/1"
    )
    stored = Attachment.objects.get(request=advice_request).file.name
    assert (attachment_root / stored).exists()

    with django_capture_on_commit_callbacks(execute=True):
        retention.purge_advice_requests(_later(25))

    advice_request.refresh_from_db()
    assert advice_request.question == "" and advice_request.post_url == ""
    assert advice_request.member is None and advice_request.assignee is None
    assert advice_request.suggested_guidance == []
    assert advice_request.is_purged and advice_request.is_read_only
    assert advice_request.first_reply_at == _at(3) + timedelta(hours=15)
    for model in (Message, AdviceEvent, Attachment, RequestAccess):
        assert not model.objects.filter(request=advice_request).exists(), model
    assert not (attachment_root / stored).exists()
    # An old e-mail's reference still opens a page, which says what happened.
    page = comms_client.get(advice_request.get_staff_url()).content.decode()
    assert "Text removed at the end of the retention period." in page
    assert "Erased member" in page and "Councillor Jones" not in page


def test_open_recent_and_recently_touched_requests_are_kept(member, comms_topic):
    still_open = _finished_request(member, comms_topic, 3, status="answered")
    recent = ask(member, comms_topic)  # closed a month before the purge
    AdviceRequest.objects.filter(pk=recent.pk).update(
        status="closed", created_at=_later(23), updated_at=_later(24)
    )
    touched = _finished_request(member, comms_topic, 4)
    Message.objects.create(
        request=touched, kind=Message.Kind.FOLLOW_UP, body="Late words", created_at=_later(2)
    )

    assert retention.purge_advice_requests(_later(25)) == 0
    assert retention.purge_advice_requests(timezone.now()) == 0
    for advice_request in (still_open, recent, touched):
        advice_request.refresh_from_db()
        assert advice_request.question and advice_request.member == member


def test_the_retention_period_is_a_setting(settings, member, comms_topic):
    _finished_request(member, comms_topic, 3)
    settings.ADVICE_RETENTION_MONTHS = 60
    assert retention.purge_advice_requests(_later(25)) == 0
    settings.ADVICE_RETENTION_MONTHS = 1
    assert retention.purge_advice_requests(_later(2)) == 1


def _notification(status, sent_days_ago, member=None):
    moment = timezone.now() - timedelta(days=sent_days_ago)
    notification = Notification.objects.create(
        kind="advice_reply",
        recipient=member,
        to_email="member@example.org",
        subject="A reply to MO-2026-0001",
        body_text="Dear Councillor Jones, the answer is …",
        body_html="<p>Dear Councillor Jones</p>",
        status=status,
        sent_at=moment if status == Notification.Status.SENT else None,
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=moment)
    return notification


def test_e_mail_text_goes_ninety_days_after_sending(member):
    old = _notification(Notification.Status.SENT, 91, member)
    given_up = _notification(Notification.Status.FAILED, 91, member)
    recent = _notification(Notification.Status.SENT, 89, member)
    waiting = _notification(Notification.Status.PENDING, 200, member)

    assert retention.purge_notification_bodies(timezone.now()) == 2

    for notification in (old, given_up):
        notification.refresh_from_db()
        assert notification.body_text == notification.body_html == ""
        assert notification.subject == "A reply to MO-2026-0001"
    for notification in (recent, waiting):
        notification.refresh_from_db()
        assert "Councillor Jones" in notification.body_text


def test_search_words_go_after_the_retention_period_and_the_counts_stay():
    now = timezone.now()
    for days, query, found in [(91, "jones planning row", 0), (91, "alcohol", 3), (10, "x", 0)]:
        SearchLog.objects.create(
            query=query, result_count=found, searched_at=now - timedelta(days=days)
        )
    everything = SearchLog.objects.between(now - timedelta(days=365), now)
    totals = everything.totals()

    assert retention.purge_search_text(now) == 2

    assert everything.totals() == totals
    assert list(SearchLog.objects.order_by("searched_at").values_list("query", flat=True)) == [
        "",
        "",
        "x",
    ]


def test_expired_sessions_are_removed():
    expired, live = SessionStore(), SessionStore()
    expired.create()
    live.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert retention.purge_sessions(timezone.now()) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_failed_logins_go_after_the_longest_lockout():
    from axes.models import AccessAttempt

    now = timezone.now()
    for username, age in (("old", timedelta(hours=25)), ("recent", timedelta(hours=23))):
        attempt = AccessAttempt.objects.create(
            username=username, ip_address="192.0.2.1", user_agent="test", failures_since_start=3
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=now - age)
    assert retention.purge_failed_logins(now, dry_run=True) == 1
    assert AccessAttempt.objects.count() == 2
    assert retention.purge_failed_logins(now) == 1
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent"]


def test_the_command_counts_on_a_dry_run_changes_nothing_then_purges_once(member, comms_topic):
    advice_request = _finished_request(member, comms_topic, 3)
    long_ago = timezone.now() - timedelta(days=800)  # over 24 months
    AdviceRequest.objects.filter(pk=advice_request.pk).update(
        created_at=long_ago, updated_at=long_ago
    )
    Message.objects.filter(request=advice_request).update(created_at=long_ago)
    AdviceEvent.objects.filter(request=advice_request).update(at=long_ago)
    _notification(Notification.Status.SENT, 120, member)

    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Dry run: nothing is changed." in out.getvalue()
    assert "Would anonymise: 1 advice requests finished over 24 months ago" in out.getvalue()
    assert "Would remove the text of: 1 e-mails" in out.getvalue()
    assert "Would remove: 0 records of failed logins" in out.getvalue()
    advice_request.refresh_from_db()
    assert advice_request.question and not advice_request.is_purged

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Anonymised: 1 advice requests" in out.getvalue()
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)  # a second day's run finds nothing left
    assert "Anonymised: 0 advice requests" in out.getvalue()
    assert "Removed the text of: 0 e-mails" in out.getvalue()


def test_months_before_keeps_the_day_or_takes_the_month_end():
    assert retention.months_before(datetime(2028, 3, 31, tzinfo=UTC), 24) == datetime(
        2026, 3, 31, tzinfo=UTC
    )
    assert retention.months_before(datetime(2028, 3, 31, tzinfo=UTC), 1) == datetime(
        2028, 2, 29, tzinfo=UTC
    )
    assert retention.months_before(datetime(2026, 1, 15, tzinfo=UTC), 2) == datetime(
        2025, 11, 15, tzinfo=UTC
    )
