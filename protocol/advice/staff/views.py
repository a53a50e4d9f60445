"""The staff workspace's pages: the queue, a request's page and every action on it.

Every view needs the ``advice.work_on_advice_requests`` permission (members get
403); a request is found only among those the user handles
(``AdviceRequest.objects.handled_by``), so another team's request is a 404.
Actions are POSTs to their own URLs that call one workflow function each; a
refused action re-renders the request's page with the message next to the
form, keeping what was typed.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from protocol.advice import workflow
from protocol.advice.citations import workflow as citations
from protocol.advice.citations.models import with_citations
from protocol.advice.models import AdviceEvent, AdviceRequest, CannedReply
from protocol.advice.staff import queue as queues
from protocol.advice.staff.forms import (
    AssignForm,
    NoteForm,
    QueueFilterForm,
    ReplyForm,
    RouteForm,
    StatusForm,
    UrgencyForm,
    person_name,
)
from protocol.advice.views import attachments_by_message
from protocol.rendering import render_markdown

WORK_PERMISSION = "advice.work_on_advice_requests"
ACCESS_PERMISSION = "advice.view_request_access"
REQUESTS_PER_PAGE = 25  # the most urgent first: a screenful or two, quick to render
EARLIER_REQUESTS_SHOWN = 10
ACCESSES_SHOWN = 10
ACCESSES_PER_PAGE = 100
# Shown in the timeline as the message itself, not as a separate event.
MESSAGE_EVENTS = {AdviceEvent.Action.REPLIED, AdviceEvent.Action.NOTE, AdviceEvent.Action.FOLLOW_UP}


def staff_required(view):
    """Logged in (else the login page) and allowed to work on requests (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(WORK_PERMISSION):
            raise PermissionDenied("The staff workspace is for the Monitoring Officer's teams.")
        return view(request, *args, **kwargs)

    return wrapper


def _get_request_for_staff(request, reference):
    """The request with this reference if the user handles it, else 404 (never 403)."""
    queryset = AdviceRequest.objects.handled_by(request.user).select_related(
        "topic", "team", "assignee", "member", "section__version__document"
    )
    return get_object_or_404(queryset, reference=reference)


def is_staff_user(user):
    return user.is_authenticated and user.has_perm(WORK_PERMISSION)


@staff_required
def queue(request):
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    view = queues.view_for(request.GET.get("view"))
    today = timezone.localdate()
    rows = queues.requests_for(request.user, view, filters, today).only("pk")
    counts = queues.counts(request.user, today)
    kept = {
        key: value for key, value in request.GET.items() if key not in ("view", "page") and value
    }
    paginator = Paginator(rows, REQUESTS_PER_PAGE)
    if not kept:
        # Unfiltered, the view's count is already known: no second count of the rows.
        paginator.count = counts[view.slug]
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = queues.with_details(page.object_list)
    tabs = [
        {
            "view": item,
            "count": counts[item.slug],
            "url": "?" + urlencode({"view": item.slug, **kept}),
            "current": item.slug == view.slug,
        }
        for item in queues.VIEWS
    ]
    page_query = urlencode({"view": view.slug, **kept})
    return render(
        request,
        "advice/staff/queue.html",
        {
            "form": form,
            "view": view,
            "tabs": tabs,
            "page": page,
            "page_query": page_query,
            "today": today,
            "filtered": bool(kept),
        },
    )


def _timeline(advice_request, files):
    """Messages (with their files) and recorded actions, oldest first."""
    messages_ = with_citations(advice_request, advice_request.messages.select_related("author"))
    for message in messages_:
        message.files = files.get(message.pk, [])
    items = [{"at": message.created_at, "message": message} for message in messages_]
    items += [
        {"at": event.at, "event": event}
        for event in advice_request.events.select_related("actor")
        if event.action not in MESSAGE_EVENTS
    ]
    return sorted(items, key=lambda item: item["at"])


def _render_request(request, advice_request, status=200, extra=None, **forms):
    """The request's page; ``forms`` are bound forms to show with their errors or text."""
    workflow.record_opened(advice_request, request.user)
    files = attachments_by_message(advice_request, request.user)
    people = workflow.eligible_assignees(advice_request.team)
    forms.setdefault("reply_form", ReplyForm(topic=advice_request.topic))
    forms.setdefault("note_form", NoteForm())
    forms.setdefault(
        "assign_form", AssignForm(people=people, initial={"assignee": advice_request.assignee_id})
    )
    forms.setdefault("status_form", StatusForm(advice_request=advice_request))
    forms.setdefault("urgency_form", UrgencyForm(initial={"urgency": advice_request.urgency}))
    forms.setdefault(
        "route_form",
        RouteForm(initial={"topic": advice_request.topic_id, "team": advice_request.team_id}),
    )
    earlier = (
        AdviceRequest.objects.handled_by(request.user)
        .filter(member=advice_request.member_id, member__isnull=False)
        .exclude(pk=advice_request.pk)
        .select_related("topic")
        .order_by("-created_at", "-pk")
    )
    can_see_access = request.user.has_perm(ACCESS_PERMISSION)
    accesses = (
        list(advice_request.accesses.select_related("user")[:ACCESSES_SHOWN])
        if can_see_access
        else []
    )
    user_in_team = people.filter(pk=request.user.pk).exists()
    recheck = citations.open_flag(request=advice_request)
    advice_request.recheck_version = recheck.version.number if recheck else None
    has_errors = any(form.is_bound and form.errors for form in forms.values())
    context = {
        "advice_request": advice_request,
        "timeline": _timeline(advice_request, files),
        "question_files": files.get(None, []),
        "earlier_requests": list(earlier[:EARLIER_REQUESTS_SHOWN]),
        "earlier_count": earlier.count(),
        "can_see_access": can_see_access,
        "accesses": accesses,
        "user_in_team": user_in_team,
        "member_name": person_name(advice_request.member),
        "has_errors": has_errors,
        "recheck": recheck,
        "may_act": workflow.may_act(request.user, advice_request),
        "faq_entries": (
            list(advice_request.faq_entries.order_by("pk"))
            if request.user.has_perm("advice.publish_faqentry")
            else []
        ),
        "today": timezone.localdate(),
        **forms,
        **(extra or {}),
    }
    return render(request, "advice/staff/request.html", context, status=status)


@staff_required
def request_page(request, reference):
    advice_request = _get_request_for_staff(request, reference)
    return _render_request(request, advice_request)


def _done(request, advice_request, text, anchor=""):
    messages.success(request, text)
    if not AdviceRequest.objects.handled_by(request.user).filter(pk=advice_request.pk).exists():
        messages.info(
            request,
            f"{advice_request.reference} is now with another team, so it has left your queue.",
        )
        return redirect("staff:queue")
    return redirect(advice_request.get_staff_url() + anchor)


def _refused(request, advice_request, form_name, form, problem):
    form.add_error(None, str(problem))
    advice_request = _get_request_for_staff(request, advice_request.reference)
    # A refused action is 409 when the form was stale, 400 otherwise: the page still
    # shows everything, with the message next to the form and the text kept.
    status = 409 if isinstance(problem, workflow.StaleForm) else 400
    return _render_request(request, advice_request, status=status, **{form_name: form})


@sensitive_post_parameters("body")
@staff_required
@require_POST
def reply(request, reference):
    advice_request = _get_request_for_staff(request, reference)
    action = request.POST.get("action", "preview")
    if action in ("insert", "preview"):
        return _reply_draft(request, advice_request, action)
    form = ReplyForm(request.POST, topic=advice_request.topic)
    if not form.is_valid():
        return _render_request(request, advice_request, status=400, reply_form=form)
    cited_sections, cited_rules = form.cleaned_data["cite"]
    try:
        citations.reply_citing(
            advice_request,
            request.user,
            form.cleaned_data["body"],
            sections=cited_sections,
            rules=cited_rules,
            then_status=form.cleaned_data["then_status"] or None,
            seen_at=form.cleaned_data["seen_at"],
        )
    except (workflow.AdviceError, citations.CitationError) as problem:
        return _refused(request, advice_request, "reply_form", form, problem)
    advice_request.refresh_from_db(fields=["status"])
    return _done(
        request,
        advice_request,
        "Reply sent: the member has been e-mailed a link to it. "
        f"Status: {advice_request.get_status_display()}.",
        "#timeline",
    )


def _reply_draft(request, advice_request, action):
    """Preview, or insert a canned reply: the form comes back with the text kept."""
    data = request.POST.copy()
    body = data.get("body", "").replace("\r\n", "\n")
    notice = ""
    if action == "insert":
        canned = (
            CannedReply.objects.active().filter(pk=data.get("canned") or 0).first()
            if (data.get("canned") or "").isdigit()
            else None
        )
        if canned is None:
            notice = "Choose a canned reply to insert."
        else:
            body = f"{body.rstrip()}\n\n{canned.body}".strip() if body.strip() else canned.body
            notice = f"“{canned.title}” was inserted at the end: edit it before sending."
    data["body"] = body
    data["canned"] = ""
    initial = data.dict()
    initial["cite"] = data.getlist("cite")  # every tick, not only the last
    form = ReplyForm(initial=initial, topic=advice_request.topic)
    preview = render_markdown(body) if action == "preview" and body.strip() else None
    return _render_request(
        request,
        advice_request,
        reply_form=form,
        extra={
            "reply_preview": preview,
            "reply_preview_empty": action == "preview" and not body.strip(),
            "reply_notice": notice,
        },
    )


@sensitive_post_parameters("body")
@staff_required
@require_POST
def note(request, reference):
    advice_request = _get_request_for_staff(request, reference)
    if request.POST.get("action") == "preview":
        form = NoteForm(initial=request.POST.dict())
        body = request.POST.get("body", "")
        return _render_request(
            request,
            advice_request,
            note_form=form,
            extra={
                "note_preview": render_markdown(body) if body.strip() else None,
                "note_preview_empty": not body.strip(),
            },
        )
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_request(request, advice_request, status=400, note_form=form)
    try:
        workflow.add_note(
            advice_request,
            request.user,
            form.cleaned_data["body"],
            seen_at=form.cleaned_data["seen_at"],
        )
    except workflow.AdviceError as problem:
        return _refused(request, advice_request, "note_form", form, problem)
    return _done(
        request, advice_request, "Internal note added. The member does not see it.", "#timeline"
    )


@staff_required
@require_POST
def assign(request, reference):
    advice_request = _get_request_for_staff(request, reference)
    people = workflow.eligible_assignees(advice_request.team)
    data = request.POST.copy()
    if data.get("action") == "me":
        data["assignee"] = str(request.user.pk)
    form = AssignForm(data, people=people)
    if not form.is_valid():
        return _render_request(request, advice_request, status=400, assign_form=form)
    assignee = form.cleaned_data["assignee"]
    try:
        workflow.assign(
            advice_request, request.user, assignee, seen_at=form.cleaned_data["seen_at"]
        )
    except workflow.AdviceError as problem:
        return _refused(request, advice_request, "assign_form", form, problem)
    who = "you" if assignee == request.user else (person_name(assignee) if assignee else "nobody")
    return _done(request, advice_request, f"Assigned to {who}.")


@staff_required
@require_POST
def change_status(request, reference):
    advice_request = _get_request_for_staff(request, reference)
    form = StatusForm(request.POST, advice_request=advice_request)
    if not form.is_valid():
        return _render_request(request, advice_request, status=400, status_form=form)
    try:
        workflow.change_status(
            advice_request,
            request.user,
            form.cleaned_data["status"],
            seen_at=form.cleaned_data["seen_at"],
        )
    except workflow.AdviceError as problem:
        return _refused(request, advice_request, "status_form", form, problem)
    advice_request.refresh_from_db(fields=["status"])
    return _done(request, advice_request, f"Status: {advice_request.get_status_display()}.")


@staff_required
@require_POST
def change_urgency(request, reference):
    advice_request = _get_request_for_staff(request, reference)
    form = UrgencyForm(request.POST)
    if not form.is_valid():
        return _render_request(request, advice_request, status=400, urgency_form=form)
    try:
        workflow.change_urgency(
            advice_request,
            request.user,
            form.cleaned_data["urgency"],
            seen_at=form.cleaned_data["seen_at"],
        )
    except workflow.AdviceError as problem:
        return _refused(request, advice_request, "urgency_form", form, problem)
    advice_request.refresh_from_db(fields=["urgency", "due_date"])
    return _done(
        request,
        advice_request,
        f"Urgency: {advice_request.get_urgency_display()}; now due "
        f"{advice_request.due_date:%A %-d %B %Y}.",
    )


@staff_required
@require_POST
def reroute(request, reference):
    advice_request = _get_request_for_staff(request, reference)
    form = RouteForm(request.POST)
    action = request.POST.get("action")
    if form.is_valid() and action == "topic" and not form.cleaned_data["topic"]:
        form.add_error("topic", "Choose a topic.")
    if form.is_valid() and action == "team" and not form.cleaned_data["team"]:
        form.add_error("team", "Choose a team.")
    if action not in ("topic", "team"):
        form.add_error(None, "Choose whether to change the topic or the team.")
    if not form.is_valid():
        return _render_request(request, advice_request, status=400, route_form=form)
    try:
        if action == "topic":
            workflow.change_topic(
                advice_request,
                request.user,
                form.cleaned_data["topic"],
                seen_at=form.cleaned_data["seen_at"],
            )
        else:
            workflow.change_team(
                advice_request,
                request.user,
                form.cleaned_data["team"],
                seen_at=form.cleaned_data["seen_at"],
            )
    except workflow.AdviceError as problem:
        return _refused(request, advice_request, "route_form", form, problem)
    team_before = advice_request.team_id
    advice_request.refresh_from_db(fields=["topic", "team"])
    if advice_request.team_id != team_before:
        text = f"Now with {advice_request.team.name}, who have been told by e-mail."
    else:
        text = f"Still with {advice_request.team.name}."
    return _done(request, advice_request, f"Topic: {advice_request.topic.name}. {text}")


@staff_required
def access_log(request, reference):
    """Who opened the request, newest first: for the Monitoring Officer only."""
    if not request.user.has_perm(ACCESS_PERMISSION):
        raise PermissionDenied("Only the Monitoring Officer can see who opened a request.")
    advice_request = _get_request_for_staff(request, reference)
    accesses = advice_request.accesses.select_related("user")
    page = Paginator(accesses, ACCESSES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "advice/staff/access_log.html", {"advice_request": advice_request, "page": page}
    )
