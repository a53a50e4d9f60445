"""Import a document in the admin, in a real browser: the upload page, a refused
file, the preview (with made-up titles and parts kept as text) and a preview
with an error all meet WCAG 2.2 AA at desktop width and 320 pixels; saving
opens the draft's compare-and-publish page."""

import pytest

from tests.browser.pages import log_in
from tests.protocol.word_factories import word_document

pytestmark = pytest.mark.browser

GUIDE = [
    ("title", "Member–Officer Relations Protocol"),
    ("numbered", "Officers give impartial advice to every member, whatever their party."),
    ("numbered", "Working together"),
    ("bold", "Do:"),
    ("bullet", "copy the team's shared inbox."),
    ("bold", "Don't:"),
    ("bullet", "ask an officer to act against advice."),
    ("numbered", "Complaints"),
    ("bold", "Do:"),
    ("para", "Write to the Monitoring Officer."),
    ("table", [["Who", "Contact"], ["Monitoring Officer", "ext 2000"]]),
]


@pytest.fixture
def word_file(tmp_path):
    path = tmp_path / "member-officer.docx"
    path.write_bytes(word_document(GUIDE))
    return path


def _open(page, officer):
    log_in(page, officer)
    response = page.goto("/admin/protocol/version/import/")
    assert response is not None and response.ok


def _preview(page, path):
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Preview the import").click()


def test_the_import_page_meets_wcag(page, officer, check_page):
    _open(page, officer)
    assert page.locator("h1").inner_text() == "Import a document"
    check_page(page)


def test_a_refused_file_is_explained_and_the_page_meets_wcag(page, officer, check_page, tmp_path):
    locked = tmp_path / "locked.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"))
    _open(page, officer)
    _preview(page, locked)
    assert "password-protected" in page.locator("main").inner_text()
    check_page(page)


def test_the_preview_meets_wcag_and_saving_opens_compare_and_publish(
    page, officer, check_page, word_file
):
    _open(page, officer)
    _preview(page, word_file)
    main = page.locator("main").inner_text()
    assert "Nothing is saved yet" in main
    assert "has no list under it" in main
    check_page(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("Title of section 1 (made up)").fill("Impartial advice")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()
    assert "/publish/" in page.url
    assert "Imported member-officer.docx as version 1" in page.locator("main").inner_text()


def test_a_preview_with_an_emptied_title_shows_the_error_and_meets_wcag(
    page, officer, check_page, word_file
):
    _open(page, officer)
    _preview(page, word_file)
    page.get_by_label("Title of section 1 (made up)").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()
    assert "Give the section a title." in page.locator("main").inner_text()
    check_page(page)
