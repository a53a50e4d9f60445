"""The Monitoring Officer's figures in a real browser: WCAG 2.2 AA at desktop width
and 320 pixels (with figures and with a bad period), no sideways scrolling of
the page at 320 pixels, the period form works with Enter and without
JavaScript, and a CSV table downloads."""

import random

import pytest

from bench.staff_figures import build
from tests.browser.pages import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def figures_officer(db, sample_version):
    """The Monitoring Officer, over 400 requests of the last 26 weeks in eight topics."""
    officer = build(random.Random(7), requests=400, members=20, guidance=80)
    officer.set_password("a-long-enough-password-1")
    officer.save()
    return officer


def _open(page, officer, query=""):
    log_in(page, officer, password="a-long-enough-password-1")
    response = page.goto(f"/staff/figures/{query}")
    assert response is not None and response.ok


def test_figures_page_meets_wcag_reflows_and_asks_no_other_host(page, figures_officer, check_page):
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    _open(page, figures_officer)
    assert page.locator("h1").inner_text() == "Figures on advice requests"
    assert page.locator("svg.figure-bar").count() > 20
    check_page(page)
    assert failed == []


def test_figures_page_with_a_bad_period_meets_wcag_and_reflows(page, figures_officer, check_page):
    _open(page, figures_officer, "?start=2026-03-15&end=2026-03-01")
    assert "The start date is after the end date" in page.locator("main").inner_text()
    check_page(page)


def test_the_period_form_works_with_enter_and_without_javascript(
    browser, live_server, figures_officer
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        _open(page, figures_officer)
        page.fill("#id_start", "2026-01-05")
        page.fill("#id_end", "2026-02-01")
        with page.expect_navigation():
            page.press("#id_end", "Enter")
        assert "start=2026-01-05" in page.url and "end=2026-02-01" in page.url
        main = page.locator("main").inner_text()
        assert "From 5 January 2026 to 1 February 2026" in main
        assert page.locator("#per-week + figure tbody tr").count() == 4  # four weeks

        page.fill("#id_start", "2026-02-09")
        with page.expect_navigation():
            page.press("#id_start", "Enter")
        assert "The start date is after the end date" in page.locator("main").inner_text()
        assert page.input_value("#id_start") == "2026-02-09"  # what was typed is kept
    finally:
        context.close()


def test_a_csv_table_downloads(page, figures_officer):
    _open(page, figures_officer)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download requests per week by topic as CSV").click()
    assert download.value.suggested_filename.startswith("advice-topics-")
    with open(download.value.path(), encoding="utf-8") as csv_file:
        assert csv_file.readline().startswith("Week commencing,All requests,")
