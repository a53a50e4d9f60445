"""A page's number of queries does not grow with sections, rules or versions.

A page that ran a query per section, rule or version would run more at 2N than
at N, so comparing a document of N sections and versions with one of 2N proves
the count constant without building thousands of sections.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _build(slug, *, sections, versions):
    document = factories.make_document(slug.title(), slug)
    for _ in range(versions):
        latest = factories.make_version(
            document, sections=sections, rules_per_section=3, status="published"
        )
    return document, latest


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _pages(document, number=None):
    kwargs = {"document": document.slug}
    version_kwargs = {**kwargs, "number": number} if number else kwargs
    prefix = "protocol:version_" if number else "protocol:"
    return [
        reverse(f"{prefix}contents", kwargs=version_kwargs),
        reverse("protocol:all" if not number else "protocol:version_all", kwargs=version_kwargs),
        reverse(
            "protocol:section" if not number else "protocol:version_section",
            kwargs={**version_kwargs, "section": "2-section-2"},
        ),
        reverse("protocol:versions", kwargs=kwargs),
        reverse("home"),
    ]


N = 3


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_reading_pages_run_the_same_queries_for_n_and_2n_sections_and_versions(
    persona, request, client
):
    if persona == "member":
        client.force_login(request.getfixturevalue("member"))
    small, _ = _build("small", sections=N, versions=N)
    large, _ = _build("large", sections=2 * N, versions=2 * N)
    for small_url, large_url in zip(_pages(small), _pages(large), strict=True):
        assert _count(client, small_url) == _count(client, large_url), large_url
    for small_url, large_url in zip(_pages(small, 1), _pages(large, 1), strict=True):
        assert _count(client, small_url) == _count(client, large_url), large_url
