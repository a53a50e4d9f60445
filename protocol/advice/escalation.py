"""Telling teams what is overdue, and each working morning what is theirs.

* **Escalation**: a request still awaiting staff (received or in progress)
  after its due date is overdue. Its team is e-mailed once (the Monitoring
  Officer too when it is urgent); ``AdviceRequest.overdue_notified_at`` is
  claimed with a conditional update, so two workers never both send it.
* **Digest**: each working morning (weekends and bank holidays excepted) each
  team with requests awaiting it gets one e-mail listing them: overdue, due
  today, and the rest. A ``TeamDigest`` row per team and day (unique in the
  database) is the claim, so a second run the same day sends nothing.

Both run in ``morning_run()``: the background worker runs it as a task at
``ADVICE_DIGEST_TIME`` each working day and queues the next one;
``manage.py send_advice_digest`` runs it at once; the worker's sweep and
``run_worker`` queue it whenever none is waiting. E-mails list
references, topics, urgency and due dates with links to the workspace, never
the question or anything else the member wrote.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from portal import roles
from protocol import emails
from protocol.advice import routing
from protocol.advice.models import AdviceEvent, AdviceRequest, TeamDigest, Urgency
from protocol.advice.working_days import closed_days, is_working_day

logger = logging.getLogger(__name__)

# A request overdue for longer than this when escalation first sees it (the
# portal was just installed, or the worker was down for weeks) is marked as
# escalated without an e-mail: it is on the team's digest every morning anyway.
ESCALATION_WINDOW_DAYS = 14
# Each part of a digest lists at most this many requests; the rest are counted.
DIGEST_LIST_LIMIT = 50


def _monitoring_officers():
    return list(routing.reachable(roles.monitoring_officers()).order_by("pk"))


def overdue_recipients(advice_request):
    """The team (and its assignee); for an urgent request the Monitoring Officer too."""
    people = {
        user.pk: user
        for user in routing.team_recipients(advice_request.team, advice_request.assignee)
    }
    if advice_request.urgency == Urgency.URGENT:
        for user in _monitoring_officers():
            people.setdefault(user.pk, user)
    return sorted(people.values(), key=lambda user: user.pk)


def claim_overdue(pk, today, now):
    """Mark the request as escalated if it is overdue and nobody has; True if this call did.

    One conditional UPDATE: of two workers, exactly one sees a row changed.
    """
    return bool(
        AdviceRequest.objects.overdue(today)
        .filter(pk=pk, overdue_notified_at__isnull=True)
        .update(overdue_notified_at=now)
    )


def escalate_overdue(now=None):
    """E-mail the team of every newly overdue request, once; returns the references."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = AdviceRequest.objects.overdue(today).filter(overdue_notified_at__isnull=True)
    candidates.filter(due_date__lt=today - timedelta(days=ESCALATION_WINDOW_DAYS)).update(
        overdue_notified_at=now
    )
    escalated = []
    for pk in candidates.order_by("due_date", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            if not claim_overdue(pk, today, now):
                continue  # another worker took it, or it was answered meanwhile
            advice_request = AdviceRequest.objects.select_related("topic", "team", "assignee").get(
                pk=pk
            )
            emails.notify_advice_overdue(advice_request, overdue_recipients(advice_request))
            told = advice_request.team.name
            if advice_request.urgency == Urgency.URGENT and told != roles.MONITORING_OFFICER:
                told += " and the Monitoring Officer"
            AdviceEvent.objects.create(
                request=advice_request,
                action=AdviceEvent.Action.OVERDUE,
                detail=f"due {advice_request.due_date:%d %b %Y}; {told} told",
                at=now,
            )
        escalated.append(advice_request.reference)
    return escalated


@dataclass
class Digest:
    """One team's morning list."""

    team: object
    overdue: list = field(default_factory=list)
    due_today: list = field(default_factory=list)
    later: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.overdue) + len(self.due_today) + len(self.later)


