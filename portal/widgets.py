"""Date widgets for the browser's own date pickers.

An ``<input type="date">`` only accepts ``value="2027-06-30"``: given the
site's display format (30/06/2027) the browser shows an empty box and the
value is lost on the next submit. Every date and date-time box in the portal
uses these widgets, which always render ISO values whatever the locale.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)
