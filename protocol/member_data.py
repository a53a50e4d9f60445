"""Everything the portal holds about one person, for a subject access request.

``export(user)`` returns it as plain data (``manage.py export_member_data
USERNAME`` writes it as JSON). ``SOURCES`` names, for every field of every
model that points at an account, the part of the export that covers it; a
test finds those fields by introspection, across every installed app, so a
model added later cannot be forgotten: it fails until it is exported here or
listed in ``NOT_PERSONAL`` with the reason.

Internal notes on the member's requests are included: they are data about the
member. The Monitoring Officer reviews the file before sending it (an
exemption may apply to a note, as the law allows), and sends it securely.
"""

from django.contrib.sessions.models import Session
from django.utils import timezone

from protocol.advice.models import (
    AdviceEvent,
    AdviceRequest,
    Attachment,
    Message,
    RequestAccess,
)
from protocol.models import Acknowledgement, Notification
from protocol.quiz.models import Answer, Attempt

# (app_label.Model, field) -> the key of the export that covers it.
SOURCES = {
    ("advice.AdviceRequest", "member"): "advice_requests",
    ("advice.AdviceRequest", "assignee"): "as_staff.requests_assigned",
    ("advice.Message", "author"): "as_staff.messages_written",
    ("advice.AdviceEvent", "actor"): "as_staff.actions_on_requests",
    ("advice.RequestAccess", "user"): "as_staff.requests_opened",
    ("advice.Attachment", "uploaded_by"): "advice_requests",
    ("advice.Recheck", "cleared_by"): "as_staff.rechecks_cleared",
    ("advice.RoutingRule", "default_assignee"): "as_staff.routing_rules",
    ("advice.FaqEntry", "created_by"): "as_staff.faq_entries",
    ("advice.FaqEntry", "published_by"): "as_staff.faq_entries",
    ("protocol.Acknowledgement", "user"): "acknowledgements",
    ("protocol.Notification", "recipient"): "emails",
    ("protocol.Document", "withdrawn_by"): "as_staff.documents_withdrawn",
    ("protocol.Version", "created_by"): "as_staff.versions",
    ("protocol.Version", "published_by"): "as_staff.versions",
    ("protocol.Version", "scheduled_by"): "as_staff.versions",
    ("quiz.Attempt", "user"): "quiz_attempts",
    ("admin.LogEntry", "user"): "as_staff.admin_changes",
    ("auth.Group", "user"): "account.groups",
    ("auth.Permission", "user"): "account.permissions",
    ("otp_totp.TOTPDevice", "user"): "second_factor_devices",
    ("otp_static.StaticDevice", "user"): "second_factor_devices",
}

# Models that point at an account but hold nothing about the person.
NOT_PERSONAL = {
    # (none yet)
}


def _rows(queryset, *fields):
    return list(queryset.order_by("pk").values(*fields))


def _account(user):
    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "groups": list(user.groups.order_by("name").values_list("name", flat=True)),
        "permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


def _advice_requests(user):
    requests = (
        AdviceRequest.objects.filter(member=user)
        .select_related("topic", "team", "section__version__document")
        .order_by("created_at", "pk")
    )
    messages, events, files = {}, {}, {}
    for row in _rows(
        Message.objects.filter(request__member=user), "request", "kind", "body", "created_at"
    ):
        messages.setdefault(row.pop("request"), []).append(row)
    for row in _rows(
        AdviceEvent.objects.filter(request__member=user), "request", "action", "detail", "at"
    ):
        events.setdefault(row.pop("request"), []).append(row)
    for row in _rows(
        Attachment.objects.filter(request__member=user)
        | Attachment.objects.filter(uploaded_by=user),
        "request",
        "name",
        "content_type",
        "size",
        "created_at",
    ):
        files.setdefault(row.pop("request"), []).append(row)
    exported = []
    for advice_request in requests:
        section = advice_request.section
        exported.append(
            {
                "reference": advice_request.reference,
                "topic": advice_request.topic.name,
                "question": advice_request.question,
                "link_to_the_post": advice_request.post_url,
                "section": (
                    f"{section.version.document.title} v{section.version.number} "
                    f"section {section.number}"
                    if section
                    else ""
                ),
                "urgency": advice_request.urgency,
                "status": advice_request.status,
                "team": advice_request.team.name,
                "sent_at": advice_request.created_at,
                "due_date": advice_request.due_date,
                "suggested_guidance": advice_request.suggested_guidance,
                "messages": messages.get(advice_request.pk, []),
                "events": events.get(advice_request.pk, []),
                "files": files.get(advice_request.pk, []),
            }
        )
    return exported


