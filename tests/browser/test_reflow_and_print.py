"""Tables reflow on phones without breaking words, and printed pages carry the
text only: no confirmation prompt, no portal-relative link addresses."""

import pytest

from portal import roles
from protocol.advice import workflow
from protocol.advice.models import Urgency
from protocol.quiz import attempts
from protocol.quiz.models import Attempt
from tests.advice.factories import make_topic
from tests.browser.pages import NARROW, assert_no_sideways_scrolling
from tests.quiz.factories import answer

pytestmark = pytest.mark.browser

# Words whose letters are laid out on more than one line (each word is measured
# with a Range: a word split over lines has boxes at two heights).
BROKEN_WORDS_JS = """(selector) => {
    const broken = [];
    for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const style = getComputedStyle(node.parentElement);
            if (style.display === 'none' || style.visibility === 'hidden') continue;
            for (const match of node.data.matchAll(/[^\\s\\-–—\\/]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()]
                    .filter(rect => rect.width > 0)
                    .map(rect => Math.round(rect.top)));
                if (tops.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


def _assert_reflows(page):
    assert_no_sideways_scrolling(page)
    broken = page.evaluate(BROKEN_WORDS_JS, "main table, main h1, main h2")
    assert not broken, f"{page.url}: words broken across lines: {broken[:10]}"


@pytest.fixture
def member_with_requests(member):
    topics = [
        make_topic("Test: planning, licensing and other decisions", team=roles.COMMUNICATIONS),
        make_topic(
            "Test: someone is threatening, abusing or harassing me", team=roles.COMMUNICATIONS
        ),
    ]
    for n, topic in enumerate(topics * 2):
        workflow.submit_request(
            member,
            topic=topic,
            question=f"Can I share the planning officer's report on the bus depot, part {n}?",
            urgency=Urgency.NORMAL,
        )
    return member


@pytest.fixture
def answered_quiz(sample_version, member):
    attempt = attempts.start_attempt(member, sample_version, Attempt.Mode.CHECK, count=8, seed=3)
    return answer(attempt, right=5)


@pytest.mark.parametrize("viewport", [NARROW], indirect=True, ids=["320px"])
def test_my_requests_reflow_on_a_phone_without_breaking_words(
    page, login, member_with_requests, axe_check
):
    """At 320 pixels, then at 375 in the same load."""
    login(page, member_with_requests)
    page.goto("/advice/requests/")
    assert page.locator("main tbody tr").count() == 4
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 700})
        _assert_reflows(page)
        # Each value keeps its column's name beside it.
        label = page.evaluate(
            "getComputedStyle(document.querySelector('main td[data-label]'), '::before').content"
        )
        assert "Topic" in label
        axe_check(page)


def test_quiz_report_reflows_without_breaking_words(
    page, login, officer, answered_quiz, sample_version, axe_check
):
    """At desktop width, then at 320 pixels in the same load."""
    login(page, officer)
    page.goto(f"/quiz/{sample_version.document.slug}/report/")
    assert page.locator("main table").count() >= 1
    _assert_reflows(page)
    axe_check(page)
    page.set_viewport_size(NARROW)
    _assert_reflows(page)
    axe_check(page)


@pytest.mark.parametrize("viewport", [NARROW], indirect=True, ids=["320px"])
def test_quiz_history_reflows_without_breaking_words(page, login, member, answered_quiz):
    login(page, member)
    page.goto("/quiz/")
    _assert_reflows(page)


def test_printed_protocol_has_no_confirmation_prompt_nor_relative_addresses(
    page, login, member, sample_version
):
    login(page, member)
    page.goto(f"/protocol/{sample_version.document.slug}/all/")
    assert page.locator(".acknowledge-prompt").is_visible()  # on screen it asks
    page.emulate_media(media="print")
    assert not page.locator(".acknowledge-prompt").is_visible()
    relative_after = page.evaluate(
        """() => [...document.querySelectorAll('main a[href^="/"]')]
            .map(a => getComputedStyle(a, '::after').content)
            .filter(content => content.includes('/'))"""
    )
    assert relative_after == []
    external = page.evaluate(
        """() => { const a = document.createElement('a');
            a.href = 'https://www.example.org/guide'; a.textContent = 'guide';
            document.querySelector('main').append(a);
            return getComputedStyle(a, '::after').content; }"""
    )
    assert "https://www.example.org/guide" in external


def test_live_suggestions_say_each_rules_kind(page, sample_version, axe_check):
    page.goto("/")
    page.locator("#site-search-q").press_sequentially("friend requests", delay=30)
    listbox = page.get_by_role("listbox")
    listbox.wait_for(state="visible")
    rule = listbox.locator(".suggestion-rule").first
    assert rule.locator(".rule-kind").inner_text() == "Don't:"
    assert "friend requests from officers" in rule.inner_text()
    axe_check(page)


@pytest.mark.parametrize("viewport", [NARROW], indirect=True, ids=["320px"])
def test_search_results_are_numbered_once(page, sample_version):
    page.goto("/search/?q=accept+friend+requests")
    marker = page.evaluate(
        "getComputedStyle(document.querySelector('.search-results > li')).listStyleType"
    )
    assert marker == "none"
    assert page.locator(".search-results .rule-kind").first.inner_text() == "Don't:"
    _assert_reflows(page)
