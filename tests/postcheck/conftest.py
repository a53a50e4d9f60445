import pytest

from tests.postcheck.factories import ensure_default_checks


@pytest.fixture
def default_checks(db):
    """The checks the portal ships with (see ``ensure_default_checks``)."""
    ensure_default_checks()
