"""Citations in replies, and "re-check against version N" when a later version
changes what a reply cited."""

import pytest
from django.db import IntegrityError, transaction

from protocol.advice import workflow
from protocol.advice.citations import workflow as citations
from protocol.advice.citations.models import Citation, Recheck
from protocol.advice.faq.models import FaqEntry
from protocol.advice.models import AdviceRequest
from protocol.models import Rule, Section
from protocol.publishing import new_draft_from, publish
from tests.advice.factories import ask


@pytest.fixture
def answered(member, comms, comms_topic, sample_version, search_finds_nothing):
    """An answered request whose reply cites the first section with rules, as
    version 1 (the sample) reads it."""
    advice_request = ask(member, comms_topic)
    reply = workflow.reply(advice_request, comms, "Yes, once it is published.")
    AdviceRequest.objects.filter(pk=advice_request.pk).update(status=AdviceRequest.Status.ANSWERED)
    advice_request.refresh_from_db()
    return advice_request, reply


def _sections_with_rules(version):
    return [
        s for s in Section.objects.filter(version=version).order_by("order") if s.rules.count() >= 2
    ]


def _publish_next(version, edit):
    """Publish a new version made from ``version``, changed by ``edit(draft)``;
    what publishing did."""
    draft = new_draft_from(version)
    edit(draft)
    return publish(draft)


def _next_version(version, edit):
    return _publish_next(version, edit).version


def _same(draft, section):
    return Section.objects.get(version=draft, slug=section.slug)


def test_a_citation_stores_the_version_of_the_section(answered, sample_version):
    _, reply = answered
    section = _sections_with_rules(sample_version)[0]
    (citation,) = citations.cite(reply, sections=[section])
    citation.refresh_from_db()
    assert citation.version == sample_version
    assert citation.section == section and citation.rule is None
    assert str(citation) == f"{section} (version {sample_version.number})"
    assert citation.get_absolute_url() == section.get_absolute_url()


def test_citing_a_rule_stores_its_section_and_version(answered, sample_version):
    _, reply = answered
    rule = Rule.objects.filter(section__version=sample_version).order_by("pk").first()
    (citation,) = citations.cite(reply, rules=[rule])
    assert (citation.section, citation.rule, citation.version) == (
        rule.section,
        rule,
        sample_version,
    )
    assert citation.get_absolute_url().endswith(f"#{rule.anchor}")


def test_citing_the_same_section_twice_records_it_once(answered, sample_version):
    _, reply = answered
    section = _sections_with_rules(sample_version)[0]
    citations.cite(reply, sections=[section])
    citations.cite(reply, sections=[section, section])
    assert Citation.objects.filter(message=reply).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(message=reply, section=section, version=sample_version)


def test_an_internal_note_cannot_cite(answered, comms, sample_version):
    advice_request, _ = answered
    note = workflow.add_note(advice_request, comms, "Checked.")
    with pytest.raises(citations.CitationError, match="Only a reply"):
        citations.cite(note, sections=[_sections_with_rules(sample_version)[0]])


def test_a_draft_cannot_be_cited(answered, draft_version):
    _, reply = answered
    with pytest.raises(citations.CitationError, match="draft"):
        citations.cite(reply, sections=[draft_version.sections.first()])
    assert not Citation.objects.exists()


def test_a_publish_that_changes_a_cited_section_flags_the_request(answered, sample_version):
    advice_request, reply = answered
    cited = _sections_with_rules(sample_version)[0]
    citations.cite(reply, sections=[cited])

    def reword(draft):
        section = _same(draft, cited)
        section.body += " A new sentence."
        section.save()

    publication = _publish_next(sample_version, reword)
    version2 = publication.version
    flag = Recheck.objects.get(request=advice_request)
    assert flag.is_open and flag.version == version2
    assert flag.label == f"Re-check against version {version2.number}"
    assert str(cited) in flag.changes
    assert publication.rechecks == [flag]


def test_a_publish_that_changes_other_sections_raises_no_flag(answered, sample_version):
    _, reply = answered
    first, second = _sections_with_rules(sample_version)[:2]
    citations.cite(reply, sections=[first])

    def reword_other(draft):
        section = _same(draft, second)
        section.body += " A new sentence."
        section.save()

    publication = _publish_next(sample_version, reword_other)
    assert not Recheck.objects.exists()
    assert publication.rechecks == []


def test_a_cited_rule_is_flagged_only_when_that_rule_changes(answered, sample_version):
    advice_request, reply = answered
    section = _sections_with_rules(sample_version)[0]
    cited_rule, other_rule = list(section.rules.order_by("order"))[:2]
    citations.cite(reply, rules=[cited_rule])

    def change(anchor):
        def edit(draft):
            rule = Rule.objects.get(section__version=draft, anchor=anchor)
            rule.text += " (and more)"
            rule.save()

        return edit

    version2 = _next_version(sample_version, change(other_rule.anchor))
    assert not Recheck.objects.exists()
    version3 = _next_version(version2, change(cited_rule.anchor))
    flag = Recheck.objects.get(request=advice_request)
    assert flag.version == version3


