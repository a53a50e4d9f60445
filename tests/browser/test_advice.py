"""Ask the Monitoring Officer in a real browser: every page meets WCAG 2.2 AA at
desktop width and at 320 pixels (the form with its errors too), the two steps
work without JavaScript, and with it a fast path's guidance shows at once."""

import pytest

from portal import roles
from protocol.advice import workflow
from protocol.advice.models import AdviceRequest, AnsweredByGuidance
from tests.advice.factories import QUESTION, make_topic
from tests.browser.pages import PageType, log_in, open_page

pytestmark = pytest.mark.browser


@pytest.fixture
def topics(db, sample_version):
    """A fast-path topic and an ordinary one, over the published sample protocol."""
    return {
        "abuse": make_topic(
            "Someone is threatening me",
            team=roles.MONITORING_OFFICER,
            fast_path="abuse",
            checklist="police | Report threats to the police.\nno such words | Keep a record.",
        ),
        "posting": make_topic("Can I say this?", team=roles.COMMUNICATIONS),
    }


def _png(width=40, height=30):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def _checked(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from protocol.advice import attachments

    return attachments.check(SimpleUploadedFile(name, content))


@pytest.fixture
def answered_request(member, comms, topics):
    # A question of its own: the one the tests type would be taken for a repeat of it.
    long_name = "screenshot-of-the-post-that-was-deleted-" + "x" * 60 + ".png"
    advice_request = workflow.submit_request(
        member,
        topic=topics["posting"],
        question="May I share the agenda for next week's meeting before it is published?",
        urgency="normal",
        attachments=[_checked(long_name, _png())],
    )
    workflow.reply(advice_request, comms, "Yes, **after** the meeting.")
    workflow.add_follow_up(
        advice_request,
        member,
        "Thank you.",
        attachments=[_checked("letter.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    return advice_request


NOTHING_FOUND = {"query": "", "suggestion": None, "results": []}


def _fill_form(page, topic, question=QUESTION):
    page.select_option("#id_topic", label=topic.name)
    page.fill("#id_question", question)


def _submit(page, name):
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name=name).click()


def _to_check_step(page, topics):
    # The script would show suggestions as the member types and then send at once;
    # with the search API finding nothing for the script, the server's check step
    # (what members without JavaScript always see) comes up every time.
    page.route("**/api/search", lambda route: route.fulfill(json=NOTHING_FOUND))
    page.goto("/advice/ask/")
    _fill_form(page, topics["abuse"])
    _submit(page, "Send my question")
    assert page.locator("h1").inner_text() == "Before you send your question"


def _to_confirmation(page, topics):
    _to_check_step(page, topics)
    _submit(page, "Send my question")
    assert page.locator("h1").inner_text() == "Your question has been sent"


def _with_errors(page, topics):
    page.goto("/advice/ask/")
    page.fill("#id_question", "short")
    page.fill("#id_post_url", "not a link")
    _submit(page, "Send my question")
    assert page.locator("#error-summary").is_visible()


def _to_ordinary_check_step(page, f):
    """The check step for an ordinary topic, where "Yes, this answers my question" is
    offered (after the send button)."""
    from protocol.advice import guidance
    from tests.advice.factories import FakeHit, FakeSearch

    hit = FakeHit("13. Staying out of trouble", "/protocol/", "Don't post in <mark>haste</mark>")
    f["monkeypatch"].setattr(guidance.search, "search", FakeSearch([hit]))
    page.route("**/api/search", lambda route: route.fulfill(json=NOTHING_FOUND))
    page.goto("/advice/ask/")
    _fill_form(page, f["topics"]["posting"])
    _submit(page, "Send my question")
    assert page.get_by_role("button", name="Yes, this answers my question").is_visible()


def _with_a_bad_file(page, topics):
    page.goto("/advice/ask/")
    _fill_form(page, topics["posting"])
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "not-a-picture.png", "mimeType": "image/png", "buffer": b"<html>"}],
    )
    _submit(page, "Send my question")
    assert page.locator("#error-summary").is_visible()


def _follow_up_with_errors(page, advice_request):
    page.goto(advice_request.get_absolute_url())
    _submit(page, "Add message")
    assert page.locator("#error-summary").is_visible()