def _quiz_attempts(user):
    answers = {}
    for row in _rows(
        Answer.objects.filter(attempt__user=user),
        "attempt",
        "position",
        "rule__text",
        "question__situation",
        "chosen",
        "chosen_option__text",
        "is_correct",
        "answered_at",
    ):
        answers.setdefault(row.pop("attempt"), []).append(row)
    attempts = _rows(
        Attempt.objects.filter(user=user),
        "pk",
        "version__document__title",
        "version__number",
        "mode",
        "started_at",
        "finished_at",
        "score",
        "passed",
    )
    for attempt in attempts:
        attempt["answers"] = answers.get(attempt.pop("pk"), [])
    return attempts


def _second_factor_devices(user):
    """Authenticator apps and recovery-code sets: their names and dates, never
    their secrets (a key or code would let anyone pass the second factor)."""
    from django_otp import devices_for_user

    return [
        {
            "kind": device._meta.verbose_name,
            "name": device.name,
            "confirmed": device.confirmed,
            "created_at": getattr(device, "created_at", None),
            "last_used_at": getattr(device, "last_used_at", None),
        }
        for device in devices_for_user(user, confirmed=None)
    ]


def _login_attempts(user):
    """Failed logins recorded against the username (by django-axes, which keys
    them by username rather than by account)."""
    from axes.models import AccessAttempt

    return _rows(
        AccessAttempt.objects.filter(username=user.get_username()),
        "attempt_time",
        "ip_address",
        "user_agent",
        "path_info",
        "failures_since_start",
    )


def _sessions(user):
    """Signed-in sessions (their expiry only; the key would let anyone sign in)."""
    found = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            found.append({"expires": session.expire_date})
    return found


def _as_staff(user):
    from django.contrib.admin.models import LogEntry

    from protocol.advice.models import FaqEntry, Recheck, RoutingRule
    from protocol.models import Document, Version

    return {
        "requests_assigned": list(
            AdviceRequest.objects.filter(assignee=user)
            .order_by("pk")
            .values_list("reference", flat=True)
        ),
        "messages_written": _rows(
            Message.objects.filter(author=user).exclude(request__member=user),
            "request__reference",
            "kind",
            "body",
            "created_at",
        ),
        "actions_on_requests": _rows(
            AdviceEvent.objects.filter(actor=user).exclude(request__member=user),
            "request__reference",
            "action",
            "detail",
            "at",
        ),
        "requests_opened": _rows(
            RequestAccess.objects.filter(user=user), "request__reference", "at"
        ),
        "rechecks_cleared": _rows(
            Recheck.objects.filter(cleared_by=user), "request__reference", "version", "cleared_at"
        ),
        "routing_rules": _rows(
            RoutingRule.objects.filter(default_assignee=user), "topic__name", "team__name"
        ),
        "faq_entries": _rows(
            FaqEntry.objects.filter(created_by=user) | FaqEntry.objects.filter(published_by=user),
            "question",
            "status",
            "created_at",
            "published_at",
        ),
        "documents_withdrawn": _rows(
            Document.objects.filter(withdrawn_by=user), "title", "withdrawn_at"
        ),
        "versions": _rows(
            Version.objects.filter(created_by=user)
            | Version.objects.filter(published_by=user)
            | Version.objects.filter(scheduled_by=user),
            "document__title",
            "number",
            "status",
            "created_at",
            "published_at",
        ),
        "admin_changes": _rows(
            LogEntry.objects.filter(user=user),
            "action_time",
            "content_type__model",
            "object_repr",
            "action_flag",
            "change_message",
        ),
    }


def export(user) -> dict:
    """Everything held about ``user``, as data ready for JSON (dates as
    datetimes: write it with Django's JSON encoder)."""
    return {
        "exported_at": timezone.now(),
        "account": _account(user),
        "advice_requests": _advice_requests(user),
        "acknowledgements": _rows(
            Acknowledgement.objects.filter(user=user),
            "version__document__title",
            "version__number",
            "acknowledged_at",
        ),
        "quiz_attempts": _quiz_attempts(user),
        "emails": _rows(
            Notification.objects.filter(recipient=user),
            "kind",
            "to_email",
            "subject",
            "body_text",
            "status",
            "created_at",
            "sent_at",
        ),
        "second_factor_devices": _second_factor_devices(user),
        "failed_logins": _login_attempts(user),
        "sessions": _sessions(user),
        "as_staff": _as_staff(user),
    }
