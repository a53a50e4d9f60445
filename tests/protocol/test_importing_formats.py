"""Importing the family of layouts councils use, as text, Markdown and HTML.

Every document here is written for these tests. Rules are found the same way
whatever the layout: do and don't lists, "Term – meaning" items, risks and
principles.
"""

import pytest

from protocol.importing import ImportProblem, read_document
from protocol.models import Rule

Kind = Rule.Kind


def _read(text, name="guide.txt"):
    return read_document(text.encode("utf-8"), name)


def _outline(parsed):
    return [(s.number, s.title) for s in parsed.sections]


def _rules(section):
    return [(r.kind, r.term, r.text) for r in section.rules]


# A protocol with headings and no numbers, its bullets written "·".
UNNUMBERED = """Using Social Media: A Protocol for Councillors

Purpose of this protocol:

This protocol helps councillors post safely. It sits beside the Code of Conduct.

What is social media?

·  Websites and apps where people share posts and talk to each other.
·  It includes video sites and messaging groups.

Good practice:

Do:
·  say when you are posting as a councillor.
·  keep your privacy settings up to date.

Don't:
·  post when you are angry.

Things that can go wrong:

·  Libel – a false statement that harms someone's good name.
·  Harassment – conduct that alarms or distresses a person.
"""


def test_headings_ending_in_a_colon_or_question_mark_start_sections():
    parsed = _read(UNNUMBERED)
    assert parsed.title == "Using Social Media: A Protocol for Councillors"
    assert _outline(parsed) == [
        ("", "Purpose of this protocol"),
        ("", "What is social media?"),
        ("", "Good practice"),
        ("", "Things that can go wrong"),
    ]
    assert not any(s.title_generated for s in parsed.sections)


def test_middle_dot_bullets_become_bullets_and_rules():
    purpose, what, practice, wrong = _read(UNNUMBERED).sections
    assert (
        what.body.splitlines()[0]
        == "- Websites and apps where people share posts and talk to each other."
    )
    assert _rules(practice) == [
        (Kind.DO, "", "say when you are posting as a councillor."),
        (Kind.DO, "", "keep your privacy settings up to date."),
        (Kind.DONT, "", "post when you are angry."),
    ]
    assert [(r.kind, r.term) for r in wrong.rules] == [
        (Kind.TERM, "Libel"),
        (Kind.TERM, "Harassment"),
    ]


def test_a_lead_in_ending_in_a_colon_is_not_a_heading():
    parsed = _read(
        "Guide\n\nKeeping in touch:\n\nSocial media can help you to:\n\n- reach residents\n"
        "- hear views\n"
    )
    assert _outline(parsed) == [("", "Keeping in touch")]
    assert parsed.sections[0].blocks[0] == "Social media can help you to:"


@pytest.mark.parametrize("bullet", ["-", "*", "•", "·", "–"])
def test_every_bullet_mark_is_a_bullet(bullet):
    parsed = _read(f"Tips\n\n1. Posting\n\nDo:\n\n{bullet} check facts first.\n{bullet} be kind.\n")
    assert _rules(parsed.sections[0]) == [
        (Kind.DO, "", "check facts first."),
        (Kind.DO, "", "be kind."),
    ]


def test_capitals_and_bold_lines_are_headings():
    parsed = _read(
        "MEMBER AND OFFICER RELATIONS\n\nWHY THIS MATTERS\n\n"
        "Members and officers work together.\n\n"
        "**Meeting officers**\n\nBook meetings through the team's inbox.\n"
    )
    assert parsed.title == "Member and Officer Relations"
    assert _outline(parsed) == [("", "Why This Matters"), ("", "Meeting officers")]
    assert parsed.sections[1].body == "Book meetings through the team's inbox."


def test_bracket_numbers_and_sub_paragraphs_belong_to_their_section():
    parsed = _read(
        "Code of Conduct for Members\n\n1) General obligations\n\n"
        "1.1 You must treat others with respect.\n\n1.2 You must not bully anyone.\n\n"
        "2) Interests\n\n2.1 Register your interests within 28 days.\n"
    )
    assert _outline(parsed) == [("1", "General obligations"), ("2", "Interests")]
    assert parsed.sections[0].blocks == [
        "1.1 You must treat others with respect.",
        "1.2 You must not bully anyone.",
    ]
    assert parsed.notes == []


def test_a_document_that_is_one_list_is_one_section():
    parsed = _read(
        "Five tips for posting\n\nKeep these in mind every time you post.\n\n"
        "- Pause before you reply.\n- Check who can see it.\n- Never share a resident's details.\n"
    )
    assert len(parsed.sections) == 1
    section = parsed.sections[0]
    assert (section.number, section.title_generated) == ("", True)
    assert section.title == "Keep these in mind every time you post"
    assert section.body.count("\n- ") == 3


