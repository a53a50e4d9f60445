"""``{% figure_bar value max %}``: a bar of a chart on the figures page, as inline SVG.

A tag rather than an include: the page draws a hundred bars or more. The
bar's length is ``value / max`` of its track; the caller always writes the
value beside it, so the bar is hidden from screen readers. ``pattern="hatch"``
stripes the bar (the second measure of a chart), so charts read without colour.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def figure_bar(value, maximum, pattern="solid"):
    width = 0
    if value and maximum:
        width = max(0.0, min(100.0, 100 * float(value) / float(maximum)))
    fill = ""
    if width:
        fill = format_html(
            '<rect class="figure-fill figure-fill-{}" x="0" y="0" width="{}" height="10"{}/>',
            "hatch" if pattern == "hatch" else "solid",
            f"{width:.1f}",
            mark_safe(' fill="url(#figure-hatch)"') if pattern == "hatch" else "",
        )
    return format_html(
        '<svg class="figure-bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false">'
        '<rect class="figure-track" x="0" y="0" width="100" height="10"/>{}</svg>',
        fill,
    )
