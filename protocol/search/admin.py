"""The Monitoring Officer's search tools in the admin: synonym lists, best bets,
and a link to the search report (the log itself is only read through the report)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from protocol import search
from protocol.admin_mixins import ReadOnlyAdminMixin
from protocol.models import Section, Version
from protocol.search.models import BestBet, SearchLog, Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["words", "note"]
    fields = ["words", "note"]

    # Synonyms are worked into the index, so every change re-reads them.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        search.synonyms_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        search.synonyms_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        search.synonyms_changed()


def _section_choices():
    sections = (
        Section.objects.filter(version__in=Version.objects.current())
        .select_related("version__document")
        .order_by("version__document__title", "order")
    )
    return [
        (f"{s.version.document_id}:{s.slug}", f"{s.version.document.title} – {s}") for s in sections
    ]


class BestBetForm(forms.ModelForm):
    section = forms.ChoiceField(
        label="Section",
        help_text="A section of the current version; the best bet follows it into later versions.",
    )

    class Meta:
        model = BestBet
        fields = ["query", "note", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _section_choices()
        if self.instance.pk:
            current = f"{self.instance.document_id}:{self.instance.section_slug}"
            if current not in dict(choices):
                choices.insert(0, (current, f"{self.instance.section_slug} (no longer current)"))
            self.initial["section"] = current
        self.fields["section"].choices = [("", "Choose a section")] + choices

    def clean(self):
        data = super().clean()
        choice = data.get("section")
        if choice:
            document_id, slug = choice.split(":", 1)
            self.instance.document_id = int(document_id)
            self.instance.section_slug = slug
        return data

    def validate_constraints(self):
        # The section box fills in document and section_slug, which are not
        # fields of the form, so Django would leave "one best bet per query and
        # section" to the database (a server error): check it here, with them.
        exclude = self._get_validation_exclusions() - {"document", "section_slug"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(BestBet)
class BestBetAdmin(admin.ModelAdmin):
    form = BestBetForm
    list_display = ["query", "section_slug", "document", "is_active"]
    list_filter = ["is_active", "document"]
    list_select_related = ["document"]
    search_fields = ["query", "section_slug"]
    fields = ["query", "section", "note", "is_active"]


@admin.register(SearchLog)
class SearchLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Listed in the admin as "Search report"; opening it shows the report."""

    def changelist_view(self, request, extra_context=None):
        return redirect("search:report")
