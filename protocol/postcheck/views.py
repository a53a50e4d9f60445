"""Check my post: the page (a form post without JavaScript, checks as the member
types with it), the JSON API, and "Ask the Monitoring Officer about this post".

The draft is never saved or logged. ``sensitive_post_parameters`` keeps it out
of error reports, pages that show it are never cached, and only the counts of
kinds that fired are recorded.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from portal.throttling import throttled, too_many_requests, too_many_requests_text
from protocol.advice.forms import AskForm
from protocol.advice.models import Topic
from protocol.advice.views import ASK_PERMISSION, render_ask_page
from protocol.postcheck.access import checker, may_check_post
from protocol.postcheck.checking import check_post
from protocol.postcheck.forms import AskAboutPostForm, CheckPostForm
from protocol.postcheck.highlighting import numbered, segments
from protocol.postcheck.models import POST_MAX_LENGTH

THROTTLE_SCOPE = "post_check"


def ask_topic():
    """The topic marked for asking about a post (the portal's "Can I say this?
    (before posting)"), whatever it is called now, if it is offered."""
    return Topic.objects.for_purpose(Topic.Purpose.POST_CHECK)


def _run(form, *, count=True):
    data = form.cleaned_data
    return check_post(data["text"], account=data["account"], feelings=data["feelings"], count=count)


def _is_live(request):
    """The page's script checks the draft as the member types and says so with
    ``live``: those checks are not counted in the weekly figures, only the ones
    the member asked for (the button, or an API call not marked live)."""
    return request.POST.get("live", "").lower() in {"1", "true", "on", "yes"}


@sensitive_post_parameters("text")
@never_cache
@require_http_methods(["GET", "POST"])
@checker
def check_page(request):
    form = AskAboutPostForm(request.POST or None)
    result, findings = None, []
    if form.is_valid():
        if throttled(request, THROTTLE_SCOPE):
            form.add_error(
                None,
                "You have checked a lot of posts in a short time. "
                f"{too_many_requests_text(request)} Your draft is still here.",
            )
        else:
            result = _run(form)
            findings = numbered(result.findings)
    return render(
        request,
        "postcheck/check.html",
        {
            "form": form,
            "result": result,
            "findings": findings,
            "kind_labels": list(dict.fromkeys(f["kind_label"] for f in findings)),
            "segments": segments(form.cleaned_data["text"], findings) if result else [],
            "max_length": POST_MAX_LENGTH,
            "may_ask": request.user.has_perm(ASK_PERMISSION),
        },
    )


@sensitive_post_parameters("text")
@never_cache
@require_POST
def api_check_post(request):
    """``POST /api/check-post`` (form fields ``text``, ``account``, ``feelings``, and
    ``live=1`` for a check made as the member types, which is not counted):
    ``{"findings": [{"kind", "start", "end", "excerpt", "explanation", "rule"}]}``."""
    if not may_check_post(request.user):
        return JsonResponse({"detail": "Log in as a member to check a post."}, status=401)
    if throttled(request, THROTTLE_SCOPE):
        return too_many_requests(request)
    form = CheckPostForm(request.POST)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        first = next(iter(errors.values()))[0]
        return JsonResponse({"detail": first, "errors": errors}, status=400)
    return JsonResponse(_run(form, count=not _is_live(request)).as_json())


ASK_INTRO_WITH_DRAFT = "Can I post this? This is my draft:\n\n"
ASK_INTRO = "Can I post something I am drafting? (My draft is not included.)\n\n"


@sensitive_post_parameters("text", "question")
@never_cache
@login_required
@permission_required(ASK_PERMISSION, raise_exception=True)
@require_POST
def ask_about_post(request):
    """Opens the ask form with the topic set and, only when the member ticked it,
    the draft in the question. Nothing is sent until they press Send."""
    form = AskAboutPostForm(request.POST)
    form.is_valid()  # a draft too long to check can still be asked about
    text = request.POST.get("text", "").replace("\r\n", "\n")
    include = form.cleaned_data.get("include_draft", False)
    question = ASK_INTRO_WITH_DRAFT + text if include and text.strip() else ASK_INTRO
    topic = ask_topic()
    initial = {"question": question, **({"topic": topic.pk} if topic else {})}
    return render_ask_page(request, AskForm(initial=initial))
