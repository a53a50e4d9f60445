"""Three documents published side by side, each imported from its own kind of
file: a social media protocol (text), a code of conduct (Word) and a
member–officer protocol (a saved web page). The home page, search (with its
filter by document), the quiz (per document) and the ask form (a topic that
belongs to a document) each keep them apart."""

import pytest
from django.urls import reverse

from protocol.advice import guidance
from protocol.models import Rule
from protocol.quiz.models import Attempt
from tests.advice.factories import make_topic
from tests.protocol.several_documents import publish_three_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_documents(db):
    return publish_three_documents()


def test_each_document_imports_with_its_own_do_and_dont_rules(three_documents):
    for version in three_documents:
        kinds = set(Rule.objects.filter(section__version=version).values_list("kind", flat=True))
        assert kinds == {Rule.Kind.DO, Rule.Kind.DONT}, version.document


def test_the_home_page_lists_all_three_documents(client, three_documents):
    html = client.get(reverse("home")).content.decode()
    for version in three_documents:
        assert version.document.title in html
        assert f'href="{version.document.get_absolute_url()}"' in html


def _search(client, query, document=""):
    return client.get(reverse("search:page"), {"q": query, "document": document})


def test_search_finds_guidance_in_every_document_and_offers_the_filter(client, three_documents):
    response = _search(client, "gifts")
    html = response.content.decode()
    assert 'name="document"' in html
    assert "All documents" in html
    assert "Code of Conduct for Members" in html


def test_search_filtered_by_document_keeps_to_that_document(client, three_documents):
    protocol, code, member_officer = three_documents
    everyone = [hit.document_title for hit in _search(client, "officers").context["page"]]
    assert "Member–Officer Relations Protocol" in everyone
    only = _search(client, "officers", code.document.slug).context["page"]
    assert {hit.document_title for hit in only} <= {"Code of Conduct for Members"}
    only = _search(client, "officers", member_officer.document.slug).context["page"]
    titles = {hit.document_title for hit in only}
    assert titles == {"Member–Officer Relations Protocol"}


def test_search_for_an_unknown_document_searches_them_all(client, three_documents):
    page = _search(client, "gifts", "no-such-document").context["page"]
    assert any(hit.document_title == "Code of Conduct for Members" for hit in page)


def test_each_document_has_its_own_quiz_from_its_own_rules(member_client, three_documents):
    for version in three_documents:
        url = reverse("quiz:start", kwargs={"document": version.document.slug})
        response = member_client.get(url)
        assert response.status_code == 200
        assert version.document.title in response.content.decode()
        response = member_client.post(url, {"mode": Attempt.Mode.CHECK})
        assert response.status_code == 302
        attempt = Attempt.objects.filter(version=version).get()
        rules = Rule.objects.filter(section__version=version)
        asked = {answer.rule_id for answer in attempt.answers.all()}
        assert asked and asked <= set(rules.values_list("pk", flat=True))


def test_an_ask_topic_that_belongs_to_a_document_suggests_that_documents_guidance(
    three_documents,
):
    protocol, code, member_officer = three_documents
    topic = make_topic("Working with officers")
    topic.document = member_officer.document
    topic.save()
    found = guidance.suggestions("can I write to officers directly?", document=topic.document)
    assert found
    assert all(member_officer.document.slug in suggestion.url for suggestion in found)
    # Nothing in the topic's document: every document is searched.
    found = guidance.suggestions("register gifts", document=topic.document)
    assert any(code.document.slug in suggestion.url for suggestion in found)
