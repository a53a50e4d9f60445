"""The admin side of advice: configuration, not answering.

* The Monitoring Officer maintains topics (with their routing rule inline),
  bank holidays and canned replies, and sees every request and who opened it.
* Requests are answered in the staff workspace (/staff/); "View on site" opens
  a request there. The admin shows a request's messages and history read-only
  and can still change its status, urgency, team and assignee, through the same
  workflow functions as the workspace (allowed transitions, recorded, the new
  team told). Other staff see only the requests routed to one of their teams.
  Nobody deletes a request.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from portal import roles
from protocol.advice import workflow
from protocol.advice.faq.admin import draft_faq_entry, has_draft_faq_entry_permission
from protocol.advice.models import (
    AdviceEvent,
    AdviceRequest,
    AnsweredByGuidance,
    BankHoliday,
    CannedReply,
    Message,
    RequestAccess,
    RoutingRule,
    Topic,
)


def _staff_groups():
    return roles.teams()


def _staff_users():
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")


class RoutingRuleInline(admin.StackedInline):
    model = RoutingRule
    extra = 1
    max_num = 1
    verbose_name = "routing rule"
    verbose_name_plural = "routing (without a rule, requests go to the Monitoring Officer)"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "team":
            kwargs["queryset"] = _staff_groups()
        elif db_field.name == "default_assignee":
            kwargs["queryset"] = _staff_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "fast_path", "purpose", "team", "is_active", "order"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "fast_path"]
    list_select_related = ["routing_rule__team"]
    search_fields = ["name"]
    fields = [
        "name",
        "fast_path",
        "purpose",
        "document",
        "guidance_checklist",
        "order",
        "is_active",
    ]
    inlines = [RoutingRuleInline]

    @admin.display(description="Goes to")
    def team(self, topic):
        rule = getattr(topic, "routing_rule", None)
        return rule.team.name if rule else f"{roles.MONITORING_OFFICER} (no rule)"


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "topic_names", "is_active"]
    list_filter = ["is_active", "topics"]
    search_fields = ["title", "body"]
    filter_horizontal = ["topics"]
    fields = ["title", "body", "topics", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="Suits")
    def topic_names(self, canned):
        return ", ".join(topic.name for topic in canned.topics.all()) or "every topic"


class MessageInline(admin.StackedInline):
    """Messages are shown, never written here: staff reply in the workspace."""

    model = Message
    fields = ["kind", "author", "created_at", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "message"
    verbose_name_plural = "messages (reply or add a note from the staff workspace)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # A sent message is part of the record: shown, never edited.


class EventInline(admin.TabularInline):
    model = AdviceEvent
    fields = ["at", "action", "actor", "detail"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "history"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AdviceRequestAdminForm(forms.ModelForm):
    """Refuses what the workflow refuses (a status the request cannot move to, an
    assignee outside the team) with the workflow's own message."""

    class Meta:
        model = AdviceRequest
        fields = ["urgency", "status", "team", "assignee"]

    def clean(self):
        cleaned = super().clean()
        request = self.instance
        if request.pk is None or request.is_read_only:
            return cleaned
        try:
            if "status" in cleaned:
                workflow.check_status(request, cleaned["status"])
            team = cleaned.get("team") or request.team
            assignee = cleaned.get("assignee")
            outsider = (
                assignee is not None
                and assignee.pk != request.assignee_id
                and not workflow.eligible_assignees(team).filter(pk=assignee.pk).exists()
            )
            if outsider:
                raise workflow.AdviceError(
                    f"{assignee} is not in {team.name}: assign the request to someone "
                    "in the team it is routed to."
                )
        except workflow.AdviceError as problem:
            raise forms.ValidationError(str(problem)) from None
        return cleaned


@admin.register(AdviceRequest)
class AdviceRequestAdmin(admin.ModelAdmin):
    form = AdviceRequestAdminForm
    list_display = [
        "reference",
        "topic",
        "urgency",
        "status",
        "team",
        "assignee",
        "due_date",
        "created_at",
    ]
    list_filter = ["status", "urgency", "team", "topic"]
    list_select_related = ["topic", "team", "assignee"]
    search_fields = ["reference"]
    date_hierarchy = "created_at"
    fields = [
        "reference",
        "member",
        "topic",
        "urgency",
        "status",
        "team",
        "assignee",
        "due_date",
        "created_at",
        "routed_at",
        "section",
        "post_url",
        "question",
        "files",
    ]
    readonly_fields = [
        "reference",
        "member",
        "topic",
        "due_date",
        "created_at",
        "routed_at",
        "section",
        "post_url",
        "question",
        "files",
    ]
    inlines = [MessageInline, EventInline]
    actions = [draft_faq_entry]

    def has_draft_faq_entry_permission(self, request):
        return has_draft_faq_entry_permission(request)

    @admin.display(description="Files attached")
    def files(self, advice_request):
        """The member's files, with the question and with follow-ups, as download links."""
        attachments = list(advice_request.attachments.select_related("request", "message"))
        if not attachments:
            return "None"
        return render_to_string(
            "advice/includes/attachments.html", {"attachments": attachments, "heading": " "}
        )

    def get_queryset(self, request):
        return super().get_queryset(request).handled_by(request.user)

    def view_on_site(self, obj):
        return obj.get_staff_url()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_read_only:
            return [*self.fields]  # Withdrawn: staff can only read it.
        return self.readonly_fields

    def has_add_permission(self, request):
        return False  # Members ask through the portal, so every request is routed.

    def has_delete_permission(self, request, obj=None):
        return False  # Nothing is lost: close or withdraw instead.

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "team":
            kwargs["queryset"] = _staff_groups()
        elif db_field.name == "assignee":
            kwargs["queryset"] = _staff_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Apply each change through the workflow, as the workspace does; the
        request's own fields are never saved directly."""
        if not change or obj.is_read_only:
            return
        stored = AdviceRequest.objects.get(pk=obj.pk)
        actions = [
            ("team", workflow.change_team),
            ("assignee", workflow.assign),
            ("status", workflow.change_status),
            ("urgency", workflow.change_urgency),
        ]
        try:
            for field, action in actions:
                value = getattr(obj, field)
                if getattr(stored, f"{field}_id" if field in ("team", "assignee") else field) != (
                    getattr(obj, f"{field}_id") if field in ("team", "assignee") else value
                ):
                    action(stored, request.user, value)
                    stored.refresh_from_db()
        except workflow.AdviceError as problem:
            messages.error(request, str(problem))


@admin.register(RequestAccess)
class RequestAccessAdmin(admin.ModelAdmin):
    """Who opened which request in the workspace: the access log, read-only."""

    list_display = ["at", "request", "user"]
    list_filter = ["user"]
    search_fields = ["request__reference"]
    date_hierarchy = "at"
    list_select_related = ["request__topic", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnsweredByGuidance)
class AnsweredByGuidanceAdmin(admin.ModelAdmin):
    """How often the guidance answered a question before it was sent, by topic."""

    list_display = ["at", "topic"]
    list_filter = ["topic"]
    date_hierarchy = "at"
    list_select_related = ["topic"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Registered with the admin when this module is loaded.
from protocol.advice.citations import admin as citations_admin  # noqa: E402,F401
