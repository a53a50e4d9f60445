"""Markdown to safe HTML: the one place any body, rule or note is rendered.

python-markdown turns the text into HTML and nh3 (ammonia) then removes
anything that is not on the allow-list, so a ``<script>`` or an ``onerror=``
written into a section body never reaches a page.
"""

import threading

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "mark", "ol", "p", "pre",
    "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align", "scope"},
    "ol": {"start"},
}
# Only this class survives: it labels <ins>/<del> for screen readers in comparisons.
ALLOWED_CLASSES = {"span": {"visually-hidden"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.sane_lists"]

# Building a converter loads its extensions, which costs more than converting a
# section; keep one per thread (a converter is not safe to share between threads).
_local = threading.local()


def _converter():
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=_EXTENSIONS, output_format="html"
        )
    return converter.reset()


def sanitise_html(html: str) -> str:
    """Keep only allowed tags and attributes; links get rel="noopener noreferrer"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        allowed_classes=ALLOWED_CLASSES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> SafeString:
    """Render Markdown from anyone as HTML that is safe to put on a page."""
    if not text:
        return mark_safe("")
    html = _converter().convert(text)
    return mark_safe(sanitise_html(html))  # noqa: S308 - sanitised just above


def render_inline(text: str) -> SafeString:
    """Render a short piece of Markdown (a rule) without a wrapping paragraph."""
    html = str(render_markdown(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # noqa: S308 - came out of render_markdown
