"""Reading the protocol: contents, one section, the whole document, history,
comparisons, "as it stood on", and acknowledging a version.

Each page runs a fixed number of queries however many sections, rules and
versions the document has: the document's versions come in one query,
sections in one, rules in one (prefetched). Pages of a published version
carry a strong ETag, so a conditional GET gets a 304.
"""

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_http_methods

from portal import roles
from portal.access import reader
from protocol import acknowledgements, diffing
from protocol.advice.faq.models import FaqEntry
from protocol.forms import AsOfForm, CompareForm
from protocol.models import Document, Rule, Section, Version


def release_digest(paths) -> str:
    """A digest of the files under ``paths`` (directories or single files; a
    missing one counts as empty): the same in every worker that serves the
    same release, different when a template or style sheet changes."""
    digest = hashlib.sha256()
    for root in map(Path, paths):
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if path.is_file():
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _release():
    """What a page is made with beyond its data: the portal's templates, its
    own static files and, once collected, the static files' manifest (which
    names Bootstrap's files by their content)."""
    return release_digest(
        [
            *settings.TEMPLATES[0]["DIRS"],
            settings.BASE_DIR / "static",
            Path(settings.STATIC_ROOT) / "staticfiles.json",
        ]
    )


def can_preview(user):
    """Staff who may see drafts (the Monitoring Officer, the communications team)."""
    return user.is_authenticated and user.is_staff and user.has_perm("protocol.view_version")


@dataclass
class Reading:
    """What every reading page knows about the document and the reader."""

    document: Document
    version: Version
    versions: list  # every version this reader may see, newest first
    current: Version | None
    last_read: int | None = None  # the newest version number the reader acknowledged
    is_member: bool = False

    @property
    def published(self):
        return [v for v in self.versions if not v.is_draft]

    @property
    def earlier_versions(self):
        return [v for v in self.published if v.number < self.version.number]

    @property
    def previous_of_current(self):
        if self.current is None:
            return None
        return next((v for v in self.published if v.number < self.current.number), None)

    @property
    def required_number(self):
        """The newest major version up to the current one: what a member must confirm."""
        if self.current is None:
            return None
        return next(
            (v.number for v in self.published if v.number <= self.current.number and v.is_major),
            None,
        )

    @property
    def needs_acknowledgement(self):
        required = self.required_number
        return self.is_member and required is not None and (self.last_read or 0) < required

    @property
    def changed_since_last_read(self):
        return (
            self.current is not None
            and self.last_read is not None
            and self.last_read < self.current.number
        )

    def compare_url(self, old_number, new_number):
        url = reverse("protocol:compare", kwargs={"document": self.document.slug})
        return f"{url}?from={old_number}&to={new_number}"

    @property
    def what_changed_url(self):
        previous = self.previous_of_current
        if previous is None:
            return None
        return self.compare_url(previous.number, self.current.number)

    @property
    def since_last_read_url(self):
        if not self.changed_since_last_read:
            return None
        return self.compare_url(self.last_read, self.current.number)

    def etag(self, request, *parts):
        """What the page shows, and nothing else, so every worker of one
        release gives a reader the same tag for the same page."""
        if self.version.is_draft:
            return None
        key = "|".join(
            str(p)
            for p in (
                _release(),
                self.version.pk,
                self.version.status,
                self.current.pk if self.current else "",
                len(self.versions),
                self.document.withdrawn_at or "",
                request.user.pk or "",
                self.is_member,
                self.last_read or "",
                settings.PROTOCOL_REQUIRE_LOGIN,
                *parts,
            )
        )
        return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _load(request, document_slug, number=None):
    """The document and the version asked for (the current one when no number).

    Drafts, and every version of a withdrawn document, are reachable only by
    staff who may preview them; for anyone else such a URL is a 404 like any
    unknown page.
    """
    document = get_object_or_404(Document, slug=document_slug)
    if document.is_withdrawn and not can_preview(request.user):
        raise Http404("That document has been withdrawn.")
    versions = Version.objects.filter(document=document)
    if not can_preview(request.user):
        versions = versions.published()
    versions = list(versions.select_related("published_by").order_by("-number"))
    for v in versions:
        v.document = document
    current = next((v for v in versions if v.is_current), None)
    version = current if number is None else next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404("No such version.")
    reading = Reading(document=document, version=version, versions=versions, current=current)
    user = request.user
    if user.is_authenticated:
        reading.is_member = roles.is_member(user)
        reading.last_read = acknowledgements.last_read(user, document)
    return reading


def _sections(version, *, with_rules):
    sections = Section.objects.filter(version=version).order_by("order")
    if with_rules:
        sections = sections.prefetch_related(
            Prefetch("rules", queryset=Rule.objects.order_by("order"))
        )
    sections = list(sections)
    for section in sections:
        section.version = version
    return sections


def _render(request, template, reading, context, *, etag_parts=()):
    """Render a reading page, or answer 304 when the reader's copy is still right."""
    etag = reading.etag(request, *etag_parts)
    if etag and not len(get_messages(request)):
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
    response = render(
        request,
        template,
        {
            "reading": reading,
            "document": reading.document,
            "version": reading.version,
            "current": reading.current,
            "versions": reading.published,
            "earlier_versions": reading.earlier_versions,
            **context,
        },
    )
    if etag:
        response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _canonical(reading, number, name, **kwargs):
    """The current version's pages live at URLs without a number."""
    if number is not None and reading.version.is_current:
        return redirect(name, document=reading.document.slug, **kwargs)
    return None


