"""The Monitoring Officer's admin: drafts editable, published versions read-only."""

import pytest
from django.urls import reverse

from protocol.models import Section
from tests import factories

pytestmark = pytest.mark.django_db


def test_officer_sees_documents_versions_sections_and_rules(officer_client, sample_version):
    section = sample_version.sections.first()
    rule = sample_version.sections.filter(rules__isnull=False).first().rules.first()
    for url in [
        reverse("admin:index"),
        reverse("admin:protocol_document_changelist"),
        reverse("admin:protocol_document_change", args=[sample_version.document.pk]),
        reverse("admin:protocol_version_changelist"),
        reverse("admin:protocol_version_change", args=[sample_version.pk]),
        reverse("admin:protocol_section_change", args=[section.pk]),
        reverse("admin:protocol_rule_change", args=[rule.pk]),
    ]:
        assert officer_client.get(url).status_code == 200, url


def test_published_version_is_read_only_in_the_admin(officer_client, sample_version):
    url = reverse("admin:protocol_version_change", args=[sample_version.pk])
    response = officer_client.get(url)
    assert 'name="change_note"' not in response.content.decode()
    response = officer_client.post(url, {"change_note": "sneaky edit"})
    assert response.status_code == 403
    sample_version.refresh_from_db()
    assert sample_version.change_note != "sneaky edit"
    section = sample_version.sections.first()
    response = officer_client.get(reverse("admin:protocol_section_change", args=[section.pk]))
    assert 'name="body"' not in response.content.decode()


def test_officer_edits_a_draft_section_with_its_rules_inline(officer_client):
    document = factories.make_document("Draft Doc")
    draft = factories.make_version(document, sections=1, rules_per_section=1)
    section = draft.sections.get()
    rule = section.rules.get()
    url = reverse("admin:protocol_section_change", args=[section.pk])
    response = officer_client.get(url)
    assert 'name="body"' in response.content.decode()
    data = {
        "version": draft.pk,
        "number": "1",
        "title": "A better title",
        "slug": section.slug,
        "order": 1,
        "body": "New body.",
        "rules-TOTAL_FORMS": 1,
        "rules-INITIAL_FORMS": 1,
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
        "rules-0-id": rule.pk,
        "rules-0-section": section.pk,
        "rules-0-order": 1,
        "rules-0-kind": "dont",
        "rules-0-term": "",
        "rules-0-text": "post in haste",
        "rules-0-anchor": rule.anchor,
    }
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    section = Section.objects.get(pk=section.pk)
    assert section.title == "A better title"
    assert section.rules.get().text == "post in haste"


def test_members_cannot_reach_the_admin(member_client):
    response = member_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response.url


def test_comms_can_view_but_not_change_a_draft(comms_client):
    document = factories.make_document("Comms View")
    draft = factories.make_version(document, sections=1)
    url = reverse("admin:protocol_version_change", args=[draft.pk])
    response = comms_client.get(url)
    assert response.status_code == 200
    assert 'name="change_note"' not in response.content.decode()


def test_a_published_document_cannot_be_deleted_from_the_admin(officer_client, sample_version):
    url = reverse("admin:protocol_document_delete", args=[sample_version.document.pk])
    response = officer_client.post(url, {"post": "yes"})
    # Not a bare 403: back to the document, which says to withdraw it instead.
    assert response.status_code == 302
    assert response.url == reverse(
        "admin:protocol_document_change", args=[sample_version.document.pk]
    )
    assert sample_version.document.versions.count() == 1


def test_a_never_published_document_can_be_deleted(officer_client):
    document = factories.make_document("Never Published")
    factories.make_version(document, sections=1)
    url = reverse("admin:protocol_document_delete", args=[document.pk])
    response = officer_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not type(document).objects.filter(pk=document.pk).exists()


def test_records_the_portal_writes_are_read_only_even_for_a_superuser(
    admin_client, member, sample_version
):
    from protocol import acknowledgements
    from protocol.models import Acknowledgement

    acknowledgement, _ = acknowledgements.acknowledge(member, sample_version)
    for name in ["change", "delete"]:
        url = reverse(f"admin:protocol_acknowledgement_{name}", args=[acknowledgement.pk])
        response = admin_client.post(url, {"post": "yes"})
        assert response.status_code == 403, name
    assert Acknowledgement.objects.filter(pk=acknowledgement.pk).exists()
    assert admin_client.get(reverse("admin:protocol_acknowledgement_add")).status_code == 403
