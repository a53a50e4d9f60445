"""The quiz's pages meet WCAG 2.2 AA, reflow at 320px, and work without JavaScript.

Every quiz page type is checked in one load (``check_page``: axe-core at desktop
width and at 320 CSS pixels, reflow, no other host): start, question (a
do-or-don't and a scenario, with and without an error), feedback, result,
certificate (and its print), history, the officer's report, and the anonymous
practice pages.
"""

from dataclasses import dataclass

import pytest

from protocol.quiz import attempts
from protocol.quiz.models import Attempt
from tests.browser.pages import PageType, log_in, open_page
from tests.quiz.factories import answer, make_scenario, wrong_choice

pytestmark = pytest.mark.browser

PRACTICE, CHECK = Attempt.Mode.PRACTICE, Attempt.Mode.CHECK


@dataclass
class World:
    slug: str
    practice: Attempt  # unfinished, first question answered wrongly
    scenario_attempt: Attempt  # unfinished, a long scenario next
    passed: Attempt
    failed: Attempt

    def attempt_path(self, attempt, page=""):
        return f"/quiz/{self.slug}/attempts/{attempt.pk}/{page}"


@pytest.fixture
def world(sample_version, member, other_member):
    version = sample_version
    make_scenario(
        version,
        situation=(
            "It is 11pm. You have had a drink, and a resident insults you under your post.\n\n"
            "What do you do?"
        ),
        options=[
            ("Stop replying, keep a record and report it", True),
            ("Reply straight away so the record is put right", False),
            ("Delete your account", False),
        ],
        explanation="Do not post in haste: **stop**, keep a record and report abuse.",
    )
    make_scenario(version, situation="A journalist phones about a confidential report.")
    passed = answer(attempts.start_attempt(member, version, CHECK, count=8, seed=4), right=8)
    version_other = version
    failed = answer(
        attempts.start_attempt(other_member, version_other, CHECK, count=8, seed=5), right=2
    )
    practice = attempts.start_attempt(member, version, PRACTICE, count=8, seed=6)
    first = attempts.attempt_slots(practice)[0].question
    attempts.record_answer(practice, 1, wrong_choice(first))
    # other_member's open attempt stops at the long scenario.
    scenario_attempt = attempts.start_attempt(other_member, version, PRACTICE, count=8, seed=7)
    for slot in attempts.attempt_slots(scenario_attempt):
        if not slot.question.is_rule and not slot.question.prompt_is_inline:
            break
        attempts.record_answer(scenario_attempt, slot.position, slot.question.right)
    return World(version.document.slug, practice, scenario_attempt, passed, failed)


def _submit_empty(page):
    with page.expect_navigation():
        page.locator("main form.quiz-question").get_by_role("button").click()


def _start_anonymous_practice(page):
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Start practising").click()


def _answer_anonymously(page):
    _start_anonymous_practice(page)
    page.locator("main form.quiz-question input[type=radio]").first.check()
    with page.expect_navigation():
        page.locator("main form.quiz-question").get_by_role("button").click()


def quiz_page(name, path, persona=None, then=None):
    """A quiz page type: its path from the ``world`` fixture."""
    return PageType(name, path, persona=persona, data="world", then=then)


