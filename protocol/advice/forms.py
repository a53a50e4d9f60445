"""The member's forms: asking the Monitoring Officer, and following up a request."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import URLValidator

from protocol.advice import workflow
from protocol.advice.attachments import AttachmentsField
from protocol.advice.attachments import help_text as attachments_help_text
from protocol.advice.models import (
    MESSAGE_MAX_LENGTH,
    POST_URL_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    Topic,
    Urgency,
)
from protocol.advice.working_days import target_days
from protocol.models import Section, Version


def _answer_within(days):
    return "by the next working day" if days == 1 else f"within {days} working days"


def urgency_choices():
    return [
        (value, f"{label}: an answer {_answer_within(target_days(value))}")
        for value, label in Urgency.choices
    ]


class TextAreaField(forms.CharField):
    """Text from a textarea, with line breaks counted once (browsers send CRLF)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class WebAddressField(forms.URLField):
    """A link to a post: http or https only (no javascript:, data: or ftp:)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, section):
        return f"{section.version.document.title}: {section}"


class AskForm(forms.Form):
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        label="What is your question about?",
        empty_label="Choose a topic",
        error_messages={"required": "Choose what your question is about."},
    )
    question = TextAreaField(
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=QUESTION_MAX_LENGTH,
        help_text=(
            f"Up to {QUESTION_MAX_LENGTH:,} characters. Only the Monitoring Officer's team "
            "reads it; it is never put in an e-mail."
        ),
        error_messages={
            "required": "Enter your question.",
            "max_length": "Your question is too long: use at most %(limit_value)s characters "
            "(it has %(show_value)s).",
        },
    )
    urgency = forms.ChoiceField(
        label="How soon do you need an answer?",
        widget=forms.RadioSelect,
        initial=Urgency.NORMAL,
        error_messages={"required": "Choose how soon you need an answer."},
    )
    post_url = WebAddressField(
        label="Link to the post concerned (optional)",
        required=False,
        max_length=POST_URL_MAX_LENGTH,
        assume_scheme="https",
        help_text="For example https://x.com/… or https://www.facebook.com/…",
        error_messages={
            "invalid": "Enter the link as a web address, such as https://example.org/post/1.",
            "max_length": "That link is too long: use at most %(limit_value)s characters.",
        },
    )
    section = SectionChoiceField(
        queryset=Section.objects.none(),
        label="Which section of the guidance is it about? (optional)",
        required=False,
        empty_label="Not about a particular section",
    )
    attachments = AttachmentsField(label="Screenshots or documents (optional)")

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["topic"].queryset = Topic.objects.active()
        self.fields["urgency"].choices = urgency_choices()
        self.fields["section"].queryset = (
            Section.objects.filter(version__in=Version.objects.current().in_force())
            .select_related("version__document")
            .order_by("version__document__title", "order")
        )
        self.fields["attachments"].help_text = (
            attachments_help_text() + " With files attached, your question is sent as soon "
            "as you press Send; any guidance for your topic is shown after."
        )
        self.urgency_raised = False
        self.duplicate = None  # set by clean(): the same question sent moments ago
        self._raise_urgency_for_topic()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _raise_urgency_for_topic(self):
        """Show the urgency a fast-path topic sets (threats: Urgent), not a lower one.

        The radio the member sees, the hidden field the check step carries and
        the request saved all agree; a member may still choose a higher urgency.
        """
        source = self.data if self.is_bound else self.initial
        topic_pk = source.get("topic")
        if not (isinstance(topic_pk, int) or (isinstance(topic_pk, str) and topic_pk.isdigit())):
            return
        topic = Topic.objects.active().filter(pk=topic_pk).first()
        if topic is None or not topic.fast_path:
            return
        chosen = source.get("urgency") or Urgency.NORMAL
        if chosen not in Urgency.values:
            return
        raised = topic.urgency_for(chosen)
        if raised == chosen:
            return
        self.urgency_raised = True
        if self.is_bound:
            self.data = self.data.copy()
            self.data["urgency"] = raised
        else:
            self.initial = {**self.initial, "urgency": raised}

    def clean_question(self):
        question = self.cleaned_data["question"]
        if len(question) < 10:
            raise forms.ValidationError("Say a little more: write at least 10 characters.")
        return question

    def clean(self):
        cleaned = super().clean()
        self.duplicate = None
        if self.member is not None and cleaned.get("question"):
            # The same question sent moments ago leads to that request, not to the limit.
            self.duplicate = workflow.find_duplicate(self.member, cleaned["question"])
        if self.member is not None and self.duplicate is None:
            try:
                workflow.check_request_limit(self.member, topic=cleaned.get("topic"))
            except workflow.RateLimited as limited:
                self.add_error(None, forms.ValidationError(str(limited), code="rate_limited"))
        ask_to_choose_files_again(self)
        return cleaned

    def urgency_for_topic(self):
        topic = self.cleaned_data["topic"]
        return topic.urgency_for(self.cleaned_data["urgency"])

    def may_be_answered_by_guidance(self):
        """Threats and abuse always reach the Monitoring Officer: guidance never
        counts as an answer for them."""
        topic = self.cleaned_data.get("topic")
        return topic is not None and topic.may_be_answered_by_guidance


def ask_to_choose_files_again(form):
    """Browsers cannot keep chosen files when a form comes back with problems: say so."""
    chosen = any(form.files.getlist(form.add_prefix("attachments"))) if form.files else False
    if chosen and "attachments" not in form.errors and form.errors:
        form.add_error(
            "attachments",
            forms.ValidationError(
                "Your files have not been sent yet: once the problems above are put right, "
                "choose them again.",
                code="choose_again",
            ),
        )


class FollowUpForm(forms.Form):
    body = TextAreaField(
        label="Add a message to this request",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=f"Up to {MESSAGE_MAX_LENGTH:,} characters. The team is told; the e-mail "
        "does not include your message or your files.",
        error_messages={
            "required": "Enter your message.",
            "max_length": "Your message is too long: use at most %(limit_value)s characters "
            "(it has %(show_value)s).",
        },
    )

    attachments = AttachmentsField(label="Screenshots or documents (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachments_help_text()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        if (
            "body" not in self.errors
            and not cleaned.get("body")
            and not cleaned.get("attachments")
            and "attachments" not in self.errors
        ):
            self.add_error("body", forms.ValidationError("Enter your message.", code="required"))
        ask_to_choose_files_again(self)
        return cleaned
