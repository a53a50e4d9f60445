"""What browser tests share besides fixtures: the two window sizes every page is
checked at, logging in through the form as a person would, the page types each
test file lists, and the one check every page type gets.

``check_page`` (the ``check_page`` fixture binds it) checks a page in ONE load:
once open at desktop width it waits for the network to settle, runs axe-core
(WCAG 2.2 AA), makes sure nothing was asked of another host and nothing broke
the Content Security Policy, then narrows the same window to 320 CSS pixels and
runs axe-core again and checks that nothing scrolls sideways.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.factories import PASSWORD

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow: 320 CSS pixels wide
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def log_in(page, user, password=PASSWORD):
    """Log ``user`` in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="Log in").click()
    assert "/accounts/login/" not in page.url, f"login as {user} failed: still on {page.url}"


@dataclass(frozen=True)
class PageType:
    """A kind of page: how to reach one, as whom, and with which data in place.

    ``path(data)`` gives the address to open, ``data`` naming the fixture whose value
    it is given (None without one); ``then(page)`` acts on the page once open (sends
    a form with errors, say). ``reach(page, request)`` replaces both where a page is
    reached in steps that need several fixtures.
    """

    name: str
    path: Callable[[Any], str] | None = None
    persona: str | None = None  # log in as this persona fixture first
    data: str | None = None  # the fixture that puts the page's content in place
    then: Callable | None = None
    reach: Callable | None = None

    def __str__(self):
        return self.name


def open_page(request, page, page_type: PageType):
    """Put the page type's data in place, log in if need be, and open it."""
    data = request.getfixturevalue(page_type.data) if page_type.data else None
    if page_type.persona:
        log_in(page, request.getfixturevalue(page_type.persona))
    if page_type.reach is not None:
        page_type.reach(page, request)
        return page
    path = page_type.path(data)
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    if page_type.then:
        page_type.then(page)
    return page


def describe_violations(violations):
    """axe-core's violations as lines a person can act on."""
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"\n* {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = ", ".join(str(part) for part in node["target"])
            lines.append(f"  - at {target}")
            lines.append(f"    {node['html'].strip()[:300]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"    {line}" for line in summary.splitlines())
    return "\n".join(lines)


def assert_no_axe_violations(axe, page, context=None):
    """No WCAG 2.2 AA violation on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations = axe.run(page, context=context, options=options).response["violations"]
    width = page.viewport_size["width"] if page.viewport_size else "?"
    assert not violations, f"{page.url} at {width}px\n" + describe_violations(violations)


def widest_elements(page):
    """The last few elements that reach past the window's right edge, as tags."""
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


def assert_no_sideways_scrolling(page):
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, (
        f"{page.url} is {scroll}px wide in a {client}px window; widest elements: "
        + ", ".join(widest_elements(page))
    )


def assert_nothing_from_other_hosts(
    page, origin, requests_made, console_errors, failed_resources=()
):
    """No request to another host, no console error (a CSP violation is one) and no
    resource of the page that failed. The browser also logs "Failed to load
    resource" for a page answered 400 on purpose (a form with errors): that line is
    left to ``failed_resources``, which counts every resource but the page itself."""
    elsewhere = [url for url in requests_made if not url.startswith(origin + "/")]
    assert not elsewhere, f"requests to other hosts from {page.url}: {elsewhere}"
    errors = [error for error in console_errors if not error.startswith("Failed to load resource")]
    assert not errors, f"console errors on {page.url}: {errors}"
    assert not failed_resources, f"resources that failed on {page.url}: {failed_resources}"


def check_page(page, *, axe, origin, requests_made, console_errors, failed_resources=()):
    """Every check a page type gets, in the one load the page is in now (see above)."""
    page.wait_for_load_state("networkidle")
    assert_no_axe_violations(axe, page)
    assert_nothing_from_other_hosts(page, origin, requests_made, console_errors, failed_resources)
    page.set_viewport_size(NARROW)
    assert_no_sideways_scrolling(page)
    assert_no_axe_violations(axe, page)
    assert_nothing_from_other_hosts(page, origin, requests_made, console_errors, failed_resources)
