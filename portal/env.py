"""Strict parsing of settings taken from the environment.

A value that cannot be parsed stops start-up with ImproperlyConfigured rather
than silently falling back to a default.
"""

import os
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: Iterable[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


# Django's own default starts so; a key that begins with it was copied from a
# development project.
_INSECURE_PREFIX = "django-insecure"
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def weak_secret_key(key):
    """Why ``key`` is too weak to sign sessions and password-reset links, or ""."""
    if key.startswith(_INSECURE_PREFIX):
        return f"it starts with {_INSECURE_PREFIX!r}, as development keys do"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it has {len(key)} characters, fewer than {SECRET_KEY_MIN_LENGTH}"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (
            f"it has only {len(set(key))} different characters, fewer than "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS}"
        )
    return ""
