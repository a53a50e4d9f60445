"""The admin side of advice requests, until the staff inbox exists.

* The Monitoring Officer maintains topics (with their routing rule inline) and
  bank holidays, and sees every request.
* Other staff see only the requests routed to one of their teams (their
  groups); any other request is "not found" to them. Nobody deletes a request.
* Staff reply or add internal notes inline; a reply e-mails the member a link
  (never the text). Changes of status, team and assignee are recorded.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal import roles
from protocol.advice import workflow
from protocol.advice.faq.admin import draft_faq_entry, has_draft_faq_entry_permission
from protocol.advice.models import (
    AdviceEvent,
    AdviceRequest,
    AnsweredByGuidance,
    BankHoliday,
    Message,
    RoutingRule,
    Topic,
)


def _staff_groups():
    return Group.objects.exclude(name=roles.MEMBERS).order_by("name")


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
    list_display = ["name", "fast_path", "team", "is_active", "order"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "fast_path"]
    list_select_related = ["routing_rule__team"]
    search_fields = ["name"]
    fields = ["name", "fast_path", "guidance_checklist", "order", "is_active"]
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


class MessageInline(admin.StackedInline):
    model = Message
    fields = ["kind", "author", "created_at", "body"]
    readonly_fields = ["author", "created_at"]
    extra = 0
    can_delete = False
    verbose_name = "message"
    verbose_name_plural = "messages (replies are e-mailed to the member as a link)"

    def has_change_permission(self, request, obj=None):
        return False  # A sent message is part of the record: shown, never edited.

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [
                (Message.Kind.REPLY, Message.Kind.REPLY.label),
                (Message.Kind.NOTE, Message.Kind.NOTE.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


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


@admin.register(AdviceRequest)
class AdviceRequestAdmin(admin.ModelAdmin):
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
    ]
    inlines = [MessageInline, EventInline]
    actions = [draft_faq_entry]

    def has_draft_faq_entry_permission(self, request):
        return has_draft_faq_entry_permission(request)

    def get_queryset(self, request):
        return super().get_queryset(request).handled_by(request.user)

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
        before = AdviceRequest.objects.select_related("team").get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        workflow.record_staff_changes(obj, request.user, before)

    def save_formset(self, request, form, formset, change):
        messages = formset.save(commit=False)
        for message in messages:
            if isinstance(message, Message) and message.pk is None:
                message.author = request.user
                message.save()
                workflow.record_staff_message(message)
        formset.save_m2m()


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
