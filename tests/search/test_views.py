"""The search page, the JSON API, click tracking and the Monitoring Officer's report."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from protocol.models import Rule, SearchLog
from protocol.search.log import redact
from tests import factories
from tests.search.factories import publish_document, publish_online_conduct

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance(db):
    return publish_online_conduct()


def get_page(client, **params):
    return client.get(reverse("search:page"), params)


# --- the search box and the page ------------------------------------------------------


def test_every_page_has_a_labelled_search_box(client, sample_version):
    for url in ["/", reverse("protocol:contents", args=[sample_version.document.slug])]:
        html = client.get(url).content.decode()
        assert 'role="search"' in html
        assert '<label for="site-search-q"' in html and 'id="site-search-q" name="q"' in html
        assert f'action="{reverse("search:page")}"' in html


def test_the_search_page_shows_results_best_first_with_highlights_and_links(client, guidance):
    response = get_page(client, q="can I post after drinks")
    html = response.content.decode()
    assert response.status_code == 200
    assert "result" in html and "<mark>alcohol</mark>" in html
    results = response.context["page"].object_list
    assert results[0].section == "2"
    assert results[0].url.endswith("#" + guidance.sections.get(number="2").rules.get().anchor)
    assert html.count("<h1") == 1


def test_the_search_page_without_a_query_shows_only_the_form(client, guidance):
    response = get_page(client)
    assert response.status_code == 200
    assert response.context["results"] is None
    assert not SearchLog.objects.exists()


def test_no_result_says_so_and_offers_simpler_words_and_asking(client, guidance):
    html = get_page(client, q="parking permits").content.decode()
    assert "No guidance matched “parking permits”" in html
    assert "simpler words" in html
    assert "Ask the Monitoring Officer" in html


def test_a_corrected_query_offers_did_you_mean(client, guidance):
    html = get_page(client, q="libal").content.decode()
    assert "Did you mean" in html
    assert f"{reverse('search:page')}?q=libel" in html


def test_earlier_versions_on_request_marked_superseded(client, guidance):
    from protocol.publishing import new_draft_from, publish

    draft = new_draft_from(guidance)
    section = draft.sections.get(number="3")
    section.body = "Take legal advice first."
    section.save()
    publish(draft)
    assert "No guidance matched" in get_page(client, q="untrue statement").content.decode()
    response = get_page(client, q="untrue statement", earlier="on")
    hit = response.context["page"].object_list[0]
    assert hit.superseded and hit.version == 1
    assert "Superseded" in response.content.decode()


def test_every_page_of_earlier_versions_results_links_to_the_rules_that_matched(client, db):
    document = factories.make_document("Many", "many")
    for _ in range(12):
        factories.make_version(document, sections=1, rules_per_section=2, status="published")
    anchors = dict(
        Rule.objects.filter(section__version__document=document, order=2).values_list(
            "section__version__number", "anchor"
        )
    )
    assert len(anchors) == 12
    seen = []
    for page in ["1", "2"]:
        response = get_page(client, q="rule 2", earlier="on", page=page)
        for hit in response.context["page"].object_list:
            assert hit.url.endswith(f"/#{anchors[hit.version]}"), hit.url
            assert f"{anchors[hit.version]}" in response.content.decode()
            seen.append(hit.version)
    assert sorted(seen) == list(range(1, 13))


@pytest.mark.parametrize(
    "query",
    ["", "!!!", '" * ( ) NEAR OR -', "x" * 5000, "1' OR '1'='1", "<script>", "Привет 你好"],
)
def test_bad_input_gives_a_normal_page(client, guidance, query):
    response = get_page(client, q=query, page="not-a-number", earlier="maybe")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>")[1]


def test_the_query_is_kept_in_the_box(client, guidance):
    html = get_page(client, q="alcohol & <friends>").content.decode()
    assert 'value="alcohol &amp; &lt;friends&gt;"' in html


def test_results_are_paginated(client, db):
    publish_document(
        "Many", [(str(n), f"Heron note {n}", "About the heron.", []) for n in range(1, 26)]
    )
    first = get_page(client, q="heron")
    assert len(first.context["page"].object_list) == 10
    assert first.context["page"].paginator.count == 25
    third = get_page(client, q="heron", page=3)
    assert len(third.context["page"].object_list) == 5
    assert SearchLog.objects.count() == 1  # later pages are not logged again


def test_search_follows_the_reading_rule(client, member_client, guidance, settings):
    settings.PROTOCOL_REQUIRE_LOGIN = True
    response = get_page(client, q="alcohol")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert get_page(member_client, q="alcohol").context["page"].object_list


# --- the log and the clicks -------------------------------------------------------------


def test_a_search_is_logged_without_identity(member_client, guidance):
    get_page(member_client, q="  Alcohol   posting ")
    log = SearchLog.objects.get()
    assert log.query == "alcohol posting"
    assert log.result_count >= 1
    field_names = {f.name for f in SearchLog._meta.get_fields()}
    assert not field_names & {"user", "session", "ip", "ip_address", "user_agent"}


def test_a_search_that_found_something_keeps_only_the_guidances_words(client, guidance):
    typed = (
        "can Jo Bloggs of 12 High Street born 12/03/1970 post facebook.com/jo.bloggs "
        "jo.bloggs@example.com 07700 900123 after alcohol"
    )
    response = get_page(client, q=typed)
    assert response.context["page"].object_list  # the search itself used every word
    assert f"“{typed}”" in response.content.decode()  # the member sees what they typed
    assert SearchLog.objects.get().query == "post alcohol"


def test_a_name_typed_beside_the_guidances_words_is_not_kept(client, guidance):
    get_page(client, q="alcohol Smith")
    get_page(client, q="alcohol")
    assert list(SearchLog.objects.order_by("pk").values_list("query", flat=True)) == [
        "alcohol",
        "alcohol",
    ]


@pytest.mark.parametrize(
    "typed, logged",
    [
        ("can I post jo.bloggs@example.com", "can I post [email]"),
        ("call 07700 900123", "call [number]"),
        ("ring +44 (0)161 496 0000", "ring [number]"),
        ("@jobloggs is drunk", "[handle] is drunk"),
        ("leaflets in M1 1AE", "leaflets in [postcode]"),
        ("see https://example.com/jo?id=7", "see [link]"),
        ("see facebook.com/jo.bloggs and x.com/jo", "see [link] and [link]"),
        ("born 12/03/1970 or 1.3.70", "born [date] or [date]"),
        ("born 3rd March 1970, 4 jan 71", "born [date], [date]"),
        ("lives at 12 High Street or 4a Mill Lane", "lives at [address] or [address]"),
        ("section 5 may apply, section 13, 2026", "section 5 may apply, section 13, 2026"),
    ],
)
def test_personal_details_a_pattern_recognises_are_redacted(typed, logged):
    assert redact(typed) == logged


def test_a_search_that_found_nothing_keeps_its_words_less_personal_details(client, guidance):
    response = get_page(client, q="zzyzx 12 High Street")
    assert not response.context["page"].object_list
    assert SearchLog.objects.get().query == "zzyzx [address]"


def test_a_suggestion_is_logged_without_personal_details(client, guidance):
    get_page(client, q="alcahol jo@example.com")
    log = SearchLog.objects.get()
    assert log.suggestion == "alcohol [email]"
    assert log.query == ("alcahol [email]" if not log.result_count else "")


def test_following_a_result_records_the_click_and_goes_there(client, guidance):
    response = get_page(client, q="alcohol")
    hit = response.context["page"].object_list[0]
    assert hit.link.startswith(reverse("search:go", args=["x"])[: -len("x/")])
    followed = client.get(hit.link)
    assert followed.status_code == 302
    assert followed["Location"] == hit.url
    log = SearchLog.objects.get()
    assert log.clicked_at is not None and log.clicked_rank == 1


def test_the_click_link_goes_nowhere_outside_the_portal(client, guidance):
    hit = get_page(client, q="alcohol").context["page"].object_list[0]
    token_url = hit.link.split("?")[0]
    for target in ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]:
        assert client.get(token_url, {"to": target}).status_code == 404
    assert SearchLog.objects.get().clicked_at is None


def test_an_altered_click_token_still_goes_but_records_nothing(client, guidance):
    get_page(client, q="alcohol")
    response = client.get(reverse("search:go", args=["forged"]), {"to": "/protocol/x/"})
    assert response.status_code == 302
    assert SearchLog.objects.get().clicked_at is None


# --- the JSON API ----------------------------------------------------------------------


def test_the_api_returns_the_agreed_shape(client, guidance):
    response = client.get(reverse("search:api"), {"q": "copywrite statment", "limit": 2})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert set(data) == {"query", "suggestion", "results"}
    assert data["query"] == "copywrite statment"
    assert data["suggestion"] == "copyright statement"
    assert 1 <= len(data["results"]) <= 2
    first = data["results"][0]
    assert {"document", "version", "section", "title", "url", "snippet"} <= set(first)
    assert first == {
        **first,
        "document": "online-conduct",
        "version": 1,
        "section": "3",
        "title": "Legal issues",
        "url": "/protocol/online-conduct/3-legal-issues/",
        "superseded": False,
    }
    assert "<mark>" in first["snippet"]


def test_the_api_with_nothing_found(client, guidance):
    data = client.get(reverse("search:api"), {"q": ""}).json()
    assert data == {"query": "", "suggestion": None, "results": []}
    data = client.get(reverse("search:api"), {"q": "aardvark", "limit": "many"}).json()
    assert data["results"] == []


def test_the_api_limit_is_bounded(client, db):
    publish_document("Lots", [(str(n), f"Egret {n}", "An egret.", []) for n in range(1, 80)])
    assert len(client.get(reverse("search:api"), {"q": "egret"}).json()["results"]) == 5
    assert (
        len(client.get(reverse("search:api"), {"q": "egret", "limit": 500}).json()["results"]) == 50
    )
    assert (
        len(client.get(reverse("search:api"), {"q": "egret", "limit": -3}).json()["results"]) == 1
    )


def test_the_api_has_the_reading_pages_access_rule(client, member_client, guidance, settings):
    settings.PROTOCOL_REQUIRE_LOGIN = True
    response = client.get(reverse("search:api"), {"q": "alcohol"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Log in to search the guidance."}
    assert member_client.get(reverse("search:api"), {"q": "alcohol"}).json()["results"]
    settings.PROTOCOL_REQUIRE_LOGIN = False
    assert client.get(reverse("search:api"), {"q": "alcohol"}).json()["results"]


def test_the_api_does_not_log(client, guidance):
    client.get(reverse("search:api"), {"q": "alcohol"})
    client.get(reverse("search:suggest"), {"q": "alco"})
    assert not SearchLog.objects.exists()


def test_suggestions_as_you_type(client, guidance):
    data = client.get(reverse("search:suggest"), {"q": "alco"}).json()
    assert data["results"][0]["section"] == "2"


def test_the_api_refuses_other_methods(client, guidance):
    for method in (client.put, client.delete, client.patch):
        assert method(reverse("search:api"), {"q": "alcohol"}).status_code == 405


# --- query counts -------------------------------------------------------------------------


def _build(slug, sections, versions):
    document = factories.make_document(slug.title(), slug)
    for _ in range(versions):
        factories.make_version(document, sections=sections, rules_per_section=3, status="published")


def _count(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("earlier", ["", "on"])
def test_search_runs_the_same_queries_for_small_and_large_data(client, db, earlier):
    # Building the large data changes the search generation: nothing kept is reused.
    _build("small", sections=2, versions=1)
    small = {
        name: _count(client, url, {"q": q, "earlier": earlier})
        for name, url, q in [
            ("page", reverse("search:page"), "section body"),
            ("typo", reverse("search:page"), "sectoin bodyy"),
            ("api", reverse("search:api"), "rule section"),
            ("suggest", reverse("search:suggest"), "sect"),
        ]
    }
    _build("large", sections=60, versions=6)
    large = {
        name: _count(client, url, {"q": q, "earlier": earlier})
        for name, url, q in [
            ("page", reverse("search:page"), "section body"),
            ("typo", reverse("search:page"), "sectoin bodyy"),
            ("api", reverse("search:api"), "rule section"),
            ("suggest", reverse("search:suggest"), "sect"),
        ]
    }
    assert small == large


def test_the_report_runs_the_same_queries_for_few_and_many_searches(officer_client, db):
    SearchLog.objects.create(query="one", result_count=0)
    url = reverse("search:report")
    few = _count(officer_client, url, {})
    SearchLog.objects.bulk_create(
        SearchLog(query=f"query {n % 40}", result_count=n % 3) for n in range(500)
    )
    assert _count(officer_client, url, {}) == few


# --- the report ----------------------------------------------------------------------------


def _log(query, *, results=1, clicked=False, days_ago=0):
    now = timezone.now() - timedelta(days=days_ago)
    return SearchLog.objects.create(
        query=query,
        result_count=results,
        searched_at=now,
        clicked_at=now if clicked else None,
        clicked_rank=1 if clicked else None,
    )


def test_the_report_shows_frequent_searches_and_those_that_failed(officer_client, db):
    for _ in range(3):
        _log("alcohol", clicked=True)
    _log("alcohol", clicked=False)
    _log("parking", results=0)
    _log("parking", results=0)
    _log("expenses", results=2)
    _log("ancient history", results=0, days_ago=90)
    _log("", results=3)  # none of the guidance's words: counted, not listed
    response = officer_client.get(reverse("search:report"))
    assert response.status_code == 200
    context = response.context
    assert context["totals"] == {"searches": 8, "no_result": 2, "no_click": 3}
    assert [(r["query"], r["searches"], r["clicks"]) for r in context["frequent"]][:2] == [
        ("alcohol", 4, 3),
        ("parking", 2, 0),
    ]
    assert [(r["query"], r["searches"]) for r in context["no_result"]] == [("parking", 2)]
    assert [(r["query"], r["searches"]) for r in context["no_click"]] == [
        ("alcohol", 1),
        ("expenses", 1),
    ]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f"{reverse('admin:protocol_synonym_add')}?words=parking" in html
    assert f"{reverse('admin:protocol_bestbet_add')}?query=expenses" in html


def test_the_report_covers_the_chosen_period(officer_client, db):
    _log("recent")
    _log("old", days_ago=60)
    today = timezone.localdate()
    response = officer_client.get(
        reverse("search:report"),
        {
            "start": (today - timedelta(days=70)).isoformat(),
            "end": (today - timedelta(days=50)).isoformat(),
        },
    )
    assert [r["query"] for r in response.context["frequent"]] == ["old"]


def test_a_backwards_period_is_an_error_shown_at_the_field_and_the_top(officer_client, db):
    response = officer_client.get(
        reverse("search:report"), {"start": "2026-05-01", "end": "2026-04-01"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert html.count("The end of the period must be on or after its start.") == 2
    assert 'value="2026-05-01"' in html


def test_a_nonsense_date_is_an_error_not_a_crash(officer_client, db):
    response = officer_client.get(reverse("search:report"), {"start": "yesterday-ish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_start">Enter the start of the period as a date' in html


def test_only_the_monitoring_officer_sees_the_report(client, member_client, comms_client, db):
    url = reverse("search:report")
    assert client.get(url).status_code == 302
    assert member_client.get(url).status_code == 403
    assert comms_client.get(url).status_code == 403


def test_the_admin_lists_the_report_and_links_to_it(officer_client, db):
    index = officer_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:protocol_searchlog_changelist") in index
    response = officer_client.get(reverse("admin:protocol_searchlog_changelist"))
    assert response.status_code == 302 and response["Location"] == reverse("search:report")


@pytest.mark.parametrize(
    "period",
    [
        {"end": "9999-12-31"},
        {"start": "0001-01-01", "end": "9999-12-31"},
        {"start": "0001-01-01"},
    ],
)
def test_a_date_at_the_calendars_end_is_refused_with_a_message(officer_client, db, period):
    response = officer_client.get(reverse("search:report"), period)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a date between 1/1/2000 and 31/12/2100." in html
    for value in period.values():
        assert f'value="{value}"' in html  # what was typed is kept


# --- asked by POST, so members' words stay out of access logs ---------------------------


def _csrf_client():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("name", ["search:api", "search:suggest"])
def test_the_scripts_post_their_words_with_the_token_the_portal_gives(name, guidance):
    client = _csrf_client()
    token = client.get(reverse("search:token"))
    assert "no-store" in token["Cache-Control"]
    response = client.post(
        reverse(name),
        {"q": "alcohol", "limit": 1},
        HTTP_X_CSRFTOKEN=token.json()["csrf_token"],
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
    assert not SearchLog.objects.exists()  # the API is not logged


@pytest.mark.parametrize("name", ["search:api", "search:suggest"])
def test_a_post_without_the_token_is_refused(name, guidance):
    assert _csrf_client().post(reverse(name), {"q": "alcohol"}).status_code == 403


def test_the_api_still_answers_a_get_as_documented(client, guidance):
    assert client.get(reverse("search:api"), {"q": "alcohol"}).json()["results"]


def test_the_scripts_send_suggestions_by_post():
    from tests.factories import PROJECT

    search_js = (PROJECT / "static/portal/search.js").read_text()
    advice_js = (PROJECT / "static/portal/advice.js").read_text()
    for script in (search_js, advice_js):
        assert 'method: "POST"' in script
        assert "?q=" not in script and "&q=" not in script
