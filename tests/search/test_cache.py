"""What each web process keeps of search (protocol/search/cache.py): a repeated
search costs one small query, and nothing kept is ever shown once anything
search reads has changed, however it changed (the triggers behind the search
generation, not a signal, see to that)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from protocol import publishing, search
from protocol.models import BestBet, SearchEntry, SearchLog, SearchTerm, Synonym
from protocol.publishing import new_draft_from, publish
from protocol.search import cache
from tests.search.factories import publish_online_conduct

pytestmark = pytest.mark.django_db

API = "/api/search"


@pytest.fixture
def guidance(db):
    return publish_online_conduct()


@pytest.fixture
def new_process(monkeypatch):
    """As a web process that has kept nothing yet."""

    def start():
        monkeypatch.setattr(cache, "_kept", (None, None))
        caches[cache.CACHE_ALIAS].clear()

    start()
    return start


def _sections(client, query):
    response = client.get(API, {"q": query})
    assert response.status_code == 200
    return [hit["section"] for hit in response.json()["results"]]


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


# -- what a search costs ----------------------------------------------------------


def test_the_api_costs_four_queries_first_and_one_when_repeated(client, guidance, new_process):
    # The generation, the small tables, the engine's ranking, the passages shown.
    first = _queries(client, API, {"q": "posting alcohol"})
    assert len(first) == 4
    assert "protocol_searchgeneration" in first[0]
    # No query counts the rate limit: "search" counts in the process's memory.
    assert not any("portal_throttle" in sql for sql in first)
    again = _queries(client, API, {"q": "posting alcohol"})
    assert again == [first[0]]


def test_another_query_in_the_same_generation_reads_the_small_tables_no_more(
    client, guidance, new_process
):
    _queries(client, API, {"q": "posting"})
    assert len(_queries(client, API, {"q": "libel"})) == 3


def test_suggestions_cost_one_query_when_repeated(client, guidance, new_process):
    # The generation, the word completed, then as a search; on SQLite the best
    # passage of "Posting in haste" is its title, so one more query finds its rule.
    first = len(_queries(client, "/api/search/suggest", {"q": "post"}))
    assert first == (6 if connection.vendor == "sqlite" else 5)
    assert len(_queries(client, "/api/search/suggest", {"q": "post"})) == 1


def test_the_search_page_repeated_reads_the_generation_and_still_logs(
    client, guidance, new_process
):
    page = reverse("search:page")
    _queries(client, page, {"q": "posting alcohol"})
    again = _queries(client, page, {"q": "posting alcohol"})
    # The documents to choose from, the generation, the search log's new row.
    assert len(again) == 3
    assert [(log.query, log.result_count > 0) for log in SearchLog.objects.order_by("pk")] == [
        ("posting alcohol", True),
        ("posting alcohol", True),
    ]


def test_what_a_caller_changes_in_its_results_is_not_kept(guidance, new_process):
    first = search.search("posting")
    first.results[0].url = "/elsewhere/"
    assert search.search("posting").results[0].url != "/elsewhere/"


# -- nothing stale: each change shows at once with results kept ------------------


def test_a_new_synonym_list_shows_at_once(client, guidance, new_process):
    assert _sections(client, "kestrel") == []
    Synonym.objects.create(words="alcohol, kestrel")
    search.synonyms_changed()  # as the admin does
    assert _sections(client, "kestrel") == ["2"]


def test_a_changed_synonym_list_shows_at_once(client, guidance, new_process):
    synonym = Synonym.objects.create(words="alcohol, kestrel")
    search.synonyms_changed()
    assert _sections(client, "kestrel") == ["2"]
    Synonym.objects.filter(pk=synonym.pk).update(words="alcohol, drink")
    search.synonyms_changed()
    assert _sections(client, "kestrel") == []


def test_a_best_bet_shows_at_once_and_goes_at_once(client, guidance, new_process):
    assert _sections(client, "internet libel")[0] == "3"
    bet = BestBet.objects.create(
        query="internet libel", document=guidance.document, section_slug="1-introduction"
    )
    assert _sections(client, "internet libel")[0] == "1"
    # A queryset update sends no signal: the database's trigger still sees it.
    BestBet.objects.filter(pk=bet.pk).update(is_active=False)
    assert _sections(client, "internet libel")[0] == "3"


def test_a_new_version_shows_at_once(client, guidance, new_process):
    assert _sections(client, "kestrel") == []
    assert _sections(client, "libel") == ["3"]
    draft = new_draft_from(guidance)
    section = draft.sections.get(number="3")
    section.body = "A kestrel may be libel."
    section.save()
    assert _sections(client, "kestrel") == []  # a draft is not searched
    publish(draft)
    hits = client.get(API, {"q": "kestrel"}).json()["results"]
    assert [(hit["section"], hit["version"]) for hit in hits] == [("3", 2)]


def test_a_withdrawn_document_goes_at_once_and_comes_back_when_restored(
    client, guidance, new_process
):
    assert _sections(client, "libel") == ["3"]
    publishing.withdraw(guidance.document)
    assert _sections(client, "libel") == []
    publishing.restore(guidance.document)
    assert _sections(client, "libel") == ["3"]


def test_a_renamed_document_shows_its_new_title_at_once(client, guidance, new_process):
    client.get(API, {"q": "libel"})
    type(guidance.document).objects.filter(pk=guidance.document_id).update(title="New Title")
    assert client.get(API, {"q": "libel"}).json()["results"][0]["document_title"] == "New Title"


@pytest.mark.parametrize(
    "change",
    [
        lambda v: Synonym.objects.create(words="a, b"),
        lambda v: BestBet.objects.create(query="x", document=v.document, section_slug="s"),
        lambda v: SearchEntry.objects.filter(version=v).update(is_current=False),
        lambda v: SearchTerm.objects.all().delete(),
        lambda v: new_draft_from(v),
        lambda v: type(v.document).objects.filter(pk=v.document_id).update(title="T"),
    ],
    ids=["synonym", "best bet", "index", "vocabulary", "version", "document"],
)
def test_every_table_search_reads_changes_the_generation(guidance, change):
    before = cache.generation()
    assert before is not None
    change(guidance)
    assert cache.generation() != before


def test_a_generation_rolled_back_is_never_used_again(guidance):
    from django.db import transaction

    before = cache.generation()
    seen = set()
    for _ in range(3):
        with pytest.raises(RuntimeError), transaction.atomic():
            Synonym.objects.create(words="a, b")
            seen.add(cache.generation())
            raise RuntimeError
        assert cache.generation() == before
    assert before not in seen and len(seen) == 3
