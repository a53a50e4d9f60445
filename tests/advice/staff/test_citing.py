"""Citing the protocol from the staff reply form, re-check flags in the
workspace, and the Monitoring Officer's "Make an FAQ entry" button."""

import pytest
from django.urls import reverse
from django.utils import timezone

from protocol.advice import workflow
from protocol.advice.citations.models import Citation, Recheck
from protocol.advice.faq.models import FaqEntry
from protocol.models import Rule, Section
from protocol.publishing import new_draft_from, publish
from tests.advice.factories import ask

pytestmark = pytest.mark.django_db


def _body(response, status=200):
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def _url(advice_request, action=""):
    return advice_request.get_staff_url() + (f"{action}/" if action else "")


@pytest.fixture
def request_(member, comms_topic, sample_version):
    return ask(member, comms_topic)


@pytest.fixture
def section(sample_version):
    return next(
        s
        for s in Section.objects.filter(version=sample_version).order_by("order")
        if s.rules.exists()
    )


def _reply(client, advice_request, *cite, action="send", body="Yes, see the section."):
    return client.post(
        _url(advice_request, "reply"),
        {
            "body": body,
            "then_status": "answered",
            "seen_at": timezone.now().isoformat(),
            "action": action,
            "cite": list(cite),
        },
    )


def test_the_reply_form_offers_the_current_sections_and_rules(comms_client, request_, section):
    page = _body(comms_client.get(_url(request_)))
    assert "<summary>Cite a section or rule</summary>" in page
    assert f'value="s:{section.pk}"' in page
    assert f'value="r:{section.rules.first().pk}"' in page


def test_a_reply_records_what_it_cites_with_the_version(
    comms_client, request_, section, sample_version, member_client
):
    rule = section.rules.order_by("order").first()
    response = _reply(comms_client, request_, f"s:{section.pk}", f"r:{rule.pk}")
    assert response.status_code == 302
    message = request_.messages.get(kind="reply")
    cited = {(c.section_id, c.rule_id, c.version_id) for c in Citation.objects.all()}
    assert cited == {
        (section.pk, None, sample_version.pk),
        (section.pk, rule.pk, sample_version.pk),
    }
    assert all(c.message == message for c in Citation.objects.all())
    staff_page = _body(comms_client.get(_url(request_)))
    assert "This reply refers to the" in staff_page
    member_page = _body(member_client.get(request_.get_absolute_url()))
    assert f'href="{section.get_absolute_url()}#{rule.anchor}"' in member_page


def test_preview_keeps_the_ticks_and_the_text(comms_client, request_, section):
    rule = section.rules.order_by("order").first()
    page = _body(
        _reply(comms_client, request_, f"s:{section.pk}", f"r:{rule.pk}", action="preview")
    )
    assert f'value="s:{section.pk}" checked' in page
    assert f'value="r:{rule.pk}" checked' in page
    assert "(2 ticked)" in page
    assert "Yes, see the section." in page
    assert not Citation.objects.exists() and not request_.messages.exists()


def test_a_citation_no_longer_offered_is_refused_and_nothing_is_sent(
    comms_client, request_, draft_version
):
    stale = Section.objects.filter(version=draft_version).first()
    page = _body(_reply(comms_client, request_, f"s:{stale.pk}"), status=400)
    assert "no longer in the current version" in page
    assert "Yes, see the section." in page
    assert not request_.messages.exists()


def _flag_by_publishing(sample_version, section):
    draft = new_draft_from(sample_version)
    changed = Section.objects.get(version=draft, slug=section.slug)
    changed.body += " Reworded."
    changed.save()
    return publish(draft).version


def test_a_flagged_request_is_marked_in_the_queue_and_on_its_page(
    comms_client, comms, request_, section, sample_version
):
    _reply(comms_client, request_, f"s:{section.pk}")
    version2 = _flag_by_publishing(sample_version, section)
    marker = f"Re-check against version {version2.number}"
    queue = _body(comms_client.get(reverse("staff:queue") + "?view=open&status=answered"))
    assert marker in queue
    page = _body(comms_client.get(_url(request_)))
    assert marker in page and "Mark re-checked" in page
    response = comms_client.post(_url(request_, "rechecked"))
    assert response.status_code == 302
    flag = Recheck.objects.get(request=request_)
    assert flag.cleared_by == comms and not flag.is_open
    assert marker not in _body(comms_client.get(_url(request_)))


def test_only_the_requests_team_marks_it_rechecked(
    member, officer_topic, sample_version, comms_client, member_client, client
):
    officers_request = ask(member, officer_topic)
    Recheck.objects.create(request=officers_request, version=sample_version, changes="x")
    assert comms_client.post(_url(officers_request, "rechecked")).status_code == 404
    assert member_client.post(_url(officers_request, "rechecked")).status_code == 403
    assert client.post(_url(officers_request, "rechecked")).status_code == 302  # to log in
    assert Recheck.objects.open().count() == 1


def test_the_faq_button_is_the_monitoring_officers(
    officer_client, comms_client, comms, request_, section
):
    workflow.reply(request_, comms, "Yes.")
    assert "Make an FAQ entry from this answer" not in _body(comms_client.get(_url(request_)))
    page = _body(officer_client.get(_url(request_)))
    assert "Make an FAQ entry from this answer" in page
    button = reverse("admin:advice_faqentry_from_request", args=[request_.pk])
    assert f'action="{button}"' in page
    response = officer_client.post(button)
    entry = FaqEntry.objects.get()
    assert response["Location"] == reverse("admin:advice_faqentry_change", args=[entry.pk])
    assert "FAQ entry" in _body(officer_client.get(_url(request_)))


def test_the_queue_runs_the_same_queries_with_flags(
    comms_client, member, comms_topic, sample_version
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            _body(comms_client.get(reverse("staff:queue")))
        return len(captured)

    first = ask(member, comms_topic)
    before = queries()
    for _ in range(5):
        flagged = ask(member, comms_topic)
        Recheck.objects.create(request=flagged, version=sample_version, changes="x")
    assert Recheck.objects.filter(request=first).count() == 0
    assert queries() == before


def test_rules_are_labelled_by_kind(comms_client, request_, section):
    rule = Rule.objects.filter(section=section).order_by("order").first()
    page = _body(comms_client.get(_url(request_)))
    assert str(rule).split(":")[0] in page