def digests_for(today):
    """Each team's requests awaiting staff, split by due date (one query)."""
    by_team = {}
    rows = (
        AdviceRequest.objects.awaiting_answer()
        .select_related("topic", "team", "assignee")
        .order_by("due_date", "created_at", "pk")
    )
    urgent_first = defaultdict(list)
    for advice_request in rows:
        urgent_first[advice_request.due_date].append(advice_request)
    for due in sorted(urgent_first):
        # Within a day, the most urgent first.
        day = sorted(urgent_first[due], key=lambda r: -Urgency.rank(r.urgency))
        for advice_request in day:
            digest = by_team.setdefault(advice_request.team_id, Digest(team=advice_request.team))
            item = emails.advice_summary(advice_request)
            if advice_request.due_date < today:
                digest.overdue.append(item)
            elif advice_request.due_date == today:
                digest.due_today.append(item)
            else:
                digest.later.append(item)
    return sorted(by_team.values(), key=lambda digest: digest.team.name)


def _holidays_around(day):
    return closed_days(day - timedelta(days=1), day + timedelta(days=40))


def _part(heading, items):
    shown = items[:DIGEST_LIST_LIMIT]
    return {
        "heading": heading,
        "count": len(items),
        "items": shown,
        "more": len(items) - len(shown),
    }


def send_digests(now=None):
    """Send today's digest to every team with requests awaiting it; returns the team names.

    Nothing on a weekend or bank holiday; a team already sent today's is skipped.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not is_working_day(today, _holidays_around(today)):
        return []
    sent = []
    for digest in digests_for(today):
        try:
            with transaction.atomic():
                TeamDigest.objects.create(
                    team=digest.team, date=today, sent_at=now, request_count=digest.count
                )
                emails.notify_advice_digest(
                    digest.team,
                    date=today,
                    count=digest.count,
                    overdue_count=len(digest.overdue),
                    due_today_count=len(digest.due_today),
                    parts=[
                        _part("OVERDUE", digest.overdue),
                        _part("DUE TODAY", digest.due_today),
                        _part("DUE LATER", digest.later),
                    ],
                )
        except IntegrityError:
            continue  # this team's digest for today has gone already
        sent.append(digest.team.name)
    return sent


@dataclass
class MorningRun:
    escalated: list
    digests: list


def morning_run(now=None):
    """Escalate what became overdue, then send the digests (which list it too)."""
    now = now or timezone.now()
    return MorningRun(escalated=escalate_overdue(now), digests=send_digests(now))


def next_run_at(now=None):
    """The next working day's ``ADVICE_DIGEST_TIME`` after ``now``, as an aware datetime."""
    now = now or timezone.now()
    hours, minutes = (int(part) for part in settings.ADVICE_DIGEST_TIME.split(":"))
    day = timezone.localdate(now)
    holidays = _holidays_around(day)
    while True:
        at = timezone.make_aware(datetime.combine(day, time(hours, minutes)))
        if at > now and is_working_day(day, holidays):
            return at
        day += timedelta(days=1)
        if day > max(holidays, default=day):
            holidays |= _holidays_around(day)


def ensure_scheduled(now=None):
    """Queue the next morning run unless one is already waiting; returns its time or None.

    Two runs queued at once (two workers starting together) are harmless: the second
    finds everything claimed, and only one of them queues the day after.
    """
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=scheduled_morning_run.module_path, status="READY"
    )
    if waiting.exists():
        return None
    at = next_run_at(now)
    try:
        scheduled_morning_run.using(run_after=at).enqueue()
    except Exception:
        logger.exception("Could not queue the advice morning run; the sweep will try again.")
        return None
    return at


@task
def scheduled_morning_run():
    """The worker's morning run; it queues the next one before it ends, even if it failed."""
    try:
        result = morning_run()
    finally:
        ensure_scheduled()
    return {"escalated": result.escalated, "digests": result.digests}
