"""The life of an advice request: submitted, followed up, withdrawn, answered.

Each action is one atomic function. The request and everything about it are
saved first; its e-mails are stored as Notification rows in the same
transaction and sent by the background worker after the commit, so a mail
server that is down never loses a request, and a request that fails to save
sends nothing. E-mails carry the reference, topic, urgency, due date and a
link, never the text a member wrote (it may hold personal data); nothing here
logs that text either.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from protocol.advice import routing
from protocol.advice.models import (
    AdviceEvent,
    AdviceRequest,
    AnsweredByGuidance,
    Message,
    ReferenceCounter,
)
from protocol.advice.working_days import due_date
from protocol.notifications import notify

Action = AdviceEvent.Action
Status = AdviceRequest.Status


class AdviceError(Exception):
    """An action the request's state does not allow; the message is for the member."""


@dataclass
class RateLimited(AdviceError):
    limit: int
    retry_at: object  # an aware datetime
    noun: str = "request"

    def __str__(self):
        at = timezone.localtime(self.retry_at)
        what = self.noun if self.limit == 1 else f"{self.noun}s"
        return (
            f"You have sent {self.limit} {what} in the last hour, the most the portal "
            f"accepts. Nothing was sent. Your text is kept here: try again after "
            f"{at:%H:%M}. If it cannot wait, telephone the Monitoring Officer on "
            f"{settings.MONITORING_OFFICER_PHONE} ({settings.MONITORING_OFFICER_HOURS})."
        )


class AlreadySent(AdviceError):
    """The member sent this same question moments ago (back, then Send again)."""

    def __init__(self, existing):
        self.existing = existing
        at = timezone.localtime(existing.created_at)
        super().__init__(
            f"You already sent this question at {at:%H:%M} as {existing.reference}, so it "
            "has not been sent again. Here it is."
        )


def normalise_question(text):
    """A question as compared for repeats: case, spacing and line breaks ignored."""
    return " ".join(text.split()).casefold()


def find_duplicate(member, question, now=None):
    """The member's request with the same question sent within the duplicate window, if any."""
    minutes = settings.ADVICE_DUPLICATE_WINDOW_MINUTES
    if not minutes or member is None or not question:
        return None
    since = (now or timezone.now()) - timedelta(minutes=minutes)
    wanted = normalise_question(question)
    recent = (
        AdviceRequest.objects.filter(member=member, created_at__gte=since)
        .select_related("topic")
        .order_by("-created_at")[:20]
    )
    return next((r for r in recent if normalise_question(r.question) == wanted), None)


