"""The FAQ in a real browser: the FAQ page and a section page with questions
meet WCAG 2.2 AA at desktop width and 320 pixels, reflow without sideways
scrolling, ask no other host, and the Monitoring Officer's refusal to publish
named text keeps what was typed."""

import pytest
from django.contrib.auth.models import Group

from portal import roles
from protocol.advice import workflow
from protocol.advice.citations import workflow as citations
from protocol.advice.citations.models import Recheck
from protocol.advice.faq import workflow as faq
from protocol.advice.faq.models import FaqEntry
from protocol.advice.models import RoutingRule, Topic
from protocol.models import Section

pytestmark = pytest.mark.browser

LONG_ANSWER = (
    "Yes, but **say whose it is**. A link such as "
    "https://www.example.org/a-very-long-address-that-does-not-break-easily-at-all/and-goes-on "
    "must wrap on a narrow screen.\n\n- Share it as it is\n- Do not add comment"
)


@pytest.fixture
def published(sample_version, officer):
    sections = list(Section.objects.filter(version=sample_version).order_by("order"))
    entries = []
    for i, (question, linked) in enumerate(
        [
            ("Can I share a council press release on my own account?", sections[1:3]),
            ("May I block someone who keeps replying to me?", sections[2:3]),
            ("What if I am asked about a planning application online?", []),
        ]
    ):
        entry = FaqEntry.objects.create(question=question, answer=LONG_ANSWER if i == 0 else "Yes.")
        entry.sections.set(linked)
        faq.publish(entry, officer)
        entries.append(entry)
    return sample_version, sections, entries


def test_faq_page_meets_wcag_reflows_and_asks_no_other_host(
    page, published, member, login, check_page
):
    login(page, member)
    page.goto("/faq/")
    assert page.locator("h1").inner_text() == "Questions and answers"
    assert page.title().startswith("Questions and answers")
    assert page.locator("article.faq-entry").count() == 3
    check_page(page)


def test_section_page_with_questions_meets_wcag_and_reflows(page, published, check_page):
    version, sections, entries = published
    page.goto(sections[2].get_absolute_url())
    block = page.locator("section.faq-on-section")
    assert block.locator("article.faq-entry").count() == 2
    check_page(page)


def test_faq_page_works_without_javascript(browser, live_server, published):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/faq/")
    page.get_by_role("link", name="Other questions").click()
    assert page.url.endswith("#about-other")
    context.close()


def test_refused_publication_keeps_the_text_in_the_admin(page, officer, login, member, db):
    from django.contrib.auth.models import Group

    from protocol.advice.models import AdviceRequest

    topic = Topic.objects.create(name="Browser topic")
    del Group, AdviceRequest
    member.first_name, member.last_name = "Priya", "Shah"
    member.save()
    advice_request = workflow.submit_request(
        member, topic=topic, question="Can I post this?", urgency="normal"
    )
    entry = FaqEntry.objects.create(
        question="Can I post this?", answer="Yes.", source_request=advice_request
    )
    login(page, officer)
    page.goto(f"/admin/advice/faqentry/{entry.pk}/change/")
    page.fill("#id_answer", "Yes, Priya, you can.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and publish").click()
    assert "Not published: the text still contains the member's name" in page.content()
    assert page.input_value("#id_answer") == "Yes, Priya, you can."
    entry.refresh_from_db()
    assert entry.status == FaqEntry.Status.DRAFT


@pytest.fixture
def flagged_request(sample_version, member, comms):
    """A request whose reply cites a section a later version changed."""
    topic = Topic.objects.create(name="Browser citing topic")
    RoutingRule.objects.create(topic=topic, team=Group.objects.get(name=roles.COMMUNICATIONS))
    advice_request = workflow.submit_request(
        member, topic=topic, question="Can I post this?", urgency="normal"
    )
    section = Section.objects.filter(version=sample_version).order_by("order")[1]
    citations.reply_citing(advice_request, comms, "Yes.", sections=[section])
    Recheck.objects.create(request=advice_request, version=sample_version, changes=str(section))
    return advice_request


def test_request_page_with_citations_and_a_flag_meets_wcag_and_reflows(
    page, flagged_request, comms, login, check_page
):
    login(page, comms)
    page.goto(flagged_request.get_staff_url())
    assert page.locator("#recheck").is_visible()
    page.locator("summary", has_text="Cite a section or rule").click()
    page.locator("input[name=cite]").nth(2).check()
    page.fill("textarea[name=body]", "A reply that cites a rule.")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").first.click()
    assert "(1 ticked)" in page.locator("summary", has_text="Cite a section").inner_text()
    check_page(page)