def _fixtures(request):
    return {
        "topics": request.getfixturevalue("topics"),
        "answered_request": request.getfixturevalue("answered_request"),
        "monkeypatch": request.getfixturevalue("monkeypatch"),
    }


def advice_page(name, reach):
    """An advice page type: a member reaches it with ``reach(page, fixtures)``."""
    return PageType(
        name, persona="member", reach=lambda page, request: reach(page, _fixtures(request))
    )


ADVICE_PAGES = [
    advice_page("ask form", lambda page, f: page.goto("/advice/ask/")),
    advice_page("ask form with errors", lambda page, f: _with_errors(page, f["topics"])),
    advice_page("ask form with a bad file", lambda page, f: _with_a_bad_file(page, f["topics"])),
    advice_page("check step", lambda page, f: _to_check_step(page, f["topics"])),
    advice_page("check step for an ordinary topic", _to_ordinary_check_step),
    advice_page("confirmation", lambda page, f: _to_confirmation(page, f["topics"])),
    advice_page("my requests", lambda page, f: page.goto("/advice/requests/")),
    advice_page(
        "request detail",
        lambda page, f: page.goto(f["answered_request"].get_absolute_url()),
    ),
    advice_page(
        "request detail with errors",
        lambda page, f: _follow_up_with_errors(page, f["answered_request"]),
    ),
]


@pytest.mark.parametrize("page_type", ADVICE_PAGES, ids=str)
def test_advice_page_meets_wcag_reflows_and_asks_no_other_host(
    request, page, page_type, check_page
):
    open_page(request, page, page_type)
    check_page(page)


def test_the_error_summary_takes_the_focus_and_its_links_reach_the_fields(page, member, topics):
    log_in(page, member)
    _with_errors(page, topics)
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    page.locator("#error-summary").get_by_role("link", name="Choose what your question").click()
    assert page.url.endswith("#id_topic")


def test_choosing_a_fast_path_topic_shows_its_guidance_at_once(page, member, topics, axe_check):
    log_in(page, member)
    page.goto("/advice/ask/")
    guidance = page.locator(f'[data-fast-path-for="{topics["abuse"].pk}"]')
    assert not guidance.is_visible()
    page.select_option("#id_topic", label=topics["abuse"].name)
    assert guidance.is_visible()
    assert "call 999" in guidance.inner_text()
    assert "to the police" in guidance.inner_text()  # from the sample protocol
    axe_check(page)
    page.select_option("#id_topic", label=topics["posting"].name)
    assert not guidance.is_visible()


def test_without_javascript_asking_is_two_steps_and_keeps_line_breaks(
    browser, live_server, member, topics
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, member)
        page.goto("/advice/ask/")
        question = "First line about the threats.\nSecond line <with markup>."
        _fill_form(page, topics["abuse"], question)
        _submit(page, "Send my question")
        assert page.locator("h1").inner_text() == "Before you send your question"
        assert "If you are in immediate danger, call 999." in page.content()
        assert not AdviceRequest.objects.exists()
        _submit(page, "Send my question")
        advice_request = AdviceRequest.objects.get()
        assert advice_request.reference in page.locator(".reference").inner_text()
        assert advice_request.question == question
        assert advice_request.urgency == "urgent"
    finally:
        context.close()


def test_yes_in_the_browser_sends_nothing(page, member, topics):
    log_in(page, member)
    page.route("**/api/search", lambda route: route.fulfill(json=NOTHING_FOUND))
    page.goto("/advice/ask/")
    _fill_form(page, topics["posting"])
    _submit(page, "Send my question")
    assert page.locator("h1").inner_text() == "Does this answer your question?"
    _submit(page, "Yes, this answers my question")
    assert "nothing has been sent" in page.content()
    assert not AdviceRequest.objects.exists()


SEARCH_ANSWER = {
    "query": "",
    "suggestion": "",
    "results": [
        {
            "title": "13. Staying out of trouble",
            "url": "/protocol/p/13-staying-out-of-trouble/",
            "snippet": "Don't post in <mark>haste</mark><img src=x onerror=alert(1)>",
            "superseded": False,
        },
        {
            "title": "Old wording",
            "url": "/protocol/p/v1/13/",
            "snippet": "old",
            "superseded": True,
        },
    ],
}


