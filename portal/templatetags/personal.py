"""``{% personal "template.html" %}``: a part of a page that depends on who is
reading it (portal/personal.py)."""

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
