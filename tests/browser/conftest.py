"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium is /usr/bin/chromium (``CHROMIUM`` overrides it); Playwright's own
browser downloads are never used. A browser that cannot start is a failure with
the reason, never a skip: these tests are how the portal shows it meets WCAG 2.2
AA and makes no third-party request.

Fixtures:

``browser``      one headless Chromium for all the browser tests
``context``      a fresh browser context per test (desktop viewport; see ``NARROW``)
``page``         a page in that context; ``page.goto`` takes paths, e.g. ``page.goto("/")``
``requests_made``  every URL the test's context requested, in order
``console_errors`` every console error the test's pages logged (CSP violations among them)
``failed_resources`` every style, script, image ... that answered 400 or more
``axe_check``    ``axe_check(page)`` runs axe-core with the WCAG 2.2 AA tags and fails
                 the test with a readable list of any violation
``check_page``   ``check_page(page)``: every check a page type gets, in one load
                 (tests/browser/pages.py)
``login``        ``login(page, user)`` logs ``user`` in through the login form
"""

import os

import pytest

# Playwright's sync API keeps an asyncio event loop running in the main thread,
# which Django would otherwise take for async code calling the ORM.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.pages import DESKTOP, assert_no_axe_violations, log_in  # noqa: E402
from tests.browser.pages import check_page as check_page_once  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Fail rather than hang when a page never shows what a test waits for.
TIMEOUT_MS = 15_000


# Package scope: one Chromium for every browser test, stopped when they are done
# so that Playwright's event loop does not stay running under the rest of the suite.
@pytest.fixture(scope="package")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium), "
            "so the browser tests cannot run.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        except PlaywrightError as error:
            chromium, reason = None, str(error)
        if chromium is None:
            pytest.fail(f"Chromium at {CHROMIUM} did not start:\n{reason}", pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture
def viewport(request):
    """The viewport of ``context``: desktop unless parametrised (indirect) with another."""
    return getattr(request, "param", DESKTOP)


@pytest.fixture
def requests_made():
    return []


@pytest.fixture
def console_errors():
    return []


@pytest.fixture
def failed_resources():
    return []


@pytest.fixture
def context(browser, live_server, viewport, requests_made, console_errors, failed_resources):
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", lambda request: requests_made.append(request.url))
    # What a page loads (styles, scripts, images) must load; the page itself may
    # answer 400 on purpose (a form with errors), so documents are not counted.
    context.on(
        "response",
        lambda response: (
            failed_resources.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    context.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="package")
def axe():
    return Axe()


@pytest.fixture
def axe_check(axe):
    """``axe_check(page)``: no WCAG 2.2 AA violation on the page as it is now."""

    def check(page, context=None):
        assert_no_axe_violations(axe, page, context)

    return check


@pytest.fixture
def check_page(axe, live_server, requests_made, console_errors, failed_resources):
    """``check_page(page)``: axe at desktop, no other host, no CSP error, then at 320
    pixels axe again and no sideways scrolling, all in the page's one load."""

    def check(page):
        check_page_once(
            page,
            axe=axe,
            origin=live_server.url,
            requests_made=requests_made,
            console_errors=console_errors,
            failed_resources=failed_resources,
        )

    return check


@pytest.fixture
def login():
    return log_in
