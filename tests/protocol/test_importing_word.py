"""Importing Word documents: automatic numbering, styles, lists, tables, links,
and every file the importer must refuse. The documents are built here with
python-docx (tests/protocol/word_factories.py); the real protocol is written
to .docx from PROTOCOL_SEED and never copied into the project."""

import html as html_module
import io
import re
import zipfile

import pytest
from django.urls import reverse

from protocol.importing import ImportProblem, decode, parse, read_document, save_draft
from protocol.models import Rule
from protocol.publishing import publish
from tests.protocol.word_factories import text_to_word_parts, word_document

Kind = Rule.Kind


def _read(parts, name="protocol.docx"):
    return read_document(word_document(parts), name)


def _outline(parsed):
    return [(s.number, s.title) for s in parsed.sections]


def _rules(section):
    return [(r.kind, r.term, r.text) for r in section.rules]


MEMBER_OFFICER = [
    ("header", "OFFICIAL – page header"),
    ("footer", "Page 1 of 2"),
    ("title", "Member–Officer Relations Protocol"),
    ("numbered", "Introduction"),
    ("para", "Members and officers serve the same residents in different roles."),
    ("numbered", "Officers give impartial advice to every member."),
    ("bullet", "Advice is given in writing when asked."),
    ("bullet", "Advice is recorded."),
    # Word carries the numbering on after the bullet list: this is paragraph 3.
    ("numbered", "Working together"),
    ("sub", "Members do not direct officers' day-to-day work."),
    ("sub", "Officers do not take part in party politics."),
    ("bold", "Do:"),
    ("bullet", "copy the team's shared inbox."),
    ("bold", "Don't:"),
    ("bullet", "ask an officer to act against advice."),
    ("numbered", "Complaints"),
    (
        "link",
        "Complaints follow the ",
        "council's procedure",
        "https://example.org/complaints",
        ".",
    ),
    (
        "table",
        [["Who", "Contact"], ["Chief Executive", "ext 1000"], ["Monitoring Officer", "ext 2000"]],
    ),
]


def test_word_automatic_numbering_gives_the_numbers_word_shows():
    parsed = _read(MEMBER_OFFICER)
    assert parsed.source_format == "Word"
    assert parsed.title == "Member–Officer Relations Protocol"
    assert [s.number for s in parsed.sections] == ["1", "2", "3", "4"]
    assert _outline(parsed)[0] == ("1", "Introduction")
    assert parsed.sections[1].title_generated


def test_numbered_sub_paragraphs_keep_their_numbers_inside_their_section():
    working = _read(MEMBER_OFFICER).sections[2]
    assert working.blocks[:2] == [
        "3.1 Members do not direct officers' day-to-day work.",
        "3.2 Officers do not take part in party politics.",
    ]


def test_bold_labels_and_bullets_in_word_become_do_and_dont_rules():
    working = _read(MEMBER_OFFICER).sections[2]
    assert _rules(working) == [
        (Kind.DO, "", "copy the team's shared inbox."),
        (Kind.DONT, "", "ask an officer to act against advice."),
    ]


def test_bullets_stay_bullets_in_an_ordinary_section():
    advice = _read(MEMBER_OFFICER).sections[1]
    assert advice.blocks[1] == "- Advice is given in writing when asked.\n- Advice is recorded."


def test_hyperlinks_are_kept_as_links_and_tables_as_tables():
    complaints = _read(MEMBER_OFFICER).sections[3]
    assert complaints.blocks[0] == (
        "Complaints follow the [council's procedure](https://example.org/complaints)."
    )
    assert complaints.blocks[1] == (
        "| Who | Contact |\n| --- | --- |\n| Chief Executive | ext 1000 |\n"
        "| Monitoring Officer | ext 2000 |"
    )


def test_headers_and_footers_are_left_out():
    parsed = _read(MEMBER_OFFICER)
    everything = " ".join(s.body for s in parsed.sections)
    assert "page header" not in everything
    assert "Page 1 of 2" not in everything
    assert parsed.notes == []


