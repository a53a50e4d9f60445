"""Check a post in the browser: axe-core finds nothing on the page, empty, with
findings and with an error (desktop and 320px, no other host, no sideways
scrolling); the check runs as the member types and announces its summary; the
form works without JavaScript; asking takes the draft only when ticked."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import PageType
from tests.postcheck.factories import ensure_default_checks, publish_sample, weigh_with_model

pytestmark = pytest.mark.browser

DRAFT = (
    "Everyone knows Cllr Harris is corrupt. Ring Mrs Patel on 07700 900123.\n\n"
    "The Westfield Road planning application comes to committee next week. "
    "I will be voting against it, no question."
)


@pytest.fixture
def sample(db):
    ensure_default_checks()
    return publish_sample()


def _submit(page, text, *feelings):
    page.fill("#id_text", text)
    for feeling in feelings:
        page.check(f"input[name=feelings][value={feeling}]")
    with page.expect_navigation():
        page.click("#check-submit")


PAGES = [
    PageType("check a post, empty", lambda _: "/check-post/", persona="member", data="sample"),
    PageType(
        "check a post, findings",
        lambda _: "/check-post/",
        persona="member",
        data="sample",
        then=lambda page: _submit(page, DRAFT, "angry"),
    ),
    PageType(
        "check a post, too long",
        lambda _: "/check-post/",
        data="sample",
        then=lambda page: _submit(page, "word " * 900),
    ),
]


@pytest.mark.parametrize("page_type", PAGES, ids=str)
def test_check_a_post_meets_wcag_reflows_and_asks_no_other_host(
    request, page, page_type, check_page
):
    from tests.browser.pages import open_page

    open_page(request, page, page_type)
    check_page(page)


def test_the_check_runs_as_the_member_types(page, sample, member, login, axe_check):
    login(page, member)
    page.goto("/check-post/")
    page.locator("#id_text").press_sequentially("Cllr Harris is corrupt.", delay=10)
    status = page.locator("#check-status")
    expect(status).to_contain_text("1 possible concern found: defamation", timeout=15_000)
    assert status.get_attribute("role") == "status"
    assert page.locator("mark.finding-passage").inner_text() == "Cllr Harris is corrupt"
    assert page.locator(".finding-label").inner_text() == "[1: Defamation]"
    page.check("input[name=feelings][value=tired]")
    expect(status).to_contain_text("2 possible concerns found", timeout=15_000)
    rule = page.locator("#finding-2 a")
    assert rule.get_attribute("href").endswith("#term-defamation")
    axe_check(page)
    page.fill("#id_text", "")
    expect(page.locator("#findings")).to_have_count(0, timeout=15_000)


def test_the_form_works_without_javascript(browser, live_server, sample):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/check-post/")
    _submit(page, DRAFT)
    assert "possible concerns found" in page.locator("#check-status").inner_text()
    labels = page.locator(".finding-label").all_inner_texts()
    assert {"[1: Defamation]", "[2: Personal data]"} <= set(labels)
    assert any(label.endswith(": Predetermination]") for label in labels)
    assert page.input_value("#id_text") == DRAFT
    context.close()


def test_asking_takes_the_draft_only_when_ticked(page, sample, member, login):
    from protocol.advice.models import Topic

    # Another live-server test may have emptied the tables the migrations filled.
    Topic.objects.get_or_create(
        purpose=Topic.Purpose.POST_CHECK, defaults={"name": "Can I say this? (before posting)"}
    )
    login(page, member)
    page.goto("/check-post/")
    _submit(page, "Cllr Harris is corrupt.")
    with page.expect_navigation():
        page.click("#ask-about-post")
    assert "/check-post/ask/" in page.url and "Harris" not in page.url
    assert "Harris" not in page.input_value("#id_question")
    assert "Can I say this?" in page.locator("#id_topic option:checked").inner_text()
    # Results are never cached (the draft is in them), so start again rather than go back.
    page.goto("/check-post/")
    _submit(page, "Cllr Harris is corrupt.")
    page.check("#id_include_draft")
    with page.expect_navigation():
        page.click("#ask-about-post")
    assert "Cllr Harris is corrupt." in page.input_value("#id_question")


def test_a_concern_only_the_model_raised_says_so_as_the_member_types(
    page, sample, member, login, monkeypatch
):
    weigh_with_model(monkeypatch, {"abuse": 0.9})
    login(page, member)
    page.goto("/check-post/")
    page.locator("#id_text").press_sequentially("Nothing listed here.", delay=10)
    status = page.locator("#check-status")
    expect(status).to_contain_text("1 possible concern found", timeout=15_000)
    expect(page.locator("#finding-1")).to_contain_text(
        "No listed word raised this: the check read the sentence as a whole"
    )
