"""Template filters for the staff workspace."""

from django import template

register = template.Library()


@register.filter
def person(user, fallback="a removed account"):
    """A person's full name, else their username; ``fallback`` when there is nobody
    (an account deleted since, or the portal itself)."""
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()
