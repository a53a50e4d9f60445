"""Reading the protocol: contents, one section, the whole document, history,
comparisons, "as it stood on", and acknowledging a version.

Each page runs a fixed number of queries however many sections, rules and
versions the document has: the document with its versions come in one query,
a reader's personal part (member or not, the version last confirmed) in one.
What a page shows of a published version (contents, a section's text and
rules, the whole document, the history) is rendered once and kept
(``protocol.caching``); a visitor's whole page is kept too, under its ETag,
and so is the page as every logged-in reader sees it, with their own parts
rendered into it at each request (``portal.personal``).
Pages of a published version carry a strong ETag that depends only on what
they show, so a conditional GET gets a 304 from any worker, and a visitor's
copy may be kept by a reverse proxy for ``PROTOCOL_PUBLIC_MAX_AGE`` seconds.
"""

import dataclasses
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.db.models import OuterRef, Prefetch, Q, Subquery, TextField, Value
from django.db.models.aggregates import StringAgg
from django.db.models.functions import Cast, Concat
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from portal import personal, roles
from portal.access import reader
from protocol import acknowledgements, caching, diffing
from protocol.advice.faq.models import FaqEntry
from protocol.forms import AsOfForm, CompareForm
from protocol.models import Document, Rule, Section, Version


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
    # What can change about the document's versions (see _published_state).
    state: tuple = ()
    last_read: int | None = None  # the newest version number the reader acknowledged
    is_member: bool = False
    preview: bool = False  # staff who see drafts: their pages are never kept

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

    def etag(self, request, page, *parts):
        """What the page shows, and nothing else, so every worker of one
        release gives a reader the same tag for the same page."""
        if self.version.is_draft:
            return None
        return _etag(
            self.state,
            self.version.pk,
            request,
            (self.is_member, self.last_read, *_reader_facts(request)),
            page,
            *parts,
        )

    def shell_key(self, request, page, *parts):
        """The key of the page as every logged-in reader sees it but for their
        own parts (``portal.personal``)."""
        shell_etag = _etag(self.state, self.version.pk, request, "shell", page, *parts, user_pk="")
        return _page_key(shell_etag, request)


def _reader_facts(request):
    """What a logged-in reader's own parts show of them beyond the reading
    state (their name, roles and permissions; all loaded with the user), so
    the ETag changes when they do."""
    user = request.user
    if not user.is_authenticated:
        return ()
    return (
        user.get_username(),
        user.get_full_name(),
        user.is_staff,
        roles.is_member(user),
        getattr(request, "second_step_pending", False),
        # A superuser holds every permission without reading them.
        "all" if user.is_superuser else sorted(user.get_all_permissions()),
    )