def test_a_document_without_any_lists_of_rules_imports_with_no_rules():
    parsed = _read("Guide\n\n1. Be courteous.\n\n2. Be accurate.\n")
    assert sum(parsed.rule_counts().values()) == 0
    assert len(parsed.sections) == 2


def test_markdown_headings_without_numbers_keep_numbered_lists_inside():
    parsed = _read(
        "# Member–Officer Protocol\n\n## Roles\n\nMembers set policy.\n\n## Asking for help\n\n"
        "1. Write to the team.\n2. Wait for an answer.\n\n"
        "### Urgent matters\n\nPhone the duty officer.\n",
        "protocol.md",
    )
    assert parsed.source_format == "Markdown"
    assert _outline(parsed) == [("", "Roles"), ("", "Asking for help")]
    body = parsed.sections[1].body
    assert "1. Write to the team.\n2. Wait for an answer." in body
    assert "### Urgent matters" in body


def test_a_markdown_table_stays_a_table():
    parsed = _read(
        "Guide\n\n1. Who to ask\n\n| Question | Ask |\n| --- | --- |\n| Posting | Comms team |\n"
        "| Conduct | Monitoring Officer |\n\nThat is all.\n"
    )
    assert parsed.sections[0].blocks == [
        "| Question | Ask |\n| --- | --- |\n| Posting | Comms team |\n"
        "| Conduct | Monitoring Officer |",
        "That is all.",
    ]


def test_windows_text_is_read_with_a_note():
    parsed = read_document("Guide\n\n1. Café rules apply.\n".encode("cp1252"), "guide.txt")
    assert parsed.sections[0].body == "Café rules apply."
    assert "cp1252" in parsed.notes[0].message


# -- HTML ----------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Ignored when there is a heading</title>
<script>document.write("no")</script><style>p{}</style></head>
<body><nav><a href="/">Home</a> Council menu</nav>
<h1>Code of Conduct for Members</h1>
<h2>Respect</h2>
<p>Treat people with <strong>respect</strong>; see the
<a href="https://example.org/guide">national guide</a>.</p>
<p><strong>Do:</strong></p>
<ul><li>listen to other views.</li><li>declare gifts.</li></ul>
<p><strong>Don't:</strong></p>
<ul><li>bully anyone.</li></ul>
<h2>Registers</h2>
<table><tr><th>Register</th><th>When</th></tr>
<tr><td><p>Interests</p></td><td>28 days</td></tr></table>
<footer>Page 1 · printed copies are uncontrolled</footer>
</body></html>"""


def test_a_saved_web_page_reads_its_headings_lists_links_and_tables():
    parsed = read_document(PAGE.encode("utf-8"), "code.html")
    assert parsed.source_format == "HTML"
    assert parsed.title == "Code of Conduct for Members"
    assert _outline(parsed) == [("", "Respect"), ("", "Registers")]
    respect, registers = parsed.sections
    assert respect.blocks[0] == (
        "Treat people with **respect**; see the [national guide](https://example.org/guide)."
    )
    assert _rules(respect) == [
        (Kind.DO, "", "listen to other views."),
        (Kind.DO, "", "declare gifts."),
        (Kind.DONT, "", "bully anyone."),
    ]
    assert registers.body == "| Register | When |\n| --- | --- |\n| Interests | 28 days |"
    everything = " ".join(s.body for s in parsed.sections)
    for left_out in ("document.write", "Council menu", "uncontrolled"):
        assert left_out not in everything


def test_a_web_page_with_numbered_list_items_as_paragraphs_has_numbered_sections():
    page = (
        "<html><body><h1>Protocol</h1><ol><li>Members must be courteous.</li>"
        "<li>Members must not post in haste.</li></ol></body></html>"
    )
    parsed = read_document(page.encode(), "protocol.html")
    assert [s.number for s in parsed.sections] == ["1", "2"]


def test_a_link_to_a_script_address_is_kept_as_words_only():
    page = '<h1>Guide</h1><p>Read <a href="javascript:alert(1)">this</a> now.</p>'
    parsed = read_document(page.encode(), "guide.html")
    assert parsed.sections[0].body == "Read this now."


# -- refusals ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        pytest.param(b"", "empty.txt", "empty", id="empty"),
        pytest.param(b"   \n\n", "blank.md", "empty", id="blank"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00", "picture.docx", "not a document", id="image"
        ),
        pytest.param(b"%PDF-1.4\n", "protocol.pdf", "PDF", id="pdf"),
    ],
)
def test_a_file_that_is_not_a_document_is_refused_saying_why(data, name, words):
    with pytest.raises(ImportProblem) as caught:
        read_document(data, name)
    assert words in caught.value.message
    assert caught.value.where == "the file"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.PROTOCOL_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportProblem, match="the limit is"):
        read_document(b"Guide\n\n" + b"1. Words.\n" * 200, "big.txt")
