"""The life of an advice request: submitted, followed up, withdrawn, answered.

Staff actions (reply, note, assign, status, urgency, topic and team) are here
too, and are the one path for the staff workspace, the admin and the tests.
Each locks the request's row, checks that the person may act on it, that the
request is not withdrawn (staff can only read those), and that the form was not
made stale by a colleague's conflicting action since the page was shown; then
it changes only the fields it owns, so two people acting at once on different
things both succeed.

Each action is one atomic function. The request and everything about it are
saved first; its e-mails are stored as Notification rows in the same
transaction and sent by the background worker after the commit, so a mail
server that is down never loses a request, and a request that fails to save
sends nothing. E-mails carry the reference, topic, urgency, due date and a
link, never the text a member wrote (it may hold personal data); nothing here
logs that text either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from protocol import emails
from protocol.advice import attachments as attachment_files
from protocol.advice import routing
from protocol.advice.models import (
    AdviceEvent,
    AdviceRequest,
    AnsweredByGuidance,
    Message,
    ReferenceCounter,
    RequestAccess,
    Urgency,
)
from protocol.advice.working_days import due_date

if TYPE_CHECKING:
    from django.contrib.auth.models import Group, User
    from django.db.models import QuerySet

    from protocol.advice.models import Attachment, Topic
    from protocol.models import Section

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


def normalise_question(text: str) -> str:
    """A question as compared for repeats: case, spacing and line breaks ignored."""
    return " ".join(text.split()).casefold()


def find_duplicate(
    member: User, question: str, now: datetime | None = None
) -> AdviceRequest | None:
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


def check_request_limit(
    member: User, now: datetime | None = None, topic: Topic | None = None
) -> None:
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


def check_follow_up_limit(
    member: User, now: datetime | None = None, topic: Topic | None = None
) -> None:
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


def next_reference(now: datetime | None = None) -> str:
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


def _record(advice_request, action, actor, detail="", at=None):
    return AdviceEvent.objects.create(
        request=advice_request,
        action=action,
        actor=actor,
        detail=detail[:255],
        at=at or timezone.now(),
    )


def _suggested(suggestions):
    """What the portal showed the member before they sent: titles and links only."""
    return [
        {"title": str(getattr(item, "title", ""))[:300], "url": str(getattr(item, "url", ""))[:500]}
        for item in suggestions or ()
    ]


@transaction.atomic
def submit_request(
    member: User,
    *,
    topic: Topic,
    question: str,
    urgency: str,
    post_url: str = "",
    section: Section | None = None,
    suggested_guidance: Iterable = (),
    attachments: Iterable = (),
) -> AdviceRequest:
    """Save a member's question, route it, and queue the e-mails to them and the team.

    ``suggested_guidance``: what the portal suggested before sending (objects with
    ``title`` and ``url``), kept so staff see what the member had already read.
    ``attachments``: files checked by ``attachments.AttachmentsField``, stored last
    so that nothing earlier can fail after they are written.
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
        suggested_guidance=_suggested(suggested_guidance),
    )
    detail = f"urgency {urgency}" + _files_detail(attachments)
    _record(advice_request, Action.SUBMITTED, member, detail, at=now)
    _record(advice_request, Action.ROUTED, None, route.describe(), at=now)
    emails.notify_advice_received(advice_request)
    emails.notify_advice_routed(advice_request)
    attachment_files.save(attachments, advice_request, by=member)
    return advice_request


def _files_detail(attachments):
    """How many files came (never their names: they may say who or what is involved)."""
    count = len(attachments)
    return "" if not count else f", {count} file{'s' if count > 1 else ''} attached"


def _locked(advice_request):
    # Only the request's row is locked: the member may be an erased (null)
    # account, and PostgreSQL cannot lock the empty side of an outer join.
    return (
        AdviceRequest.objects.select_for_update(of=("self",))
        .select_related("topic", "team", "member")
        .get(pk=advice_request.pk)
    )


@transaction.atomic
def add_follow_up(
    advice_request: AdviceRequest, member: User, body: str, attachments: Iterable = ()
) -> Message:
    """The member adds a message (and files); an answered request goes back to the team."""
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
    _record(advice_request, Action.FOLLOW_UP, member, _files_detail(attachments).lstrip(", "))
    advice_request.unread_since = timezone.now()
    fields = ["unread_since", "updated_at"]
    was = advice_request.get_status_display()
    if advice_request.status in (Status.ANSWERED, Status.WAITING):
        advice_request.status = Status.IN_PROGRESS
        fields.append("status")
    advice_request.save(update_fields=fields)
    if "status" in fields:
        _record(
            advice_request,
            Action.STATUS,
            member,
            f"{was} → {advice_request.get_status_display()} (follow-up)",
        )
    emails.notify_advice_follow_up(advice_request)
    attachment_files.save(attachments, advice_request, message=message, by=member)
    return message


@transaction.atomic
def withdraw(advice_request: AdviceRequest, member: User) -> AdviceRequest:
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
    emails.notify_advice_withdrawn(advice_request)
    return advice_request


