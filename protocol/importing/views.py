"""The admin's "Import a document": upload, preview, save as draft.

1. The Monitoring Officer uploads a file and chooses a new or an existing
   document; the file is read and, if it can be, kept as a waiting upload
   (``uploads``) and previewed: sections, rules by kind, made-up titles to
   edit, and what was kept as text, with where it was.
2. "Save as draft" reads the waiting upload again, applies the edited titles
   and saves it all in one transaction (``save_draft``), then opens the
   draft's compare-and-publish page.

Only staff with the permission to add versions may import.
"""

from django.contrib import messages
from django.contrib.admin.models import ADDITION
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from protocol.importing import uploads
from protocol.importing.finder import ImportProblem
from protocol.importing.forms import ImportSaveForm, ImportUploadForm, prepare
from protocol.importing.readers import read_document
from protocol.importing.saving import save_draft
from protocol.models import Rule, Version
from protocol.publishing import DraftExists, record


def import_document(model_admin, request):
    if not request.user.has_perm("protocol.add_version"):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _save(model_admin, request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = uploads.keep(form.file_bytes, upload.name, request.user)
        document = form.cleaned_data["document"]
        save_form = ImportSaveForm(
            parsed=form.parsed,
            initial={"token": token, "document": document.pk if document else None},
        )
        return _preview(model_admin, request, save_form, upload.name, document)
    return _upload_page(model_admin, request, form)


def _upload_page(model_admin, request, form):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Import a document",
        "form": form,
    }
    return TemplateResponse(request, "admin/protocol/version/import.html", context)


def _preview(model_admin, request, form, filename, document):
    parsed = form.parsed
    counts = parsed.rule_counts()
    next_number = (
        Version.next_number(document.versions.values_list("number", flat=True)) if document else 1
    )
    rows = []
    for index, section in enumerate(parsed.sections):
        kinds = {}
        for rule in section.rules:
            kinds[rule.kind] = kinds.get(rule.kind, 0) + 1
        rows.append(
            {
                "section": section,
                "field": form.title_field(index),
                "rules": ", ".join(
                    f"{kinds[kind]} {label.lower()}"
                    for kind, label in Rule.Kind.choices
                    if kind in kinds
                ),
            }
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Preview: {document or parsed.title}",
        "form": form,
        "parsed": parsed,
        "filename": filename,
        "document": document,
        "next_number": next_number,
        "rows": rows,
        "made_up": sum(1 for row in rows if row["field"] is not None),
        "rule_counts": [(label, counts[kind]) for kind, label in Rule.Kind.choices],
        "rule_total": sum(counts.values()),
    }
    return TemplateResponse(request, "admin/protocol/version/import_preview.html", context)


def _start_again(model_admin, request, message, document=None):
    messages.error(request, message)
    form = ImportUploadForm(initial={"document": document.pk if document else None})
    return _upload_page(model_admin, request, form)


def _save(model_admin, request):
    upload = uploads.load(request.POST.get("token"), request.user)
    if upload is None:
        return _start_again(
            model_admin,
            request,
            "The uploaded file is no longer waiting (uploads are kept for an hour). "
            "Choose it again.",
        )
    try:
        parsed = read_document(upload.data, upload.filename)
    except ImportProblem as problem:  # only if the reader changed since the preview
        uploads.discard(upload.token)
        return _start_again(model_admin, request, f"{upload.filename}: {problem.message}")
    chosen = ImportSaveForm(request.POST, parsed=parsed)
    document = chosen.fields["document"].clean(request.POST.get("document"))
    try:
        prepare(parsed, document)  # titles kept from the document's latest version
    except ValidationError as error:
        return _start_again(model_admin, request, error.messages[0], document)
    form = ImportSaveForm(request.POST, parsed=parsed)
    if not form.is_valid():
        return _preview(model_admin, request, form, upload.filename, document)
    try:
        with transaction.atomic():
            form.apply_titles()
            version = save_draft(parsed, by=request.user, document=document)
            record(
                request.user,
                version,
                f"Imported {upload.filename} as version {version.number} (draft): "
                f"{len(parsed.sections)} sections, "
                f"{sum(parsed.rule_counts().values())} rules.",
                ADDITION,
            )
    except (ValidationError, DraftExists) as error:
        text = error.messages[0] if isinstance(error, ValidationError) else str(error)
        return _start_again(model_admin, request, text, document)
    uploads.discard(upload.token)
    messages.success(
        request,
        format_html(
            "Imported {} as version {} of {}, a draft: members cannot see it yet. "
            "Compare it with the current version and publish it below, or "
            '<a href="{}">edit its sections</a> first.',
            upload.filename,
            version.number,
            version.document,
            reverse("admin:protocol_version_change", args=[version.pk]),
        ),
    )
    return redirect("admin:protocol_version_publish", version.pk)
