"""A withdrawn document disappears from members' pages, the quiz and advice, and
stays readable to staff with its history; the Monitoring Officer withdraws and
restores it from the admin."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from protocol import publishing
from protocol.demo import SAMPLE_SLUG
from protocol.models import Document, Notification, Version
from tests import factories

pytestmark = pytest.mark.django_db


def _member_urls(document):
    section = Version.objects.get(document=document, status="published").sections.first()
    return [
        reverse("protocol:contents", kwargs={"document": document.slug}),
        reverse("protocol:all", kwargs={"document": document.slug}),
        reverse("protocol:compare", kwargs={"document": document.slug}),
        reverse("protocol:versions", kwargs={"document": document.slug}),
        section.get_absolute_url(),
        reverse("quiz:start", kwargs={"document": document.slug}),
    ]


def test_members_no_longer_see_a_withdrawn_document(member_client, client, sample_version):
    document = sample_version.document
    assert document.title in member_client.get("/").content.decode()
    publishing.withdraw(document)
    assert document.title not in member_client.get("/").content.decode()
    assert document.title not in member_client.get(reverse("quiz:index")).content.decode()
    for url in _member_urls(document):
        assert member_client.get(url).status_code == 404, url
        assert client.get(url).status_code in (302, 404), url


def test_staff_still_read_a_withdrawn_document_with_its_history(officer_client, sample_version):
    document = sample_version.document
    publishing.withdraw(document)
    for url in _member_urls(document)[:5]:
        response = officer_client.get(url)
        assert response.status_code == 200, url
        assert "Members do not see this document" in response.content.decode()


def test_restoring_shows_it_to_members_again(member_client, sample_version):
    document = sample_version.document
    publishing.withdraw(document)
    publishing.restore(document)
    for url in _member_urls(document):
        assert member_client.get(url).status_code == 200, url


def test_officer_withdraws_and_restores_from_the_admin(officer_client, officer, sample_version):
    document = sample_version.document
    change_url = reverse("admin:protocol_document_change", args=[document.pk])
    page = officer_client.get(change_url).content.decode()
    assert "Withdraw from members" in page
    url = reverse("admin:protocol_document_withdraw", args=[document.pk])
    response = officer_client.post(url, follow=True)
    document.refresh_from_db()
    assert document.is_withdrawn and document.withdrawn_by == officer
    assert "members no longer see it" in response.content.decode()
    assert "Restore to members" in response.content.decode()
    officer_client.post(url, {"restore": "yes"})
    document.refresh_from_db()
    assert not document.is_withdrawn
    history = officer_client.get(reverse("admin:admin_logentry_changelist")).content.decode()
    assert "Withdrawn: members no longer see it." in history


def test_the_admin_action_withdraws_the_selected_documents(officer_client, sample_version):
    document = sample_version.document
    response = officer_client.post(
        reverse("admin:protocol_document_changelist"),
        {"action": "withdraw_selected", "_selected_action": [document.pk]},
        follow=True,
    )
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.is_withdrawn


def test_deleting_a_published_document_explains_withdrawing_instead(officer_client, sample_version):
    document = sample_version.document
    response = officer_client.get(
        reverse("admin:protocol_document_delete", args=[document.pk]), follow=True
    )
    assert response.status_code == 200
    assert "Withdraw it instead" in response.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_member_cannot_withdraw(member_client, sample_version):
    url = reverse("admin:protocol_document_withdraw", args=[sample_version.document.pk])
    member_client.post(url)
    sample_version.document.refresh_from_db()
    assert not sample_version.document.is_withdrawn


def test_a_withdrawn_document_is_not_published_nor_reminded_about(sample_version, member):
    document = sample_version.document
    draft = publishing.new_draft_from(sample_version)
    publishing.withdraw(document)
    with pytest.raises(publishing.PublishError, match="restore it"):
        publishing.publish(draft)
    with pytest.raises(publishing.PublishError, match="restore it"):
        publishing.send_acknowledgement_reminders(sample_version)
    assert not Notification.objects.filter(kind="acknowledgement_reminder").exists()


def test_fast_paths_and_the_ask_form_leave_out_a_withdrawn_document(member, sample_version):
    from protocol.advice import guidance
    from protocol.advice.forms import AskForm
    from tests.advice.factories import make_topic

    topic = make_topic(
        "I posted something I regret", fast_path="regret", checklist="screenshot | Fallback."
    )
    publishing.withdraw(sample_version.document)
    found = guidance.fast_path_guidance([topic])[topic.pk]
    assert not any(item.from_protocol for item in found.items)
    assert not AskForm(member=member).fields["section"].queryset.exists()


def test_a_members_past_attempts_on_a_withdrawn_document_are_hidden(member, member_client):
    from tests.quiz.factories import make_scenario

    version = factories.import_sample()
    make_scenario(version)
    member_client.post(reverse("quiz:start", kwargs={"document": version.document.slug}))
    publishing.withdraw(version.document)
    page = member_client.get(reverse("quiz:index")).content.decode()
    assert version.document.title not in page


def test_withdraw_document_command(sample_version):
    call_command("withdraw_document", SAMPLE_SLUG)
    assert Document.objects.get(slug=SAMPLE_SLUG).is_withdrawn
    call_command("withdraw_document", SAMPLE_SLUG, "--restore")
    assert not Document.objects.get(slug=SAMPLE_SLUG).is_withdrawn


def test_importing_a_real_protocol_beside_the_sample_says_how_to_withdraw_it(
    sample_version, protocol_seed_path
):
    from io import StringIO

    out = StringIO()
    call_command("import_protocol", str(protocol_seed_path), stdout=out)
    assert f"withdraw_document {SAMPLE_SLUG}" in out.getvalue()