def test_a_removed_section_is_a_change(answered, sample_version):
    advice_request, reply = answered
    cited = _sections_with_rules(sample_version)[0]
    citations.cite(reply, sections=[cited])
    _next_version(sample_version, lambda draft: _same(draft, cited).delete())
    assert Recheck.objects.open().filter(request=advice_request).exists()


def test_a_section_is_compared_with_the_version_before_not_the_one_cited(
    answered, sample_version, officer
):
    """Flagged at the change, cleared by staff, and not raised again by a later
    version that leaves the section as it is."""
    advice_request, reply = answered
    cited = _sections_with_rules(sample_version)[0]
    citations.cite(reply, sections=[cited])

    def reword(draft):
        section = _same(draft, cited)
        section.body += " Changed."
        section.save()

    version2 = _next_version(sample_version, reword)
    flag = Recheck.objects.get(request=advice_request)
    assert citations.mark_rechecked(flag, officer)
    assert flag.cleared_by == officer and not flag.is_open
    _next_version(version2, lambda draft: None)
    assert not Recheck.objects.open().exists()
    assert Recheck.objects.count() == 1


def test_an_open_flag_moves_on_to_the_newest_version(answered, sample_version):
    advice_request, reply = answered
    first, second = _sections_with_rules(sample_version)[:2]
    citations.cite(reply, sections=[first, second])

    def reword(original):
        def edit(draft):
            section = _same(draft, original)
            section.body += " Changed."
            section.save()

        return edit

    _next_version(sample_version, reword(first))
    version3 = _next_version(Recheck.objects.get().version, reword(second))
    flag = Recheck.objects.get(request=advice_request)
    assert flag.version == version3
    assert str(first) in flag.changes and str(second) in flag.changes


def test_faq_entries_made_from_a_flagged_request_or_linked_to_the_section_are_flagged(
    answered, sample_version
):
    advice_request, reply = answered
    cited, other = _sections_with_rules(sample_version)[:2]
    citations.cite(reply, sections=[cited])
    from_request = FaqEntry.objects.create(
        question="Q?", answer="A.", source_request=advice_request
    )
    linked = FaqEntry.objects.create(question="Q2?", answer="A2.")
    linked.sections.set([cited])
    untouched = FaqEntry.objects.create(question="Q3?", answer="A3.")
    untouched.sections.set([other])

    def reword(draft):
        section = _same(draft, cited)
        section.body += " Changed."
        section.save()

    version2 = _next_version(sample_version, reword)
    flagged = set(Recheck.objects.open().filter(faq__isnull=False).values_list("faq", flat=True))
    assert flagged == {from_request.pk, linked.pk}
    assert citations.open_flag(faq=linked).version == version2
    assert citations.open_flag(faq=untouched) is None


def test_a_flag_belongs_to_a_request_or_an_entry(answered, sample_version):
    advice_request, _ = answered
    entry = FaqEntry.objects.create(question="Q?", answer="A.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recheck.objects.create(
            request=advice_request, faq=entry, version=sample_version, changes="x"
        )
    Recheck.objects.create(request=advice_request, version=sample_version, changes="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recheck.objects.create(request=advice_request, version=sample_version, changes="y")


def test_the_member_sees_what_a_reply_cites_with_its_version(
    answered, sample_version, member_client
):
    advice_request, reply = answered
    section = _sections_with_rules(sample_version)[0]
    rule = section.rules.order_by("order").first()
    citations.cite(reply, sections=[section], rules=[rule])
    html = member_client.get(advice_request.get_absolute_url()).content.decode()
    assert "This reply refers to the" in html
    assert f'href="{section.get_absolute_url()}"' in html
    assert f'href="{section.get_absolute_url()}#{rule.anchor}"' in html
    assert f"(version {sample_version.number})" in html


def test_the_members_page_reads_citations_in_one_query(answered, sample_version, member_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    advice_request, reply = answered
    sections = _sections_with_rules(sample_version)
    citations.cite(reply, sections=sections[:1])
    with CaptureQueriesContext(connection) as few:
        member_client.get(advice_request.get_absolute_url())
    rules = list(Rule.objects.filter(section__version=sample_version)[:5])
    citations.cite(reply, sections=sections[1:], rules=rules)
    with CaptureQueriesContext(connection) as many:
        member_client.get(advice_request.get_absolute_url())
    assert len(many) == len(few)


def test_the_officer_lists_open_flags_and_marks_them_rechecked(
    answered, sample_version, officer, officer_client, comms_client
):
    advice_request, _ = answered
    flag = Recheck.objects.create(request=advice_request, version=sample_version, changes="6. X")
    url = "/admin/advice/recheck/?state=open"
    page = officer_client.get(url).content.decode()
    assert f"Request {advice_request.reference}" in page
    assert comms_client.get(url).status_code == 403
    officer_client.post(url, {"action": "mark_rechecked", "_selected_action": [flag.pk]})
    flag.refresh_from_db()
    assert flag.cleared_by == officer and not flag.is_open