def test_a_restarted_list_counts_from_one_again():
    parsed = _read(
        [
            ("title", "Guide"),
            ("numbered", "Be kind."),
            ("numbered", "Be brief."),
            ("restart",),
            ("numbered", "Be accurate."),
        ]
    )
    # Word shows "1." again: a numbered list inside paragraph 2, not a new section.
    assert [s.number for s in parsed.sections] == ["1", "2"]
    assert parsed.sections[1].blocks == ["Be brief.", "1. Be accurate."]


def test_heading_styles_without_numbers_start_sections_with_bold_run_in_labels():
    parsed = _read(
        [
            ("title", "Social Media Guide for Councillors"),
            ("heading", 1, "Why it matters"),
            ("para", "What you post is public and stays public."),
            ("heading", 2, "A note on groups"),
            ("para", "Closed groups are not private."),
            ("heading", 1, "Posting well"),
            ("runin", "Tip: ", "read it twice before posting."),
            ("bold", "Do:"),
            ("bullet", "credit other people's photos."),
        ]
    )
    assert _outline(parsed) == [("", "Why it matters"), ("", "Posting well")]
    why, posting = parsed.sections
    assert "### A note on groups" in why.body
    assert posting.blocks[0] == "**Tip:** read it twice before posting."
    assert _rules(posting) == [(Kind.DO, "", "credit other people's photos.")]


def test_numbered_headings_use_their_word_numbers():
    parsed = _read(
        [
            ("title", "Guide"),
            ("numbered-heading", 1, "Scope"),
            ("para", "All members."),
            ("numbered-heading", 1, "Risks"),
            ("bullet", "Sharing private data."),
        ]
    )
    assert _outline(parsed) == [("1", "Scope"), ("2", "Risks")]
    assert _rules(parsed.sections[1]) == [(Kind.RISK, "", "Sharing private data.")]


def test_a_word_document_that_is_one_list_is_one_section():
    parsed = _read(
        [
            ("title", "Posting tips"),
            ("para", "Use these before every post."),
            ("bullet", "Pause."),
            ("bullet", "Check the facts."),
        ]
    )
    assert len(parsed.sections) == 1
    assert parsed.sections[0].body.endswith("- Pause.\n- Check the facts.")


def test_markdown_characters_in_word_text_are_text():
    parsed = _read([("title", "Guide"), ("numbered", "Use *stars* and _lines_ freely.")])
    assert parsed.sections[0].body == r"Use \*stars\* and \_lines\_ freely."


# -- the real protocol ----------------------------------------------------------


@pytest.fixture
def seed_text(protocol_seed_path):
    return decode(protocol_seed_path.read_bytes())


def test_the_real_protocol_as_word_reads_the_same_as_its_text(seed_text):
    from_text = parse(seed_text)
    from_word = read_document(word_document(text_to_word_parts(seed_text)), "protocol.docx")
    assert [s.number for s in from_word.sections] == [str(n) for n in range(1, 16)]
    assert from_word.rule_counts() == from_text.rule_counts()
    assert [(s.number, s.title, s.title_generated, s.body) for s in from_word.sections] == [
        (s.number, s.title, s.title_generated, s.body) for s in from_text.sections
    ]
    assert [_rules(s) for s in from_word.sections] == [_rules(s) for s in from_text.sections]
    assert from_word.notes == []


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _words(text):
    text = text.translate(_QUOTES).replace("**", "").lower()
    return " ".join(re.sub(r"[^\w']+|(?<!\w)'|'(?!\w)", " ", text).split())


def _page_text(client, version):
    html = client.get(reverse("protocol:all", kwargs={"document": version.document.slug})).text
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return f" {_words(html_module.unescape(re.sub(r'<[^>]+>', ' ', main)))} "


def _sentences(parts):
    sentences = []
    for part in parts:
        for text in part[1:]:
            if not isinstance(text, str) or text.startswith("http"):
                continue
            for sentence in re.split(r"(?<=[.!?:;])\s+", text):
                if _words(sentence):
                    sentences.append(_words(sentence))
    return sentences


