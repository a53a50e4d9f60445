"""Every e-mail the portal sends, one function each: who gets it and what it may say.

Each function names its template set (``templates/emails/<name>_*.txt``) and
builds its context, then stores the e-mails in the outbox
(``protocol.notifications.notify``), which sends them in the background after
the caller's transaction commits. Call them inside the transaction that makes
the change the e-mail is about. The constants are the ``Notification.kind``
each e-mail is stored under.

E-mails about advice requests carry the reference, topic, urgency, due date
and a link, never the text a member wrote (it may hold personal data).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from protocol.advice import routing
from protocol.notifications import notify

VERSION_PUBLISHED = "version_published"
ACKNOWLEDGEMENT_REMINDER = "acknowledgement_reminder"
ADVICE_RECEIVED = "advice_received"
ADVICE_ROUTED = "advice_routed"
ADVICE_FOLLOW_UP = "advice_follow_up"
ADVICE_WITHDRAWN = "advice_withdrawn"
ADVICE_REPLY = "advice_reply"
ADVICE_OVERDUE = "advice_overdue"
ADVICE_DIGEST = "advice_digest"
PASSWORD_RESET = "password_reset"


# -- the protocol ------------------------------------------------------------------


def _version_links(version):
    return {
        "document": version.document,
        "version": version,
        "acknowledge_url": reverse(
            "protocol:acknowledge", kwargs={"document": version.document.slug}
        ),
    }


def notify_version_published(members, version, *, changes_url: str) -> list:
    """Tell members a major change was published, with a link to what changed."""
    return notify(
        members,
        VERSION_PUBLISHED,
        {**_version_links(version), "changes_url": changes_url},
        reference=f"version:{version.pk}",
    )


def notify_acknowledgement_reminder(members, version, *, reference: str) -> list:
    """Remind members who have not yet confirmed reading ``version`` to do so."""
    return notify(members, ACKNOWLEDGEMENT_REMINDER, _version_links(version), reference=reference)


# -- advice requests ------------------------------------------------------------------


def _advice_context(advice_request, url):
    return {
        "reference": advice_request.reference,
        "topic": advice_request.topic.name,
        "urgency": advice_request.get_urgency_display(),
        "due_date": advice_request.due_date,
        "status": advice_request.get_status_display(),
        "team": advice_request.team.name,
        "link": f"{settings.SITE_URL}{url}",
    }


def _tell_member(advice_request, name):
    if advice_request.member is None:
        return []  # the member's account was erased: there is nobody to tell
    return notify(
        [advice_request.member],
        name,
        _advice_context(advice_request, advice_request.get_absolute_url()),
        reference=f"advice:{advice_request.reference}",
    )


def _tell_team(advice_request, name):
    return notify(
        routing.team_recipients(advice_request.team, advice_request.assignee),
        name,
        _advice_context(advice_request, advice_request.get_staff_url()),
        reference=f"advice:{advice_request.reference}",
    )


def notify_advice_received(advice_request) -> list:
    """The member's receipt: reference, due date and a link to the request."""
    return _tell_member(advice_request, ADVICE_RECEIVED)


def notify_advice_routed(advice_request) -> list:
    """The team (and assignee) the request was routed or moved to."""
    return _tell_team(advice_request, ADVICE_ROUTED)


def notify_advice_follow_up(advice_request) -> list:
    """The team: the member added a follow-up."""
    return _tell_team(advice_request, ADVICE_FOLLOW_UP)


def notify_advice_withdrawn(advice_request) -> list:
    """The team: the member withdrew the request."""
    return _tell_team(advice_request, ADVICE_WITHDRAWN)


def notify_advice_reply(advice_request) -> list:
    """The member: staff replied (the reply itself is read on the portal)."""
    return _tell_member(advice_request, ADVICE_REPLY)


def advice_summary(advice_request) -> dict:
    """What a staff e-mail may say about a request: never its question."""
    assignee = advice_request.assignee
    return {
        "reference": advice_request.reference,
        "topic": advice_request.topic.name,
        "urgency": advice_request.get_urgency_display(),
        "status": advice_request.get_status_display(),
        "due_date": advice_request.due_date,
        "assignee": (assignee.get_full_name() or assignee.get_username()) if assignee else "",
        "link": f"{settings.SITE_URL}{advice_request.get_staff_url()}",
    }


def notify_advice_overdue(advice_request, recipients) -> list:
    """The team (and for an urgent request the Monitoring Officer): it is overdue."""
    return notify(
        recipients,
        ADVICE_OVERDUE,
        {**advice_summary(advice_request), "team": advice_request.team.name},
        reference=f"advice:{advice_request.reference}",
    )


def notify_advice_digest(team, *, date, count, overdue_count, due_today_count, parts) -> list:
    """A team's morning list of requests awaiting it (``parts``: headed lists of
    ``advice_summary`` items)."""
    return notify(
        routing.team_recipients(team),
        ADVICE_DIGEST,
        {
            "team": team.name,
            "date": date,
            "count": count,
            "overdue_count": overdue_count,
            "due_today_count": due_today_count,
            "parts": parts,
            "workspace": f"{settings.SITE_URL}/staff/",
        },
        reference=f"advice-digest:{team.pk}:{date.isoformat()}",
    )


# -- accounts -----------------------------------------------------------------------


def password_reset_users(email: str) -> list:
    """The accounts a reset for ``email`` reaches: active, with a usable password
    (as Django's own reset form decides), matched without regard to case."""
    users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
    return [user for user in users if user.has_usable_password() and user.email]


def notify_password_reset(user) -> list:
    """A link to choose a new password, valid for ``PASSWORD_RESET_TIMEOUT``.

    Links use ``SITE_URL``, never the Host header of the request that asked.
    """
    site = urlsplit(settings.SITE_URL)
    return notify(
        [user],
        PASSWORD_RESET,
        {
            "user": user,
            "email": user.email,
            "protocol": site.scheme,
            "domain": site.netloc,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
        reference=f"password-reset:{user.pk}",
    )


@task
def send_password_reset(email: str) -> int:
    """The worker looks up the accounts for an address someone typed and queues
    their reset e-mails; the page that asked does the same work whether or not
    any account has that address. Returns how many e-mails were queued."""
    with transaction.atomic():
        return len(
            [row for user in password_reset_users(email) for row in notify_password_reset(user)]
        )


def request_password_reset(email: str) -> None:
    """Queue the look-up and the e-mail (see ``send_password_reset``)."""
    send_password_reset.enqueue(email)
