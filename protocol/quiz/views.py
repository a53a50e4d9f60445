"""Quiz pages: start, answer, feedback, result, certificate, history and report.

Every answer is an ordinary form post. Another member's attempt is a 404
(``_get_attempt_for_user``). Each page runs a fixed number of queries: the
attempt, its answers and their questions are each loaded in one query.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access import reader
from protocol.models import Document, Version
from protocol.quiz import attempts, report
from protocol.quiz.forms import AnswerForm, ReportFilterForm, StartForm
from protocol.quiz.models import Attempt

HISTORY_PAGE_SIZE = 20


def _current_version(document_slug):
    """The document's current version (with its document), or 404."""
    version = (
        Version.objects.current()
        .in_force()
        .select_related("document")
        .filter(document__slug=document_slug)
        .first()
    )
    if version is None:
        raise Http404("No current version of that document.")
    return version


def _get_attempt_for_user(request, document_slug, pk):
    """The logged-in member's own attempt, or 404 for anyone else's."""
    return get_object_or_404(
        Attempt.objects.select_related("version__document"),
        pk=pk,
        user=request.user,
        version__document__slug=document_slug,
        version__document__withdrawn_at__isnull=True,
    )


def _attempt_url(attempt, name="quiz:attempt", **extra):
    return reverse(
        name, kwargs={"document": attempt.version.document.slug, "pk": attempt.pk, **extra}
    )


def _score_context(slots, attempt=None):
    right = attempts.score(slots)
    total = len(slots)
    return {
        "slots": slots,
        "right": right,
        "total": total,
        "percent": right * 100 // total if total else 0,
        "attempt": attempt,
    }


@require_GET
@reader
def index(request):
    """Documents with a quiz, and the member's own attempts."""
    current_versions = list(
        Version.objects.current().in_force().select_related("document").order_by("document__title")
    )
    page = None
    if request.user.is_authenticated:
        history = (
            Attempt.objects.of(request.user)
            .filter(version__document__withdrawn_at__isnull=True)
            .select_related("version__document")
            .order_by("-started_at", "-pk")
        )
        page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quiz/index.html", {"current_versions": current_versions, "page": page})


@require_http_methods(["GET", "POST"])
@reader
def start(request, document):
    """What the quiz is, and the form that starts one (or resumes the unfinished one)."""
    version = _current_version(document)
    unfinished = None
    if request.user.is_authenticated:
        unfinished = Attempt.objects.of(request.user).on(version).unfinished().first()
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mode = form.cleaned_data["mode"]
        if not request.user.is_authenticated:
            if mode != Attempt.Mode.PRACTICE:
                return redirect_to_login(request.get_full_path())
            return _start_practice_run(request, version)
        try:
            attempt = attempts.start_attempt(request.user, version, mode)
        except attempts.UnfinishedAttemptExists as error:
            messages.warning(request, str(error))
            return redirect("quiz:start", document=version.document.slug)
        except attempts.NoQuestions as error:
            messages.error(request, str(error))
            return redirect("quiz:start", document=version.document.slug)
        return redirect(_attempt_url(attempt))
    answered = unfinished.answers.answered().count() if unfinished else 0
    return render(
        request,
        "quiz/start.html",
        {
            "document": version.document,
            "version": version,
            "form": form,
            "unfinished": unfinished,
            "unfinished_answered": answered,
            "question_count": settings.QUIZ_QUESTION_COUNT,
            "pass_mark": settings.QUIZ_PASS_MARK,
        },
    )


def _start_practice_run(request, version):
    try:
        run = attempts.PracticeRun.start(version)
    except attempts.NoQuestions as error:
        messages.error(request, str(error))
        return redirect("quiz:start", document=version.document.slug)
    return _practice_redirect("quiz:practice", version, run)


def _practice_redirect(name, version, run):
    url = reverse(name, kwargs={"document": version.document.slug})
    return redirect(f"{url}?{urlencode({'run': run.token()})}")


