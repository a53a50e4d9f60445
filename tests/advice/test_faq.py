"""FAQ entries: drafted from an answered request, anonymised, published and
withdrawn by the Monitoring Officer, read on /faq/ and on section pages."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from protocol.advice import workflow
from protocol.advice.citations import workflow as citations
from protocol.advice.faq import workflow as faq
from protocol.advice.faq.models import FaqEntry, personal_details_in
from protocol.advice.models import AdviceRequest
from protocol.models import Section
from tests.advice.factories import ask

QUESTION = "Can I share a council press release on my personal account?"
ANSWER = "Yes. Share it as it is, and say that it is the council's."


@pytest.fixture
def named_member(member):
    member.first_name, member.last_name = "Priya", "Shah"
    member.email = "priya.shah@example.org"
    member.save()
    return member


@pytest.fixture
def answered(named_member, comms, comms_topic, sample_version, search_finds_nothing):
    section = Section.objects.filter(version=sample_version).order_by("order")[1]
    advice_request = ask(
        named_member, comms_topic, question=f"Priya Shah here. {QUESTION}", section=section
    )
    reply = workflow.reply(
        advice_request, comms, f"Dear Priya, {ANSWER} ({advice_request.reference})"
    )
    cited = Section.objects.filter(version=sample_version).order_by("order")[2]
    citations.cite(reply, sections=[cited])
    AdviceRequest.objects.filter(pk=advice_request.pk).update(status=AdviceRequest.Status.ANSWERED)
    advice_request.refresh_from_db()
    return advice_request


@pytest.fixture
def entry(sample_version):
    entry = FaqEntry.objects.create(question=QUESTION, answer=ANSWER)
    entry.sections.set([Section.objects.filter(version=sample_version).order_by("order")[1]])
    return entry


def _section(entry):
    return entry.sections.get()


# --- drafting ------------------------------------------------------------------


def test_a_draft_is_prefilled_from_the_request_and_linked_to_its_sections(answered, officer):
    entry = faq.draft_from_request(answered, officer)
    assert entry.status == FaqEntry.Status.DRAFT
    assert entry.question == answered.question
    assert ANSWER in entry.answer
    assert entry.source_request == answered
    order = sorted(entry.sections.values_list("order", flat=True))
    assert len(order) == 2  # the section asked about and the one the reply cites
    assert LogEntry.objects.filter(object_id=str(entry.pk)).exists()


def test_only_an_answered_request_can_become_an_entry(
    named_member, comms_topic, officer, search_finds_nothing
):
    advice_request = ask(named_member, comms_topic)
    with pytest.raises(faq.FaqError, match="answered"):
        faq.draft_from_request(advice_request, officer)
    assert not FaqEntry.objects.exists()


def test_the_communications_team_cannot_draft_entries(answered, comms):
    with pytest.raises(faq.FaqError, match="Monitoring Officer"):
        faq.draft_from_request(answered, comms)


# --- anonymising -----------------------------------------------------------------


def test_the_members_details_and_any_reference_are_found(named_member):
    found = personal_details_in(
        "Priya asked (mo-2026-0042): is priya.shah@example.org or SHAH right?", named_member
    )
    assert ("a request reference", "mo-2026-0042") in found
    assert ("the member's e-mail address", "priya.shah@example.org") in found
    assert ("the member's name", "Priya") in found
    assert ("the member's username", "member") not in found  # an ordinary word


def test_a_username_is_found_in_any_case(member):
    member.username = "pshah42"
    assert personal_details_in("Thanks PShah42.", member) == [("the member's username", "PShah42")]


def test_everyday_words_that_are_also_names_do_not_block(member):
    member.first_name, member.last_name = "Will", "Hall"
    assert personal_details_in("You will be asked at the town hall.", member) == []
    found = personal_details_in("Will Hall asked.", member)
    assert found == [
        ("the member's name", "Will Hall"),
        ("the member's name", "Will"),
        ("the member's name", "Hall"),
    ]
    assert faq.describe_details(found) == "the member's name (“Will Hall”, “Will”, “Hall”)"


def test_publishing_is_refused_while_the_text_names_the_member(answered, officer):
    entry = faq.draft_from_request(answered, officer)
    with pytest.raises(faq.FaqError) as error:
        faq.publish(entry, officer)
    message = str(error.value)
    assert message.startswith("Not published: the text still contains")
    assert "the member's name (“Priya Shah”, “Priya”, “Shah”)" in message
    assert f"a request reference (“{answered.reference}”)" in message
    entry.refresh_from_db()
    assert entry.status == FaqEntry.Status.DRAFT


def test_an_anonymised_entry_is_published(answered, officer):
    entry = faq.draft_from_request(answered, officer)
    entry.question, entry.answer = QUESTION, ANSWER
    entry.save()
    faq.publish(entry, officer)
    entry.refresh_from_db()
    assert entry.is_published and entry.published_by == officer and entry.published_at


def test_an_entry_needs_a_question_and_an_answer(officer):
    entry = FaqEntry.objects.create(question="  ", answer=ANSWER)
    with pytest.raises(faq.FaqError, match="both a question and an answer"):
        faq.publish(entry, officer)


def test_the_communications_team_cannot_publish_or_withdraw(entry, comms, officer):
    with pytest.raises(faq.FaqError, match="Only the Monitoring Officer"):
        faq.publish(entry, comms)
    faq.publish(entry, officer)
    with pytest.raises(faq.FaqError, match="Only the Monitoring Officer"):
        faq.withdraw(entry, comms)
    entry.refresh_from_db()
    assert entry.is_published


# --- reading -------------------------------------------------------------------


def test_a_published_entry_is_on_the_faq_page_and_its_section_page(entry, officer, client):
    faq.publish(entry, officer)
    page = client.get(reverse("faq:list"))
    assert page.status_code == 200
    assert QUESTION in page.content.decode()
    assert page.content.decode().count("<h1") == 1
    assert f'id="faq-{entry.pk}"' in page.content.decode()
    section = client.get(_section(entry).get_absolute_url())
    assert "Questions members have asked about this section" in section.content.decode()
    assert QUESTION in section.content.decode()


def test_withdrawing_removes_the_entry_from_every_page_at_once(entry, officer, client):
    faq.publish(entry, officer)
    section_url = _section(entry).get_absolute_url()
    etag = client.get(section_url)["ETag"]
    faq.withdraw(entry, officer)
    assert QUESTION not in client.get(reverse("faq:list")).content.decode()
    # A browser holding the page with the entry is not told it is still fresh.
    again = client.get(section_url, headers={"if-none-match": etag})
    assert again.status_code == 200
    assert QUESTION not in again.content.decode()


@pytest.mark.parametrize("reader", ["client", "member_client", "comms_client"])
def test_readers_see_only_published_entries(request, reader, entry, sample_version, officer):
    draft = FaqEntry.objects.create(question="A draft question nobody may read?", answer="No.")
    withdrawn = FaqEntry.objects.create(question="A withdrawn question?", answer="Gone.")
    withdrawn.sections.set(entry.sections.all())
    faq.publish(withdrawn, officer)
    faq.withdraw(withdrawn, officer)
    faq.publish(entry, officer)
    client = request.getfixturevalue(reader)
    for url in (reverse("faq:list"), _section(entry).get_absolute_url()):
        html = client.get(url).content.decode()
        assert QUESTION in html
        assert draft.question not in html and withdrawn.question not in html


def test_an_entry_about_a_withdrawn_document_only_is_hidden_with_it(
    entry, officer, client, sample_version
):
    from django.utils import timezone

    from protocol.models import Document
    from tests import factories

    faq.publish(entry, officer)
    other = factories.publish_version(
        factories.make_version(factories.make_document("Another guide"), number=1)
    )
    both = FaqEntry.objects.create(question="About both guides?", answer="Yes.")
    both.sections.set([*entry.sections.all(), other.sections.first()])
    faq.publish(both, officer)
    Document.objects.filter(pk=sample_version.document_id).update(withdrawn_at=timezone.now())
    html = client.get(reverse("faq:list")).content.decode()
    assert QUESTION not in html
    assert both.question in html
    assert sample_version.document.get_absolute_url() not in html
    assert other.document.get_absolute_url() in html


def test_the_faq_page_says_when_nothing_is_published(client, db):
    html = client.get(reverse("faq:list")).content.decode()
    assert "No questions have been published yet" in html


def test_the_faq_page_follows_the_protocols_login_setting(client, entry, officer, settings):
    faq.publish(entry, officer)
    settings.PROTOCOL_REQUIRE_LOGIN = True
    response = client.get(reverse("faq:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_answers_are_rendered_through_the_sanitiser(client, officer, db):
    entry = FaqEntry.objects.create(
        question="<b>Bold?</b>", answer="**Yes**<script>alert(1)</script>"
    )
    faq.publish(entry, officer)
    html = client.get(reverse("faq:list")).content.decode()
    assert "<strong>Yes</strong>" in html
    assert "<script>alert" not in html
    assert "&lt;b&gt;Bold?&lt;/b&gt;" in html


def test_the_faq_page_runs_the_same_queries_however_many_entries(client, sample_version, officer):
    sections = list(Section.objects.filter(version=sample_version).order_by("order"))

    def add(n):
        for i in range(n):
            entry = FaqEntry.objects.create(question=f"Question {i}?", answer="Answer.")
            entry.sections.set(sections[i % 3 : i % 3 + 2])
            faq.publish(entry, officer)

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("faq:list"))
    add(12)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("faq:list"))
    assert len(many) == len(few)


# --- the admin -------------------------------------------------------------------


def _form(entry, **extra):
    return {
        "question": entry.question,
        "answer": entry.answer,
        "sections": [s.pk for s in entry.sections.all()],
        **extra,
    }


def test_save_and_publish_refuses_named_text_and_keeps_it(answered, officer, officer_client):
    entry = faq.draft_from_request(answered, officer)
    url = reverse("admin:advice_faqentry_change", args=[entry.pk])
    edited = "Edited, but still naming Priya Shah."
    response = officer_client.post(url, _form(entry, answer=edited, _publish="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not published: the text still contains" in html
    assert edited in html  # what was typed is kept
    entry.refresh_from_db()
    assert entry.status == FaqEntry.Status.DRAFT and entry.answer != edited


def test_save_and_publish_publishes_anonymous_text(answered, officer, officer_client):
    entry = faq.draft_from_request(answered, officer)
    url = reverse("admin:advice_faqentry_change", args=[entry.pk])
    response = officer_client.post(
        url, _form(entry, question=QUESTION, answer=ANSWER, _publish="1"), follow=True
    )
    assert "Published: it is on the FAQ page" in response.content.decode()
    entry.refresh_from_db()
    assert entry.is_published and entry.answer == ANSWER


def test_a_published_entry_cannot_be_edited_to_name_the_member(answered, officer, officer_client):
    entry = faq.draft_from_request(answered, officer)
    FaqEntry.objects.filter(pk=entry.pk).update(question=QUESTION, answer=ANSWER)
    faq.publish(entry, officer)
    url = reverse("admin:advice_faqentry_change", args=[entry.pk])
    entry.refresh_from_db()
    response = officer_client.post(url, _form(entry, answer="Ask Priya."))
    assert "Not saved: this entry is published" in response.content.decode()
    entry.refresh_from_db()
    assert entry.answer == ANSWER


def test_withdraw_button(entry, officer, officer_client):
    faq.publish(entry, officer)
    url = reverse("admin:advice_faqentry_change", args=[entry.pk])
    response = officer_client.post(url, _form(entry, _withdraw="1"), follow=True)
    assert "Withdrawn" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == FaqEntry.Status.WITHDRAWN


def test_the_requests_list_action_drafts_an_entry(answered, officer_client):
    response = officer_client.post(
        reverse("admin:advice_advicerequest_changelist"),
        {"action": "draft_faq_entry", "_selected_action": [answered.pk]},
    )
    entry = FaqEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:advice_faqentry_change", args=[entry.pk])


def test_the_draft_button_posts_to_the_admin(answered, officer_client, comms_client):
    url = reverse("admin:advice_faqentry_from_request", args=[answered.pk])
    assert officer_client.get(url).status_code == 405
    response = officer_client.post(url)
    entry = FaqEntry.objects.get()
    assert response["Location"] == reverse("admin:advice_faqentry_change", args=[entry.pk])
    assert comms_client.post(url).status_code in (302, 403)
    assert FaqEntry.objects.count() == 1


def test_the_communications_team_has_no_faq_admin(entry, comms_client):
    assert comms_client.get(reverse("admin:advice_faqentry_changelist")).status_code == 403
    response = comms_client.post(
        reverse("admin:advice_faqentry_change", args=[entry.pk]), _form(entry, _publish="1")
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert not entry.is_published


def test_members_reach_no_faq_admin(entry, member_client):
    response = member_client.get(reverse("admin:advice_faqentry_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_marking_a_flagged_entry_rechecked(entry, officer, officer_client, sample_version):
    from protocol.advice.citations.models import Recheck

    flag = Recheck.objects.create(faq=entry, version=sample_version, changes="2. Something")
    url = reverse("admin:advice_faqentry_change", args=[entry.pk])
    page = officer_client.get(url).content.decode()
    assert f"Re-check against version {sample_version.number}" in page
    officer_client.post(url, _form(entry, _rechecked="1"))
    flag.refresh_from_db()
    assert flag.cleared_by == officer
