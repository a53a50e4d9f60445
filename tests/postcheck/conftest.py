import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_limits():
    """Each test starts with no checks counted against its client."""
    cache.clear()
    yield
    cache.clear()