@require_http_methods(["GET", "POST"])
@login_required
def attempt(request, document, pk):
    """The next question of a saved attempt, and where its answer is posted."""
    attempt = _get_attempt_for_user(request, document, pk)
    if attempt.is_finished:
        if request.method == "POST":
            messages.info(
                request, "You have finished this quiz; your answers can no longer change."
            )
        return redirect(_attempt_url(attempt, "quiz:result"))
    slots = attempts.attempt_slots(attempt)
    current = attempts.next_slot(slots)
    if current is None:  # every question answered but not finished: cannot happen
        raise Http404("This quiz has no open question.")
    form = AnswerForm(current.question, current.position)
    if request.method == "POST":
        problem = _position_problem(request.POST.get("position"), slots, current)
        if problem:
            messages.warning(request, problem)
            return redirect(_attempt_url(attempt))
        form = AnswerForm(current.question, current.position, request.POST)
        if form.is_valid():
            try:
                attempt = attempts.record_answer(
                    attempt, current.position, form.cleaned_data["choice"]
                )
            except attempts.QuizError as error:
                messages.warning(request, str(error))
                return redirect(_attempt_url(attempt))
            if attempt.mode == Attempt.Mode.PRACTICE:
                return redirect(_attempt_url(attempt, "quiz:feedback", position=current.position))
            if attempt.is_finished:
                return redirect(_attempt_url(attempt, "quiz:result"))
            return redirect(_attempt_url(attempt))
    return render(
        request,
        "quiz/question.html",
        {
            "document": attempt.version.document,
            "version": attempt.version,
            "attempt": attempt,
            "slot": current,
            "total": len(slots),
            "form": form,
            "action": _attempt_url(attempt),
        },
    )


def _position_problem(raw, slots, current):
    """A message when the posted position is not the question being asked, else ""."""
    try:
        position = int(raw)
    except (TypeError, ValueError):
        return "That answer did not say which question it was for. Answer the question below."
    slot = next((s for s in slots if s.position == position), None)
    if slot is None:
        return "That question is not part of this quiz."
    if slot.is_answered:
        return f"You have already answered question {position}; your first answer stands."
    if position != current.position:
        return f"Answer question {current.position} first."
    return ""


@require_GET
@login_required
def feedback(request, document, pk, position):
    """Practice mode: whether the answer just given was right, why, and the rule."""
    attempt = _get_attempt_for_user(request, document, pk)
    if attempt.mode != Attempt.Mode.PRACTICE and not attempt.is_finished:
        messages.info(request, "In a check you see your answers at the end.")
        return redirect(_attempt_url(attempt))
    slots = attempts.attempt_slots(attempt)
    slot = next((s for s in slots if s.position == position), None)
    if slot is None or not slot.is_answered:
        raise Http404("That question has not been answered in this quiz.")
    next_url = (
        _attempt_url(attempt, "quiz:result") if attempt.is_finished else _attempt_url(attempt)
    )
    return render(
        request,
        "quiz/feedback.html",
        {
            "document": attempt.version.document,
            "version": attempt.version,
            "attempt": attempt,
            "slot": slot,
            "total": len(slots),
            "next_url": next_url,
            "finished": attempt.is_finished,
        },
    )


@require_GET
@login_required
def result(request, document, pk):
    attempt = _get_attempt_for_user(request, document, pk)
    if not attempt.is_finished:
        messages.info(request, "Finish the quiz to see your result.")
        return redirect(_attempt_url(attempt))
    slots = attempts.attempt_slots(attempt)
    return render(
        request,
        "quiz/result.html",
        {
            "document": attempt.version.document,
            "version": attempt.version,
            **_score_context(slots, attempt),
        },
    )


@require_GET
@login_required
def certificate(request, document, pk):
    """A printable record of a passed check; 404 for anything else."""
    attempt = _get_attempt_for_user(request, document, pk)
    if not attempt.has_certificate:
        raise Http404("Only a passed check has a certificate.")
    return render(
        request,
        "quiz/certificate.html",
        {"attempt": attempt, "document": attempt.version.document, "version": attempt.version},
    )


@require_POST
@login_required
def discard(request, document, pk):
    attempt = _get_attempt_for_user(request, document, pk)
    try:
        attempts.discard_attempt(attempt)
    except attempts.AttemptFinished as error:
        messages.warning(request, str(error))
        return redirect(_attempt_url(attempt, "quiz:result"))
    messages.success(request, "Your unfinished quiz has been discarded.")
    return redirect("quiz:start", document=document)


# Anonymous practice --------------------------------------------------------------