def _in_order(sentences, page):
    """Sentences not found on the page after the one before them."""
    missing, at = [], 0
    for sentence in sentences:
        found = page.find(f" {sentence} ", at)
        if found < 0:
            missing.append(sentence)
        else:
            at = found
    return missing


@pytest.mark.django_db
def test_every_sentence_of_a_word_document_is_on_the_whole_document_page_in_order(client):
    parts = [p for p in MEMBER_OFFICER if p[0] not in ("header", "footer", "table")]
    version = publish(save_draft(_read(parts))).version
    assert _in_order(_sentences(parts), _page_text(client, version)) == []


@pytest.mark.django_db
def test_every_sentence_of_the_real_protocol_as_word_is_on_the_page_in_order(client, seed_text):
    parts = text_to_word_parts(seed_text)
    version = publish(save_draft(read_document(word_document(parts), "p.docx"))).version
    sentences = _sentences(parts)
    assert len(sentences) > 100
    page = _page_text(client, version)
    # Rules are shown with their kind ("Do", "Legal term") and the term apart
    # from its meaning, so a sentence is found by its words after any label.
    missing = [s for s in _in_order(sentences, page) if f" {s.split(' ', 1)[-1]} " not in page]
    assert missing == []


# -- refusals ------------------------------------------------------------------


def _refused(data, name="protocol.docx"):
    with pytest.raises(ImportProblem) as caught:
        read_document(data, name)
    return caught.value.message


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_password_protected_word_file_is_refused_saying_so():
    # Word saves an encrypted .docx as a compound file holding an EncryptionInfo stream.
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le")
    )
    assert "password-protected" in _refused(data)


def test_an_old_word_file_is_refused_with_how_to_save_it_as_docx():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "WordDocument".encode("utf-16-le")
    assert ".docx" in _refused(data, "protocol.doc")


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    data = _zip({"word/document.xml": b"<w:document/>", "word/padding.bin": b"\x00" * 5_000_000})
    assert len(data) < 100_000
    assert "zip bomb" in _refused(data)


def test_a_zip_that_is_not_a_word_document_is_refused():
    assert "not a Word document" in _refused(_zip({"hello.txt": b"hi"}))


def test_a_damaged_word_file_is_refused():
    assert "damaged" in _refused(word_document(MEMBER_OFFICER)[:2000])


def test_xml_declaring_entities_is_refused_before_parsing():
    good = zipfile.ZipFile(io.BytesIO(word_document(MEMBER_OFFICER)))
    members = {item.filename: good.read(item) for item in good.infolist()}
    members["word/document.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        + members["word/document.xml"].split(b"?>", 1)[1]
    )
    assert "document type" in _refused(_zip(members))


def test_a_word_document_with_no_text_is_refused():
    assert "no text" in _refused(word_document([]))


def test_a_picture_in_word_is_reported_where_it_was():
    import docx

    document = docx.Document()
    document.add_paragraph("Guide", style="Title")
    paragraph = document.add_paragraph("Our logo: ")
    run = paragraph.add_run()
    run._r.append(
        run._r.makeelement(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing", {}
        )
    )
    out = io.BytesIO()
    document.save(out)
    parsed = read_document(out.getvalue(), "guide.docx")
    assert [(n.where, "picture" in n.message) for n in parsed.notes] == [("paragraph 2", True)]


def test_a_word_document_with_bold_and_question_headings_and_no_numbers():
    parsed = _read(
        [
            ("title", "Social Media Protocol for Members"),
            ("para", "This protocol is for every member."),
            ("bold", "Purpose of this protocol:"),
            ("para", "It helps members post safely."),
            ("para", "What is social media?"),
            ("bullet", "Websites where people share posts."),
            ("bold", "Do:"),
            ("bullet", "think before you post."),
        ]
    )
    assert _outline(parsed) == [
        ("", "Introduction"),
        ("", "Purpose of this protocol"),
        ("", "What is social media?"),
    ]
    assert _rules(parsed.sections[2]) == [(Kind.DO, "", "think before you post.")]


