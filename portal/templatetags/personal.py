"""``{% personal "template.html" %}``: a part of a page that depends on who is
reading it (portal/personal.py)."""

import functools

from django import template
from django.utils.safestring import mark_safe

from portal import personal as pages

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, template_name):
    word = context.get(pages.SHELL)
    if word:
        return mark_safe(pages.marker(word, template_name))
    with context.push():
        return context.template.engine.get_template(template_name).render(context)


@register.simple_tag
def fixed_url(view_name):
    """``{% url view_name %}`` for a view that takes no arguments, worked out once
    per process (and URL configuration): the personal parts are rendered at every
    request, and reversing a URL costs more than the rest of such a part."""
    from django.conf import settings
    from django.urls import get_script_prefix, get_urlconf

    return _fixed_url(view_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=256)
def _fixed_url(view_name, prefix, urlconf):
    from django.urls import reverse

    return reverse(view_name, urlconf=urlconf)
