"""Queries compiled once per process (``protocol.caching.PreparedQuery``) run
with each call's own parameters, whatever text those hold."""

import pytest

from protocol import caching
from protocol.models import Document
from tests import factories

pytestmark = pytest.mark.django_db


def test_placeholders_are_named_in_order_and_a_literal_percent_is_left_alone():
    assert caching._named("a = %s AND b LIKE '%%x' AND c = %s", 2) == (
        "a = %(p0)s AND b LIKE '%%x' AND c = %(p1)s"
    )
    with pytest.raises(ValueError):
        caching._named("a = %s", 2)


@pytest.mark.parametrize("title", ["100% sure? :p0 %(p0)s %s", "Plain", "it's; DROP TABLE x"])
def test_a_prepared_query_reads_parameters_as_values_not_sql(title):
    factories.make_document("Another guide")
    document = factories.make_document(title)
    by_title = caching.PreparedQuery(
        lambda title, pk: Document.objects.filter(title=title, pk__gte=pk).values_list("pk"),
        kinds=(str, int),
    )
    assert by_title(title, 0) == [(document.pk,)]
    assert by_title(title, document.pk + 1) == []
    assert Document.objects.count() == 2
