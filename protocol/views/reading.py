"""Reading the protocol: contents, one section, the whole document, versions.

Each page runs a fixed number of queries however many sections, rules and
versions the document has: versions come in one query, sections in one, rules
in one (prefetched).
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from protocol.models import Document, Rule, Section, Version


def _reading_allowed(request):
    return request.user.is_authenticated or not settings.PROTOCOL_REQUIRE_LOGIN


def _get_version(request, document_slug, number):
    """The document, the version asked for (current when no number) and all its
    readable versions, newest first. Drafts are never reachable here."""
    document = get_object_or_404(Document, slug=document_slug)
    published = list(
        Version.objects.filter(document=document)
        .published()
        .select_related("published_by")
        .order_by("-number")
    )
    for version in published:
        version.document = document
    if number is None:
        version = next((v for v in published if v.is_current), None)
    else:
        version = next((v for v in published if v.number == number), None)
    if version is None:
        raise Http404("No such published version.")
    current = next((v for v in published if v.is_current), None)
    return document, version, current, published


def _context(document, version, current, published, **extra):
    return {
        "document": document,
        "version": version,
        "current": current,
        "versions": published,
        "earlier_versions": [v for v in published if v.number < version.number],
        **extra,
    }


def _sections(version, with_rules):
    sections = Section.objects.filter(version=version).order_by("order")
    if with_rules:
        sections = sections.prefetch_related(
            Prefetch("rules", queryset=Rule.objects.order_by("order"))
        )
    sections = list(sections)
    for section in sections:
        section.version = version
    return sections


def _login_gate(view):
    def wrapper(request, *args, **kwargs):
        if not _reading_allowed(request):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_login_gate
def contents(request, document, number=None):
    document, version, current, published = _get_version(request, document, number)
    if number is not None and version.is_current:
        return redirect("protocol:contents", document=document.slug)
    sections = _sections(version, with_rules=False)
    return render(
        request,
        "protocol/contents.html",
        _context(document, version, current, published, sections=sections),
    )


@_login_gate
def whole_document(request, document, number=None):
    document, version, current, published = _get_version(request, document, number)
    if number is not None and version.is_current:
        return redirect("protocol:all", document=document.slug)
    sections = _sections(version, with_rules=True)
    return render(
        request,
        "protocol/whole_document.html",
        _context(document, version, current, published, sections=sections),
    )


@_login_gate
def section(request, document, section, number=None):
    document, version, current, published = _get_version(request, document, number)
    if number is not None and version.is_current:
        return redirect("protocol:section", document=document.slug, section=section)
    sections = _sections(version, with_rules=False)
    index = next((i for i, s in enumerate(sections) if s.slug == section), None)
    if index is None:
        raise Http404("No such section in this version.")
    this = sections[index]
    rules = list(Rule.objects.filter(section=this).order_by("order"))
    for rule in rules:
        rule.section = this
    current_section = None
    if not version.is_current and current is not None:
        current_section = (
            Section.objects.filter(version=current, slug=this.slug).only("slug", "title").first()
        )
        if current_section is not None:
            current_section.version = current
    return render(
        request,
        "protocol/section.html",
        _context(
            document,
            version,
            current,
            published,
            section=this,
            rules=rules,
            previous_section=sections[index - 1] if index > 0 else None,
            next_section=sections[index + 1] if index + 1 < len(sections) else None,
            current_section=current_section,
        ),
    )


@_login_gate
def versions(request, document):
    document, version, current, published = _get_version(request, document, None)
    return render(
        request,
        "protocol/versions.html",
        _context(document, version, current, published),
    )
