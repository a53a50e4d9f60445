"""Forms for searching the guidance and for the Monitoring Officer's search report."""

from django import forms

from portal.widgets import DateInput
from protocol.search.text import clean_query


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the guidance",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    earlier = forms.BooleanField(
        label="Include earlier versions (their results are marked superseded)", required=False
    )

    def clean_q(self):
        """Never an error: anything typed is searched, cut at a sane length."""
        return clean_query(self.cleaned_data["q"])


class SearchReportForm(forms.Form):
    start = forms.DateField(
        label="From",
        required=False,
        help_text="For example, 1/4/2026. Leave empty for 30 days ago.",
        error_messages={
            "invalid": "Enter the start of the period as a date, for example 1/4/2026."
        },
        widget=DateInput(),
    )
    end = forms.DateField(
        label="To",
        required=False,
        help_text="Leave empty for today.",
        error_messages={"invalid": "Enter the end of the period as a date, for example 30/4/2026."},
        widget=DateInput(),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the period must be on or after its start.")
        return data