def test_a_list_that_takes_its_levels_from_a_list_style_is_read_as_that_style():
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for xml in (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80"><w:styleLink w:val="Dashes"/>'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/></w:lvl>'
        "</w:abstractNum>",
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="81">'
        '<w:numStyleLink w:val="Dashes"/></w:abstractNum>',
    ):
        first_num.addprevious(parse_xml(xml))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="81"><w:abstractNumId w:val="81"/></w:num>')
    )
    document.add_paragraph("Guide", style="Title")
    document.add_paragraph("Things to bear in mind:")
    for text in ("Posts last.", "Screenshots travel."):
        num_pr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = 81
    out = io.BytesIO()
    document.save(out)
    parsed = read_document(out.getvalue(), "guide.docx")
    assert [s.number for s in parsed.sections] == [""]
    assert parsed.sections[0].body.endswith("- Posts last.\n- Screenshots travel.")


def _with_notes(*paragraphs):
    """A .docx whose paragraphs are (text, [(kind, id), ...] cited after the text), with
    footnotes 1-2 and endnote 1 written out and comment 0 in the margin."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Guide", style="Title")
    for text, cited in paragraphs:
        paragraph = document.add_paragraph(text)
        for kind, number in cited:
            paragraph._p.append(
                parse_xml(f'<w:r {nsdecls("w")}><w:{kind}Reference w:id="{number}"/></w:r>')
            )
    for kind, content_type, relationship, notes in (
        (
            "footnote",
            CT.WML_FOOTNOTES,
            RT.FOOTNOTES,
            {"1": "See the Code of Conduct, part 3.", "2": "Updated in 2024."},
        ),
        ("endnote", CT.WML_ENDNOTES, RT.ENDNOTES, {"1": "The Localism Act 2011."}),
    ):
        paragraph = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
        body = f'<w:{kind} w:type="separator" w:id="-1">{paragraph.format("--")}</w:{kind}>'
        for number, text in notes.items():
            body += f'<w:{kind} w:id="{number}">{paragraph.format(text)}</w:{kind}>'
        part = Part(
            PackURI(f"/word/{kind}s.xml"),
            content_type,
            f"<w:{kind}s {nsdecls('w')}>{body}</w:{kind}s>".encode(),
            document.part.package,
        )
        document.part.relate_to(part, relationship)
    out = io.BytesIO()
    document.save(out)
    return read_document(out.getvalue(), "guide.docx")


def test_footnotes_and_endnotes_are_kept_in_brackets_where_they_are_cited_and_reported():
    parsed = _with_notes(
        ("Members must follow the Code.", [("footnote", "2")]),
        ("Posts can be defamatory.", [("footnote", "1"), ("endnote", "1")]),
    )
    body = " ".join(section.body for section in parsed.sections)
    assert "Members must follow the Code. (Footnote 1: Updated in 2024.)" in body
    assert "(Footnote 2: See the Code of Conduct, part 3.)" in body
    assert "(Endnote 1: The Localism Act 2011.)" in body
    assert "--" not in body  # the separator Word draws is not a note
    assert [str(note) for note in parsed.notes] == [
        "paragraph 2: footnote 1 is kept in brackets after the words that cite it.",
        "paragraph 3: footnote 2 is kept in brackets after the words that cite it.",
        "paragraph 3: endnote 1 is kept in brackets after the words that cite it.",
    ]


def test_a_reviewers_comment_is_left_out_and_reported_where_it_was():
    parsed = _with_notes(("Think before you post.", [("comment", "0"), ("comment", "1")]))
    assert "Think before you post." in " ".join(section.body for section in parsed.sections)
    assert [str(note) for note in parsed.notes] == [
        "paragraph 2: a reviewer's comment was left out: comments are not text."
    ]


def test_a_footnote_cited_but_missing_from_the_file_is_reported():
    parsed = _with_notes(("Members must follow the Code.", [("footnote", "9")]))
    assert [str(note) for note in parsed.notes] == [
        "paragraph 2: footnote 1 is cited but has no text."
    ]
