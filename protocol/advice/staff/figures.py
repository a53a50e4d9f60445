"""Figures on advice requests for the Monitoring Officer: a page and its CSV tables.

Only people with ``advice.view_advice_figures`` (the Monitoring Officer) see
them; anyone else logged in gets a 403, and anyone not logged in the login page.
"""

import io

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from portal.widgets import DateInput
from protocol.advice import figures


class PeriodForm(forms.Form):
    """From and to dates (both included), as ISO dates; the last 12 weeks by default."""

    start = forms.DateField(
        label="From",
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the start date as a date, such as 2026-09-07."},
    )
    end = forms.DateField(
        label="To",
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the end date as a date, such as 2026-11-30."},
    )

    def __init__(self, data=None, today=None):
        today = today or timezone.localdate()
        start, end = figures.default_period(today)
        if not data or not (data.get("start") or data.get("end")):
            data = {"start": start.isoformat(), "end": end.isoformat()}
        super().__init__(data)
        for name in ("start", "end"):
            self.fields[name].widget.attrs.update(max=today.isoformat())
            self.fields[name].help_text = (
                "Without a calendar, type year-month-day, e.g. " + today.isoformat()
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(
                    "The start date is after the end date: swap them, or choose another period."
                )
            if (end - start).days >= figures.MAX_PERIOD_DAYS:
                raise forms.ValidationError(
                    "Choose a period of two years or less: the weekly tables would be too long."
                )
        return cleaned


def _query(form):
    return urlencode(
        {
            "start": form.cleaned_data["start"].isoformat(),
            "end": form.cleaned_data["end"].isoformat(),
        }
    )


@require_GET
@login_required
@permission_required("advice.view_advice_figures", raise_exception=True)
def figures_page(request):
    form = PeriodForm(request.GET)
    context = {"form": form, "figures": None}
    if form.is_valid():
        data = figures.compute(form.cleaned_data["start"], form.cleaned_data["end"])
        query = _query(form)
        context.update(
            figures=data,
            csv_links={
                name.replace("-", "_"): (
                    f"{reverse('staff:figures_csv', kwargs={'table': name})}?{query}"
                )
                for name in figures.TABLES
            },
            longest_reply=max((group.p90_hours or 0 for group in data.reply_times), default=0),
            most_asked=data.sections[0].count if data.sections else 0,
        )
    return render(request, "advice/staff/figures.html", context)


@require_GET
@login_required
@permission_required("advice.view_advice_figures", raise_exception=True)
def figures_csv(request, table):
    if table not in figures.TABLES:
        raise Http404("No such table of figures.")
    form = PeriodForm(request.GET)
    if not form.is_valid():
        messages = [error for errors in form.errors.values() for error in errors]
        return HttpResponseBadRequest(
            "The period is not valid: " + " ".join(messages), content_type="text/plain"
        )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    out = io.StringIO()
    figures.write_csv(out, figures.compute(start, end), table)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"advice-{table}-{start.isoformat()}-to-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
