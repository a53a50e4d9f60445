"""manage.py import_protocol FILE [--publish] [--by USERNAME]."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from protocol.models import Document, Section, Version
from tests import factories

pytestmark = pytest.mark.django_db

SAMPLE_TITLE = "Sample Guidance on Online Conduct"


def _run(*args):
    out = io.StringIO()
    call_command("import_protocol", *[str(a) for a in args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _nothing_saved():
    return not (Document.objects.exists() or Version.objects.exists() or Section.objects.exists())


@pytest.fixture
def write(tmp_path):
    def write(content, name="protocol.txt"):
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return write


def test_import_makes_a_draft_and_reports_what_it_found():
    output = _run(factories.SAMPLE_PATH)
    version = Version.objects.get()
    assert version.is_draft
    assert version.document.title == SAMPLE_TITLE
    summary = output.splitlines()[0]
    assert SAMPLE_TITLE in summary
    assert "version 1" in summary
    assert "draft" in summary
    assert "8 sections" in summary
    for count_and_kind in ("3 do", "3 don't", "3 risk", "2 legal term", "2 principle"):
        assert re.search(rf"\b{count_and_kind}\b", summary), count_and_kind


def test_import_lists_the_titles_it_made_up():
    output = _run(factories.SAMPLE_PATH)
    version = Version.objects.get()
    generated = ["1", "3", "8"]
    for section in version.sections.filter(number__in=generated):
        assert f"{section.number}. {section.title}" in output
    # Titles taken from the document are not listed as made up.
    listed = output.split("\n", 1)[1]
    assert "Who this applies to" not in listed


def test_import_with_publish_makes_the_version_current():
    output = _run(factories.SAMPLE_PATH, "--publish")
    version = Version.objects.get()
    assert version.is_current
    assert version.published_at is not None
    assert "published" in output.splitlines()[0]


def test_import_by_a_user_records_who_created_and_published_it(officer):
    _run(factories.SAMPLE_PATH, "--publish", "--by", officer.username)
    version = Version.objects.get()
    assert version.created_by == officer
    assert version.published_by == officer


def test_import_by_an_unknown_user_is_refused_and_saves_nothing():
    with pytest.raises(CommandError, match="nobody"):
        _run(factories.SAMPLE_PATH, "--by", "nobody")
    assert _nothing_saved()


def test_a_second_import_with_publish_supersedes_the_first():
    _run(factories.SAMPLE_PATH, "--publish")
    output = _run(factories.SAMPLE_PATH, "--publish")
    assert "version 2" in output.splitlines()[0]
    first, second = Version.objects.order_by("number")
    assert first.document_id == second.document_id
    assert first.is_superseded
    assert second.is_current


def test_importing_while_a_draft_is_waiting_is_refused():
    _run(factories.SAMPLE_PATH)
    with pytest.raises(CommandError) as caught:
        _run(factories.SAMPLE_PATH, "--publish")
    assert "already has a draft" in str(caught.value)
    assert "Nothing was imported" in str(caught.value)
    version = Version.objects.get()
    assert version.is_draft


def test_a_missing_file_is_a_clear_error(tmp_path):
    missing = tmp_path / "no-such-protocol.txt"
    with pytest.raises(CommandError) as caught:
        _run(missing)
    message = str(caught.value)
    assert "no-such-protocol.txt" in message
    assert "No such file" in message
    assert _nothing_saved()


def test_a_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        _run(tmp_path)
    assert _nothing_saved()


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        pytest.param("", "protocol.txt", "the file: the file is empty", id="empty"),
        pytest.param(
            "Guide\n\n", "protocol.txt", "line 1: the document has a title", id="title-only"
        ),
        pytest.param(b"\x00\x01\x02binary", "protocol.txt", "not a document", id="binary"),
        pytest.param(b"PK\x03\x04broken", "protocol.docx", "damaged", id="broken-docx"),
        pytest.param(b"%PDF-1.7 ...", "protocol.pdf", "PDF", id="pdf"),
    ],
)
def test_a_file_that_cannot_be_read_says_why_and_saves_nothing(write, content, name, words):
    path = write(content, name)
    with pytest.raises(CommandError) as caught:
        _run(path, "--publish")
    message = str(caught.value)
    assert message.startswith(f"{name}, ")
    assert words in message
    assert "Nothing was imported" in message
    assert _nothing_saved()


@pytest.mark.parametrize(
    ("content", "where"),
    [
        pytest.param("Guide\n\n1. Be kind.\n\n3. Be careful.\n", "line 5", id="numbering-gap"),
        pytest.param("1. Be kind.\n", "line 1", id="no-title"),
        pytest.param("Guide\n\n1. Tips\n\nDo:\n\nText.\n", "line 5", id="empty-do-list"),
        pytest.param("Guide\n\n1. Be \x1bkind.\n", "line 3", id="control-character"),
        pytest.param(b"Guide\n\n1. Caf\xe9.\n", "line 3", id="windows-text"),
    ],
)
def test_a_document_out_of_shape_imports_and_lists_what_it_kept_as_text(write, content, where):
    output = _run(write(content))
    assert "Kept as text" in output
    assert f"  {where}: " in output
    assert Version.objects.get().is_draft


def test_import_reads_a_markdown_file_with_crlf_and_a_byte_order_mark(write):
    text = "# Guide\r\n\r\n## 1. Keeping safe\r\n\r\nDo:\r\n\r\n- block abusers.\r\n"
    output = _run(write(b"\xef\xbb\xbf" + text.encode("utf-8"), "guide.md"))
    assert "Guide" in output
    assert "1 sections" in output or "1 section" in output
    assert re.search(r"\b1 do\b", output)
    section = Section.objects.get()
    assert section.title == "Keeping safe"


def test_the_real_protocol_imports_with_every_rule(protocol_seed_path):
    output = _run(protocol_seed_path)
    summary = output.splitlines()[0]
    assert "Social Media Protocol for Members" in summary
    assert "15 sections" in summary
    for count_and_kind in ("7 do", "9 don't", "8 risk", "4 legal term", "5 principle"):
        assert re.search(rf"\b{count_and_kind}\b", summary), count_and_kind
    assert Version.objects.get().sections.count() == 15


def test_publish_gives_members_a_change_note(tmp_path, db):
    import io as _io

    from django.core.management import call_command

    from protocol.models import Version
    from tests.factories import SAMPLE_PATH

    call_command("import_protocol", str(SAMPLE_PATH), publish=True, stdout=_io.StringIO())
    version = Version.objects.current().get()
    assert version.change_note == "Version 1, imported from sample-protocol.txt."
    call_command(
        "import_protocol", str(SAMPLE_PATH), publish=True, note="Tidied.", stdout=_io.StringIO()
    )
    assert Version.objects.current().get().change_note == "Tidied."


def test_import_reads_a_word_document_with_automatic_numbering(write):
    from tests.protocol.word_factories import word_document

    data = word_document(
        [
            ("title", "Code of Conduct for Members"),
            ("numbered", "Members must treat everyone with respect."),
            ("numbered", "Gifts"),
            ("bold", "Do:"),
            ("bullet", "register gifts within 28 days."),
        ]
    )
    output = _run(write(data, "code.docx"))
    assert "Imported 'Code of Conduct for Members' as version 1 (draft): 2 sections" in output
    assert re.search(r"\b1 do\b", output)
    assert list(Section.objects.order_by("order").values_list("number", "title")) == [
        ("1", "Members must treat everyone with respect"),
        ("2", "Gifts"),
    ]
