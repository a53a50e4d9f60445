"""Three documents side by side in a real browser: the home page and search
with its "Search in" filter meet WCAG 2.2 AA at desktop width and 320 pixels,
and the filter works without JavaScript."""

import pytest

from tests.protocol.several_documents import publish_three_documents

pytestmark = pytest.mark.browser


@pytest.fixture
def three_documents(db):
    return publish_three_documents()


def test_the_home_page_with_three_documents_meets_wcag(page, three_documents, check_page):
    page.goto("/")
    main = page.locator("main").inner_text()
    for version in three_documents:
        assert version.document.title in main
    check_page(page)


def test_search_filtered_by_document_meets_wcag_and_works_without_javascript(
    browser, live_server, three_documents, check_page, page
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto("/search/?q=officers")
        plain.select_option("#id_document", label="Member–Officer Relations Protocol")
        with plain.expect_navigation():
            plain.get_by_role("search", name="Search the guidance").get_by_role(
                "button", name="Search"
            ).click()
        assert "document=memberofficer-relations-protocol" in plain.url
        results = plain.locator(".search-meta").all_inner_texts()
        assert results and all("Member–Officer" in text for text in results)
    finally:
        context.close()
    page.goto("/search/?q=officers&document=memberofficer-relations-protocol")
    check_page(page)
