"""Windows line endings never make an unchanged section look changed."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from protocol import diffing, publishing
from protocol.importing import parse
from protocol.models import Rule, Section, Version
from protocol.text import comparable, normalise_newlines

pytestmark = pytest.mark.django_db


def _admin_section_post(section, body):
    rules = list(section.rules.order_by("order"))
    data = {
        "version": section.version_id,
        "number": section.number,
        "title": section.title,
        "slug": section.slug,
        "order": section.order,
        "body": body,
        "rules-TOTAL_FORMS": len(rules),
        "rules-INITIAL_FORMS": len(rules),
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
    }
    for i, rule in enumerate(rules):
        data.update(
            {
                f"rules-{i}-id": rule.pk,
                f"rules-{i}-section": section.pk,
                f"rules-{i}-kind": rule.kind,
                f"rules-{i}-term": rule.term,
                f"rules-{i}-text": rule.text.replace("\n", "\r\n"),
                f"rules-{i}-order": rule.order,
                f"rules-{i}-anchor": rule.anchor,
            }
        )
    return data


def test_normalise_newlines_turns_crlf_and_cr_into_lf():
    assert normalise_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
    assert normalise_newlines(None) is None
    assert comparable("para one  \r\n\r\n\r\n\r\npara two\r\n") == "para one\n\npara two"


def test_saving_a_section_and_rule_stores_lf_line_breaks(sample_version):
    draft = publishing.new_draft_from(sample_version)
    section = draft.sections.filter(rules__isnull=False).first()
    section.body = "First line.\r\n\r\nSecond line.\rThird."
    section.save()
    rule = section.rules.first()
    rule.text = "Keep it\r\nshort."
    rule.save()
    section.refresh_from_db()
    rule.refresh_from_db()
    assert section.body == "First line.\n\nSecond line.\nThird."
    assert rule.text == "Keep it\nshort."


def test_saving_a_section_unchanged_from_the_admin_reports_no_change(
    officer_client, sample_version
):
    """The browser sends CR LF; the saved draft still reads the same as the current version."""
    draft = publishing.new_draft_from(sample_version)
    section = draft.sections.filter(body__contains="\n").first() or draft.sections.first()
    url = reverse("admin:protocol_section_change", args=[section.pk])
    response = officer_client.post(
        url, _admin_section_post(section, section.body.replace("\n", "\r\n"))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    section.refresh_from_db()
    assert "\r" not in section.body
    assert not Rule.objects.filter(section__version=draft, text__contains="\r").exists()
    changes = diffing.compare_sections(
        list(sample_version.sections.prefetch_related("rules")),
        list(draft.sections.prefetch_related("rules")),
    )
    assert [change.summary for change in changes if change.changed] == []


def test_compare_ignores_line_endings_stored_before_they_were_normalised(sample_version):
    draft = publishing.new_draft_from(sample_version)
    section = draft.sections.first()
    # Rows written before normalisation (bulk updates skip save()).
    Section.objects.filter(pk=section.pk).update(
        body=section.body.replace("\n", "\r\n") + "  \r\n", title=section.title + " "
    )
    old = sample_version.sections.get(slug=section.slug)
    assert not diffing.section_changed(old, Section.objects.get(pk=section.pk))


def test_importer_reads_windows_and_old_mac_line_endings_alike():
    text = "Title\n\n1. First\n\nSome text\nover two lines.\n\n2. Second\n\n- a bullet\n"
    unix = parse(text)
    for newline in ("\r\n", "\r"):
        other = parse(text.replace("\n", newline))
        assert [(s.title, s.body) for s in other.sections] == [
            (s.title, s.body) for s in unix.sections
        ]


def test_migration_rewrites_stored_crlf_text(sample_version):
    # A draft: published rows are frozen by the database since (they were
    # normalised by this migration before the freeze).
    draft = publishing.new_draft_from(sample_version)
    section = draft.sections.first()
    rule = Rule.objects.filter(section__version=draft).first()
    Section.objects.filter(pk=section.pk).update(body="One.\r\nTwo.")
    Rule.objects.filter(pk=rule.pk).update(text="Do\r\nthis.")
    Version.objects.filter(pk=draft.pk).update(change_note="Note\r\nhere.")
    migration = importlib.import_module("protocol.migrations.0013_normalise_line_endings")
    migration.normalise_line_endings(apps, None)
    assert Section.objects.get(pk=section.pk).body == "One.\nTwo."
    assert Rule.objects.get(pk=rule.pk).text == "Do\nthis."
    assert Version.objects.get(pk=draft.pk).change_note == "Note\nhere."


def test_publishing_a_draft_with_no_changes_asks_the_officer_to_confirm(
    officer_client, sample_version
):
    draft = publishing.new_draft_from(sample_version)
    url = reverse("admin:protocol_version_publish", args=[draft.pk])
    page = officer_client.get(url).content.decode()
    assert "Nothing a member reads has changed since version" in page
    form = {
        "change_note": "Same again.",
        "internal_reason": "",
        "is_major": "1",
        "review_by": "",
        "when": "now",
        "publish_at": "",
    }
    response = officer_client.post(url, form)
    assert response.status_code == 200
    assert "reads exactly like version" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft
    response = officer_client.post(url, {**form, "publish_unchanged": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_current


def test_a_draft_with_changes_publishes_without_the_extra_question(officer_client, sample_version):
    draft = publishing.new_draft_from(sample_version)
    section = draft.sections.first()
    section.body += "\n\nA new sentence."
    section.save()
    page = officer_client.get(reverse("admin:protocol_version_publish", args=[draft.pk]))
    assert "publish_unchanged" not in page.content.decode()
