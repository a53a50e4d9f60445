"""The Monitoring Officer's admin: documents, versions, sections and rules.

A published or superseded version is shown read-only, with its sections and
rules; only drafts can be edited.
"""

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from portal.spreadsheets import csv_writer
from protocol import acknowledgements, diffing, emails, notifications, publishing
from protocol.admin_mixins import FrozenWithVersionMixin, ReadOnlyAdminMixin
from protocol.demo import is_sample
from protocol.forms import PublishForm
from protocol.importing import views as importing_views
from protocol.models import Acknowledgement, Document, Notification, Rule, Section, Version
from protocol.models.documents import REVIEW_NOTICE_DAYS


def _keep_edited_title(section, form):
    """A title the Monitoring Officer typed is theirs: importing again keeps it."""
    if "title" in form.changed_data:
        section.title_generated = False


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


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("due", f"Overdue or due within {REVIEW_NOTICE_DAYS} days"),
            ("overdue", "Overdue"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "due":
            versions = Version.objects.review_due(today)
        elif self.value() == "overdue":
            versions = Version.objects.review_overdue(today)
        else:
            return queryset
        return queryset.filter(pk__in=versions.values("document_id"))


class WithdrawnFilter(admin.SimpleListFilter):
    title = "members see it"
    parameter_name = "withdrawn"

    def lookups(self, request, model_admin):
        return [("no", "In force"), ("yes", "Withdrawn")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.in_force()
        if self.value() == "yes":
            return queryset.withdrawn()
        return queryset


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "members_see_it", "current_version", "review_status", "version_count"]
    list_filter = [WithdrawnFilter, ReviewDueFilter]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["withdrawn_at", "withdrawn_by"]
    inlines = [VersionInline]
    actions = ["withdraw_selected", "restore_selected"]
    change_form_template = "admin/protocol/document/change_form.html"
    change_list_template = "admin/protocol/document/change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/withdraw/",
                wrap(self.withdraw_view),
                name="protocol_document_withdraw",
            ),
            *super().get_urls(),
        ]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        # Published text is a record: withdrawing, not deleting, takes a document
        # away from members.
        actions.pop("delete_selected", None)
        if not request.user.has_perm("protocol.change_document"):
            actions.pop("withdraw_selected", None)
            actions.pop("restore_selected", None)
        return actions

    def withdraw_view(self, request, pk):
        """POST: withdraw the document, or restore it with ``restore`` in the form."""
        document = get_object_or_404(Document, pk=pk)
        if not request.user.has_perm("protocol.change_document"):
            raise PermissionDenied
        if request.method == "POST":
            if request.POST.get("restore"):
                publishing.restore(document, by=request.user)
                self.message_user(
                    request, f"{document} is restored: members see it again.", messages.SUCCESS
                )
            else:
                publishing.withdraw(document, by=request.user)
                self.message_user(request, _withdrawn_message(document), messages.SUCCESS)
        return redirect("admin:protocol_document_change", pk)

    def delete_view(self, request, object_id, extra_context=None):
        document = Document.objects.filter(pk=object_id).first()
        if document is not None and not self.has_delete_permission(request, document):
            self.message_user(
                request,
                f"{document} has been published, so it is kept as a record and cannot be "
                "deleted. Withdraw it instead: members no longer see it, staff still can.",
                messages.WARNING,
            )
            return redirect("admin:protocol_document_change", document.pk)
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description="Withdraw the selected documents (members no longer see them)")
    def withdraw_selected(self, request, queryset):
        for document in queryset:
            publishing.withdraw(document, by=request.user)
        self.message_user(
            request,
            f"Withdrawn: {', '.join(str(d) for d in queryset)}. Members no longer see "
            f"{'them' if len(queryset) != 1 else 'it'}; staff still can.",
            messages.SUCCESS,
        )

    @admin.action(description="Restore the selected documents to members")
    def restore_selected(self, request, queryset):
        for document in queryset:
            publishing.restore(document, by=request.user)
        self.message_user(
            request, f"Restored: {', '.join(str(d) for d in queryset)}.", messages.SUCCESS
        )

    @admin.display(description="Members see it", boolean=True, ordering="withdrawn_at")
    def members_see_it(self, document):
        return not document.is_withdrawn

    def get_queryset(self, request):
        current = Version.objects.filter(document=OuterRef("pk")).current()
        return (
            super()
            .get_queryset(request)
            .annotate(
                version_count=Count("versions"),
                current_number=Subquery(current.values("number")[:1]),
                review_by=Subquery(current.values("review_by")[:1]),
            )
        )

    def has_delete_permission(self, request, obj=None):
        # Published text is a record: a document that has been published stays.
        if obj is not None and obj.versions.exclude(status=Version.Status.DRAFT).exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="Versions", ordering="version_count")
    def version_count(self, document):
        return document.version_count

    @admin.display(description="Current version", ordering="current_number")
    def current_version(self, document):
        return document.current_number or "none yet"

    @admin.display(description="Review by", ordering="review_by")
    def review_status(self, document):
        if document.review_by is None:
            return "–"
        today = timezone.localdate()
        days = (document.review_by - today).days
        when = f"{document.review_by:%-d %B %Y}"
        if days < 0:
            return f"{when}: overdue"
        if days <= REVIEW_NOTICE_DAYS:
            return f"{when}: due in {days} day{'s' if days != 1 else ''}"
        return when


