"""Template filters that render stored Markdown through protocol.rendering."""

from django import template

from protocol.rendering import render_inline, render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def markdown_inline(text):
    return render_inline(text)
