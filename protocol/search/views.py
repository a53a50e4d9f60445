"""Searching the guidance: the search page, the JSON API the advice form and
the as-you-type suggestions use (the portal's scripts POST to it, so what
members type never reaches an access log), and the Monitoring Officer's report.

Search follows the reading pages' rule: public unless the protocol requires
logging in. Only searches made on the search page are logged, without any
user identity; a result's link passes through ``go`` so the log learns
whether the search led anywhere.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.access import may_read_protocol, reader
from portal.throttling import throttle
from protocol import search
from protocol.search.forms import SearchForm, SearchReportForm
from protocol.search.models import SearchLog

RESULTS_PER_PAGE = 10
MAX_RESULTS = 50
REPORT_ROWS = 25
_CLICK_SALT = "protocol.search.click"


def _click_url(log, rank, url):
    if log is None:
        return url
    token = signing.dumps([log.pk, rank], salt=_CLICK_SALT, compress=True)
    return f"{reverse('search:go', args=[token])}?{urlencode({'to': url})}"


@require_GET
@reader
def search_page(request):
    form = SearchForm(request.GET or None)
    results, page, log = None, None, None
    if form.is_valid() and form.cleaned_data["q"]:
        results = search.search(
            form.cleaned_data["q"],
            include_superseded=form.cleaned_data["earlier"],
            limit=MAX_RESULTS,
            user=request.user,
            detailed=False,
            document=form.cleaned_data["document"],
        )
        page = Paginator(results.results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        search.point_at_rules(page.object_list)
        if page.number == 1:
            log = search.log_search(results)
        for offset, hit in enumerate(page.object_list, start=page.start_index()):
            hit.link = _click_url(log, offset, hit.url)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "results": results,
            "page": page,
            "query_string": _query_string(form),
        },
    )


def _query_string(form):
    if not form.is_valid():
        return ""
    params = {"q": form.cleaned_data["q"]}
    if form.cleaned_data["earlier"]:
        params["earlier"] = "on"
    if form.cleaned_data["document"]:
        params["document"] = form.cleaned_data["document"].slug
    return urlencode(params)


@require_GET
def go(request, token):
    """Note that a result was followed, then go to it (a path on this site only)."""
    target = request.GET.get("to", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        raise Http404("Not a page of the portal.")
    try:
        log_id, rank = signing.loads(token, salt=_CLICK_SALT, max_age=timedelta(days=1))
        search.record_click(int(log_id), int(rank))
    except (signing.BadSignature, TypeError, ValueError):
        pass  # an old or altered link still takes the reader where it says
    return redirect(target)


def _api_gate(request):
    if not may_read_protocol(request.user):
        return JsonResponse(
            {"detail": "Log in to search the guidance."}, status=401, json_dumps_params={}
        )
    return None


def _params(request):
    """The API's parameters: the form body of a POST (what the portal's scripts
    send, so members' words stay out of web-server access logs), else the
    query string of a GET (the documented use)."""
    return request.POST if request.method == "POST" else request.GET


def _limit(params, default):
    try:
        return max(1, min(int(params.get("limit", default)), MAX_RESULTS))
    except ValueError:
        return default


@throttle("search")
@require_http_methods(["GET", "POST"])
def api_search(request):
    """``GET /api/search?q=QUERY&limit=N``, or the same as a POST form: the
    guidance that answers a question."""
    if response := _api_gate(request):
        return response
    params = _params(request)
    results = search.search(params.get("q", ""), limit=_limit(params, 5), user=request.user)
    return JsonResponse(results.as_json())


@throttle("search_suggest")
@require_http_methods(["GET", "POST"])
def api_suggest(request):
    """As-you-type suggestions for the search box (same shape as the search API)."""
    if response := _api_gate(request):
        return response
    params = _params(request)
    results = search.suggest(params.get("q", ""), limit=_limit(params, 5), user=request.user)
    return JsonResponse(results.as_json())


@require_GET
@never_cache
def api_token(request):
    """The CSRF token the search box's script sends with its POSTs (the cookie
    is HttpOnly, and pages that anyone may read do not carry a token)."""
    return JsonResponse({"csrf_token": get_token(request)})


@login_required
@permission_required("protocol.view_searchlog", raise_exception=True)
@require_GET
def report(request):
    """What members search for, and what they search for and do not find."""
    form = SearchReportForm(request.GET or None)
    today = timezone.localdate()
    start, end = today - timedelta(days=29), today
    if form.is_valid():
        start, end = form.cleaned_data["start"] or start, form.cleaned_data["end"] or end
    zone = timezone.get_current_timezone()
    logs = SearchLog.objects.between(
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )
    return render(
        request,
        "search/report.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "totals": logs.totals(),
            "frequent": list(logs.by_query()[:REPORT_ROWS]),
            "no_result": list(logs.without_results().counted()[:REPORT_ROWS]),
            "no_click": list(logs.without_click().counted()[:REPORT_ROWS]),
            "text_retention_days": settings.SEARCH_LOG_TEXT_RETENTION_DAYS,
        },
    )
