"""Marking a request re-checked, from its page in the staff workspace."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from protocol.advice import workflow
from protocol.advice.citations import workflow as citations
from protocol.advice.staff.views import _get_request_for_staff, staff_required


@staff_required
@require_POST
def mark_rechecked(request, reference):
    advice_request = _get_request_for_staff(request, reference)
    if not workflow.may_act(request.user, advice_request):
        raise PermissionDenied("Only the request's team can mark it re-checked.")
    flag = citations.open_flag(request=advice_request)
    if flag is None:
        messages.info(request, "There was nothing to re-check: someone has already done it.")
    else:
        citations.mark_rechecked(flag, request.user)
        messages.success(request, f"Marked as re-checked against version {flag.version.number}.")
    return redirect(advice_request.get_staff_url() + "#recheck")
