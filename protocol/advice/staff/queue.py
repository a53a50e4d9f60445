"""The staff queue: ready-made views with their counts, filters and search.

Everything is computed in a fixed number of queries, whatever the number of
requests: the counts in one aggregate, the page of rows with its related
objects joined, the unread marker a column of the request itself.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from protocol.advice.citations.models import open_recheck_version
from protocol.advice.models import AdviceRequest, Message, RequestStatus, Urgency

DEFAULT_VIEW = "open"
MAX_SEARCH_TERMS = 6


@dataclass(frozen=True)
class QueueView:
    slug: str
    label: str
    condition: object  # a function (user, today) -> Q


def _open():
    return Q(status__in=RequestStatus.open_values())


def _awaiting():
    return Q(status__in=RequestStatus.awaiting_answer_values())


VIEWS = [
    QueueView("mine", "Mine", lambda user, today: _open() & Q(assignee=user)),
    QueueView("unassigned", "Unassigned", lambda user, today: _open() & Q(assignee__isnull=True)),
    QueueView("due_today", "Due today", lambda user, today: _awaiting() & Q(due_date=today)),
    QueueView("overdue", "Overdue", lambda user, today: _awaiting() & Q(due_date__lt=today)),
    QueueView("urgent", "Urgent", lambda user, today: _open() & Q(urgency=Urgency.URGENT)),
    QueueView("waiting", "Waiting for member", lambda user, today: Q(status=RequestStatus.WAITING)),
    QueueView("open", "All open", lambda user, today: _open()),
    QueueView(
        "closed",
        "Closed",
        lambda user, today: Q(status__in=[RequestStatus.CLOSED, RequestStatus.WITHDRAWN]),
    ),
]
VIEWS_BY_SLUG = {view.slug: view for view in VIEWS}


def view_for(slug):
    return VIEWS_BY_SLUG.get(slug) or VIEWS_BY_SLUG[DEFAULT_VIEW]


def counts(user, today=None):
    """{slug: number of the user's requests in that view}, in one query."""
    today = today or timezone.localdate()
    aggregates = {view.slug: Count("pk", filter=view.condition(user, today)) for view in VIEWS}
    return AdviceRequest.objects.handled_by(user).aggregate(**aggregates)


def search(queryset, text):
    """Each word must appear in the reference, the question, a message or the member's name."""
    for term in text.split()[:MAX_SEARCH_TERMS]:
        in_messages = Exists(Message.objects.filter(request=OuterRef("pk"), body__icontains=term))
        queryset = queryset.filter(
            Q(reference__icontains=term)
            | Q(question__icontains=term)
            | Q(member__first_name__icontains=term)
            | Q(member__last_name__icontains=term)
            | Q(member__username__icontains=term)
            | in_messages
        )
    return queryset


def requests_for(user, view, filters, today=None):
    """The rows of one view for ``user``, filtered, most urgent then soonest due first."""
    today = today or timezone.localdate()
    queryset = AdviceRequest.objects.handled_by(user).filter(view.condition(user, today))
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("team"):
        queryset = queryset.filter(team=filters["team"])
    if filters.get("topic"):
        queryset = queryset.filter(topic=filters["topic"])
    assignee = filters.get("assignee")
    if assignee == "me":
        queryset = queryset.filter(assignee=user)
    elif assignee == "nobody":
        queryset = queryset.filter(assignee__isnull=True)
    elif assignee:
        queryset = queryset.filter(assignee_id=assignee)
    if filters.get("q"):
        queryset = search(queryset, filters["q"])
    return queryset.by_urgency_then_due()


def with_details(requests):
    """The page's requests, in the same order, with topic, team, assignee, member
    and the version a cited section must be checked against.

    The queue sorts and pages bare rows, then joins the other tables for these
    rows only: joining first would join every matching request before sorting.
    """
    ids = [advice_request.pk for advice_request in requests]
    found = (
        AdviceRequest.objects.select_related("topic", "team", "assignee", "member")
        .annotate(recheck_version=open_recheck_version())
        .in_bulk(ids)
    )
    return [found[pk] for pk in ids if pk in found]
