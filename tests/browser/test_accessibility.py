"""Every page type meets WCAG 2.2 AA and works for people the way the design promises.

axe-core finds nothing on any page type, at desktop width and at 320 CSS pixels;
nothing scrolls sideways at 320 pixels; no page asks any other host for anything
or trips the Content Security Policy (all in one load of each page type:
``check_page``); the first Tab reaches "Skip to main content"; reading works
with JavaScript off; print leaves the navigation out.
"""

import pytest

from tests.browser.pages import PageType, open_page

pytestmark = pytest.mark.browser


def _first_section(version):
    return version.sections.order_by("order").first()


def _log_out(page):
    with page.expect_navigation():
        page.locator("#site-nav").get_by_role("button", name="Log out").click()


def _lock_out(page):
    from django.conf import settings

    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _fail_login(page)
    assert page.locator("h1").inner_text() == "Logging in is paused"


def _fail_login(page):
    page.fill("#id_username", "member")
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="Log in").click()


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
    PageType("login paused after wrong passwords", lambda _: "/accounts/login/", then=_lock_out),
    PageType("two-step login", lambda _: "/accounts/two-step/", persona="member"),
    PageType("two-step login set-up", lambda _: "/accounts/two-step/set-up/", persona="member"),
    PageType("password reset", lambda _: "/accounts/password_reset/"),
    PageType("password reset sent", lambda _: "/accounts/password_reset/done/"),
    PageType("password reset complete", lambda _: "/accounts/reset/done/"),
    PageType("logged out", lambda _: "/", persona="member", then=_log_out),
]


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=str)
def test_page_meets_wcag_reflows_and_asks_no_other_host(request, page, page_type, check_page):
    open_page(request, page, page_type)
    check_page(page)


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
