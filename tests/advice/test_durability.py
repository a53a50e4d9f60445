"""Nothing is lost: a request is saved, and the member sees their confirmation,
however the mail server behaves; its e-mails are retried until they go, and go
once. Run with a mail backend that fails, with a real SMTP server on the
loopback interface (aiosmtpd) that is stopped and started during the test, and
with one that accepts connections and never answers while a worker sends."""

import io
import itertools
import socket
import threading
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from protocol import notifications
from protocol.advice.models import AdviceRequest
from protocol.models import Notification
from tests.advice.factories import QUESTION, ask, form_data
from tests.factories import (
    PASSWORD,
    database_shared_between_threads,
    hung_smtp_server,
    smtp_backend,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
BROKEN = {"default": {"BACKEND": "tests.factories.BrokenMailer"}}


def _run_worker():
    call_command("db_worker", batch=True, startup_delay=False, stdout=io.StringIO())


def _retries_fall_due():
    """Move the clock past the back-off: the stored tries and the queued tasks are due."""
    now = timezone.now()
    Notification.objects.filter(status=Notification.Status.PENDING).update(next_attempt_at=now)
    DBTaskResult.objects.filter(status="READY").update(run_after=now - timedelta(seconds=1))


_numbers = itertools.count(1)


def _send_questions(client, topic, count):
    """Each member sends a question; returns the references their confirmation pages show."""
    references = []
    for _ in range(count):
        # A different question each time: the same one again is taken for a repeat.
        response = client.post(
            "/advice/ask/",
            form_data(topic, question=f"{QUESTION} (number {next(_numbers)})", action="send"),
            follow=True,
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "Your question has been sent" in page
        reference = AdviceRequest.objects.order_by("-pk").values_list("reference", flat=True)[0]
        assert reference in page
        references.append(reference)
    return references


def test_with_the_mail_server_failing_every_request_is_saved_confirmed_and_later_sent(
    member_client, member, comms, comms_topic, officer_client, settings
):
    settings.MAILERS = BROKEN
    references = _send_questions(member_client, comms_topic, 3)
    assert AdviceRequest.objects.count() == 3
    _run_worker()
    pending = Notification.objects.filter(status=Notification.Status.PENDING)
    assert pending.count() == 6  # a receipt and a team notice per request
    assert all(n.attempts == 1 and "mail server down" in n.last_error for n in pending)

    # The server stays down through every retry: the e-mails show as failed ...
    for _ in range(notifications.MAX_ATTEMPTS - 1):
        _retries_fall_due()
        _run_worker()
    assert Notification.objects.filter(status=Notification.Status.FAILED).count() == 6
    assert AdviceRequest.objects.count() == 3

    # ... and the admin's retry action sends them, once, when the server is back.
    settings.MAILERS = LOCMEM
    failed = list(Notification.objects.values_list("pk", flat=True))
    response = officer_client.post(
        "/admin/protocol/notification/",
        {"action": "retry_selected", "_selected_action": failed},
        follow=True,
    )
    assert "6 e-mail(s) queued to be sent again" in response.content.decode()
    _run_worker()
    _retries_fall_due()
    _run_worker()
    assert notifications.send_due_notifications() == 0
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 6
    sent = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(sent) == 6 and set(sent.values()) == {1}
    for reference in references:
        assert (member.email, f"We have your question: {reference}") in sent


class Recorder:
    """An SMTP handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((tuple(envelope.rcpt_tos), envelope.content.decode("utf-8")))
        return "250 Message accepted"


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(port, recorder):
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def _subject(content):
    for line in content.splitlines():
        if line.startswith("Subject: "):
            return line.removeprefix("Subject: ")
    raise AssertionError("no subject")


def test_with_a_real_smtp_server_that_goes_down_and_comes_back_every_notice_arrives_once(
    member_client, member, comms, comms_topic, settings
):
    port = _free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    recorder = Recorder()

    # The server is up: the first request's e-mails go at once.
    with smtp_server(port, recorder):
        first = _send_questions(member_client, comms_topic, 1)
        _run_worker()
    assert len(recorder.messages) == 2
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 2

    # The server is down: requests are still saved and confirmed; sending fails.
    later = _send_questions(member_client, comms_topic, 3)
    assert AdviceRequest.objects.count() == 4
    _run_worker()
    waiting = Notification.objects.filter(status=Notification.Status.PENDING)
    assert waiting.count() == 6
    assert all(n.attempts == 1 and "refused" in n.last_error.lower() for n in waiting)
    assert len(recorder.messages) == 2

    # It comes back. The safety net (send_due_notifications, run from cron) and the
    # worker's queued retries both reach the same e-mails: each is sent once.
    with smtp_server(port, recorder):
        _retries_fall_due()
        assert notifications.send_due_notifications() == 6
        _run_worker()
        _retries_fall_due()
        _run_worker()
        assert notifications.send_due_notifications() == 0
    assert Notification.objects.exclude(status=Notification.Status.SENT).count() == 0

    delivered = Counter((to, _subject(content)) for to, content in recorder.messages)
    assert set(delivered.values()) == {1}, delivered
    assert len(delivered) == 8
    for reference in first + later:
        assert ((member.email,), f"We have your question: {reference}") in delivered
        team_notice = f"[Normal] New advice request {reference}: {comms_topic.name}"
        assert ((comms.email,), team_notice) in delivered
    for _, content in recorder.messages:
        assert "bus depot" not in content


# A hung mail server holds each try for SMTP_WAIT seconds; on SQLite a member's
# request gives up after DB_WAIT seconds waiting for the database. Were a try
# sent inside a transaction, it would hold the write lock longer than that.
SMTP_WAIT = 3
DB_WAIT = 1.5


def _background_worker():
    """django-tasks-db's worker, in a thread (the command sets signal handlers,
    which only the main thread may)."""
    worker = Worker(
        queue_names=["default"],
        interval=0.05,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="hung-smtp-test",
        excluded_queue_names=[],
    )

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    return worker, thread


def test_with_a_hung_mail_server_members_questions_and_logins_all_succeed(
    member_client, member, comms, comms_topic, settings, monkeypatch, tmp_path
):
    settings.ADVICE_REQUESTS_PER_HOUR = 20
    with hung_smtp_server() as (port, accepted):
        settings.MAILERS = smtp_backend(port, timeout=SMTP_WAIT)
        if connection.vendor == "sqlite":
            monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", DB_WAIT)
        with database_shared_between_threads(tmp_path):
            backlog = [ask(member, comms_topic).reference for _ in range(3)]
            assert Notification.objects.count() == 6
            worker, thread = _background_worker()
            thread.start()
            try:
                # Once the worker is stuck talking to the mail server, members go on.
                assert accepted.wait(timeout=60), "the worker never reached the mail server"
                asked = _send_questions(member_client, comms_topic, 4)
                for _ in range(4):
                    visitor = Client()
                    response = visitor.post(
                        "/accounts/login/", {"username": member.username, "password": PASSWORD}
                    )
                    assert response.status_code == 302
                    assert "_auth_user_id" in visitor.session
            finally:
                worker.running = False
                thread.join()

            saved = set(AdviceRequest.objects.values_list("reference", flat=True))
            assert saved == set(backlog + asked)
            notices = Notification.objects.all()
            assert notices.count() == 2 * len(saved)  # a receipt and a team notice each
            assert not notices.filter(status=Notification.Status.SENT).exists()
            tried = notices.filter(attempts__gt=0)
            assert tried.exists()
            assert all(
                notice.status == Notification.Status.PENDING and "timed out" in notice.last_error
                for notice in tried
            )
