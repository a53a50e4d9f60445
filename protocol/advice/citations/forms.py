""" "Cite a section or rule" in the staff reply form.

The choices are the current versions' sections, each with its rules, shown as
nested checkboxes inside a <details> (``advice/staff/includes/cite_picker.html``)
so it works without JavaScript; a preview or an inserted canned reply
re-renders the form with the ticks kept. Values are ``s:<pk>`` for a whole
section and ``r:<pk>`` for one rule.
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Prefetch

from protocol.models import Rule, Section, Version

MAX_CITATIONS = 20


@dataclass
class SectionChoice:
    section: object
    value: str
    rules: list = field(default_factory=list)  # [(value, rule)]


def current_sections():
    """[SectionChoice] for every current version, in document and section order
    (two queries)."""
    sections = (
        Section.objects.filter(version__in=Version.objects.current().in_force())
        .select_related("version__document")
        .prefetch_related(Prefetch("rules", queryset=Rule.objects.order_by("order")))
        .order_by("version__document__title", "order")
    )
    return [
        SectionChoice(
            section=section,
            value=f"s:{section.pk}",
            rules=[(f"r:{rule.pk}", rule) for rule in section.rules.all()],
        )
        for section in sections
    ]


class CitationField(forms.MultipleChoiceField):
    """Cleans to ``(sections, rules)`` of current versions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Cite a section or rule")
        kwargs.setdefault(
            "help_text",
            "Tick what your reply relies on. The member sees the links under the reply; "
            "if a later version changes them, the request is flagged for a re-check.",
        )
        super().__init__(widget=forms.CheckboxSelectMultiple, **kwargs)
        self.sections = None

    def load(self):
        """Read the choices from the database (once per form)."""
        if self.sections is None:
            self.sections = current_sections()
            self.choices = [
                (value, value)
                for choice in self.sections
                for value in [choice.value, *(v for v, _ in choice.rules)]
            ]
        return self.sections

    def validate(self, value):
        self.load()
        if len(value) > MAX_CITATIONS:
            raise forms.ValidationError(
                f"Cite at most {MAX_CITATIONS} sections or rules; you ticked {len(value)}."
            )
        for item in value:
            if not self.valid_value(item):
                raise forms.ValidationError(
                    "A section or rule you ticked is no longer in the current version; "
                    "tick again from the list."
                )

    def clean(self, value):
        value = super().clean(value)
        sections = {c.section.pk: c.section for c in self.sections}
        rules = {int(v[2:]): rule for c in self.sections for v, rule in c.rules}
        chosen_sections = [sections[int(v[2:])] for v in value if v.startswith("s:")]
        chosen_rules = [rules[int(v[2:])] for v in value if v.startswith("r:")]
        return chosen_sections, chosen_rules