@pytest.fixture
def search_api(page):
    """The search API as the form's script sees it (a POST to /api/search, so the
    question never lands in an access log), answered by the test; ``asked`` holds
    (method, address, body) of each call."""
    asked = []

    def answer(route):
        request = route.request
        asked.append((request.method, request.url, request.post_data or ""))
        route.fulfill(json=SEARCH_ANSWER)

    page.route("**/api/search", answer)
    return asked


def test_with_javascript_suggestions_appear_as_they_type_and_the_question_goes_at_once(
    page, member, topics, search_api, axe_check
):
    log_in(page, member)
    page.goto("/advice/ask/")
    _fill_form(page, topics["posting"])
    suggestions = page.locator("#live-suggestions")
    suggestions.get_by_role("link", name="13. Staying out of trouble").wait_for()
    method, address, body = search_api[-1]
    assert method == "POST" and "?" not in address and "Can" not in address
    assert "limit=3" in body and "q=Can+I+share" in body
    assert suggestions.locator("mark").inner_text() == "haste"
    assert suggestions.locator("img").count() == 0
    assert "Old wording" not in suggestions.inner_text()
    status = page.locator("#ask-form").get_by_role("status")
    assert status.inner_text() == "1 piece of guidance may answer your question."
    _submit(page, "Send my question")
    assert page.locator("h1").inner_text() == "Your question has been sent"
    assert AdviceRequest.objects.count() == 1


def test_with_javascript_yes_under_the_suggestions_sends_nothing(page, member, topics, search_api):
    log_in(page, member)
    page.goto("/advice/ask/")
    _fill_form(page, topics["posting"])
    page.locator("#live-suggestions").get_by_role("button", name="Yes").wait_for()
    _submit(page, "Yes, this answers my question")
    assert "nothing has been sent" in page.content()
    assert not AdviceRequest.objects.exists()


def test_with_javascript_the_portals_search_suggests_as_they_type(page, member, topics, axe_check):
    log_in(page, member)
    page.goto("/advice/ask/")
    page.select_option("#id_topic", label=topics["posting"].name)
    page.fill("#id_question", "Can I post something while I am angry, or after drinking?")
    first = page.locator("#live-suggestions a").first
    first.wait_for()
    assert "#dont-post-while-angry" in first.get_attribute("href")
    assert page.locator("#live-suggestions mark").count() >= 1
    axe_check(page)


def _press_enter(page, selector):
    with page.expect_navigation():
        page.locator(selector).press("Enter")


@pytest.mark.parametrize("topic_name", ["abuse", "posting"])
def test_enter_in_a_field_with_suggestions_shown_sends_the_question(
    page, member, topics, search_api, topic_name
):
    """Suggestions as they type bring a "Yes, this answers my question" button above
    the send button; Enter in a field must still send, never discard the question."""
    log_in(page, member)
    page.goto("/advice/ask/")
    _fill_form(page, topics[topic_name])
    page.locator("#live-suggestions").get_by_role("link", name="13. Staying").wait_for()
    page.fill("#id_post_url", "https://example.org/post/1")
    _press_enter(page, "#id_post_url")
    assert page.locator("h1").inner_text() == "Your question has been sent"
    advice_request = AdviceRequest.objects.get()
    assert advice_request.post_url == "https://example.org/post/1"
    assert not AnsweredByGuidance.objects.exists()


def test_with_javascript_threats_offer_no_yes_and_the_radio_says_urgent(
    page, member, topics, search_api
):
    log_in(page, member)
    page.goto("/advice/ask/")
    assert page.locator("#id_urgency_0").is_checked()  # Normal
    _fill_form(page, topics["abuse"])
    assert page.get_by_role("radio", name="Urgent").is_checked()
    page.locator("#live-suggestions").get_by_role("link", name="13. Staying").wait_for()
    assert page.get_by_role("button", name="Yes, this answers my question").count() == 0
    # Choosing an ordinary topic brings "Yes" back under the same suggestions.
    page.select_option("#id_topic", label=topics["posting"].name)
    assert page.get_by_role("button", name="Yes, this answers my question").count() == 1


