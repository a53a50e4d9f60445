"""Forms for searching the guidance and for the Monitoring Officer's search report."""

import datetime

from django import forms

from portal.widgets import DateInput
from protocol.models import Document


class _DocumentChoice(forms.ModelChoiceField):
    """A document no longer searchable (or a mistyped address) searches them all."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the guidance",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    earlier = forms.BooleanField(
        label="Include earlier versions (their results are marked superseded)", required=False
    )
    document = _DocumentChoice(
        label="Search in",
        queryset=Document.objects.none(),
        required=False,
        empty_label="All documents",
        to_field_name="slug",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Documents members can read: in force, with a published version. Read
        # once: the page's queries do not grow with the number of documents.
        queryset = (
            Document.objects.in_force()
            .filter(versions__status__in=["published", "superseded"])
            .distinct()
            .order_by("title")
        )
        self.fields["document"].queryset = queryset
        self.documents = list(queryset.only("slug", "title"))

    @property
    def offers_documents(self) -> bool:
        """The choice is shown only when there is more than one document to choose."""
        return len(self.documents) > 1


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

    # The report counts whole days up to the day after "To": a date near the
    # calendar's end (31/12/9999) cannot be counted to, and none is useful.
    EARLIEST = datetime.date(2000, 1, 1)
    LATEST = datetime.date(2100, 12, 31)

    def _in_range(self, name):
        day = self.cleaned_data[name]
        if day is not None and not self.EARLIEST <= day <= self.LATEST:
            raise forms.ValidationError(
                f"Enter a date between {self.EARLIEST:%-d/%-m/%Y} and {self.LATEST:%-d/%-m/%Y}."
            )
        return day

    def clean_start(self):
        return self._in_range("start")

    def clean_end(self):
        return self._in_range("end")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the period must be on or after its start.")
        return data
