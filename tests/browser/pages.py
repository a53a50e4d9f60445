"""What browser tests share besides fixtures: the two window sizes every page is
checked at, and logging in through the form as a person would."""

from tests.factories import PASSWORD

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow: 320 CSS pixels wide


def log_in(page, user, password=PASSWORD):
    """Log ``user`` in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="Log in").click()
    assert "/accounts/login/" not in page.url, f"login as {user} failed: still on {page.url}"