def _practice_state(request, document, token):
    """(version, run, slots) from the signed token, or a redirect with a message."""
    version = _current_version(document)
    try:
        run = attempts.PracticeRun.from_token(token, version)
        slots = run.slots(version)
    except attempts.BadToken as error:
        messages.warning(request, str(error))
        return None, redirect("quiz:start", document=version.document.slug)
    return (version, run, slots), None


@require_http_methods(["GET", "POST"])
@reader
def practice(request, document):
    """A practice quiz that saves nothing, for visitors who are not logged in."""
    if request.user.is_authenticated:
        return redirect("quiz:start", document=document)
    token = request.POST.get("run") if request.method == "POST" else request.GET.get("run")
    state, response = _practice_state(request, document, token)
    if response:
        return response
    version, run, slots = state
    if run.is_finished:
        if request.method == "POST":
            messages.info(request, "You have answered every question; here is your score.")
        return render(
            request,
            "quiz/result.html",
            {"document": version.document, "version": version, **_score_context(slots)},
        )
    current = attempts.next_slot(slots)
    form = AnswerForm(current.question, current.position)
    if request.method == "POST":
        problem = _position_problem(request.POST.get("position"), slots, current)
        if problem:
            messages.warning(request, problem)
            return _practice_redirect("quiz:practice", version, run)
        form = AnswerForm(current.question, current.position, request.POST)
        if form.is_valid():
            try:
                run = run.answer(current.position, form.cleaned_data["choice"], slots)
            except attempts.QuizError as error:
                messages.warning(request, str(error))
                return _practice_redirect("quiz:practice", version, run)
            return _practice_redirect("quiz:practice_feedback", version, run)
    return render(
        request,
        "quiz/question.html",
        {
            "document": version.document,
            "version": version,
            "slot": current,
            "total": len(slots),
            "form": form,
            "action": reverse("quiz:practice", kwargs={"document": version.document.slug}),
            "run_token": run.token(),
        },
    )


@require_GET
@reader
def practice_feedback(request, document):
    if request.user.is_authenticated:
        return redirect("quiz:start", document=document)
    state, response = _practice_state(request, document, request.GET.get("run"))
    if response:
        return response
    version, run, slots = state
    if not run.choices:
        return _practice_redirect("quiz:practice", version, run)
    slot = slots[len(run.choices) - 1]
    next_url = reverse("quiz:practice", kwargs={"document": version.document.slug})
    next_url = f"{next_url}?{urlencode({'run': run.token()})}"
    return render(
        request,
        "quiz/feedback.html",
        {
            "document": version.document,
            "version": version,
            "slot": slot,
            "total": len(slots),
            "next_url": next_url,
            "finished": run.is_finished,
        },
    )


# The Monitoring Officer's report ------------------------------------------------


def _report_version(document):
    document = get_object_or_404(Document, slug=document)
    version = Version.objects.current().filter(document=document).first()
    if version is None:
        raise Http404("No current version of that document.")
    version.document = document
    return version


def _report_mode(request):
    form = ReportFilterForm(request.GET or None)
    mode = form.cleaned_data["mode"] if form.is_valid() else ""
    return form, mode


@require_GET
@login_required
@permission_required("quiz.view_quiz_report", raise_exception=True)
def report_page(request, document):
    version = _report_version(document)
    form, mode = _report_mode(request)
    figures = report.question_figures(version, mode)
    csv_url = reverse("quiz:report_csv", kwargs={"document": version.document.slug})
    if mode:
        csv_url = f"{csv_url}?{urlencode({'mode': mode})}"
    return render(
        request,
        "quiz/report.html",
        {
            "document": version.document,
            "version": version,
            "form": form,
            "mode": mode,
            "passes": report.pass_figures(version),
            "figures": figures,
            "sections": report.section_figures(version, mode, limit=10),
            "scenarios": report.scenario_counts(version),
            "rule_count": report.rule_count(version),
            "csv_url": csv_url,
        },
    )


@require_GET
@login_required
@permission_required("quiz.view_quiz_report", raise_exception=True)
def report_csv(request, document):
    version = _report_version(document)
    _, mode = _report_mode(request)
    out = io.StringIO()
    report.write_csv(out, report.question_figures(version, mode), settings.SITE_URL)
    filename = f"quiz-{version.document.slug}-v{version.number}{'-' + mode if mode else ''}.csv"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
