"""Re-check flags in the admin: every open flag in one list for the Monitoring
Officer, with an action to mark them re-checked. Flags are raised by
publishing, never added or edited by hand."""

from django.contrib import admin
from django.utils import timezone

from protocol.advice.citations.models import Recheck


class OpenFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("cleared", "Re-checked")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "cleared":
            return queryset.filter(cleared_at__isnull=False)
        return queryset


@admin.register(Recheck)
class RecheckAdmin(admin.ModelAdmin):
    list_display = ["label", "about", "changes", "raised_at", "cleared_at", "cleared_by"]
    list_filter = [OpenFilter]
    list_select_related = ["version", "request", "faq", "cleared_by"]
    fields = ["label", "about", "changes", "raised_at", "cleared_at", "cleared_by"]
    readonly_fields = fields
    actions = ["mark_rechecked"]

    @admin.display(description="answer")
    def about(self, flag):
        if flag.request_id:
            return f"Request {flag.request.reference}"
        return f"FAQ: {flag.faq}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_recheck_permission(self, request):
        return request.user.has_perm("advice.view_recheck")

    @admin.action(description="Mark the selected flags re-checked", permissions=["recheck"])
    def mark_rechecked(self, request, queryset):
        count = queryset.open().update(cleared_at=timezone.now(), cleared_by=request.user)
        self.message_user(request, f"{count} flag(s) marked re-checked.")
