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
"""

import copy
import secrets

from django.contrib.auth.models import AnonymousUser
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


def fill(shell: tuple[str, str], context: dict, request) -> str:
    """The page for ``request``'s reader: ``shell`` with each marker replaced by
    its template, rendered with ``context`` and the request's context processors."""
    word, html = shell
    head, *pieces = html.split(f"<!--personal:{word}:")
    if not pieces:
        return html
    engine = engines["django"].engine
    parts = [head]
    rendered = make_context(context, request)
    with rendered.bind_template(engine.get_template(pieces[0].split("-->", 1)[0])):
        for piece in pieces:
            name, rest = piece.split("-->", 1)
            parts.append(engine.get_template(name).render(rendered))
            parts.append(rest)
    return "".join(parts)