@pytest.mark.parametrize("topic_name", ["abuse", "posting"])
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_enter_in_a_field_on_every_step_sends_the_question(
    browser, live_server, member, topics, javascript, topic_name, monkeypatch
):
    """Enter in the form goes to the check step (threats, or guidance found), and Enter
    in a field of the check step presses its default button, the first in the form:
    it sends, even where "Yes, this answers my question" is offered."""
    from protocol.advice import guidance
    from tests.advice.factories import FakeHit, FakeSearch

    hit = FakeHit("13. Staying out of trouble", "/protocol/", "Don't post in haste")
    monkeypatch.setattr(guidance.search, "search", FakeSearch([hit]))
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.route("**/api/search", lambda route: route.fulfill(json=NOTHING_FOUND))
        log_in(page, member)
        page.goto("/advice/ask/")
        page.select_option("#id_topic", label=topics[topic_name].name)
        page.fill("#id_question", QUESTION)
        page.fill("#id_post_url", "https://example.org/post/2")
        _press_enter(page, "#id_post_url")
        assert page.locator("h1").inner_text() in (
            "Does this answer your question?",
            "Before you send your question",  # threats and abuse
        )
        # The check step has no text field; its default button is what Enter (or a
        # form submitted without a chosen button) presses.
        default = page.evaluate(
            """() => {
                const form = document.getElementById("check-form");
                const button = form.querySelector("button[type=submit], button:not([type])");
                return [button.value, button.textContent.trim()];
            }"""
        )
        assert default[0] == "send"
        assert default[1] in ("Send my question", "No, send my question")
        # The check step shows no text box of its own, so give its form one: Enter in
        # it is implicit submission, which presses the form's default button.
        page.evaluate(
            """() => {
                const field = document.createElement("input");
                field.type = "text";
                field.id = "probe";
                field.setAttribute("aria-label", "probe");
                document.getElementById("check-form").prepend(field);
            }"""
        )
        _press_enter(page, "#probe")
        assert page.locator("h1").inner_text() == "Your question has been sent"
        expected = "urgent" if topic_name == "abuse" else "normal"
        assert AdviceRequest.objects.get().urgency == expected
        assert not AnsweredByGuidance.objects.exists()
    finally:
        context.close()


def test_back_after_sending_then_send_again_makes_no_second_request(page, member, topics):
    log_in(page, member)
    page.route("**/api/search", lambda route: route.fulfill(json=NOTHING_FOUND))
    page.goto("/advice/ask/")
    _fill_form(page, topics["posting"])
    _submit(page, "Send my question")
    if page.locator("h1").inner_text() == "Does this answer your question?":
        _submit(page, "send my question")
    assert page.locator("h1").inner_text() == "Your question has been sent"
    advice_request = AdviceRequest.objects.get()

    # Back: Chromium shows the check step again (posting it anew) or the form. Either
    # way, sending the same question again leads to the request already sent.
    page.go_back()
    heading = page.locator("h1").inner_text()
    if heading == "Does this answer your question?":
        _submit(page, "send my question")
    elif heading == "Ask the Monitoring Officer":
        if not page.input_value("#id_question"):  # the browser may not restore the form
            _fill_form(page, topics["posting"])
        _submit(page, "Send my question")
    assert page.locator("h1").inner_text() == f"Request {advice_request.reference}"
    assert "You already sent this question" in page.locator(".messages").inner_text()
    assert AdviceRequest.objects.count() == 1


def test_without_javascript_files_go_with_the_question_and_a_follow_up(
    browser, live_server, member, topics
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, member)
        page.goto("/advice/ask/")
        _fill_form(page, topics["abuse"])
        page.set_input_files(
            "#id_attachments",
            files=[{"name": "threat.png", "mimeType": "image/png", "buffer": _png()}],
        )
        _submit(page, "Send my question")
        assert page.locator("h1").inner_text() == "Your question has been sent"
        assert page.get_by_role("link", name="threat.png").is_visible()
        advice_request = AdviceRequest.objects.get()
        assert advice_request.urgency == "urgent"

        page.goto(advice_request.get_absolute_url())
        page.set_input_files(
            "#id_attachments",
            files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n"}],
        )
        _submit(page, "Add message")
        assert page.locator(".thread").get_by_role("link", name="letter.pdf").is_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="letter.pdf").click()
        assert download.value.suggested_filename == "letter.pdf"
        assert advice_request.attachments.count() == 2
    finally:
        context.close()
