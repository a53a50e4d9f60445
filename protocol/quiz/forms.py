"""Quiz forms: one answer form built from whichever question is asked."""

from django import forms

from protocol.quiz.models import Attempt


class AnswerForm(forms.Form):
    """The radio buttons for one question, in a fieldset whose legend is the question.

    Built from the question rather than written per question; the position says
    which question of the quiz the answer is for, so an old or doubled form is
    recognised and refused.
    """

    position = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Not "required" to the browser: the page says what is missing itself, in
    # the error summary and beside the buttons, without an asterisk in the legend.
    choice = forms.ChoiceField(
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose one of the answers given."},
    )

    def __init__(self, question, position, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        field = self.fields["choice"]
        field.choices = question.choices
        field.label = question.legend
        if not question.prompt_is_inline:
            # The prompt is shown above the form (id="quiz-prompt"), too long for a legend.
            field.widget.attrs["aria-describedby"] = "quiz-prompt"
        self.fields["position"].initial = position

    def full_clean(self):
        super().full_clean()
        attrs = self.fields["choice"].widget.attrs
        if self._errors and self._errors.get("choice") and attrs.get("aria-describedby"):
            # Django only links the error itself when no description is set.
            attrs["aria-describedby"] = f"quiz-prompt {self['choice'].auto_id}_error"

    def clean_choice(self):
        choice = self.cleaned_data.get("choice")
        if not choice:
            raise forms.ValidationError("Choose an answer.")
        return choice


class StartForm(forms.Form):
    mode = forms.ChoiceField(
        label="How would you like to take the quiz?",
        widget=forms.RadioSelect,
        choices=[
            (
                Attempt.Mode.PRACTICE,
                "Practice: see after each answer whether you were right, and why",
            ),
            (Attempt.Mode.CHECK, "Check: see your answers at the end, with a pass mark"),
        ],
        initial=Attempt.Mode.PRACTICE,
        error_messages={"required": "Choose practice or check."},
    )


class ReportFilterForm(forms.Form):
    mode = forms.ChoiceField(
        label="Answers from",
        required=False,
        choices=[
            ("", "Practice and check"),
            (Attempt.Mode.PRACTICE, "Practice only"),
            (Attempt.Mode.CHECK, "Check only"),
        ],
    )
