"""Every page type meets WCAG 2.2 AA and works for people the way the design promises.

axe-core finds nothing on any page type, at desktop width and at 320 CSS pixels;
nothing scrolls sideways at 320 pixels; no page asks any other host for anything
or trips the Content Security Policy; the first Tab reaches "Skip to main
content"; reading works with JavaScript off; print leaves the navigation out.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.browser.pages import DESKTOP, NARROW, log_in

pytestmark = pytest.mark.browser


def _first_section(version):
    return version.sections.order_by("order").first()


def _log_out(page):
    with page.expect_navigation():
        page.locator("#site-nav").get_by_role("button", name="Log out").click()


def _fail_login(page):
    page.fill("#id_username", "member")
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="Log in").click()


@dataclass(frozen=True)
class PageType:
    """A kind of page: how to reach one, as whom, and with which data in place."""

    name: str
    path: Callable  # the fixture's value -> the path to open
    persona: str | None = None  # log in as this persona fixture first
    data: str | None = None  # the fixture that puts the page's content in place
    then: Callable | None = None  # what to do once the page has opened

    def __str__(self):
        return self.name


PAGE_TYPES = [
    PageType("home", lambda _: "/", data="sample_version"),
    PageType("home, logged in", lambda _: "/", persona="member", data="sample_version"),
    PageType("accessibility statement", lambda _: "/accessibility/"),
    PageType(
        "contents",
        lambda v: f"/protocol/{v.document.slug}/",
        persona="member",
        data="sample_version",
    ),
    PageType(
        "section",
        lambda v: f"/protocol/{v.document.slug}/{_first_section(v).slug}/",
        data="sample_version",
    ),
    PageType(
        "whole document",
        lambda v: f"/protocol/{v.document.slug}/all/",
        data="sample_version",
    ),
    PageType(
        "superseded version's section",
        lambda h: f"/protocol/{h[0].slug}/v1/{_first_section(h[1]).slug}/",
        data="document_with_history",
    ),
    PageType(
        "versions",
        lambda h: f"/protocol/{h[0].slug}/versions/",
        persona="member",
        data="document_with_history",
    ),
    PageType(
        "what changed",
        lambda h: f"/protocol/{h[0].slug}/compare/",
        data="document_with_history",
    ),
    PageType(
        "acknowledge",
        lambda v: f"/protocol/{v.document.slug}/acknowledge/",
        persona="member",
        data="sample_version",
    ),
    PageType(
        "compare, with an error",
        lambda h: f"/protocol/{h[0].slug}/compare/?from=1&to=1",
        data="document_with_history",
    ),
    PageType(
        "as of a date, with an error",
        lambda h: f"/protocol/{h[0].slug}/as-of/?date=1900-01-01",
        data="document_with_history",
    ),
    PageType(
        "draft preview",
        lambda d: f"/protocol/{d.document.slug}/v{d.number}/",
        persona="officer",
        data="draft_version",
    ),
    PageType("login", lambda _: "/accounts/login/"),
    PageType("login, wrong password", lambda _: "/accounts/login/", then=_fail_login),
    PageType("password reset", lambda _: "/accounts/password_reset/"),
    PageType("password reset sent", lambda _: "/accounts/password_reset/done/"),
    PageType("password reset complete", lambda _: "/accounts/reset/done/"),
    PageType("logged out", lambda _: "/", persona="member", then=_log_out),
]

VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(NARROW, id="320px")]


def open_page(request, page, page_type):
    """Put the page type's data in place, log in if need be, and open it."""
    data = request.getfixturevalue(page_type.data) if page_type.data else None
    if page_type.persona:
        log_in(page, request.getfixturevalue(page_type.persona))
    path = page_type.path(data)
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    if page_type.then:
        page_type.then(page)
    return page


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=str)
def test_page_has_no_wcag_22_aa_violations(request, page, page_type, axe_check):
    open_page(request, page, page_type)
    axe_check(page)


@pytest.mark.parametrize("viewport", [NARROW], ids=["320px"], indirect=True)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=str)
def test_page_reflows_at_320px_without_horizontal_scrolling(request, page, page_type):
    open_page(request, page, page_type)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], (
        f"{page.url} is {widths['scroll']}px wide in a {widths['client']}px window; "
        "widest elements: " + ", ".join(_widest_elements(page))
    )


def _widest_elements(page):
    return page.evaluate(
        """() => {
            const limit = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > limit)
                .slice(-5)
                .map(el => `<${el.tagName.toLowerCase()}`
                    + (el.id ? ` id="${el.id}"` : '')
                    + (el.className && typeof el.className === 'string'
                        ? ` class="${el.className}"` : '')
                    + `> to ${Math.round(el.getBoundingClientRect().right)}px`);
        }"""
    )


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=str)
def test_page_requests_nothing_from_other_hosts_and_breaks_no_csp_rule(
    request, page, page_type, live_server, requests_made, console_errors
):
    open_page(request, page, page_type)
    page.wait_for_load_state("networkidle")
    elsewhere = [url for url in requests_made if not url.startswith(live_server.url + "/")]
    assert not elsewhere, f"requests to other hosts from {page.url}: {elsewhere}"
    assert not console_errors, f"console errors on {page.url}: {console_errors}"


def test_first_tab_reaches_skip_link_to_main_content(page, sample_version):
    page.goto(f"/protocol/{sample_version.document.slug}/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Skip to main content", "href": "#main"}
    assert page.locator("#main").count() == 1
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_reading_works_with_javascript_disabled(browser, live_server, sample_version):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/protocol/{sample_version.document.slug}/")
        section = _first_section(sample_version)
        with page.expect_navigation():
            page.locator("main").get_by_role("link", name=section.title, exact=True).click()
        assert page.url.endswith(f"/{section.slug}/")
        assert section.title in page.locator("h1").inner_text()
    finally:
        context.close()


def test_printing_the_whole_document_leaves_out_the_site_navigation(page, sample_version):
    page.goto(f"/protocol/{sample_version.document.slug}/all/")
    assert page.locator("#site-nav").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("#site-nav").is_visible()
    assert not page.locator("body > header").is_visible()
    assert page.locator("main h1").is_visible()
