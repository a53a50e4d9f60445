"""Acknowledgements: a member's "I have read version N".

Confirming a version also counts for every earlier one: a member who read
version 5 need not confirm version 4. ``covering(version)`` is that rule,
written once; the reading pages, the admin's list of who has read a version
and the reminders all follow it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery

from portal import roles
from protocol import caching
from protocol.models import Acknowledgement, Document, Version

# Seeing "who has read it" (every member's name and e-mail address, on the
# page and in its CSV): the Monitoring Officer's, not the communications team's.
VIEW_PERMISSION = "protocol.view_acknowledgements"


def may_see_readers(user) -> bool:
    """Whether ``user`` may see and export who has read a version."""
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def check_may_see_readers(user) -> None:
    """Refuse (403) anyone who may not see who has read a version."""
    if not may_see_readers(user):
        raise PermissionDenied


@transaction.atomic
def acknowledge(user, version: Version) -> tuple[Acknowledgement, bool]:
    """Record that ``user`` has read ``version`` (once; a repeat changes nothing).
    Returns the acknowledgement and whether it is new."""
    return Acknowledgement.objects.get_or_create(user=user, version=version)


def covering(version: Version) -> QuerySet[Acknowledgement]:
    """Acknowledgements of ``version`` or a later version of its document."""
    return Acknowledgement.objects.filter(
        version__document_id=version.document_id, version__number__gte=version.number
    )


def confirmed(user_pk, document_pk) -> QuerySet[Acknowledgement]:
    """``user_pk``'s confirmations of a document's versions, the newest version
    first (``document_pk`` may be a reference to an outer query's column)."""
    return Acknowledgement.objects.filter(
        user_id=user_pk, version__document_id=document_pk
    ).order_by("-version__number")


# The newest version of a document a user has confirmed: one small query,
# compiled once per process.
_last_read = caching.PreparedQuery(
    lambda user_pk, document_pk: confirmed(user_pk, document_pk).values_list("version__number")[:1],
    kinds=(int, int),
)


def reader_state(user, document: Document) -> tuple[bool, int | None]:
    """Whether ``user`` is a member (``roles.is_member``, loaded with the user)
    and the newest version of ``document`` they have confirmed reading: the
    personal part of every reading page, one query."""
    rows = _last_read(user.pk, document.pk)
    return roles.is_member(user), (rows[0][0] if rows else None)


def rows(version: Version) -> list[dict]:
    """Every member with the date they confirmed this version or a later one
    (or None), by name. One query."""
    first = covering(version).filter(user=OuterRef("pk")).order_by("acknowledged_at")
    members = (
        roles.members()
        .annotate(
            acknowledged_at=Subquery(first.values("acknowledged_at")[:1]),
            acknowledged_number=Subquery(first.values("version__number")[:1]),
        )
        .order_by("last_name", "first_name", "username")
    )
    return [
        {
            "name": user.get_full_name() or user.get_username(),
            "username": user.get_username(),
            "email": user.email,
            "acknowledged_at": user.acknowledged_at,
            "acknowledged_number": user.acknowledged_number,
        }
        for user in members
    ]