class SectionInline(FrozenWithVersionMixin, admin.StackedInline):
    model = Section
    fields = ["number", "title", "slug", "order", "body"]
    extra = 0
    show_change_link = True
    ordering = ["order"]

    def version_of(self, version):
        return version


@admin.register(Version)
class VersionAdmin(FrozenWithVersionMixin, admin.ModelAdmin):
    list_display = ["__str__", "document", "number", "status", "is_major", "effective_date"]
    list_filter = ["status", "document"]
    list_select_related = ["document"]
    inlines = [SectionInline]
    readonly_fields = [
        "status",
        "based_on",
        "scheduled_for",
        "scheduled_by",
        "created_at",
        "created_by",
        "published_at",
        "published_by",
    ]
    fields = [
        "document",
        "number",
        "status",
        "based_on",
        "change_note",
        "internal_reason",
        "is_major",
        "effective_date",
        "review_by",
        "scheduled_for",
        "scheduled_by",
        "created_at",
        "created_by",
        "published_at",
        "published_by",
    ]
    change_form_template = "admin/protocol/version/change_form.html"
    change_list_template = "admin/protocol/version/change_list.html"

    def version_of(self, version):
        return version

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Section:
            for section_form in formset.forms:
                if section_form.instance is not None and section_form.has_changed():
                    _keep_edited_title(section_form.instance, section_form)
        super().save_formset(request, form, formset, change)

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="protocol_version_import"),
            path(
                "<int:pk>/new-draft/", wrap(self.new_draft_view), name="protocol_version_new_draft"
            ),
            path("<int:pk>/publish/", wrap(self.publish_view), name="protocol_version_publish"),
            path(
                "<int:pk>/acknowledgements/",
                wrap(self.acknowledgements_view),
                name="protocol_version_acknowledgements",
            ),
            *super().get_urls(),
        ]

    def _get_version(self, request, pk, permission):
        version = get_object_or_404(Version.objects.select_related("document"), pk=pk)
        if not request.user.has_perm(f"protocol.{permission}_version"):
            raise PermissionDenied
        return version

    def import_view(self, request):
        """Import a document: upload, preview, save as draft (protocol.importing.views)."""
        return importing_views.import_document(self, request)

    def new_draft_view(self, request, pk):
        """POST: "New draft from this version"."""
        version = self._get_version(request, pk, "add")
        if request.method != "POST":
            return redirect("admin:protocol_version_change", pk)
        try:
            draft = publishing.new_draft_from(version, by=request.user)
        except publishing.DraftExists as error:
            url = reverse("admin:protocol_version_change", args=[error.draft.pk])
            self.message_user(
                request,
                format_html(
                    '{} already has a draft: <a href="{}">version {}</a>. '
                    "Publish or delete it before starting another.",
                    version.document,
                    url,
                    error.draft.number,
                ),
                messages.WARNING,
            )
            return redirect("admin:protocol_version_change", pk)
        self.message_user(
            request,
            f"Version {draft.number} is a new draft copied from version {version.number}. "
            "Edit its sections below, preview it, then publish it.",
            messages.SUCCESS,
        )
        return redirect("admin:protocol_version_change", draft.pk)

    def publish_view(self, request, pk):
        version = self._get_version(request, pk, "change")
        if not version.is_draft:
            self.message_user(request, f"Version {version.number} is not a draft.", messages.ERROR)
            return redirect("admin:protocol_version_change", pk)
        current = Version.objects.filter(document=version.document).current().first()
        changes = None
        if current is not None:
            changes = diffing.compare_sections(
                _sections_with_rules(current), _sections_with_rules(version)
            )
        changed_count = sum(1 for c in changes or [] if c.changed)
        form = PublishForm(
            request.POST or None,
            initial=PublishForm.initial_for(version),
            unchanged_from=current if changes is not None and not changed_count else None,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            details = {
                "change_note": data["change_note"],
                "internal_reason": data["internal_reason"],
                "is_major": data["is_major"],
                "review_by": data["review_by"],
            }
            try:
                if data["when"] == "later":
                    publishing.schedule(version, data["publish_at"], by=request.user, **details)
                    self.message_user(
                        request,
                        f"Version {version.number} will be published on "
                        f"{timezone.localtime(data['publish_at']):%-d %B %Y at %H:%M}.",
                        messages.SUCCESS,
                    )
                else:
                    publication = publishing.publish(version, by=request.user, **details)
                    self.message_user(
                        request,
                        f"Version {version.number} is now the current version.",
                        messages.SUCCESS,
                    )
                    flagged = len(publication.flagged_questions)
                    if flagged:
                        self.message_user(
                            request,
                            f"{flagged} quiz question{'s' if flagged != 1 else ''} "
                            "came from rules or sections that changed: they are left out of "
                            "quizzes until you approve them again under Quiz questions.",
                            messages.WARNING,
                        )
            except publishing.PublishError as error:
                self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:protocol_version_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Publish version {version.number} of {version.document}",
            "version": version,
            "current": current,
            "form": form,
            "changes": changes,
            "changed_count": changed_count,
        }
        return TemplateResponse(request, "admin/protocol/version/publish.html", context)

    def acknowledgements_view(self, request, pk):
        """Who has confirmed reading this version (or a later one), who has not."""
        version = self._get_version(request, pk, "view")
        acknowledgements.check_may_see_readers(request.user)
        if version.is_draft:
            raise Http404("A draft has no readers yet.")
        last = publishing.last_reminders(version)
        if request.method == "POST":
            if not request.user.has_perm("protocol.change_version"):
                raise PermissionDenied
            refusal = _reminder_refusal(request.POST, last)
            if refusal:
                self.message_user(request, refusal, messages.WARNING)
                return redirect("admin:protocol_version_acknowledgements", pk)
            try:
                sent = publishing.send_acknowledgement_reminders(version, by=request.user)
            except publishing.PublishError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request, f"Reminder queued for {sent} member(s).", messages.SUCCESS
                )
            return redirect("admin:protocol_version_acknowledgements", pk)
        rows = acknowledgements.rows(version)
        if request.GET.get("format") == "csv":
            return _acknowledgements_csv(version, rows)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Who has read version {version.number} of {version.document}",
            "version": version,
            "rows": rows,
            "done": sum(1 for row in rows if row["acknowledged_at"]),
            "last_reminders": last,
        }
        return TemplateResponse(request, "admin/protocol/version/acknowledgements.html", context)


