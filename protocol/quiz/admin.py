"""The Monitoring Officer writes scenario questions here and approves flagged ones.

The question list links to the quiz report for each document. Attempts are
shown read-only, for training records.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from protocol.admin_mixins import FrozenWithVersionMixin, ReadOnlyAdminMixin
from protocol.models import Rule, Section, Version
from protocol.quiz.models import MAX_OPTIONS, MIN_OPTIONS, Attempt, Option, Question


def _open_versions():
    """Versions a question may be written for: drafts and current versions."""
    return Version.objects.filter(
        status__in=[Version.Status.DRAFT, Version.Status.PUBLISHED]
    ).select_related("document")


class OptionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        options = [
            (form.cleaned_data.get("text", ""), form.cleaned_data.get("is_correct", False))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problem = Question.options_problem(options)
        if problem:
            raise forms.ValidationError(problem)


class OptionForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        # "One right option" is checked across the whole formset (OptionFormSet);
        # row by row it would refuse moving the right answer from one option to another.
        return {*super()._get_validation_exclusions(), "is_correct"}


class OptionInline(FrozenWithVersionMixin, admin.TabularInline):
    model = Option
    form = OptionForm
    formset = OptionFormSet
    fields = ["order", "text", "is_correct"]
    extra = 0
    min_num = MIN_OPTIONS
    max_num = MAX_OPTIONS
    ordering = ["order", "pk"]

    def version_of(self, question):
        return question.version

    def is_frozen(self, version):
        return _frozen(version)


class _LabelledChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        version = obj.version if isinstance(obj, Section) else obj.section.version
        where = f"{version.document} v{version.number} ({version.get_status_display().lower()})"
        return f"{where}: {obj}"


def _frozen(version):
    """Questions of a superseded version are history: shown, not changed. (Those
    of the current version stay open: flagged ones are approved there.)"""
    return version.is_superseded


@admin.register(Question)
class QuestionAdmin(FrozenWithVersionMixin, admin.ModelAdmin):
    list_display = ["__str__", "version", "section", "status", "option_count"]
    list_filter = ["status", "version__document", "version__status"]
    list_select_related = ["version__document", "section"]
    search_fields = ["situation", "explanation"]
    inlines = [OptionInline]
    readonly_fields = ["review_note", "flagged_at", "copied_from", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["version", "section", "rule"]}),
        (None, {"fields": ["situation", "explanation"]}),
        (
            "Review",
            {
                "fields": ["status", "review_note", "flagged_at", "copied_from"],
                "description": (
                    "A question flagged “needs review” is left out of quizzes. "
                    "Check it against the new text, then set it back to “in use”."
                ),
            },
        ),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]
    actions = ["approve_selected", "retire_selected"]
    change_list_template = "admin/quiz/question/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(option_count=Count("options"))
            .select_related("version__document", "section")
        )

    @admin.display(description="Options", ordering="option_count")
    def option_count(self, question):
        return question.option_count

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        versions = _open_versions()
        if db_field.name == "version":
            kwargs["queryset"] = versions
        elif db_field.name == "section":
            kwargs["queryset"] = Section.objects.filter(version__in=versions).select_related(
                "version__document"
            )
            kwargs["form_class"] = _LabelledChoiceField
        elif db_field.name == "rule":
            kwargs["queryset"] = Rule.objects.filter(section__version__in=versions).select_related(
                "section__version__document"
            )
            kwargs["form_class"] = _LabelledChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def version_of(self, question):
        return question.version

    def is_frozen(self, version):
        return _frozen(version)

    def save_model(self, request, obj, form, change):
        if obj.status == Question.Status.IN_USE and (obj.flagged_at or obj.review_note):
            obj.approve()
        elif obj.status == Question.Status.NEEDS_REVIEW and not obj.flagged_at:
            obj.flag("Flagged by hand in the admin.", now=timezone.now())
        super().save_model(request, obj, form, change)

    @admin.action(description="Approve the selected questions (use them in quizzes)")
    def approve_selected(self, request, queryset):
        queryset = queryset.exclude(version__status=Version.Status.SUPERSEDED)
        count = queryset.exclude(status=Question.Status.IN_USE).update(
            status=Question.Status.IN_USE, review_note="", flagged_at=None
        )
        self.message_user(request, f"{count} question(s) approved.")

    @admin.action(description="Retire the selected questions (stop asking them)")
    def retire_selected(self, request, queryset):
        queryset = queryset.exclude(version__status=Version.Status.SUPERSEDED)
        count = queryset.exclude(status=Question.Status.RETIRED).update(
            status=Question.Status.RETIRED
        )
        self.message_user(request, f"{count} question(s) retired.")

    def save_formset(self, request, form, formset, change):
        if formset.model is not Option:
            return super().save_formset(request, form, formset, change)
        # At most one right option is a database constraint: remove and unmark
        # options before marking the new right one, whatever the form order.
        options = formset.save(commit=False)
        for option in formset.deleted_objects:
            option.delete()
        for option in sorted(options, key=lambda o: o.is_correct):
            option.save()
        formset.save_m2m()
        return None

    def changelist_view(self, request, extra_context=None):
        reports = []
        if request.user.has_perm("quiz.view_quiz_report"):
            for version in Version.objects.current().select_related("document"):
                url = reverse("quiz:report", kwargs={"document": version.document.slug})
                reports.append((version.document, url))
        extra_context = {**(extra_context or {}), "quiz_reports": reports}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "user",
        "version",
        "mode",
        "score_display",
        "passed",
        "started_at",
        "finished_at",
    ]
    list_filter = ["mode", "passed", "version__document", "version"]
    list_select_related = ["user", "version__document"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    date_hierarchy = "started_at"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(answered=Count("answers", filter=Q(answers__answered_at__isnull=False)))
        )

    @admin.display(description="Score")
    def score_display(self, attempt):
        if attempt.score is None:
            return f"{attempt.answered} of {attempt.question_count} answered"
        return format_html("{} / {} ({}%)", attempt.score, attempt.question_count, attempt.percent)
