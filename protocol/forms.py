"""Forms for reading pages and the Monitoring Officer's publishing steps."""

from django import forms
from django.utils import timezone

from portal.widgets import DateInput, DateTimeInput
from protocol.models import Version


class AsOfForm(forms.Form):
    date = forms.DateField(
        label="Show the version in effect on",
        help_text="For example, 27/03/2025.",
        error_messages={
            "required": "Enter a date.",
            "invalid": "Enter the date as day, month and year, for example 27/03/2025.",
        },
        widget=DateInput(),
    )


class CompareForm(forms.Form):
    """Two versions to compare, by number; the older one first whatever the order given."""

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {v.number: v for v in versions}
        choices = [(v.number, self._label(v)) for v in versions]
        self.fields["from"] = forms.TypedChoiceField(
            label="Compare version",
            choices=choices,
            coerce=int,
            error_messages={
                "required": "Choose the version to compare.",
                "invalid_choice": "Choose the version to compare from the list.",
            },
        )
        self.fields["to"] = forms.TypedChoiceField(
            label="with version",
            choices=choices,
            coerce=int,
            error_messages={
                "required": "Choose the version to compare it with.",
                "invalid_choice": "Choose the version to compare it with from the list.",
            },
        )

    @staticmethod
    def _label(version):
        status = "current" if version.is_current else version.get_status_display().lower()
        return f"Version {version.number} ({status})"

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        first, second = data["from"], data["to"]
        if first == second:
            raise forms.ValidationError("Choose two different versions to compare.")
        data["old"] = self.versions[min(first, second)]
        data["new"] = self.versions[max(first, second)]
        return data


class PublishForm(forms.Form):
    """The Monitoring Officer's publishing step for a draft."""

    change_note = forms.CharField(
        label="What changed (members see this)",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown. Say in plain words what members need to know.",
        max_length=5000,
    )
    internal_reason = forms.CharField(
        label="Why (staff only)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    is_major = forms.TypedChoiceField(
        label="Kind of change",
        choices=[
            ("1", "Major: e-mail members and ask them to confirm they have read it"),
            ("0", "Minor (a typo or wording fix): tell no one, ask no one to confirm again"),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    review_by = forms.DateField(label="Review by", required=False, widget=DateInput())
    when = forms.ChoiceField(
        label="Publish",
        choices=[("now", "Now"), ("later", "At a date and time")],
        widget=forms.RadioSelect,
        initial="now",
    )
    publish_at = forms.DateTimeField(
        label="Date and time to publish",
        required=False,
        widget=DateTimeInput(),
        help_text="Only when publishing at a date and time.",
    )

    def __init__(self, *args, unchanged_from=None, **kwargs):
        """``unchanged_from``: the current version, when this draft reads exactly like it."""
        super().__init__(*args, **kwargs)
        self.unchanged_from = unchanged_from
        if unchanged_from is not None:
            self.fields["publish_unchanged"] = forms.BooleanField(
                label="Publish it anyway",
                required=False,
                help_text=(
                    f"Nothing a member reads differs from version {unchanged_from.number}: "
                    "publishing would ask members to read the same text again."
                ),
            )

    def clean(self):
        data = super().clean()
        if self.unchanged_from is not None and not data.get("publish_unchanged"):
            self.add_error(
                "publish_unchanged",
                f"This draft reads exactly like version {self.unchanged_from.number}. "
                "Tick “Publish it anyway” to publish it, or edit it first.",
            )
        if data.get("when") == "later":
            at = data.get("publish_at")
            if at is None:
                self.add_error("publish_at", "Give the date and time to publish.")
            elif at <= timezone.now():
                self.add_error("publish_at", "Choose a time in the future, or publish now.")
        return data

    @classmethod
    def initial_for(cls, version: Version):
        return {
            "change_note": version.change_note,
            "internal_reason": version.internal_reason,
            "is_major": "1" if version.is_major else "0",
            "review_by": version.review_by,
        }