def _withdrawn_message(document):
    message = (
        f"{document} is withdrawn: members no longer see it in reading, search, the quiz "
        "or advice. Staff still read it, with its history; restore it here at any time."
    )
    if is_sample(document):
        message += " (This was the demonstration sample that make run loads.)"
    return message


def _reminder_refusal(data, last):
    """Why a POST to send reminders must not send (or None).

    The page names the last sending; the form carries it back, so a page
    opened before someone else sent (or a second click) sends nothing, and
    sending again needs a tick.
    """
    if last is None:
        return None
    when = f"{timezone.localtime(last.sent_at):%-d %B %Y at %H:%M}"
    if data.get("last_sent") != last.token:
        return (
            f"Reminders were sent on {when} to {len(last.recipients)} member(s) while this "
            "page was open, so nothing was sent now. Check the list below before sending again."
        )
    if not data.get("send_again"):
        return (
            f"Reminders were last sent on {when}. Tick “Send them again” to send "
            "another reminder; nothing was sent."
        )
    return None


def _sections_with_rules(version):
    return list(
        Section.objects.filter(version=version)
        .order_by("order")
        .prefetch_related(Prefetch("rules", queryset=Rule.objects.order_by("order")))
    )


def _acknowledgements_csv(version, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{version.document.slug}-v{version.number}-acknowledgements.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv_writer(response)
    writer.writerow(["name", "username", "email", "read", "version read", "when"])
    for row in rows:
        when = row["acknowledged_at"]
        writer.writerow(
            [
                row["name"],
                row["username"],
                row["email"],
                "yes" if when else "no",
                row["acknowledged_number"] or "",
                timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else "",
            ]
        )
    return response


class RuleInline(FrozenWithVersionMixin, admin.TabularInline):
    model = Rule
    fields = ["order", "kind", "term", "text", "anchor"]
    extra = 0
    ordering = ["order"]

    def version_of(self, section):
        return section.version


@admin.register(Section)
class SectionAdmin(FrozenWithVersionMixin, admin.ModelAdmin):
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

    def version_of(self, section):
        return section.version

    def view_on_site(self, obj):
        return obj.get_absolute_url() if not obj.version.is_draft else None

    def save_model(self, request, obj, form, change):
        _keep_edited_title(obj, form)
        super().save_model(request, obj, form, change)


@admin.register(Rule)
class RuleAdmin(FrozenWithVersionMixin, admin.ModelAdmin):
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

    def version_of(self, rule):
        return rule.section.version

    def view_on_site(self, obj):
        return obj.get_absolute_url() if not obj.section.version.is_draft else None


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "to_email", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "reference"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry_selected"]

    def get_fields(self, request, obj=None):
        """A password-reset e-mail's body holds a live link to the account: never shown."""
        fields = [name for name in self.readonly_fields if name != "id"]
        if obj is not None and obj.kind == emails.PASSWORD_RESET:
            fields = [name for name in fields if name not in ("body_text", "body_html")]
        return fields

    @admin.action(description="Try sending the selected e-mails again", permissions=["view"])
    def retry_selected(self, request, queryset):
        count = notifications.retry(queryset)
        self.message_user(request, f"{count} e-mail(s) queued to be sent again.")


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "version", "acknowledged_at"]
    list_filter = ["version__document", "version__number"]
    list_select_related = ["user", "version__document"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Everything done in the admin and by the publishing steps: who, what, when."""

    list_display = ["action_time", "user", "content_type", "object_repr", "change_message"]
    list_filter = ["action_flag", "content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"


from protocol.search import admin as search_admin  # noqa: E402,F401  (registers the search models)