def _check_limit(queryset, limit, now, noun):
    since = now - timedelta(hours=1)
    times = list(
        queryset.filter(created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(times) >= limit:
        # The oldest of the last ``limit`` leaves the hour first.
        raise RateLimited(limit=limit, retry_at=times[-1] + timedelta(hours=1), noun=noun)


def check_request_limit(member, now=None, topic=None):
    """Raise RateLimited when ``member`` has used up their requests for the hour.

    Threats, abuse and a post the member regrets (fast-path topics) are never
    refused: they cannot wait for the hour to pass.
    """
    if topic is not None and topic.fast_path:
        return
    _check_limit(
        AdviceRequest.objects.filter(member=member),
        settings.ADVICE_REQUESTS_PER_HOUR,
        now or timezone.now(),
        "request",
    )


def check_follow_up_limit(member, now=None, topic=None):
    """As check_request_limit, for follow-ups; never for a fast-path request's."""
    if topic is not None and topic.fast_path:
        return
    _check_limit(
        Message.objects.filter(author=member, kind=Message.Kind.FOLLOW_UP),
        settings.ADVICE_FOLLOW_UPS_PER_HOUR,
        now or timezone.now(),
        "follow-up message",
    )


def _lock_member(member):
    """Serialise one member's writes, so two sent at once cannot both pass the limit."""
    get_user_model().objects.select_for_update().filter(pk=member.pk).first()


def next_reference(now=None):
    """The next ``MO-<year>-<number>``; call inside the transaction that saves the request.

    The year's counter row stays locked until that transaction ends, so two
    requests saved at once get different numbers; the unique constraint on
    the reference is the backstop.
    """
    year = timezone.localdate(now or timezone.now()).year
    counter = ReferenceCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(year=year, last_number=0)
        except IntegrityError:
            pass  # Someone else started the year first; their row is locked below.
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return AdviceRequest.format_reference(year, counter.last_number)


def _email_context(advice_request, url):
    return {
        "reference": advice_request.reference,
        "topic": advice_request.topic.name,
        "urgency": advice_request.get_urgency_display(),
        "due_date": advice_request.due_date,
        "status": advice_request.get_status_display(),
        "team": advice_request.team.name,
        "link": f"{settings.SITE_URL}{url}",
    }


def _tell_member(advice_request, template):
    notify(
        [advice_request.member],
        template,
        _email_context(advice_request, advice_request.get_absolute_url()),
        reference=f"advice:{advice_request.reference}",
    )


def _tell_team(advice_request, template):
    notify(
        routing.team_recipients(advice_request.team, advice_request.assignee),
        template,
        _email_context(advice_request, advice_request.get_staff_url()),
        reference=f"advice:{advice_request.reference}",
    )


def _record(advice_request, action, actor, detail="", at=None):
    return AdviceEvent.objects.create(
        request=advice_request,
        action=action,
        actor=actor,
        detail=detail[:255],
        at=at or timezone.now(),
    )


@transaction.atomic
def submit_request(member, *, topic, question, urgency, post_url="", section=None):
    """Save a member's question, route it, and queue the e-mails to them and the team.

    Raises AlreadySent when the member sent the same question within the
    duplicate window (checked with the member's row locked, so two at once
    cannot both be saved), and RateLimited beyond the hourly limit.
    """
    now = timezone.now()
    _lock_member(member)
    existing = find_duplicate(member, question, now)
    if existing is not None:
        raise AlreadySent(existing)
    check_request_limit(member, now, topic=topic)
    urgency = topic.urgency_for(urgency)
    route = routing.route(topic)
    advice_request = AdviceRequest.objects.create(
        reference=next_reference(now),
        member=member,
        topic=topic,
        question=question,
        post_url=post_url,
        section=section,
        urgency=urgency,
        team=route.team,
        assignee=route.assignee,
        routed_at=now,
        due_date=due_date(urgency, now),
        created_at=now,
    )
    _record(advice_request, Action.SUBMITTED, member, f"urgency {urgency}", at=now)
    _record(advice_request, Action.ROUTED, None, route.describe(), at=now)
    _tell_member(advice_request, "advice_received")
    _tell_team(advice_request, "advice_routed")
    return advice_request


def _locked(advice_request):
    return (
        AdviceRequest.objects.select_for_update()
        .select_related("topic", "team", "member")
        .get(pk=advice_request.pk)
    )


@transaction.atomic
def add_follow_up(advice_request, member, body):
    """The member adds a message; an answered request goes back to the team."""
    _lock_member(member)
    advice_request = _locked(advice_request)
    if advice_request.member_id != member.pk:
        raise AdviceError("Only the member who asked can add a follow-up.")
    if not advice_request.can_follow_up:
        raise AdviceError(
            f"This request is {advice_request.get_status_display().lower()}; "
            "ask a new question instead."
        )
    check_follow_up_limit(member, topic=advice_request.topic)
    message = Message.objects.create(
        request=advice_request, kind=Message.Kind.FOLLOW_UP, author=member, body=body
    )
    _record(advice_request, Action.FOLLOW_UP, member)
    if advice_request.status == Status.ANSWERED:
        advice_request.status = Status.IN_PROGRESS
        advice_request.save(update_fields=["status", "updated_at"])
        _record(advice_request, Action.STATUS, member, "answered → in progress (follow-up)")
    _tell_team(advice_request, "advice_follow_up")
    return message


@transaction.atomic
def withdraw(advice_request, member):
    """The member no longer needs an answer; the team is told."""
    advice_request = _locked(advice_request)
    if advice_request.member_id != member.pk:
        raise AdviceError("Only the member who asked can withdraw a request.")
    if not advice_request.can_withdraw:
        raise AdviceError(
            f"This request is {advice_request.get_status_display().lower()} "
            "and can no longer be withdrawn."
        )
    advice_request.status = Status.WITHDRAWN
    advice_request.save(update_fields=["status", "updated_at"])
    _record(advice_request, Action.WITHDRAWN, member)
    _tell_team(advice_request, "advice_withdrawn")
    return advice_request


def record_answered_by_guidance(topic):
    """Count a question the guidance answered (nothing is sent, the text is not kept)."""
    return AnsweredByGuidance.objects.create(topic=topic)


@transaction.atomic
def add_staff_message(advice_request, by, kind, body):
    """A reply the member is told about, or an internal note they never see."""
    message = Message.objects.create(request=advice_request, kind=kind, author=by, body=body)
    record_staff_message(message)
    return message


def record_staff_message(message):
    """Record a staff message saved elsewhere (the admin), and tell the member of a reply."""
    advice_request = message.request
    if message.kind == Message.Kind.REPLY:
        _record(advice_request, Action.REPLIED, message.author)
        _tell_member(advice_request, "advice_reply")
    elif message.kind == Message.Kind.NOTE:
        _record(advice_request, Action.NOTE, message.author)


def record_staff_changes(advice_request, by, before):
    """Record status, urgency, team and assignee changes made by staff; tell a new team.

    ``before`` is the request as it was stored before the change.
    """
    displayed = [
        (Action.STATUS, before.get_status_display(), advice_request.get_status_display()),
        (Action.URGENCY, before.get_urgency_display(), advice_request.get_urgency_display()),
    ]
    for action, was, now in displayed:
        if was != now:
            _record(advice_request, action, by, f"{was} → {now}")
    if before.team_id != advice_request.team_id:
        advice_request.routed_at = timezone.now()
        advice_request.save(update_fields=["routed_at"])
        _record(
            advice_request, Action.ROUTED, by, f"{before.team.name} → {advice_request.team.name}"
        )
        _tell_team(advice_request, "advice_routed")
    if before.assignee_id != advice_request.assignee_id:
        name = advice_request.assignee.get_username() if advice_request.assignee else "nobody"
        _record(advice_request, Action.ASSIGNED, by, f"to {name}")
