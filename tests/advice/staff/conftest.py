"""Fixtures for the staff workspace: members may ask as often as the tests need."""

import pytest


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 10_000
    settings.ADVICE_FOLLOW_UPS_PER_HOUR = 10_000
