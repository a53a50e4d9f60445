"""The member's pages: ask, check the guidance, confirmation, my requests, one request.

Asking is a form in two steps without JavaScript: the member fills the form
and presses "Send my question"; if guidance may already answer it (search
results, or a fast path's checklist) the check step shows it and asks "Does
this answer your question?" before anything is sent. With JavaScript the
suggestions appear as they type and the form can be sent at once.

A member only ever reaches their own requests; another member's reference is
a 404, the same as one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portal import throttling
from protocol.advice import guidance, workflow
from protocol.advice.citations.models import with_citations
from protocol.advice.forms import AskForm, FollowUpForm
from protocol.advice.models import AdviceRequest, Attachment, Topic
from protocol.advice.working_days import due_date

ASK_PERMISSION = "advice.ask_monitoring_officer"
REQUESTS_PER_PAGE = 20


def _get_request_for_user(request, reference, *related):
    """The member's own request with this reference, or 404 (never 403)."""
    queryset = AdviceRequest.objects.visible_to(request.user).select_related("topic", *related)
    return get_object_or_404(queryset, reference=reference)


def _digits(value):
    return value if isinstance(value, str) and value.isdigit() and len(value) < 12 else None


def render_ask_page(request, form):
    """The ask form with its fast-path guidance; other features that open the ask
    form with something filled in (Check my post) render it through this."""
    fast_paths = guidance.fast_path_guidance(Topic.objects.active().fast_paths())
    return render(
        request,
        "advice/ask.html",
        {
            "form": form,
            "fast_paths": list(fast_paths.values()),
        },
    )


@sensitive_post_parameters("question")
@login_required
@permission_required(ASK_PERMISSION, raise_exception=True)
def ask(request):
    if request.method != "POST":
        initial = {
            name: _digits(request.GET.get(name))
            for name in ("topic", "section")
            if _digits(request.GET.get(name))
        }
        return render_ask_page(request, AskForm(initial=initial))

    action = request.POST.get("action", "check")
    if action == "answered":
        topic = Topic.objects.filter(pk=_digits(request.POST.get("topic")) or 0).first()
        if topic is not None and not topic.may_be_answered_by_guidance:
            # A report of threats or abuse is never discarded: show it again to send.
            messages.warning(
                request,
                "Questions about threats or abuse always go to the Monitoring Officer. "
                "Check your question below and send it.",
            )
            action = "check"
    if action == "answered":
        if throttling.throttled(request, "advice_answered"):
            return throttling.too_many_requests(request)
        # Sent again (back button, a double click, a script): the same question counts once.
        question = " ".join(request.POST.get("question", "").split()).lower()
        if throttling.first_time(request, "advice_answered_once", topic and topic.pk, question):
            workflow.record_answered_by_guidance(topic)
        messages.success(
            request, "Good: the guidance answered your question, so nothing has been sent."
        )
        return redirect("home")
    if action == "edit":
        return render_ask_page(request, AskForm(initial=request.POST.dict()))

    form = AskForm(request.POST, request.FILES, member=request.user)
    if not form.is_valid():
        return render_ask_page(request, form)
    data = form.cleaned_data
    if form.duplicate is not None:
        return _already_sent(request, workflow.AlreadySent(form.duplicate))
    # Found again when sending, so staff see what the member was shown.
    found = guidance.suggestions(
        data["question"], user=request.user, document=data["topic"].document
    )
    # Files cannot travel through the check step's hidden fields: a question with
    # files is sent at once, and the confirmation shows any fast path's guidance.
    if action != "send" and not data["attachments"]:
        fast_path = guidance.fast_path_guidance([data["topic"]]).get(data["topic"].pk)
        if found or fast_path:
            urgency = form.urgency_for_topic()
            return render(
                request,
                "advice/check.html",
                {
                    "form": form,
                    "suggestions": found,
                    "fast_path": fast_path,
                    "urgency": urgency,
                    "urgency_label": dict(form.fields["urgency"].choices)[urgency],
                    "may_be_answered": form.may_be_answered_by_guidance(),
                    "due_date": due_date(urgency),
                },
            )
    try:
        advice_request = workflow.submit_request(request.user, **data, suggested_guidance=found)
    except workflow.AlreadySent as already:
        return _already_sent(request, already)
    except workflow.RateLimited as limited:
        form.add_error(None, str(limited))
        return render_ask_page(request, form)
    return redirect("advice:sent", reference=advice_request.reference)


def _already_sent(request, already):
    text = str(already)
    if request.FILES:
        text += " Your files were not added: add them to it with a message below."
    messages.info(request, text)
    return redirect(already.existing)


@login_required
def sent(request, reference):
    advice_request = _get_request_for_user(request, reference, "team")
    fast_path = guidance.fast_path_guidance([advice_request.topic]).get(advice_request.topic_id)
    files = attachments_by_message(advice_request, request.user).get(None, [])
    return render(
        request,
        "advice/sent.html",
        {"advice_request": advice_request, "fast_path": fast_path, "question_files": files},
    )


@login_required
def my_requests(request):
    requests = (
        AdviceRequest.objects.visible_to(request.user)
        .select_related("topic")
        .with_reply_count()
        .order_by("-created_at", "-pk")
    )
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "advice/my_requests.html", {"page": page})


def _render_detail(request, advice_request, follow_up_form=None):
    thread = with_citations(
        advice_request,
        advice_request.messages.visible_to_member().select_related("author").order_by("created_at"),
    )
    files = attachments_by_message(advice_request, request.user)
    for message in thread:
        message.files = files.get(message.pk, [])
    return render(
        request,
        "advice/detail.html",
        {
            "advice_request": advice_request,
            "thread": thread,
            "question_files": files.get(None, []),
            "follow_up_form": follow_up_form or FollowUpForm(),
        },
    )


def attachments_by_message(advice_request, user):
    """{message pk, or None for the question: [Attachment]} the user may open; one query."""
    grouped = {}
    for attachment in Attachment.objects.visible_to(user).filter(request=advice_request):
        attachment.request = advice_request  # for its address, without another query
        grouped.setdefault(attachment.message_id, []).append(attachment)
    return grouped


@login_required
def detail(request, reference):
    advice_request = _get_request_for_user(request, reference, "section__version__document")
    return _render_detail(request, advice_request)


@sensitive_post_parameters("body")
@login_required
@require_POST
def follow_up(request, reference):
    advice_request = _get_request_for_user(request, reference, "section__version__document")
    form = FollowUpForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            workflow.add_follow_up(
                advice_request,
                request.user,
                form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except workflow.AdviceError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Your message has been added and the team has been told.")
            return redirect(advice_request)
    return _render_detail(request, advice_request, form)


@login_required
@require_POST
def withdraw(request, reference):
    advice_request = _get_request_for_user(request, reference)
    try:
        workflow.withdraw(advice_request, request.user)
    except workflow.AdviceError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"You have withdrawn {advice_request.reference}.")
    return redirect(advice_request)


@login_required
def attachment(request, reference, pk):
    """A file attached to a request, for the member who asked or staff who may handle it.

    Anyone else gets a 404. Pictures open in the browser; anything else (PDF) is a
    download. The type sent is the one found from the file's content on upload.
    """
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("request"),
        pk=pk,
        request__reference=reference,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer stored.") from None
    workflow.record_file_opened(attachment, request.user)
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.name,
    )
    if attachment.is_image:
        # Shown in the browser, under its own name if saved.
        response.headers["Content-Disposition"] = content_disposition_header(False, attachment.name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