def _etag(state, version_pk, request, reader, page, *parts, user_pk=None):
    key = "|".join(
        map(
            str,
            (
                caching.release(),
                state,
                version_pk,
                (request.user.pk if user_pk is None else user_pk) or "",
                reader,
                settings.PROTOCOL_REQUIRE_LOGIN,
                page,
                request.path,
                *parts,
            ),
        )
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _published_state_query(slug):
    return (
        Version.objects.published()
        .filter(document__slug=slug)
        .order_by("-number")
        .values_list(
            "pk",
            "number",
            "status",
            "document_id",
            "document__title",
            "document__withdrawn_at",
            "published_by__first_name",
            "published_by__last_name",
            "published_by__username",
        )
    )


# Everything a reader's page shows of the document's published versions that
# can change (which is current, the document's title and withdrawal, who
# published each): one small query, compiled once per process.
_published_state = caching.PreparedQuery(_published_state_query, kinds=(str,))
_STATE_WIDTH = 9  # the columns of ``_published_state_query``


def _faq_text(document, slug):
    """The questions and answers about the section ``slug`` of ``document`` (an
    expression for a document's pk), as one text naming each entry and its last
    change, or None: what a section page's ETag needs of them. (In no set
    order, as SQLite cannot order an aggregate: the same entries in another
    order only make another ETag, never a stale one.)"""
    return Subquery(
        FaqEntry.objects.about_slug(document, slug)
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(
            text=StringAgg(
                Concat(
                    Cast("pk", TextField()),
                    Value("@"),
                    Cast("updated_at", TextField()),
                    output_field=TextField(),
                ),
                Value(","),
                output_field=TextField(),
            )
        )
        .values("text")
    )


def _last_read_number(user_pk):
    """The newest version of the row's document ``user_pk`` confirmed reading."""
    return Subquery(
        acknowledgements.confirmed(user_pk, OuterRef("document_id")).values("version__number")[:1]
    )


# A page's whole first question in one query: the published state, and beside
# it what the page adds to its ETag, a section's questions and answers and the
# reader's last confirmation (``_visitor_copy``). Compiled once per process each.
_state_with = {
    (True, False): caching.PreparedQuery(
        lambda slug, section: _published_state_query(slug).annotate(
            faq=_faq_text(OuterRef(OuterRef("document_id")), section)
        ),
        kinds=(str, str),
    ),
    (False, True): caching.PreparedQuery(
        lambda slug, user_pk: _published_state_query(slug).annotate(
            last_read=_last_read_number(user_pk)
        ),
        kinds=(str, int),
    ),
    (True, True): caching.PreparedQuery(
        lambda slug, section, user_pk: _published_state_query(slug).annotate(
            faq=_faq_text(OuterRef(OuterRef("document_id")), section),
            last_read=_last_read_number(user_pk),
        ),
        kinds=(str, str, int),
    ),
}


def _published_versions(slug, state):
    """The document's published versions, newest first, with the document and
    who published each; kept for as long as ``state`` reads the same."""
    if not state:
        return []
    return caching.get_or_build(
        caching.key("versions", slug, *state),
        lambda: list(
            Version.objects.published()
            .filter(document__slug=slug)
            .select_related("document", "published_by")
            .order_by("-number")
        ),
    )


def _visitor_copy(request, slug, number, page, section=None):
    """(A kept copy of a page for this visitor or reader, or a 304, or None;
    the document's state): the cheapest answer, before anything is loaded.
    One small query asks the document's state together with what the ETag
    adds to it: on a section page, its questions and answers (kept in
    ``request.faq_state``); for a logged-in reader, the version they last
    confirmed (kept in ``request.reader_state``), whose kept page is their own
    (``portal.personal``). Staff who may preview drafts always go the long way."""
    user = request.user
    if user.is_authenticated and (page not in _KEPT_PAGES or can_preview(user)):
        return None, None
    reading = user.is_authenticated
    asks = [slug, *([section] if section is not None else []), *([user.pk] if reading else [])]
    known = getattr(request, "state_rows", None)
    if known is not None and known[0] == asks:
        # Read by ``portal.middleware.KeptPagesMiddleware`` for this request.
        rows = known[1]
    else:
        if section is None and not reading:
            rows = _published_state(slug)
        else:
            rows = _state_with[(section is not None, reading)](*asks)
        request.state_rows = (asks, rows)
    state = tuple(r[:_STATE_WIDTH] for r in rows)
    if not state or len(get_messages(request)):
        return None, state
    index = next(
        (
            i
            for i, r in enumerate(state)
            if (r[2] == "published" if number is None else r[1] == number)
        ),
        None,
    )
    if index is None or (number is not None and state[index][2] == "published"):
        return None, state  # a 404, or a redirect to the URL without a number
    row, extra = state[index], rows[index][_STATE_WIDTH:]
    parts = ()
    # Questions and answers show on the current version's page only.
    if section is not None and row[2] == "published":
        parts = (extra[0],)
        # The page, if built, reads them from here rather than asking again.
        request.faq_state = (row[3], section, extra[0])
    if reading:
        is_member, last_read = roles.is_member(user), extra[-1]
        # ``_load`` reads it from here rather than asking again.
        request.reader_state = (row[3], is_member, last_read)
        reader = (is_member, last_read, *_reader_facts(request))
    else:
        reader = (False, None)
    etag = _etag(state, row[0], request, reader, page, *parts)
    public = not user.is_authenticated
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _cache_headers(not_modified, etag, public=public), state
    if public:
        content = caching.get(_page_key(etag, request))
    else:
        content = personal.kept_for_reader(_page_key(etag, request), request)
    if content is None:
        return None, state
    return _cache_headers(HttpResponse(content), etag, public=public), state


# The reading pages' URL names, and what ``_visitor_copy`` calls each page.
_KEPT_ROUTES = {
    "contents": "contents",
    "version_contents": "contents",
    "section": "section",
    "version_section": "section",
    "all": "all",
    "version_all": "all",
    "versions": "versions",
}


def kept_for_visitor(request, match):
    """A visitor's kept copy (or a 304) of the reading page ``match`` resolves
    to, as the page's view would answer it, or None when the view must build
    it (``portal.middleware.KeptPagesMiddleware``). ``request.user`` must be
    anonymous."""
    page = _KEPT_ROUTES.get(match.url_name) if match.namespace == "protocol" else None
    if page is None:
        return None
    kwargs = match.kwargs
    response, _ = _visitor_copy(
        request, kwargs["document"], kwargs.get("number"), page, kwargs.get("section")
    )
    return response


# The pages whose visitor's copy is kept whole: they ignore the query string, so
# its variations cannot fill the cache. Comparisons and "as it stood on" are
# rendered each time (and still answer 304).
_KEPT_PAGES = {"contents", "section", "all", "versions"}


def _page_key(etag, request):
    return caching.key("page", etag, request.path)


def _load(request, document_slug, number=None, state=None):
    """The document and the version asked for (the current one when no number).

    Drafts, and every version of a withdrawn document, are reachable only by
    staff who may preview them; for anyone else such a URL is a 404 like any
    unknown page.
    """
    if can_preview(request.user):
        # Staff see drafts, which change at any time: always read afresh.
        preview = True
        versions = list(
            Version.objects.filter(document__slug=document_slug)
            .select_related("document", "published_by")
            .order_by("-number")
        )
    else:
        preview = False
        if state is None:
            state = tuple(_published_state(document_slug))
        versions = _published_versions(document_slug, state)
    if not versions:
        raise Http404("No such document, or nothing published in it yet.")
    document = versions[0].document
    if document.is_withdrawn and not preview:
        raise Http404("That document has been withdrawn.")
    for v in versions:
        v.document = document
    current = next((v for v in versions if v.is_current), None)
    version = current if number is None else next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404("No such version.")
    if preview:
        state = tuple(
            (v.pk, v.number, v.status, document.pk, document.title, document.withdrawn_at)
            for v in versions
        )
    reading = Reading(
        document=document,
        version=version,
        versions=versions,
        current=current,
        state=state,
        preview=preview,
    )
    user = request.user
    if user.is_authenticated:
        known = getattr(request, "reader_state", None)
        if known is not None and known[0] == document.pk:
            reading.is_member, reading.last_read = known[1:]
        else:
            reading.is_member, reading.last_read = acknowledgements.reader_state(user, document)
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


def _render(request, template, reading, context, *, page, etag_parts=()):
    """Render a reading page, or answer 304 when the reader's copy is still right.

    A visitor's page of a published version is rendered once per ETag and
    path and kept (``_visitor_copy`` finds it): it has nothing personal (no
    form token, no name), and the ETag names everything it shows. A logged-in
    reader's page of a published version is that page with their own parts put
    in (``portal.personal``): the rest is rendered once and kept as a shell."""
    etag = reading.etag(request, page, *etag_parts)
    has_messages = bool(len(get_messages(request)))
    public = bool(etag) and not has_messages and not request.user.is_authenticated
    if etag and not has_messages:
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return _cache_headers(not_modified, etag, public=public)
    context = {
        "reading": reading,
        "document": reading.document,
        "version": reading.version,
        "current": reading.current,
        "versions": reading.published,
        "earlier_versions": reading.earlier_versions,
        **context,
    }
    kept_shell = (
        etag
        and not has_messages
        and request.user.is_authenticated
        and page in _KEPT_PAGES
        and not reading.preview
    )
    if kept_shell:
        # The ETag names everything the page shows of the reader (``_reader_facts``).
        reader_key = _page_key(etag, request)
        kept = personal.kept_for_reader(reader_key, request)
        if kept is not None:
            return _cache_headers(HttpResponse(kept), etag, public=False)
        shell = caching.get_or_build(
            reading.shell_key(request, page, *etag_parts),
            lambda: personal.render_shell(
                template,
                {
                    **_evaluated(context),
                    # Rendered as to a visitor: a member's prompt is a personal part.
                    "reading": dataclasses.replace(reading, is_member=False, last_read=None),
                },
                request,
            ),
        )
        html = personal.fill(shell, context, request, token=personal.TOKEN_PLACEHOLDER)
        personal.keep_for_reader(reader_key, html)
        response = HttpResponse(personal.with_token(html, request))
        return _cache_headers(response, etag, public=False)
    response = render(request, template, _evaluated(context))
    if public and page in _KEPT_PAGES:
        caching.keep(_page_key(etag, request), response.content)
    return _cache_headers(response, etag, public=public)


def _evaluated(context):
    """The context with its deferred values (kept HTML, read only when a page
    is rendered) worked out."""
    return {name: value() if callable(value) else value for name, value in context.items()}


def _cache_headers(response, etag, *, public):
    """Visitors' pages of a published version may be kept by a reverse proxy
    for PROTOCOL_PUBLIC_MAX_AGE seconds; every other page is private and asked
    for again each time (with its ETag, so often a 304)."""
    if etag:
        response["ETag"] = etag
    if public:
        max_age = settings.PROTOCOL_PUBLIC_MAX_AGE
        if max_age:
            patch_cache_control(response, public=True, max_age=max_age)
        else:
            patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _canonical(reading, number, name, **kwargs):
    """The current version's pages live at URLs without a number."""
    if number is not None and reading.version.is_current:
        return redirect(name, document=reading.document.slug, **kwargs)
    return None


def _kept_sections_html(version, part, template, *, with_rules):
    """A template's rendering of the version's sections, kept per version as ``part``;
    returned unevaluated, so a kept page or a 304 never reads it."""
    return lambda: mark_safe(
        caching.version_part(
            version,
            part,
            lambda: render_to_string(
                template, {"sections": _sections(version, with_rules=with_rules)}
            ),
        )
    )


def _outline(version):
    """Each section's pk, number, title and slug, in order (kept per version)."""
    return caching.version_part(
        version,
        "outline",
        lambda: list(
            Section.objects.filter(version=version)
            .order_by("order")
            .values("pk", "number", "title", "slug", "order")
        ),
    )


def _section_of(row, version):
    """A Section for the page's title, links and pager, from an outline row."""
    if row is None:
        return None
    return Section(version=version, **row)


@reader
def contents(request, document, number=None):
    kept, state = _visitor_copy(request, document, number, "contents")
    if kept:
        return kept
    reading = _load(request, document, number, state)
    if response := _canonical(reading, number, "protocol:contents"):
        return response
    version = reading.version
    return _render(
        request,
        "protocol/contents.html",
        reading,
        {
            "contents_html": _kept_sections_html(
                version, "contents", "protocol/includes/contents_list.html", with_rules=False
            )
        },
        page="contents",
    )


@reader
def whole_document(request, document, number=None):
    kept, state = _visitor_copy(request, document, number, "all")
    if kept:
        return kept
    reading = _load(request, document, number, state)
    if response := _canonical(reading, number, "protocol:all"):
        return response
    version = reading.version
    return _render(
        request,
        "protocol/whole_document.html",
        reading,
        {
            "document_html": _kept_sections_html(
                version, "all", "protocol/includes/whole_document_text.html", with_rules=True
            )
        },
        page="all",
    )


def _section_text(version, slug):
    """A section's body and rules, as its page shows them."""
    this = Section.objects.get(version=version, slug=slug)
    this.version = version
    rules = list(Rule.objects.filter(section=this).order_by("order"))
    for rule in rules:
        rule.section = this
    return render_to_string(
        "protocol/includes/section_text.html", {"section": this, "rules": rules}
    )


def _compared_with_current(version, slug, current):
    """(the same section in the current version as an outline row or None,
    whether it reads differently there): what an earlier version's section
    page says about now. Both versions are published, so it is kept."""
    this = Section.objects.prefetch_related(
        Prefetch("rules", queryset=Rule.objects.order_by("order"))
    ).get(version=version, slug=slug)
    this.version = version
    current_section = _same_section_in(current, this)
    row = None
    if current_section is not None:
        row = {
            f: getattr(current_section, "pk" if f == "pk" else f)
            for f in ("pk", "number", "title", "slug", "order")
        }
    return row, diffing.section_changed(this, current_section)


@reader
def section(request, document, section, number=None):
    kept, state = _visitor_copy(request, document, number, "section", section)
    if kept:
        return kept
    reading = _load(request, document, number, state)
    if response := _canonical(reading, number, "protocol:section", section=section):
        return response
    version = reading.version
    outline = _outline(version)
    index = next((i for i, row in enumerate(outline) if row["slug"] == section), None)
    if index is None:
        raise Http404("No such section in this version.")
    this = _section_of(outline[index], version)
    current_section, changed_since = None, None
    if not version.is_current and reading.current is not None:
        current = reading.current
        row, changed_since = caching.version_part(
            version,
            "compared",
            lambda: _compared_with_current(version, this.slug, current),
            this.slug,
            current.pk,
        )
        current_section = _section_of(row, current)
    faq = ()
    faq_entries = []
    if version.is_current:
        known = getattr(request, "faq_state", None)
        if known is not None and known[:2] == (reading.document.pk, this.slug):
            faq = (known[2],)
        else:
            faq = (_faq_state(reading.document.pk, this.slug),)
    if faq and faq[0]:
        faq_entries = list(FaqEntry.objects.about(this).order_by("-published_at", "-pk"))
    return _render(
        request,
        "protocol/section.html",
        reading,
        {
            "section": this,
            "section_html": lambda: mark_safe(
                caching.version_part(
                    version, "section", lambda: _section_text(version, this.slug), this.slug
                )
            ),
            "previous_section": _section_of(outline[index - 1] if index > 0 else None, version),
            "next_section": _section_of(
                outline[index + 1] if index + 1 < len(outline) else None, version
            ),
            "current_section": current_section,
            "changed_since": changed_since,
            "faq_entries": faq_entries,
        },
        page="section",
        etag_parts=faq,
    )


# The questions and answers about a section, as ``_faq_text`` gives them beside
# the document's state: most sections have none. Compiled once per process.
_faq_state_query = caching.PreparedQuery(
    lambda document_id, slug: Document.objects.filter(pk=document_id).values_list(
        _faq_text(document_id, slug)
    ),
    kinds=(int, str),
)


def _faq_state(document_id, slug):
    rows = _faq_state_query(document_id, slug)
    return rows[0][0] if rows else None


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
    kept, state = _visitor_copy(request, document, None, "versions")
    if kept:
        return kept
    reading = _load(request, document, None, state)
    return _render(
        request,
        "protocol/versions.html",
        reading,
        {"as_of_form": AsOfForm(), "history_html": lambda: _history_html(reading)},
        page="versions",
    )


def _history(reading):
    published = reading.published
    return [
        (v, published[i + 1] if i + 1 < len(published) else None) for i, v in enumerate(published)
    ]


def _history_state(reading):
    """What the history shows of each published version besides its frozen text."""
    return [
        (v.pk, v.status, v.published_by_id, v.published_by and v.published_by.get_full_name())
        for v in reading.published
    ]


def _history_html(reading):
    """The list of published versions with their change notes (kept while no
    version is published, superseded or renamed)."""
    return mark_safe(
        caching.get_or_build(
            caching.key("history", reading.document.slug, *_history_state(reading)),
            lambda: render_to_string(
                "protocol/includes/history.html",
                {"document": reading.document, "history": _history(reading)},
            ),
        )
    )


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
        page="compare",
        etag_parts=[old.pk if old else "", new.pk if new else ""],
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
        {"as_of_form": form, "history_html": lambda: _history_html(reading)},
        page="as_of",
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
