"""Search in the browser: axe-core finds nothing on the search and report pages
(desktop and 320px), they reflow and ask no other host for anything (one load
each); the
suggestions as you type work from the keyboard; search works without JavaScript."""

import pytest

from protocol.models import SearchLog
from tests.browser.pages import PageType, log_in, open_page

pytestmark = pytest.mark.browser


@pytest.fixture
def search_logs(db):
    from django.utils import timezone

    for query, results, clicked in [("alcohol", 3, True), ("parking", 0, False), ("x", 2, False)]:
        SearchLog.objects.create(
            query=query,
            result_count=results,
            clicked_at=timezone.now() if clicked else None,
            clicked_rank=1 if clicked else None,
        )
    return SearchLog.objects.all()


SEARCH_PAGES = [
    PageType("search, empty", lambda _: "/search/", data="sample_version"),
    PageType("search results", lambda _: "/search/?q=alcohol", data="sample_version"),
    PageType(
        "search results, did you mean, earlier versions",
        lambda _: "/search/?q=defamaton&earlier=on",
        data="sample_version",
    ),
    PageType("search, no result", lambda _: "/search/?q=parking+permits", data="sample_version"),
    PageType("search report", lambda _: "/search/report/", persona="officer", data="search_logs"),
    PageType(
        "search report, wrong period",
        lambda _: "/search/report/?start=2026-05-01&end=2026-04-01",
        persona="officer",
        data="search_logs",
    ),
]


@pytest.mark.parametrize("page_type", SEARCH_PAGES, ids=str)
def test_search_page_meets_wcag_reflows_and_asks_no_other_host(
    request, page, page_type, check_page
):
    open_page(request, page, page_type)
    check_page(page)


def test_the_results_show_highlighted_words_and_lead_to_the_rule(page, sample_version):
    page.goto("/search/?q=drinks")
    first = page.locator(".search-result").first
    assert first.locator("mark").first.inner_text().lower() in {"alcohol", "drinking"}
    with page.expect_navigation():
        first.get_by_role("link").click()
    assert "/protocol/" in page.url and "#dont-" in page.url
    assert SearchLog.objects.get().clicked_rank == 1


def test_suggestions_appear_as_you_type_and_work_from_the_keyboard(page, sample_version, axe_check):
    asked = []
    page.on(
        "request",
        lambda request: (
            asked.append((request.method, request.url))
            if "/api/search/suggest" in request.url
            else None
        ),
    )
    page.goto("/")
    box = page.locator("#site-search-q")
    box.press_sequentially("alco", delay=30)
    listbox = page.get_by_role("listbox")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    assert options.count() >= 1
    # Asked by POST: what was typed is in no address, so in no access log.
    assert asked and all(method == "POST" and "?" not in url for method, url in asked)
    axe_check(page)
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    with page.expect_navigation():
        box.press("Enter")
    assert "/protocol/" in page.url
    page.goto("/")
    page.locator("#site-search-q").press_sequentially("alco", delay=30)
    page.get_by_role("listbox").wait_for(state="visible")
    page.locator("#site-search-q").press("Escape")
    assert page.locator("#site-search-q").get_attribute("aria-expanded") == "false"


def test_search_works_without_javascript(browser, live_server, sample_version):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        page.fill("#site-search-q", "photographs")
        with page.expect_navigation():
            page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()
        assert "/search/?q=photographs" in page.url
        assert page.locator(".search-result").count() >= 1
        assert page.get_by_role("listbox").count() == 0
    finally:
        context.close()


def test_the_officer_reaches_the_report_from_the_admin(page, officer, search_logs):
    log_in(page, officer)
    page.goto("/admin/")
    with page.expect_navigation():
        page.get_by_role("link", name="Search report").first.click()
    assert page.url.endswith("/search/report/")
    assert page.locator("h1").inner_text() == "Search report"
