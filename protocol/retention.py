"""How long the portal keeps members' personal data, and removing it after.

``purge(now, dry_run)`` does it all; ``manage.py purge_personal_data`` runs it
daily from cron. Each part is safe to run again (it only touches what is
still there) and works in short transactions, so members are not kept
waiting on SQLite's single write lock.

* **Advice requests**: a finished (closed or withdrawn) request with nothing
  done to it for ``ADVICE_RETENTION_MONTHS`` loses its question, link,
  messages, events, files, access log and re-check flags, and its link to the
  member and assignee. The row itself stays, anonymous, with what the
  Monitoring Officer's figures count (when it was sent, topic, team, section,
  urgency, status, due date, and the time of the first reply, copied to
  ``first_reply_at`` before the replies go): the figures for any period are
  the same before and after. Keeping the anonymous row, rather than a
  separate table of tallies, means the figures keep one source and one query
  shape, and a reference an old e-mail mentions still leads somewhere
  ("text removed at the end of the retention period").
* **E-mails**: the text of an e-mail sent (or given up on) more than
  ``NOTIFICATION_BODY_RETENTION_DAYS`` ago; who it went to and when stay.
* **Search log**: the words of searches older than
  ``SEARCH_LOG_TEXT_RETENTION_DAYS``; the counts stay.
* **Sessions** that have expired.
* **Failed logins** (django-axes' records of a user name and address that
  failed) older than the longest lockout, which no lockout can still need.
"""

import calendar
from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from portal.lockout import LONGEST_LOCKOUT
from protocol.advice.models import (
    AdviceEvent,
    AdviceRequest,
    Attachment,
    Message,
    Recheck,
    RequestAccess,
)
from protocol.models import Notification
from protocol.search.models import SearchLog

BATCH = 200


@dataclass
class Purged:
    """One part of a purge: how many ``what``, and what was (or would be) done."""

    what: str
    count: int
    done: str  # "anonymised"
    would: str  # "would anonymise"

    def line(self, dry_run):
        return f"{self.would if dry_run else self.done}: {self.count} {self.what}"


def months_before(moment, months):
    """The same day and time ``months`` calendar months earlier (the last day
    of the month when that month is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def advice_cutoff(now):
    return months_before(now, settings.ADVICE_RETENTION_MONTHS)


def purge_advice_requests(now, *, dry_run=False) -> int:
    """Anonymise finished requests past the retention period; how many."""
    cutoff = advice_cutoff(now)
    due = AdviceRequest.objects.past_retention(cutoff)
    if dry_run:
        return due.count()
    done = 0
    while pks := list(due.order_by("pk").values_list("pk", flat=True)[:BATCH]):
        done += _anonymise(pks, cutoff, now)
    return done


@transaction.atomic
def _anonymise(pks, cutoff, now):
    # Checked again inside the transaction: a request reopened meanwhile is left alone.
    pks = list(
        AdviceRequest.objects.select_for_update()
        .past_retention(cutoff)
        .filter(pk__in=pks)
        .values_list("pk", flat=True)
    )
    first_replies = (
        Message.objects.filter(request__in=pks, kind=Message.Kind.REPLY)
        .values("request")
        .annotate(first=Min("created_at"))
        .values_list("request", "first")
        .order_by()
    )
    for pk, first in first_replies:
        AdviceRequest.objects.filter(pk=pk, first_reply_at__isnull=True).update(
            first_reply_at=first
        )
    # Attachments one by one, so each takes its file with it once committed.
    for attachment in Attachment.objects.filter(request__in=pks):
        attachment.delete()
    Message.objects.filter(request__in=pks).delete()  # with the citations of replies
    AdviceEvent.objects.filter(request__in=pks).delete()
    RequestAccess.objects.filter(request__in=pks).delete()
    Recheck.objects.filter(request__in=pks).delete()
    return AdviceRequest.objects.filter(pk__in=pks).update(
        question="",
        post_url="",
        suggested_guidance=[],
        member=None,
        assignee=None,
        unread_since=None,
        purged_at=now,
    )


def _sent_long_ago(now):
    cutoff = now - timedelta(days=settings.NOTIFICATION_BODY_RETENTION_DAYS)
    return Notification.objects.filter(
        Q(status=Notification.Status.SENT, sent_at__lt=cutoff)
        | Q(status=Notification.Status.FAILED, created_at__lt=cutoff)
    ).exclude(body_text="", body_html="", last_error="")


def purge_notification_bodies(now, *, dry_run=False) -> int:
    """Blank the text of e-mails sent (or given up on) long ago; how many."""
    due = _sent_long_ago(now)
    if dry_run:
        return due.count()
    with transaction.atomic():
        return due.update(body_text="", body_html="", last_error="")


def _old_searches(now):
    cutoff = now - timedelta(days=settings.SEARCH_LOG_TEXT_RETENTION_DAYS)
    return SearchLog.objects.filter(searched_at__lt=cutoff).exclude(query="", suggestion="")


def purge_search_text(now, *, dry_run=False) -> int:
    """Blank the words of old searches, keeping their counts; how many."""
    due = _old_searches(now)
    if dry_run:
        return due.count()
    with transaction.atomic():
        return due.update(query="", suggestion="")


def purge_sessions(now, *, dry_run=False) -> int:
    """Remove expired sessions (with the database's session store); how many."""
    due = Session.objects.filter(expire_date__lt=now)
    if dry_run:
        return due.count()
    with transaction.atomic():
        return due.delete()[0]


def purge_failed_logins(now, *, dry_run=False) -> int:
    """Remove records of failed logins older than the longest lockout; how many."""
    cutoff = now - LONGEST_LOCKOUT
    due = [
        AccessAttempt.objects.filter(attempt_time__lt=cutoff),
        AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
    ]
    if dry_run:
        return sum(records.count() for records in due)
    with transaction.atomic():
        return sum(records.delete()[0] for records in due)


def purge(now=None, *, dry_run=False) -> list[Purged]:
    """Everything past its retention period, removed (or, dry, counted)."""
    now = now or timezone.now()
    return [
        Purged(
            f"advice requests finished over {settings.ADVICE_RETENTION_MONTHS} months ago",
            purge_advice_requests(now, dry_run=dry_run),
            "Anonymised",
            "Would anonymise",
        ),
        Purged(
            f"e-mails sent over {settings.NOTIFICATION_BODY_RETENTION_DAYS} days ago",
            purge_notification_bodies(now, dry_run=dry_run),
            "Removed the text of",
            "Would remove the text of",
        ),
        Purged(
            f"searches made over {settings.SEARCH_LOG_TEXT_RETENTION_DAYS} days ago",
            purge_search_text(now, dry_run=dry_run),
            "Removed the words of",
            "Would remove the words of",
        ),
        Purged(
            "expired sessions",
            purge_sessions(now, dry_run=dry_run),
            "Removed",
            "Would remove",
        ),
        Purged(
            "records of failed logins",
            purge_failed_logins(now, dry_run=dry_run),
            "Removed",
            "Would remove",
        ),
    ]
