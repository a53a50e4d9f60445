import pytest
from django.core.cache import caches


@pytest.fixture
def memory_cache(settings):
    """The protocol's kept pages in a per-process memory cache, as by default in
    production, starting empty: what the tests of kept pages rely on, whatever
    CACHE_URL the environment gives."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.PROTOCOL_CACHE = "default"
    caches["default"].clear()
