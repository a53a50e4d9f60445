"""The Monitoring Officer's checks (one per kind) and the weekly counts.

A check's citations are chosen from the rules of the current versions; each is
kept by the rule's anchor, so it follows the rule into every later version.
"""

from django import forms
from django.contrib import admin

from protocol.admin_mixins import ReadOnlyAdminMixin
from protocol.models import Rule, Version
from protocol.postcheck.models import Check, Citation, WeeklyCount


def _current_rules():
    return (
        Rule.objects.filter(section__version__in=Version.objects.current().in_force())
        .select_related("section__version__document")
        .order_by("section__version__document__title", "section__order", "order")
    )


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rule):
        return f"{rule.section.version.document.title} §{rule.section.number}: {rule}"


class CitationForm(forms.ModelForm):
    rule = RuleChoiceField(
        queryset=Rule.objects.none(),
        required=False,
        label="Choose a rule",
        help_text="From the current version; or type its anchor.",
    )

    class Meta:
        model = Citation
        fields = ["rule", "anchor", "document", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = _current_rules()
        self.fields["anchor"].required = False
        if self.instance.pk:
            found = _current_rules().filter(anchor=self.instance.anchor)
            if self.instance.document_id:
                found = found.filter(section__version__document_id=self.instance.document_id)
            self.fields["rule"].initial = found.first()

    def clean(self):
        cleaned = super().clean()
        rule = cleaned.get("rule")
        if rule is not None:
            cleaned["anchor"] = rule.anchor
            cleaned["document"] = rule.section.version.document
            self.instance.anchor = rule.anchor
            self.instance.document = cleaned["document"]
        elif not cleaned.get("anchor"):
            raise forms.ValidationError("Choose a rule, or type its anchor.")
        return cleaned


class CitationInline(admin.TabularInline):
    model = Citation
    form = CitationForm
    extra = 1
    readonly_fields = ["in_current_version"]
    fields = ["rule", "anchor", "document", "order", "in_current_version"]

    @admin.display(description="In the current version")
    def in_current_version(self, citation):
        if not citation.pk:
            return "–"
        rules = _current_rules().filter(anchor=citation.anchor)
        if citation.document_id:
            rules = rules.filter(section__version__document_id=citation.document_id)
        rule = rules.first()
        return f"Yes: §{rule.section.number}" if rule else "No: not shown to members"


@admin.register(Check)
class CheckAdmin(admin.ModelAdmin):
    list_display = ["kind_label", "is_enabled", "use_model", "cited_rules", "updated_at"]
    list_editable = ["is_enabled", "use_model"]
    list_display_links = ["kind_label"]
    readonly_fields = ["kind", "updated_at"]
    fields = [
        "kind",
        "is_enabled",
        "use_model",
        "explanation",
        "words",
        "pair_words",
        "context_words",
        "unless_words",
        "updated_at",
    ]
    inlines = [CitationInline]

    def has_add_permission(self, request):
        # One check per kind, made by the portal; the Monitoring Officer turns them off.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Kind", ordering="kind")
    def kind_label(self, check):
        return f"{check.get_kind_display()} ({check.kind})"

    @admin.display(description="Rules cited")
    def cited_rules(self, check):
        return ", ".join(c.anchor for c in check.citations.all()) or "–"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citations")


@admin.register(WeeklyCount)
class WeeklyCountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """How many posts were checked each week and how often each kind fired."""

    list_display = ["week", "kind_label", "count"]
    list_filter = ["kind", "week"]
    date_hierarchy = "week"
    ordering = ["-week", "kind"]

    @admin.display(description="What", ordering="kind")
    def kind_label(self, count):
        return count.get_kind_display()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": "Check my post: posts checked and kinds found, per week",
        }
        return super().changelist_view(request, extra_context)