def record_answered_by_guidance(topic: Topic) -> AnsweredByGuidance:
    """Count a question the guidance answered (nothing is sent, the text is not kept)."""
    return AnsweredByGuidance.objects.create(topic=topic)


# ---------------------------------------------------------------------------
# Staff actions


class StaleForm(AdviceError):
    """A colleague (or the member) changed the same thing since the page was shown."""


# For each staff action, the earlier actions that make its form stale: two
# people replying at once would send two answers, two people assigning would
# overwrite each other. Actions not listed here do not conflict (a note never
# does; a reply and an assignment made at once both stand).
CONFLICTS = {
    "reply": [Action.REPLIED, Action.FOLLOW_UP, Action.WITHDRAWN],
    "assign": [Action.ASSIGNED, Action.ROUTED],
    "status": [Action.STATUS, Action.WITHDRAWN],
    "urgency": [Action.URGENCY],
    "route": [Action.ROUTED, Action.TOPIC],
    "note": [],
}


def may_act(user: User, advice_request: AdviceRequest) -> bool:
    """May ``user`` work on this request: staff of its team, or who may see every request."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not user.has_perm("advice.work_on_advice_requests"):
        return False
    if user.is_superuser or user.has_perm("advice.view_all_advice_requests"):
        return True
    return user.groups.filter(pk=advice_request.team_id).exists()


def eligible_assignees(team: Group) -> QuerySet:
    """The people a request for ``team`` may be assigned to: the team's active members."""
    return (
        get_user_model()
        .objects.filter(groups=team, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def _display_name(user):
    if user is None:
        return "the portal"
    return user.get_full_name() or user.get_username()


def _check_stale(advice_request, what, seen_at):
    if seen_at is None:
        return
    actions = CONFLICTS[what]
    if not actions:
        return
    changed = (
        advice_request.events.filter(at__gt=seen_at, action__in=actions)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if changed is not None:
        at = timezone.localtime(changed.at)
        detail = f" ({changed.detail})" if changed.detail else ""
        raise StaleForm(
            f"While you had this page open, {_display_name(changed.actor)} made a change at "
            f"{at:%H:%M}: {changed.get_action_display().lower()}{detail}. Nothing was saved "
            "from your form; your text is kept below. Check the request, then send again."
        )


def _locked_for_staff(advice_request, by, what, seen_at):
    advice_request = _locked(advice_request)
    if not may_act(by, advice_request):
        raise AdviceError("You cannot act on this request: it is not routed to your team.")
    if advice_request.is_read_only:
        raise AdviceError(
            f"{advice_request.reference} cannot change: {advice_request.read_only_reason}. "
            "It can be read, but nothing more can be done to it. Nothing was saved."
        )
    _check_stale(advice_request, what, seen_at)
    return advice_request


def _touch(advice_request, *fields):
    advice_request.save(update_fields=[*fields, "updated_at"])


def _set_status(advice_request, by, status, note=""):
    was = advice_request.get_status_display()
    advice_request.status = status
    _touch(advice_request, "status")
    detail = f"{was} → {advice_request.get_status_display()}"
    _record(advice_request, Action.STATUS, by, f"{detail} ({note})" if note else detail)


@transaction.atomic
def reply(
    advice_request: AdviceRequest,
    by: User,
    body: str,
    *,
    then_status: str = Status.ANSWERED,
    seen_at: datetime | None = None,
) -> Message:
    """Send a reply to the member (who is e-mailed a link, never the text).

    ``then_status``: the status the request moves to after the reply (answered by
    default, or waiting for the member); None, or a move the request's status does
    not allow, leaves the status as it is.
    """
    advice_request = _locked_for_staff(advice_request, by, "reply", seen_at)
    message = Message.objects.create(
        request=advice_request, kind=Message.Kind.REPLY, author=by, body=body
    )
    _record(advice_request, Action.REPLIED, by)
    if then_status and then_status != advice_request.status:
        if advice_request.can_move_to(then_status):
            _set_status(advice_request, by, then_status, "with a reply")
    else:
        _touch(advice_request)
    emails.notify_advice_reply(advice_request)
    return message


@transaction.atomic
def add_note(
    advice_request: AdviceRequest, by: User, body: str, *, seen_at: datetime | None = None
) -> Message:
    """An internal note: staff see it on the request's page; the member never does."""
    advice_request = _locked_for_staff(advice_request, by, "note", seen_at)
    message = Message.objects.create(
        request=advice_request, kind=Message.Kind.NOTE, author=by, body=body
    )
    _record(advice_request, Action.NOTE, by)
    _touch(advice_request)
    return message


def check_assignee(advice_request: AdviceRequest, assignee: User | None) -> None:
    if (
        assignee is not None
        and not eligible_assignees(advice_request.team_id).filter(pk=assignee.pk).exists()
    ):
        raise AdviceError(
            f"{_display_name(assignee)} is not in {advice_request.team.name}, the team this "
            "request is routed to: assign it to someone in that team, or change the team first."
        )


@transaction.atomic
def assign(
    advice_request: AdviceRequest,
    by: User,
    assignee: User | None,
    *,
    seen_at: datetime | None = None,
) -> AdviceRequest:
    """Give the request to ``assignee`` (None: nobody), who must be in the request's team."""
    advice_request = _locked_for_staff(advice_request, by, "assign", seen_at)
    check_assignee(advice_request, assignee)
    if advice_request.assignee_id == (assignee.pk if assignee else None):
        return advice_request
    advice_request.assignee = assignee
    _touch(advice_request, "assignee")
    _record(
        advice_request,
        Action.ASSIGNED,
        by,
        f"to {_display_name(assignee)}" if assignee else "to nobody",
    )
    return advice_request


def check_status(advice_request: AdviceRequest, status: str) -> None:
    if status == advice_request.status:
        return
    if not advice_request.can_move_to(status):
        allowed = ", ".join(Status(value).label.lower() for value in advice_request.next_statuses)
        raise AdviceError(
            f"A request that is {advice_request.get_status_display().lower()} cannot be "
            f"moved to {Status(status).label.lower()}"
            + (f"; it can be moved to: {allowed}." if allowed else ".")
        )


@transaction.atomic
def change_status(
    advice_request: AdviceRequest, by: User, status: str, *, seen_at: datetime | None = None
) -> AdviceRequest:
    """Move the request along the allowed transitions (models.STATUS_TRANSITIONS)."""
    advice_request = _locked_for_staff(advice_request, by, "status", seen_at)
    check_status(advice_request, status)
    if status != advice_request.status:
        _set_status(advice_request, by, status)
    return advice_request


@transaction.atomic
def change_urgency(
    advice_request: AdviceRequest, by: User, urgency: str, *, seen_at: datetime | None = None
) -> AdviceRequest:
    """Change the urgency; the due date is worked out again from when the request was sent."""
    advice_request = _locked_for_staff(advice_request, by, "urgency", seen_at)
    urgency = Urgency(urgency)
    if urgency == advice_request.urgency:
        return advice_request
    was, was_due = advice_request.get_urgency_display(), advice_request.due_date
    advice_request.urgency = urgency
    advice_request.due_date = due_date(urgency, advice_request.created_at)
    _touch(advice_request, "urgency", "due_date")
    _record(
        advice_request,
        Action.URGENCY,
        by,
        f"{was} → {advice_request.get_urgency_display()}; due {was_due:%d %b} → "
        f"{advice_request.due_date:%d %b}",
    )
    return advice_request


def _move_to_team(advice_request, by, team, assignee, how):
    was = advice_request.team
    advice_request.team = team
    advice_request.routed_at = timezone.now()
    if assignee is None and advice_request.assignee_id:
        if not eligible_assignees(team).filter(pk=advice_request.assignee_id).exists():
            advice_request.assignee = None
    elif assignee is not None:
        advice_request.assignee = assignee
    _touch(advice_request, "team", "routed_at", "assignee")
    _record(advice_request, Action.ROUTED, by, f"{was.name} → {team.name} ({how})")
    emails.notify_advice_routed(advice_request)


@transaction.atomic
def change_topic(
    advice_request: AdviceRequest, by: User, topic: Topic, *, seen_at: datetime | None = None
) -> AdviceRequest:
    """Change the topic and route the request again by the topic's routing rule."""
    advice_request = _locked_for_staff(advice_request, by, "route", seen_at)
    if topic.pk == advice_request.topic_id:
        return advice_request
    was = advice_request.topic.name
    advice_request.topic = topic
    _touch(advice_request, "topic")
    _record(advice_request, Action.TOPIC, by, f"{was} → {topic.name}")
    route = routing.route(topic)
    if route.team.pk != advice_request.team_id:
        _move_to_team(advice_request, by, route.team, route.assignee, route.describe())
    return advice_request


@transaction.atomic
def change_team(
    advice_request: AdviceRequest, by: User, team: Group, *, seen_at: datetime | None = None
) -> AdviceRequest:
    """Send the request to another team, who are told by e-mail."""
    advice_request = _locked_for_staff(advice_request, by, "route", seen_at)
    if team.pk != advice_request.team_id:
        _move_to_team(advice_request, by, team, None, "chosen by staff")
    return advice_request


def record_file_opened(attachment: Attachment, by: User) -> None:
    """Staff opened a member's file: it goes in the access log like opening the request."""
    if attachment.request.member_id != by.pk:
        RequestAccess.objects.create(request=attachment.request, user=by, at=timezone.now())


def record_opened(advice_request: AdviceRequest, by: User) -> None:
    """A member of staff opened the request: keep who and when, and mark it read."""
    now = timezone.now()
    RequestAccess.objects.create(request=advice_request, user=by, at=now)
    if advice_request.unread_since is not None:
        # A conditional update: a follow-up that arrives as the page opens stays unread.
        AdviceRequest.objects.filter(pk=advice_request.pk, unread_since__lte=now).update(
            unread_since=None
        )