@reader
def contents(request, document, number=None):
    reading = _load(request, document, number)
    if response := _canonical(reading, number, "protocol:contents"):
        return response
    sections = _sections(reading.version, with_rules=False)
    return _render(request, "protocol/contents.html", reading, {"sections": sections})


@reader
def whole_document(request, document, number=None):
    reading = _load(request, document, number)
    if response := _canonical(reading, number, "protocol:all"):
        return response
    sections = _sections(reading.version, with_rules=True)
    return _render(request, "protocol/whole_document.html", reading, {"sections": sections})


@reader
def section(request, document, section, number=None):
    reading = _load(request, document, number)
    if response := _canonical(reading, number, "protocol:section", section=section):
        return response
    sections = _sections(reading.version, with_rules=False)
    index = next((i for i, s in enumerate(sections) if s.slug == section), None)
    if index is None:
        raise Http404("No such section in this version.")
    this = sections[index]
    rules = list(Rule.objects.filter(section=this).order_by("order"))
    for rule in rules:
        rule.section = this
    current_section, changed_since = None, None
    if not reading.version.is_current and reading.current is not None:
        current_section = _same_section_in(reading.current, this)
        this._prefetched_objects_cache = {"rules": rules}
        changed_since = diffing.section_changed(this, current_section)
    # Published questions and answers about this section, on the current version's page.
    faq_entries = []
    if reading.version.is_current:
        faq_entries = list(FaqEntry.objects.about(this).order_by("-published_at", "-pk"))
    return _render(
        request,
        "protocol/section.html",
        reading,
        {
            "section": this,
            "rules": rules,
            "previous_section": sections[index - 1] if index > 0 else None,
            "next_section": sections[index + 1] if index + 1 < len(sections) else None,
            "current_section": current_section,
            "changed_since": changed_since,
            "faq_entries": faq_entries,
        },
        etag_parts=[this.pk, *(f"{e.pk}:{e.updated_at.timestamp()}" for e in faq_entries)],
    )


def _same_section_in(version, section):
    """The section of ``version`` with the same slug, else the same title."""
    candidates = list(
        Section.objects.filter(version=version)
        .filter(Q(slug=section.slug) | Q(title=section.title))
        .prefetch_related(Prefetch("rules", queryset=Rule.objects.order_by("order")))
    )
    match = next((s for s in candidates if s.slug == section.slug), None) or next(
        iter(candidates), None
    )
    if match is not None:
        match.version = version
    return match


@reader
def versions(request, document):
    """The history of changes: every published version with its change note."""
    reading = _load(request, document)
    return _render(
        request,
        "protocol/versions.html",
        reading,
        {"as_of_form": AsOfForm(), "history": _history(reading)},
        etag_parts=["h"],
    )


def _history(reading):
    published = reading.published
    return [
        (v, published[i + 1] if i + 1 < len(published) else None) for i, v in enumerate(published)
    ]


@reader
def compare(request, document):
    reading = _load(request, document)
    default_to = reading.current.number if reading.current else None
    previous = reading.previous_of_current
    form = CompareForm(
        request.GET or None,
        versions=reading.versions,
        initial={"from": previous.number if previous else None, "to": default_to},
    )
    changes, old, new = None, None, None
    if form.is_bound and form.is_valid():
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
    elif not form.is_bound and previous is not None:
        old, new = previous, reading.current
    if old is not None and new is not None:
        changes = diffing.compare_sections(
            _sections(old, with_rules=True), _sections(new, with_rules=True)
        )
    return _render(
        request,
        "protocol/compare.html",
        reading,
        {
            "form": form,
            "old": old,
            "new": new,
            "changes": changes,
            "changed_count": sum(1 for c in changes or [] if c.changed),
        },
        etag_parts=["c", old.pk if old else "", new.pk if new else ""],
    )


@reader
def as_of(request, document):
    """The version that was current on a date, for settling what applied then."""
    reading = _load(request, document)
    form = AsOfForm(request.GET or None)
    if form.is_valid():
        day = form.cleaned_data["date"]
        version = Version.objects.filter(document=reading.document).as_of(day)
        if version is not None:
            version.document = reading.document
            messages.info(
                request,
                f"On {day:%-d %B %Y} the version in effect was version {version.number}.",
            )
            return redirect(version.get_absolute_url())
        form.add_error("date", f"The {reading.document.title} was not yet in effect on that date.")
    return _render(
        request,
        "protocol/versions.html",
        reading,
        {"as_of_form": form, "history": _history(reading)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def acknowledge(request, document):
    """'I have read version N': a short page with the change note and one button."""
    reading = _load(request, document)
    version = reading.current
    if version is None:
        raise Http404("Nothing has been published yet.")
    if request.method == "POST":
        _, created = acknowledgements.acknowledge(request.user, version)
        messages.success(
            request,
            f"Thank you: you have confirmed you have read version {version.number}."
            if created
            else f"You had already confirmed reading version {version.number}.",
        )
        return redirect("protocol:contents", document=reading.document.slug)
    return render(
        request,
        "protocol/acknowledge.html",
        {
            "reading": reading,
            "document": reading.document,
            "version": version,
            "current": version,
            "already": reading.last_read is not None and reading.last_read >= version.number,
        },
    )
