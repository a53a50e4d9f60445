"""The staff workspace in a real browser: the queue and a request's page (with and
without errors) meet WCAG 2.2 AA at desktop width and at 320 pixels, reflow, and
work without JavaScript; Enter in the reply form previews rather than sends."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal import roles
from protocol.advice import workflow
from protocol.advice.models import AdviceRequest, CannedReply
from tests.advice.factories import make_topic
from tests.browser.pages import PageType, log_in, open_page

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_requests(db, member, other_member, comms, settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 100
    topic = make_topic("Can I say this?", team=roles.COMMUNICATIONS)
    CannedReply.objects.create(title="After the meeting", body="Share it **after** the meeting.")
    overdue = workflow.submit_request(
        member, topic=topic, question="May I post the bus depot report?", urgency="normal"
    )
    AdviceRequest.objects.filter(pk=overdue.pk).update(
        due_date=timezone.localdate() - timedelta(days=2)
    )
    urgent = workflow.submit_request(
        other_member, topic=topic, question="Someone keeps replying to me.", urgency="urgent"
    )
    workflow.reply(urgent, comms, "Which account?", then_status="waiting")
    workflow.add_follow_up(urgent, other_member, "The one called @x.")
    return {"overdue": overdue, "urgent": urgent}


def _submit(page, form, name):
    with page.expect_navigation():
        page.locator(form).get_by_role("button", name=name, exact=True).click()


def _reply_with_errors(page, advice_request):
    page.goto(advice_request.get_staff_url())
    _submit(page, "form[action$='/reply/']", "Send reply to member")
    assert page.locator("#error-summary").is_visible()


def _note_too_long(page, advice_request):
    page.goto(advice_request.get_staff_url())
    page.fill("#id_note_body", "x" * 5100)
    _submit(page, "form[action$='/note/']", "Add internal note")
    assert page.locator("#error-summary").is_visible()


def _preview(page, advice_request):
    page.goto(advice_request.get_staff_url())
    page.fill("#id_reply_body", "A **bold** answer.")
    _submit(page, "form[action$='/reply/']", "Preview")
    assert page.locator(".preview strong").inner_text() == "bold"


def staff_page(name, reach):
    """A staff page type: the communications team reaches it with ``reach(page, requests)``."""
    return PageType(
        name,
        persona="comms",
        reach=lambda page, request: reach(page, request.getfixturevalue("staff_requests")),
    )


STAFF_PAGES = [
    staff_page("queue", lambda page, r: page.goto("/staff/")),
    staff_page("queue filtered", lambda page, r: page.goto("/staff/?view=overdue&q=bus")),
    staff_page("request", lambda page, r: page.goto(r["urgent"].get_staff_url())),
    staff_page("request with errors", lambda page, r: _reply_with_errors(page, r["overdue"])),
    staff_page("request note too long", lambda page, r: _note_too_long(page, r["overdue"])),
    staff_page("request preview", lambda page, r: _preview(page, r["overdue"])),
]


@pytest.mark.parametrize("page_type", STAFF_PAGES, ids=str)
def test_staff_page_meets_wcag_reflows_and_asks_no_other_host(request, page, page_type, check_page):
    open_page(request, page, page_type)
    check_page(page)


def test_the_officer_sees_the_access_log_page_without_violations(
    page, officer, staff_requests, axe_check
):
    log_in(page, officer)
    assert page.url.endswith("/staff/")
    page.goto(staff_requests["urgent"].get_staff_url())
    page.get_by_role("link", name="The full access log").click()
    page.wait_for_load_state()
    assert "Olivia" in page.content() or "Officer" in page.content()
    axe_check(page)


def test_pressing_enter_in_the_reply_form_previews_and_sends_nothing(page, comms, staff_requests):
    log_in(page, comms)
    advice_request = staff_requests["overdue"]
    page.goto(advice_request.get_staff_url())
    page.fill("#id_reply_body", "Half-written answer")
    with page.expect_navigation():
        page.locator("#id_reply_then_status_0").press("Enter")
    assert not advice_request.messages.exists()
    assert page.locator("#id_reply_body").input_value() == "Half-written answer"


def test_without_javascript_a_comms_user_inserts_a_canned_reply_and_sends_it(
    browser, live_server, comms, member, staff_requests
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, comms)
        assert page.url.endswith("/staff/")
        page.get_by_role("link", name=staff_requests["overdue"].reference).click()
        page.wait_for_load_state()
        page.fill("#id_reply_body", "Dear Morgan,")
        page.select_option("#id_reply_canned", label="After the meeting")
        _submit(page, "form[action$='/reply/']", "Insert")
        body = page.locator("#id_reply_body").input_value()
        assert body == "Dear Morgan,\n\nShare it **after** the meeting."
        _submit(page, "form[action$='/reply/']", "Send reply to member")
        assert "Reply sent" in page.content()
        advice_request = staff_requests["overdue"]
        advice_request.refresh_from_db()
        assert advice_request.status == "answered"
        assert advice_request.messages.get().body == body
    finally:
        context.close()


def test_the_queue_marks_urgent_overdue_and_unread_in_words(page, comms, staff_requests):
    log_in(page, comms)
    text = page.locator("main").inner_text()
    assert "Urgent" in text and "Overdue" in text and "New message from the member" in text
