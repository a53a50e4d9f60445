"""The Monitoring Officer's figures in a real browser: WCAG 2.2 AA at desktop width
and 320 pixels (with figures and with a bad period), no sideways scrolling of
the page at 320 pixels, the period form works with Enter and without
JavaScript, and a CSV table downloads."""

import random

import pytest

from bench.staff_figures import build
from tests.browser.pages import DESKTOP, NARROW, log_in

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(NARROW, id="320px")]


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


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_figures_page_has_no_wcag_22_aa_violations(page, figures_officer, axe_check):
    _open(page, figures_officer)
    assert page.locator("h1").inner_text() == "Figures on advice requests"
    assert page.locator("svg.figure-bar").count() > 20
    axe_check(page)


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_figures_page_with_a_bad_period_has_no_wcag_22_aa_violations(
    page, figures_officer, axe_check
):
    _open(page, figures_officer, "?start=2026-03-15&end=2026-03-01")
    assert "The start date is after the end date" in page.locator("main").inner_text()
    axe_check(page)


def test_figures_page_requests_nothing_from_other_hosts_and_breaks_no_csp_rule(
    page, figures_officer, live_server, requests_made, console_errors
):
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    _open(page, figures_officer)
    page.wait_for_load_state("networkidle")
    assert failed == []
    elsewhere = [url for url in requests_made if not url.startswith(live_server.url + "/")]
    assert elsewhere == []
    # The browser's own favicon.ico request is the only 404 (not a page resource, so
    # not in ``failed``); anything else in the console, such as a CSP violation, fails.
    assert [error for error in console_errors if "Failed to load resource" not in error] == []


@pytest.mark.parametrize("viewport", [NARROW], ids=["320px"], indirect=True)
def test_figures_page_reflows_at_320px(page, figures_officer):
    _open(page, figures_officer)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], widths


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
