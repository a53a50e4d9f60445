"""The Monitoring Officer's side of the FAQ, in the admin.

* "Draft an FAQ entry" on an answered request (an action on the requests
  list, and a button on the staff request page, which posts to
  ``admin:advice_faqentry_from_request``) makes a draft with the question and
  the replies pre-filled and the cited sections linked.
* The entry's page edits the question, the answer and the sections, and has
  "Save and publish" and "Withdraw" buttons. Publishing is refused, with the
  text kept, while the text names the member or a request; a published entry
  cannot be saved with such text either.
* An open "re-check against version N" flag is shown on the entry, with a
  button to mark it re-checked.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from protocol.advice.citations import workflow as citations
from protocol.advice.citations.models import Recheck
from protocol.advice.faq import workflow
from protocol.advice.faq.models import FaqEntry, personal_details_in
from protocol.advice.models import AdviceRequest
from protocol.models import Document, Section, Version


class FaqEntryForm(forms.ModelForm):
    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "sections"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, publishing=False, withdrawing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.publishing = publishing
        self.withdrawing = withdrawing
        current = Q(version__in=Version.objects.current().in_force())
        if self.instance.pk:
            current |= Q(pk__in=self.instance.sections.values("pk"))
        self.fields["sections"].queryset = (
            Section.objects.filter(current)
            .select_related("version__document")
            .order_by("version__document__title", "order")
        )
        self.several_documents = Document.objects.count() > 1
        self.fields["sections"].label_from_instance = self._section_label
        self.fields["question"].max_length = 1000
        self.fields["answer"].max_length = 5000

    def _section_label(self, section):
        old = "" if section.version.is_current else f" (version {section.version.number})"
        document = f"{section.version.document.title}: " if self.several_documents else ""
        return f"{document}{section}{old}"

    def clean(self):
        cleaned = super().clean()
        if self.publishing or (self.instance.is_published and not self.withdrawing):
            text = f"{cleaned.get('question', '')}\n{cleaned.get('answer', '')}"
            found = personal_details_in(text, self.instance.member)
            if found:
                what = workflow.describe_details(found)
                if self.publishing:
                    raise forms.ValidationError(workflow.details_message(found))
                raise forms.ValidationError(
                    f"Not saved: this entry is published and the text would contain {what}. "
                    "Take them out, or withdraw the entry first."
                )
        return cleaned


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    form = FaqEntryForm
    list_display = ["__str__", "status", "published_at", "source", "needs_recheck"]
    list_filter = ["status"]
    search_fields = ["question", "answer"]
    readonly_fields = ["status", "source", "published_at", "published_by", "recheck"]
    filter_horizontal = ["sections"]
    actions = ["publish_entries", "withdraw_entries"]
    change_form_template = "admin/advice/faqentry/change_form.html"

    def view_on_site(self, entry):
        return entry.get_absolute_url() if entry.is_published else None

    def get_fields(self, request, obj=None):
        fields = ["question", "answer", "sections"]
        if obj is not None:
            fields = ["status", "recheck", *fields, "source", "published_at", "published_by"]
        return fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("source_request")
            .annotate(
                open_recheck=Exists(Recheck.objects.open().filter(faq=OuterRef("pk"))),
            )
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        publishing = "_publish" in request.POST
        withdrawing = "_withdraw" in request.POST

        class Form(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, publishing=publishing, withdrawing=withdrawing, **inner)

        return Form

    @admin.display(description="made from")
    def source(self, entry):
        return entry.source_request.reference if entry.source_request_id else "—"

    @admin.display(description="re-check", boolean=True)
    def needs_recheck(self, entry):
        return getattr(entry, "open_recheck", False)

    @admin.display(description="re-check")
    def recheck(self, entry):
        flag = citations.open_flag(faq=entry)
        if flag is None:
            return "Nothing to re-check."
        return f"{flag.label}: {flag.changes}"

    def has_publish_permission(self, request):
        return workflow.may_publish(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "open_recheck": citations.open_flag(faq=entry) if entry else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if obj.is_published:
            workflow.changed(obj, request.user)  # search reads the new text at once

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _after_save(self, request, obj):
        """The "Save and publish", "Withdraw" and "Mark re-checked" buttons."""
        action = next(
            (name for name in ("_publish", "_withdraw", "_rechecked") if name in request.POST),
            None,
        )
        if action is None:
            return None
        try:
            if action == "_publish":
                workflow.publish(obj, request.user)
                self.message_user(
                    request, "Published: it is on the FAQ page, its sections' pages and in search."
                )
            elif action == "_withdraw":
                workflow.withdraw(obj, request.user)
                self.message_user(request, "Withdrawn: it is no longer on any page or in search.")
            else:
                flag = citations.open_flag(faq=obj)
                if flag is not None:
                    citations.mark_rechecked(flag, request.user)
                self.message_user(request, "Marked as re-checked.")
        except workflow.FaqError as error:
            self.message_user(request, str(error), messages.ERROR)
        return redirect(reverse("admin:advice_faqentry_change", args=[obj.pk]))

    @admin.action(description="Publish the selected entries", permissions=["publish"])
    def publish_entries(self, request, queryset):
        self._each(request, queryset, workflow.publish, "published")

    @admin.action(description="Withdraw the selected entries", permissions=["publish"])
    def withdraw_entries(self, request, queryset):
        self._each(request, queryset, workflow.withdraw, "withdrawn")

    def _each(self, request, queryset, action, done):
        count = 0
        for entry in queryset:
            try:
                action(entry, request.user)
                count += 1
            except workflow.FaqError as error:
                self.message_user(request, f"“{entry}”: {error}", messages.ERROR)
        if count:
            self.message_user(request, f"{count} entr{'y' if count == 1 else 'ies'} {done}.")

    def get_urls(self):
        return [
            path(
                "from-request/<int:request_id>/",
                self.admin_site.admin_view(require_POST(self.from_request)),
                name="advice_faqentry_from_request",
            ),
            *super().get_urls(),
        ]

    def from_request(self, request, request_id):
        """Draft an entry from an answered request, then edit it."""
        advice_request = get_object_or_404(
            AdviceRequest.objects.handled_by(request.user), pk=request_id
        )
        return _draft(self, request, advice_request)


def _draft(model_admin, request, advice_request):
    try:
        entry = workflow.draft_from_request(advice_request, request.user)
    except workflow.FaqError as error:
        model_admin.message_user(request, str(error), messages.ERROR)
        return redirect(request.META.get("HTTP_REFERER") or reverse("admin:index"))
    model_admin.message_user(
        request,
        "Drafted from the request. Take out names and references, check the "
        "sections, then save and publish.",
    )
    return redirect(reverse("admin:advice_faqentry_change", args=[entry.pk]))


@admin.action(
    description="Draft an FAQ entry from the selected request", permissions=["draft_faq_entry"]
)
def draft_faq_entry(model_admin, request, queryset):
    if queryset.count() != 1:
        model_admin.message_user(
            request, "Choose one answered request to draft an FAQ entry from.", messages.ERROR
        )
        return None
    return _draft(model_admin, request, queryset.get())


def has_draft_faq_entry_permission(request):
    return workflow.may_publish(request.user)