QUIZ_PAGES = [
    quiz_page("quiz index", lambda w: "/quiz/"),
    quiz_page("quiz history", lambda w: "/quiz/", persona="member"),
    quiz_page("start, anonymous", lambda w: f"/quiz/{w.slug}/"),
    quiz_page("start, unfinished quiz", lambda w: f"/quiz/{w.slug}/", persona="member"),
    quiz_page("start, new quiz", lambda w: f"/quiz/{w.slug}/", persona="officer"),
    quiz_page("do or don't question", lambda w: w.attempt_path(w.practice), persona="member"),
    quiz_page(
        "question with an error",
        lambda w: w.attempt_path(w.practice),
        persona="member",
        then=_submit_empty,
    ),
    quiz_page(
        "scenario question",
        lambda w: w.attempt_path(w.scenario_attempt),
        persona="other_member",
    ),
    quiz_page(
        "scenario question with an error",
        lambda w: w.attempt_path(w.scenario_attempt),
        persona="other_member",
        then=_submit_empty,
    ),
    quiz_page(
        "practice feedback",
        lambda w: w.attempt_path(w.practice, "feedback/1/"),
        persona="member",
    ),
    quiz_page("result, passed", lambda w: w.attempt_path(w.passed, "result/"), persona="member"),
    quiz_page(
        "result, not passed", lambda w: w.attempt_path(w.failed, "result/"), persona="other_member"
    ),
    quiz_page("certificate", lambda w: w.attempt_path(w.passed, "certificate/"), persona="member"),
    quiz_page("officer's report", lambda w: f"/quiz/{w.slug}/report/", persona="officer"),
    quiz_page(
        "anonymous practice question", lambda w: f"/quiz/{w.slug}/", then=_start_anonymous_practice
    ),
    quiz_page(
        "anonymous practice feedback", lambda w: f"/quiz/{w.slug}/", then=_answer_anonymously
    ),
]


@pytest.mark.parametrize("page_type", QUIZ_PAGES, ids=str)
def test_quiz_page_meets_wcag_reflows_and_asks_no_other_host(request, page, page_type, check_page):
    open_page(request, page, page_type)
    assert page.locator("h1").count() == 1
    check_page(page)


def test_the_error_summary_links_to_the_answers(request, page, world, member):
    log_in(page, member)
    page.goto(world.attempt_path(world.practice))
    _submit_empty(page)
    summary = page.locator("#error-summary")
    assert "Choose an answer." in summary.inner_text()
    summary.get_by_role("link", name="Choose an answer.").click()
    assert page.evaluate("() => document.activeElement.id") == "id_choice_0"


def test_printing_a_certificate_shows_the_certificate_alone(page, world, member):
    log_in(page, member)
    page.goto(world.attempt_path(world.passed, "certificate/"))
    page.emulate_media(media="print")
    assert page.locator(".certificate").is_visible()
    assert "passed the" in page.locator(".certificate").inner_text()
    assert not page.locator("#site-nav").is_visible()
    assert not page.locator("main > p.no-print").is_visible()
    assert not page.locator(".site-footer").is_visible()


def test_a_whole_practice_quiz_works_without_javascript(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/quiz/{world.slug}/")
        _start_anonymous_practice(page)
        for _ in range(20):
            if page.locator("main form.quiz-question").count() == 0:
                break
            page.locator("main form.quiz-question input[type=radio]").first.check()
            with page.expect_navigation():
                page.locator("main form.quiz-question").get_by_role("button").click()
            assert page.locator("main .quiz-review").count() == 1
            with page.expect_navigation():
                page.locator("main").get_by_role("link", name="Next question").or_(
                    page.locator("main").get_by_role("link", name="See your score")
                ).click()
        assert "Your score:" in page.locator("h1").inner_text()
        assert page.locator("main .quiz-review").count() == 8
    finally:
        context.close()


def test_a_member_takes_the_check_without_javascript(browser, live_server, sample_version, member):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, member)
        page.goto(f"/quiz/{sample_version.document.slug}/")
        page.get_by_label("Check: see your answers at the end, with a pass mark").check()
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Start the quiz").click()
        attempt = Attempt.objects.get(user=member)
        slots = {s.position: s for s in attempts.attempt_slots(attempt)}
        for position in sorted(slots):
            question = slots[position].question
            page.locator("main form.quiz-question").get_by_label(
                question.right_label, exact=True
            ).check()
            with page.expect_navigation():
                page.locator("main form.quiz-question").get_by_role("button").click()
        assert page.locator("h1").inner_text() == f"Your score: {len(slots)} out of {len(slots)}"
        with page.expect_navigation():
            page.get_by_role("link", name="Your certificate").click()
        certificate = " ".join(page.locator(".certificate").inner_text().split())
        assert f"Member passed the {sample_version.document.title} check, version 1," in certificate
    finally:
        context.close()
