"""The admin's "Import a document": upload, preview, save as draft."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from protocol.models import Document, Rule, Section, Version
from protocol.publishing import publish
from tests import factories
from tests.protocol.word_factories import word_document

pytestmark = pytest.mark.django_db

URL = reverse("admin:protocol_version_import")

GUIDE = [
    ("title", "Member–Officer Relations Protocol"),
    ("numbered", "Officers give impartial advice to every member."),
    ("numbered", "Working together"),
    ("bold", "Do:"),
    ("bullet", "copy the team's shared inbox."),
    ("bold", "Don't:"),
    ("bullet", "ask an officer to act against advice."),
    ("numbered", "Complaints"),
    ("bold", "Do:"),
    ("para", "Write to the Monitoring Officer."),
]


def _file(parts=GUIDE, name="member-officer.docx"):
    return SimpleUploadedFile(name, word_document(parts))


def _preview(client, upload=None, document=""):
    return client.post(URL, {"file": upload or _file(), "document": document})


def _save_data(response, **titles):
    html = response.content.decode()
    data = {
        "token": re.search(r'name="token" value="([^"]+)"', html).group(1),
        "document": (re.search(r'name="document" value="([^"]*)"', html) or [None, ""])[1],
    }
    for name, value in re.findall(r'name="(title_\d+)" id="[^"]+" value="([^"]*)"', html):
        data[name] = titles.get(name, value)
    return data


def test_the_import_page_offers_an_upload_and_the_document_choice(officer_client):
    response = officer_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html
    assert "A new document" in html
    assert "<h1>Import a document</h1>" in html


def test_the_versions_and_documents_lists_link_to_the_import(officer_client):
    for name in ("admin:protocol_version_changelist", "admin:protocol_document_changelist"):
        assert f'href="{URL}"' in officer_client.get(reverse(name)).content.decode()


def test_staff_who_may_not_add_versions_cannot_import(comms_client):
    assert comms_client.get(URL).status_code == 403
    assert comms_client.post(URL, {"file": _file()}).status_code == 403
    assert not Document.objects.exists()


def test_a_member_is_sent_to_the_admin_login(member_client):
    response = member_client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_preview_shows_sections_rules_made_up_titles_and_what_was_kept_as_text(
    officer_client,
):
    response = _preview(officer_client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing is saved yet" in html
    assert "3 sections" in html
    assert "1 do" in html and "1 don" in html
    # Paragraph 1 had no heading: its made-up title is an input to edit.
    assert re.search(r'name="title_0"[^>]*value="Officers give impartial advice', html)
    assert "Working together" in html
    # The "Do:" with no bullet under it is kept as text, said with where it was.
    assert "Paragraph 9:" in html
    assert "has no list under it" in html
    assert not Version.objects.exists()


def test_saving_the_preview_makes_a_draft_with_the_edited_title_and_opens_compare_and_publish(
    officer_client, officer, import_dir
):
    preview = _preview(officer_client)
    data = _save_data(preview, title_0="Impartial advice")
    response = officer_client.post(URL, data)
    version = Version.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:protocol_version_publish", args=[version.pk])
    assert version.is_draft and version.created_by == officer
    assert version.document.title == "Member–Officer Relations Protocol"
    sections = list(version.sections.order_by("order"))
    assert [(s.number, s.title, s.title_generated) for s in sections] == [
        ("1", "Impartial advice", False),
        ("2", "Working together", False),
        ("3", "Complaints", False),
    ]
    assert Rule.objects.filter(section__version=version).count() == 2
    # The waiting upload is gone once saved.
    assert list(import_dir.iterdir()) == []
    page = officer_client.get(response["Location"])
    assert "Imported member-officer.docx as version 1" in page.content.decode()


def test_an_existing_document_gets_the_import_as_its_next_draft(officer_client):
    current = factories.make_version(factories.make_document("Code of Conduct"), status="published")
    preview = _preview(officer_client, document=str(current.document.pk))
    assert "version 2 of" in preview.content.decode()
    officer_client.post(URL, _save_data(preview))
    draft = Version.objects.drafts().get()
    assert (draft.document, draft.number) == (current.document, 2)
    assert Document.objects.count() == 1


def test_a_file_that_cannot_be_read_says_why_and_keeps_the_chosen_document(officer_client):
    document = factories.make_document("Code of Conduct")
    response = _preview(
        officer_client,
        SimpleUploadedFile(
            "code.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00",
        ),
        document=str(document.pk),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "code.docx cannot be imported: this Word file is password-protected" in html
    assert re.search(rf'<option value="{document.pk}" selected>', html)
    assert not Version.objects.exists()


def test_no_file_chosen_is_a_clear_error(officer_client):
    html = officer_client.post(URL, {"document": ""}).content.decode()
    assert "Choose the file to import." in html


def test_a_new_document_with_the_title_of_an_existing_one_is_refused(officer_client):
    factories.make_document(
        "Member–Officer Relations Protocol", slug="memberofficer-relations-protocol"
    )
    html = _preview(officer_client).content.decode()
    assert "already exists" in html
    assert "Import it as" in html
    assert Version.objects.count() == 0


def test_a_document_with_a_draft_waiting_is_refused(officer_client):
    draft = factories.make_version(factories.make_document("Code of Conduct"))
    html = _preview(officer_client, document=str(draft.document.pk)).content.decode()
    assert "already has a draft (version 1)" in html
    assert Version.objects.count() == 1


def test_an_emptied_made_up_title_is_asked_for_again_and_nothing_is_saved(officer_client):
    data = _save_data(_preview(officer_client), title_0="")
    response = officer_client.post(URL, data)
    assert response.status_code == 200
    assert "Give the section a title." in response.content.decode()
    assert not Version.objects.exists()


def test_someone_elses_or_an_expired_upload_cannot_be_saved(officer_client, import_dir, settings):
    data = _save_data(_preview(officer_client))
    other = factories.make_user("officer2", "Monitoring Officer", staff=True)
    from django.test import Client

    other_client = Client()
    other_client.force_login(other)
    html = other_client.post(URL, data).content.decode()
    assert "no longer waiting" in html
    settings.PROTOCOL_IMPORT_KEEP_SECONDS = -1
    assert "no longer waiting" in officer_client.post(URL, data).content.decode()
    assert not Version.objects.exists()


def test_a_failure_while_saving_saves_nothing(officer_client, monkeypatch):
    data = _save_data(_preview(officer_client))

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Rule.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        officer_client.post(URL, data)
    assert not Document.objects.exists()
    assert not Section.objects.exists()


def test_a_title_the_officer_gave_in_the_latest_version_is_kept(officer_client):
    first = factories.make_version(factories.make_document("Code of Conduct"), sections=0)
    Section.objects.create(
        version=first,
        number="1",
        title="Impartial advice",
        slug="1-impartial-advice",
        order=1,
        body="Officers give impartial advice to every member.",
    )
    publish(first)
    preview = _preview(officer_client, document=str(first.document.pk))
    html = preview.content.decode()
    assert "Impartial advice" in html and "your title from the latest version" in html
    assert 'name="title_0"' not in html
    officer_client.post(URL, _save_data(preview))
    assert Version.objects.drafts().get().sections.get(number="1").title == "Impartial advice"
