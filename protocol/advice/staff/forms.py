"""The staff workspace's forms: the queue's filters, and every action on a request.

Each action form carries ``seen_at``, the moment the page was shown, so the
workflow can refuse a form a colleague's change has made stale.
"""

from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from portal import roles
from protocol.advice.citations.forms import CitationField
from protocol.advice.forms import TextAreaField
from protocol.advice.models import (
    MESSAGE_MAX_LENGTH,
    CannedReply,
    RequestStatus,
    Topic,
    Urgency,
)

SEARCH_MAX_LENGTH = 200


def style_widgets(form):
    """Bootstrap's classes on every visible widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css


def staff_teams(user):
    """The teams whose requests ``user`` may see (every staff team for the Monitoring Officer)."""
    teams = roles.teams()
    if user.is_superuser or user.has_perm("advice.view_all_advice_requests"):
        return teams
    return teams.filter(pk__in=user.groups.values("pk"))


def person_name(user):
    if user is None:
        return "Erased member"
    return user.get_full_name() or user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


class QueueFilterForm(forms.Form):
    """The queue's filters, from the query string; anything unknown is ignored."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text="A reference, words from the question or messages, or the member's name.",
        error_messages={"max_length": "Search for at most %(limit_value)s characters."},
    )
    status = forms.ChoiceField(label="Status", required=False)
    team = forms.ModelChoiceField(
        label="Team", queryset=Group.objects.none(), required=False, empty_label="Any team"
    )
    topic = forms.ModelChoiceField(
        label="Topic", queryset=Topic.objects.all(), required=False, empty_label="Any topic"
    )
    assignee = forms.ChoiceField(label="Assigned to", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *RequestStatus.choices]
        teams = staff_teams(user)
        self.fields["team"].queryset = teams
        people = (
            get_user_model()
            .objects.filter(groups__in=teams, is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["assignee"].choices = [
            ("", "Anyone"),
            ("me", "Me"),
            ("nobody", "Nobody"),
            *((str(person.pk), person_name(person)) for person in people),
        ]
        style_widgets(self)


class StaffActionForm(forms.Form):
    # Several forms share the request's page: each has its own ids.
    id_prefix = "action"
    seen_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("seen_at", timezone.now().isoformat())
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def clean_seen_at(self):
        """When the page was shown; a value that is not a time is treated as "long ago"."""
        value = self.cleaned_data.get("seen_at") or ""
        try:
            seen = datetime.fromisoformat(value)
        except ValueError:
            return datetime(2000, 1, 1, tzinfo=timezone.get_current_timezone())
        return seen if timezone.is_aware(seen) else timezone.make_aware(seen)


class StaffTextField(TextAreaField):
    """No maxlength in the page: a browser would cut pasted text short without a word;
    the server says how long it is and keeps all of it instead."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def _body_field(label, help_text):
    return StaffTextField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=help_text,
        strip=True,
        error_messages={
            "required": "Write the text first: it is empty.",
            "max_length": "This is too long: use at most %(limit_value)s characters (it has "
            "%(show_value)s). Nothing was sent; shorten it or split it in two.",
        },
    )


AFTER_REPLY = [
    (RequestStatus.ANSWERED, "Mark the request answered"),
    (RequestStatus.WAITING, "Mark it waiting for the member (you asked them something)"),
    ("", "Leave the status as it is"),
]


class ReplyForm(StaffActionForm):
    id_prefix = "reply"
    canned = forms.ModelChoiceField(
        label="Canned reply",
        queryset=CannedReply.objects.none(),
        required=False,
        empty_label="Choose a canned reply",
        help_text="Inserted at the end of your reply, where you can edit it before sending.",
    )
    body = _body_field(
        "Reply to the member",
        f"The member reads this and is e-mailed a link to it. Markdown works. Up to "
        f"{MESSAGE_MAX_LENGTH:,} characters.",
    )
    then_status = forms.ChoiceField(
        label="After sending",
        choices=AFTER_REPLY,
        required=False,
        widget=forms.RadioSelect,
        initial=RequestStatus.ANSWERED,
    )
    cite = CitationField()

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canned"].queryset = (
            CannedReply.objects.for_topic(topic) if topic else CannedReply.objects.active()
        )
        self.cite_sections = self.fields["cite"].load()


class NoteForm(StaffActionForm):
    id_prefix = "note"
    body = _body_field(
        "Internal note",
        f"Only staff see notes; the member is never shown or told. Markdown works. Up to "
        f"{MESSAGE_MAX_LENGTH:,} characters.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class AssignForm(StaffActionForm):
    id_prefix = "assign"
    assignee = PersonChoiceField(
        label="Assigned to",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Nobody",
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["assignee"].queryset = people
        self.fields["assignee"].error_messages["invalid_choice"] = (
            "Choose someone in the team this request is routed to."
        )


class StatusForm(StaffActionForm):
    id_prefix = "status"
    status = forms.ChoiceField(label="Status")

    def __init__(self, *args, advice_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if advice_request is not None:
            allowed = [advice_request.status, *advice_request.next_statuses]
            self.fields["status"].choices = [
                (value, RequestStatus(value).label) for value in allowed
            ]
            self.fields["status"].initial = advice_request.status
        self.fields["status"].error_messages["invalid_choice"] = (
            "The request cannot move to that status from where it is now."
        )


class UrgencyForm(StaffActionForm):
    id_prefix = "urgency"
    urgency = forms.ChoiceField(
        label="Urgency",
        choices=Urgency.choices,
        help_text="The due date is worked out again, in working days from when it was sent.",
    )


class RouteForm(StaffActionForm):
    """Change the topic (routed again by its rule) or send it to another team."""

    id_prefix = "route"

    topic = forms.ModelChoiceField(label="Topic", queryset=Topic.objects.all(), required=False)
    team = forms.ModelChoiceField(label="Team", queryset=Group.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = roles.teams()
