"""A page in two layers: what every reader sees, kept, and the reader's own
parts, rendered at each request by small templates.

A template marks each part that depends on who is reading with
``{% personal "some/part.html" %}``. Rendered as usual, the tag renders that
template in place, like ``{% include %}``. Rendered as a *shell* (the context
holds ``SHELL``), it leaves a marker instead, so the page can be rendered
once, as to a visitor, and kept; ``fill()`` then puts each reader's parts in
the markers' places. The markers carry a random word chosen when the shell is
made, so no text of the page can be taken for one.

Only the marked parts are rendered per reader: the navigation that depends on
their roles, the log-out form with its token, their name, the "please
confirm" prompt, the links to their requests. A shell is rendered for an
anonymous visitor, so a part left unmarked by mistake shows a visitor's
version of it, never another reader's.

A reader's filled page is kept too, in the memory of the process that served
it (``keep_for_reader``), under a key that names everything it shows of them
(the reading pages' ETag: their name, roles, permissions and reading state),
with a stand-in for their form token that each response replaces with a
freshly masked one. A change to the reader is a new key: nothing is ever
cleared, and nothing stale is shown.
"""

import copy
import os
import secrets

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template import engines
from django.template.context import make_context
from django.template.loader import render_to_string

# The context variable that makes ``{% personal %}`` leave markers: the shell's word.
SHELL = "personal_shell"


def marker(word: str, template_name: str) -> str:
    return f"<!--personal:{word}:{template_name}-->"


def render_shell(template_name: str, context: dict, request) -> tuple[str, str]:
    """(the word, the page rendered as to a visitor with each personal part
    left as a marker): what ``fill()`` takes."""
    word = secrets.token_hex(8)
    as_visitor = copy.copy(request)
    as_visitor.user = AnonymousUser()
    # Nothing of the reader's own form token may reach the kept page.
    as_visitor.META = {k: v for k, v in request.META.items() if k != "CSRF_COOKIE"}
    as_visitor.COOKIES = {}
    return word, render_to_string(template_name, {**context, SHELL: word}, as_visitor)


# Stands in for the reader's form token in a page kept for them: the token is
# masked afresh for every response (``with_token``), as Django's own tag does,
# so no two responses carry the same bytes for it. Random per process, so no
# text of a page can be taken for it.
TOKEN_PLACEHOLDER = f"form-token-{secrets.token_hex(16)}"


def kept_for_reader(cache_key: str, request) -> str | None:
    """The reader's page kept under ``cache_key`` (``keep_for_reader``), with
    this response's form token, or None."""
    html = caches["personal"].get(cache_key)
    return None if html is None else with_token(html, request)


def keep_for_reader(cache_key: str, html: str) -> None:
    """Keep a reader's page, filled with ``fill(..., token=TOKEN_PLACEHOLDER)``,
    in this process's memory. ``cache_key`` must name everything the page shows
    of the reader (the reading pages' ETag does: their name, roles, permissions
    and reading state), so a change to any of them is a new key, never a stale
    page; entries nobody asks for again fall out as new ones come."""
    caches["personal"].set(cache_key, html, timeout=None)


def with_token(html: str, request) -> str:
    if TOKEN_PLACEHOLDER not in html:
        return html
    return html.replace(TOKEN_PLACEHOLDER, form_token(request))


_CHAR_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
# The largest multiple of the alphabet's size a byte can hold: bytes at or above
# it are dropped, so every character of a mask is equally likely.
_UNBIASED = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def form_token(request) -> str:
    """The reader's form token, as Django's ``get_token()`` makes it (their
    secret, masked afresh), at a kept page's cost: the mask comes from one read
    of the system's randomness rather than one per character, and the cookie
    that holds the secret is not sent again just to push its year-long expiry
    further (every page rendered the long way, and every form, still renews
    it). A reader with no secret yet gets one, and its cookie, as usual."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)
    mask = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [b % len(CSRF_ALLOWED_CHARS) for b in os.urandom(48) if b < _UNBIASED]
    mask = mask[:CSRF_SECRET_LENGTH]
    cipher = (
        CSRF_ALLOWED_CHARS[(_CHAR_INDEX[c] + m) % len(CSRF_ALLOWED_CHARS)]
        for c, m in zip(secret, mask, strict=True)
    )
    return "".join(CSRF_ALLOWED_CHARS[m] for m in mask) + "".join(cipher)


def fill(shell: tuple[str, str], context: dict, request, *, token=None) -> str:
    """The page for ``request``'s reader: ``shell`` with each marker replaced by
    its template, rendered with ``context`` and the request's context processors.
    With ``token``, the form token is written as that text (to be kept, then
    given the reader's token by ``with_token``)."""
    word, html = shell
    head, *pieces = html.split(f"<!--personal:{word}:")
    if not pieces:
        return html
    engine = engines["django"].engine
    parts = [head]
    if token is not None:
        context = {**context, "csrf_token": token}
    rendered = make_context(context, request)
    with rendered.bind_template(engine.get_template(pieces[0].split("-->", 1)[0])):
        for piece in pieces:
            name, rest = piece.split("-->", 1)
            parts.append(engine.get_template(name).render(rendered))
            parts.append(rest)
    return "".join(parts)
