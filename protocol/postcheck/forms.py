"""The draft a member checks: the text, which account it is for, how they feel."""

import re

from django import forms

from protocol.postcheck.models import POST_MAX_LENGTH

# Anything a keyboard does not type: what a pasted file or binary leaves behind.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class DraftField(forms.CharField):
    """The draft as typed, line breaks counted once, never cut short: a draft
    that is too long comes back whole with a message, so nothing is lost."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # a browser would cut a pasted draft silently
        return attrs


class CheckPostForm(forms.Form):
    ACCOUNTS = [
        ("", "Not saying"),
        ("personal", "My personal account"),
        ("councillor", "My councillor account"),
    ]
    FEELINGS = [("angry", "Angry or upset"), ("tired", "Tired"), ("drink", "I've had a drink")]

    text = DraftField(
        label="Your draft post",
        strip=False,
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        help_text=(
            f"Paste or type it here, up to {POST_MAX_LENGTH:,} characters. It is checked on "
            "the portal's own server and is not saved or sent anywhere."
        ),
        error_messages={
            "required": "Enter the post you want to check.",
            "max_length": "Your post is too long to check: use at most %(limit_value)s "
            "characters (it has %(show_value)s). Check it in parts.",
            "null_characters_not_allowed": "Your post contains characters that are not text "
            "(it may have come from a file rather than a post). Remove them and check again.",
        },
    )
    account = forms.ChoiceField(
        label="Which account is it for? (optional)",
        choices=ACCOUNTS,
        required=False,
        widget=forms.RadioSelect,
    )
    feelings = forms.MultipleChoiceField(
        label="Right now, are you… (optional)",
        choices=FEELINGS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only used for this check; not kept.",
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if _NOT_TEXT.search(text):
            raise forms.ValidationError(
                self.fields["text"].error_messages["null_characters_not_allowed"], code="binary"
            )
        if not text.strip():
            raise forms.ValidationError(self.fields["text"].error_messages["required"])
        return text


class AskAboutPostForm(CheckPostForm):
    include_draft = forms.BooleanField(
        label="Include my draft post in the question",
        required=False,
        help_text="Only if you tick this is your draft put in the question; you can still edit "
        "it before sending.",
    )
