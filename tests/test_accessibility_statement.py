"""The accessibility statement has what the 2018 regulations' model statement
requires, with the Authority's details from settings."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(settings):
    settings.AUTHORITY_NAME = "Greater Example Combined Authority"
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@example.org"
    settings.ACCESSIBILITY_CONTACT_PHONE = "0161 496 0123"
    settings.ACCESSIBILITY_REPLY_WORKING_DAYS = 7
    settings.ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2026, 9, 23)
    settings.ACCESSIBILITY_STATEMENT_REVIEWED = datetime.date(2026, 12, 1)
    settings.ACCESSIBILITY_LAST_TESTED = datetime.date(2026, 11, 30)


def test_the_statement_names_the_authority_and_how_to_reach_it(client, authority):
    html = client.get(reverse("accessibility")).content.decode()
    assert "This portal is run by Greater Example Combined Authority." in html
    assert '<a href="mailto:access@example.org">access@example.org</a>' in html
    assert '<a href="tel:01614960123">0161 496 0123</a>' in html
    assert "get back to you within 7 working days" in html


def test_the_statement_gives_its_dates(client, authority):
    html = client.get(reverse("accessibility")).content.decode()
    assert 'prepared on <time datetime="2026-09-23">23 September 2026</time>' in html
    assert 'last reviewed on <time datetime="2026-12-01">1 December 2026</time>' in html
    assert 'last tested on <time datetime="2026-11-30">30 November 2026</time>' in html


def test_the_statement_has_every_part_of_the_model_statement(client, authority):
    html = client.get(reverse("accessibility")).content.decode()
    for heading in [
        "How accessible this portal is",
        "Feedback and contact information",
        "Reporting accessibility problems with this portal",
        "Enforcement procedure",
        "Technical information about this portal's accessibility",
        "Compliance status",
        "Non-accessible content",
        "Disproportionate burden",
        "Preparation of this accessibility statement",
    ]:
        assert heading in html, heading
    assert "partially compliant" in html
    assert "Equality and Human Rights Commission" in html
    assert "Equality Commission for Northern Ireland" in html
    assert "Public Sector Bodies (Websites and Mobile Applications) (No. 2)" in html
