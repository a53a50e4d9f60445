"""Three documents published side by side, each imported from its own kind of
file: a social media protocol (text), a code of conduct (Word) and a
member–officer protocol (a saved web page). The home page, search (with its
filter by document), the quiz (per document) and the ask form (a topic that
belongs to a document) each keep them apart."""

import pytest
from django.urls import reverse

from protocol.advice import guidance
from protocol.importing import read_document, save_draft
from protocol.models import Rule
from protocol.publishing import publish
from protocol.quiz.models import Attempt
from tests.advice.factories import make_topic
from tests.protocol.word_factories import word_document

pytestmark = pytest.mark.django_db

PROTOCOL = """ONLINE CONDUCT PROTOCOL

1. This protocol covers every councillor's use of social media.

2. Staying out of trouble

Do:

- check the privacy settings on every account.
- say whether you are posting as a councillor.

Don't:

- post while angry or after a drink.
- share photographs of residents without consent.
"""

CODE = [
    ("title", "Code of Conduct for Members"),
    ("numbered", "Members must treat everyone with courtesy and respect."),
    ("numbered", "Gifts and hospitality"),
    ("bold", "Do:"),
    ("bullet", "register gifts and hospitality worth more than £50 within 28 days."),
    ("bullet", "refuse gifts offered by anyone bidding for a contract."),
    ("bold", "Don't:"),
    ("bullet", "accept hospitality that could look like a reward."),
]

MEMBER_OFFICER = """<!DOCTYPE html><html><head><title>Member–Officer Protocol</title></head>
<body><h1>Member–Officer Relations Protocol</h1>
<h2>Working together</h2>
<p>Members set policy and officers carry it out, each respecting the other's role.</p>
<p><strong>Do:</strong></p>
<ul><li>ask the service director before instructing staff.</li>
<li>copy the team inbox when writing to officers.</li></ul>
<p><strong>Don't:</strong></p>
<ul><li>criticise a named officer in public.</li></ul>
</body></html>"""


@pytest.fixture
def three_documents(db):
    files = [
        (PROTOCOL.encode(), "online-conduct.txt"),
        (word_document(CODE), "code-of-conduct.docx"),
        (MEMBER_OFFICER.encode(), "member-officer.html"),
    ]
    return [publish(save_draft(read_document(data, name))).version for data, name in files]


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
