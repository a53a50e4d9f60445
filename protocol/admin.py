"""The Monitoring Officer's admin: documents, versions, sections and rules.

A published or superseded version is shown read-only, with its sections and
rules; only drafts can be edited.
"""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from protocol import notifications
from protocol.models import Document, Notification, Rule, Section, Version


def _editable(version):
    return version is None or version.is_editable


class VersionInline(admin.TabularInline):
    model = Version
    fields = ["number_link", "status", "effective_date", "published_at", "published_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Version")
    def number_link(self, version):
        url = reverse("admin:protocol_version_change", args=[version.pk])
        return format_html('<a href="{}">Version {}</a>', url, version.number)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "version_count"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [VersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_count=Count("versions"))

    @admin.display(description="Versions", ordering="version_count")
    def version_count(self, document):
        return document.version_count


class SectionInline(admin.StackedInline):
    model = Section
    fields = ["number", "title", "slug", "order", "body"]
    extra = 0
    show_change_link = True
    ordering = ["order"]

    def _version_editable(self, obj):
        return _editable(obj)

    def has_add_permission(self, request, obj=None):
        return self._version_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._version_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._version_editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "number", "status", "effective_date", "published_at"]
    list_filter = ["status", "document"]
    list_select_related = ["document"]
    inlines = [SectionInline]
    readonly_fields = ["status", "created_at", "created_by", "published_at", "published_by"]
    fields = [
        "document",
        "number",
        "status",
        "change_note",
        "effective_date",
        "created_at",
        "created_by",
        "published_at",
        "published_by",
    ]

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if not obj.is_draft else None


class RuleInline(admin.TabularInline):
    model = Rule
    fields = ["order", "kind", "term", "text", "anchor"]
    extra = 0
    ordering = ["order"]

    def has_add_permission(self, request, obj=None):
        return _editable(obj and obj.version) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(obj and obj.version) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj and obj.version) and super().has_delete_permission(request, obj)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "version", "order"]
    list_filter = ["version__document", "version__status"]
    list_select_related = ["version__document"]
    search_fields = ["title", "body"]
    inlines = [RuleInline]
    fields = ["version", "number", "title", "slug", "order", "body"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("version__document")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = Version.objects.drafts().select_related("document")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return _editable(obj and obj.version) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj and obj.version) and super().has_delete_permission(request, obj)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if not obj.version.is_draft else None


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "section"]
    list_filter = ["kind", "section__version__document"]
    list_select_related = ["section__version__document"]
    search_fields = ["text", "term"]
    fields = ["section", "kind", "term", "text", "order", "anchor"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.filter(
                version__status=Version.Status.DRAFT
            ).select_related("version__document")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return _editable(obj and obj.section.version) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return _editable(obj and obj.section.version) and super().has_delete_permission(
            request, obj
        )

    def view_on_site(self, obj):
        return obj.get_absolute_url() if not obj.section.version.is_draft else None


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_email", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "reference"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Try sending the selected e-mails again", permissions=["view"])
    def retry_selected(self, request, queryset):
        count = notifications.retry(queryset)
        self.message_user(request, f"{count} e-mail(s) queued to be sent again.")
