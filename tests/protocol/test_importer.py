"""Importing a protocol: the sample, the real seed, and every input it refuses.

The real protocol is read from the file named by PROTOCOL_SEED (see the
``protocol_seed_path`` fixture); its text is never copied into the project.
"""

import re

import pytest

from protocol.importing import ImportProblem, decode, parse, save_draft, title_case
from protocol.models import Document, Rule, Section, Version
from protocol.publishing import DraftExists, publish
from tests import factories

Kind = Rule.Kind


def _sample_text():
    return decode(factories.SAMPLE_PATH.read_bytes())


def _kinds(section):
    return [rule.kind for rule in section.rules]


# -- the sample ---------------------------------------------------------------


def test_sample_title_is_put_in_title_case_and_slugged():
    parsed = parse(_sample_text())
    assert parsed.title == "Sample Guidance on Online Conduct"
    assert parsed.slug == "sample-guidance-on-online-conduct"


def test_sample_sections_have_their_numbers_and_titles():
    parsed = parse(_sample_text())
    assert [s.number for s in parsed.sections] == [str(n) for n in range(1, 9)]
    titled = {s.number: s.title for s in parsed.sections if not s.title_generated}
    assert titled == {
        "2": "Who this applies to",
        "4": "Risks",
        "5": "Legal terms to know",
        "6": "Principles that apply online",
        "7": "Quick do's and don'ts",
    }
    assert [s.number for s in parsed.sections if s.title_generated] == ["1", "3", "8"]


def test_sample_rules_are_found_by_kind():
    parsed = parse(_sample_text())
    assert parsed.rule_counts() == {
        Kind.DO: 3,
        Kind.DONT: 3,
        Kind.RISK: 3,
        Kind.TERM: 2,
        Kind.PRINCIPLE: 2,
    }
    by_number = {s.number: s for s in parsed.sections}
    assert _kinds(by_number["4"]) == [Kind.RISK] * 3
    assert _kinds(by_number["7"]) == [Kind.DO] * 3 + [Kind.DONT] * 3
    terms = [(r.term, r.text) for r in by_number["5"].rules]
    assert terms[0][0] == "Defamation"
    assert terms[0][1].startswith("saying something untrue")
    assert [r.term for r in by_number["6"].rules] == ["Be courteous", "Keep confidences"]
    assert by_number["7"].rules[3].text.startswith("post while angry")


@pytest.mark.django_db
def test_saving_the_sample_makes_a_draft_with_sections_and_rules(officer):
    version = save_draft(parse(_sample_text()), by=officer)
    version.refresh_from_db()
    assert version.is_draft
    assert version.number == 1
    assert version.created_by == officer
    assert version.document.title == "Sample Guidance on Online Conduct"
    assert version.document.slug == "sample-guidance-on-online-conduct"
    sections = list(version.sections.order_by("order"))
    assert [s.order for s in sections] == list(range(1, 9))
    assert sections[1].slug == "2-who-this-applies-to"
    assert len({s.slug for s in sections}) == 8
    rules = Rule.objects.filter(section__version=version)
    assert rules.count() == 13
    anchors = list(rules.values_list("anchor", flat=True))
    assert all(anchors) and len(set(anchors)) == len(anchors)


@pytest.mark.django_db
def test_importing_the_same_title_again_adds_the_next_version_to_the_same_document():
    first = publish(save_draft(parse(_sample_text()))).version
    second = save_draft(parse(_sample_text()))
    assert second.document_id == first.document_id
    assert second.number == 2
    assert second.is_draft
    assert Document.objects.count() == 1
    # The published version is untouched by the new draft.
    first.refresh_from_db()
    assert first.is_current
    assert first.sections.count() == second.sections.count() == 8


@pytest.mark.django_db
def test_importing_while_the_document_has_a_draft_is_refused_and_adds_nothing():
    draft = save_draft(parse(_sample_text()))
    with pytest.raises(DraftExists) as caught:
        save_draft(parse(_sample_text()))
    assert caught.value.draft == draft
    assert "version 1" in str(caught.value)
    assert list(Version.objects.all()) == [draft]
    assert Section.objects.count() == 8


@pytest.mark.django_db
def test_a_title_in_another_case_is_the_same_document():
    first = publish(save_draft(parse("Online Conduct\n\n1. Be kind online.\n"))).version
    second = save_draft(parse("ONLINE CONDUCT\n\n1. Be kind online, always.\n"))
    assert second.document_id == first.document_id
    assert second.number == 2


# -- titles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("SOCIAL MEDIA PROTOCOL FOR MEMBERS", "Social Media Protocol for Members"),
        (
            "THE CODE OF CONDUCT AND THE USE OF SOCIAL MEDIA",
            "The Code of Conduct and the Use of Social Media",
        ),
        ("A GUIDE TO POSTING ON BEHALF OF MEMBERS", "A Guide to Posting on Behalf of Members"),
        ("GUIDANCE FOR CO-OPTED MEMBERS", "Guidance for Co-opted Members"),
        ("Guidance for members of the Authority", "Guidance for members of the Authority"),
        ("Social media and YOU", "Social media and YOU"),
    ],
)
def test_all_caps_titles_are_put_in_title_case_with_small_words_lower(source, expected):
    assert title_case(source) == expected
    assert parse(f"{source}\n\n1. Some text here.\n").title == expected


def test_markdown_title_and_emphasis_are_stripped():
    assert parse("# **MEMBERS' GUIDE**\n\n1. Some text.\n").title == "Members' Guide"


def _is_readable_title(title, body):
    """Whole words of the paragraph, no ellipsis, no dangling small word or punctuation."""
    words = title.split()
    assert 1 <= len(words) <= 12, title
    assert "…" not in title and "..." not in title, title
    assert title[-1].isalnum() or title[-1] in "'’", title
    assert words[-1].lower() not in {"a", "an", "the", "of", "to", "and", "or", "for", "with"}
    assert title.count("(") == title.count(")"), title
    body_words = set(re.findall(r"[\w'’£-]+", body.lower()))
    for word in re.findall(r"[\w'’£-]+", title.lower()):
        assert word in body_words, (word, title)


def test_untitled_paragraphs_get_a_short_readable_title():
    parsed = parse(_sample_text())
    generated = [section for section in parsed.sections if section.title_generated]
    assert generated
    for section in generated:
        _is_readable_title(section.title, section.body)
        # The whole paragraph stays in the body, not only its title.
        assert len(section.body.split()) > len(section.title.split())


@pytest.mark.parametrize(
    ("paragraph", "title"),
    [
        (
            "Whenever you act in your official capacity, you must comply with the Code of "
            "Conduct and with the law.",
            "You must comply with the Code of Conduct",
        ),
        (
            "The General Data Protection Regulation (GDPR) applies to personal data you hold "
            "about residents.",
            "GDPR applies to personal data you hold about residents",
        ),
        (
            'Note that "fair comment" is a defence only when the facts are true.',
            "Fair comment is a defence",
        ),
        (
            "Members (including co-opted members) must declare gifts over £50 within 28 days.",
            "Members must declare gifts over £50 within 28 days",
        ),
        (
            "If someone threatens you online, stop replying and report it to the police.",
            "If someone threatens you online",
        ),
        (
            "In light of these duties, the register of interests should be kept up to date "
            "by every member.",
            "The register of interests should be kept up to date",
        ),
        (
            "Officers will respond within five working days.",
            "Officers will respond within five working days",
        ),
    ],
)
def test_titles_for_paragraphs_of_other_documents(paragraph, title):
    section = parse(f"Guide\n\n1. {paragraph}\n").sections[0]
    assert section.title_generated
    assert section.title == title
    _is_readable_title(section.title, section.body)


def test_a_long_untitled_paragraph_gets_a_title_of_at_most_ten_words_cut_between_phrases():
    text = (
        "Guide\n\n1. Whenever you act or appear to act in your official capacity on any "
        "platform at all you must comply with the Code of Conduct and with the law.\n"
    )
    section = parse(text).sections[0]
    assert section.title_generated
    assert len(section.title.split()) <= 10
    assert section.title.startswith("Whenever you act")
    _is_readable_title(section.title, section.body)
    assert section.body.startswith("Whenever you act or appear")


def test_a_short_line_after_the_number_is_the_sections_title():
    parsed = parse("Guide\n\n1. Keeping safe\n\nBlock people who abuse you.\n")
    section = parsed.sections[0]
    assert (section.title, section.title_generated) == ("Keeping safe", False)
    assert section.body == "Block people who abuse you."


# -- rules and bullets ------------------------------------------------------------


@pytest.mark.parametrize("dash", ["–", "—"])
def test_term_dash_meaning_becomes_a_legal_term(dash):
    text = (
        "Guide\n\n1. Things to know\n\n"
        f"- Libel {dash} publishing an untrue statement that damages someone.\n"
        f"- Data Protection {dash} keep personal data private.\n"
    )
    rules = parse(text).sections[0].rules
    assert [(r.kind, r.term) for r in rules] == [
        (Kind.TERM, "Libel"),
        (Kind.TERM, "Data Protection"),
    ]
    assert rules[0].text == "publishing an untrue statement that damages someone."


def test_term_hyphen_meaning_is_a_term_only_in_a_legal_terms_section():
    plain = parse("Guide\n\n1. Things to know\n\n- Be kind - always.\n").sections[0]
    assert plain.rules == []
    assert plain.body == "- Be kind - always."
    legal = parse("Guide\n\n1. Legal terms\n\n- Libel - an untrue statement.\n").sections[0]
    assert [(r.kind, r.term, r.text) for r in legal.rules] == [
        (Kind.TERM, "Libel", "an untrue statement.")
    ]


@pytest.mark.parametrize(
    ("do_label", "dont_label"),
    [
        ("Do:", "Don't:"),
        ("Do:", "Don’t:"),
        ("Do", "Don't"),
        ("**Do:**", "**Don't:**"),
        ("DO:", "DON'T:"),
    ],
)
def test_do_and_dont_lists_become_rules(do_label, dont_label):
    text = (
        "Guide\n\n1. Staying out of trouble\n\n"
        f"{do_label}\n\n- check your privacy settings.\n- ask for advice.\n\n"
        f"{dont_label}\n\n- post in haste.\n"
    )
    section = parse(text).sections[0]
    assert [(r.kind, r.text) for r in section.rules] == [
        (Kind.DO, "check your privacy settings."),
        (Kind.DO, "ask for advice."),
        (Kind.DONT, "post in haste."),
    ]
    assert section.body == ""


def test_a_do_list_may_have_a_blank_line_between_its_items():
    text = "Guide\n\n1. Tips\n\nDo:\n\n- one thing.\n\n- another thing.\n"
    assert _kinds(parse(text).sections[0]) == [Kind.DO, Kind.DO]


def test_a_wrapped_rule_keeps_its_continuation_line():
    text = "Guide\n\n1. Tips\n\nDon't:\n\n- post while angry\n  or tired.\n- share secrets.\n"
    rules = parse(text).sections[0].rules
    assert [r.text for r in rules] == ["post while angry or tired.", "share secrets."]


def test_bullets_in_an_ordinary_section_stay_bullets():
    parsed = parse(_sample_text())
    section = next(s for s in parsed.sections if s.number == "2")
    assert section.rules == []
    lines = section.body.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("- ") for line in lines)
    assert lines[0] == "- Every member and co-opted member of the Authority."


def test_a_paragraph_then_bullets_keeps_both_in_order():
    text = (
        "Guide\n\n1. Using social media\n\nSocial media can help you to:\n\n"
        "- reach residents\n- campaign\n\nThat is all.\n"
    )
    section = parse(text).sections[0]
    assert section.title == "Using social media"
    assert section.blocks == [
        "Social media can help you to:",
        "- reach residents\n- campaign",
        "That is all.",
    ]


def test_risks_and_principles_sections_turn_bullets_into_rules():
    text = (
        "Guide\n\n1. Risks\n\n- Disclosure of confidential information.\n- Malware.\n\n"
        "2. Principles that apply\n\n- Respect – do not make personal attacks.\n"
    )
    risks, principles = parse(text).sections
    assert [(r.kind, r.text) for r in risks.rules] == [
        (Kind.RISK, "Disclosure of confidential information."),
        (Kind.RISK, "Malware."),
    ]
    assert [(r.kind, r.term, r.text) for r in principles.rules] == [
        (Kind.PRINCIPLE, "Respect", "do not make personal attacks.")
    ]


# -- other shapes of input ---------------------------------------------------------

SMALL = "Guide\n\n1. Keeping safe\n\nDo:\n\n- block abusers.\n\n2. Report threats to the police.\n"


def _shape(parsed):
    return (
        parsed.title,
        [
            (s.number, s.title, s.body, [(r.kind, r.term, r.text) for r in s.rules])
            for s in parsed.sections
        ],
    )


def test_crlf_line_endings_and_a_byte_order_mark_read_the_same():
    data = b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode("utf-8")
    text = decode(data)
    assert not text.startswith("\ufeff")
    assert _shape(parse(text)) == _shape(parse(SMALL))
    assert parse(text).title == "Guide"


def test_old_mac_line_endings_read_the_same():
    assert _shape(parse(SMALL.replace("\n", "\r"))) == _shape(parse(SMALL))


def test_markdown_headings_start_sections():
    text = (
        "# Guide\n\n## 1. Keeping safe\n\nDo:\n\n- block abusers.\n\n"
        "## 2. Report threats\n\nTell the police.\n\n### A note\n\nMore text.\n"
    )
    parsed = parse(text)
    assert parsed.title == "Guide"
    assert [(s.number, s.title) for s in parsed.sections] == [
        ("1", "Keeping safe"),
        ("2", "Report threats"),
    ]
    assert parsed.sections[0].rules[0].kind == Kind.DO
    assert "### A note" in parsed.sections[1].body
    assert "More text." in parsed.sections[1].body


def test_numbered_list_inside_markdown_sections_is_not_a_new_section():
    text = "# Guide\n\n## 1. Steps\n\n1. First do this.\n2. Then this.\n\n## 2. End\n\nDone.\n"
    parsed = parse(text)
    assert [s.number for s in parsed.sections] == ["1", "2"]
    assert "First do this." in parsed.sections[0].body


def test_text_before_paragraph_one_becomes_an_introduction():
    text = "Guide\n\nThis guide was agreed in 2024.\n\n1. Keeping safe\n\nBe careful.\n"
    parsed = parse(text)
    intro, first = parsed.sections
    assert (intro.number, intro.title, intro.body) == (
        "",
        "Introduction",
        "This guide was agreed in 2024.",
    )
    assert first.number == "1"


@pytest.mark.django_db
def test_an_introduction_is_saved_first_with_its_own_slug():
    text = "Guide\n\nThis guide was agreed in 2024.\n\n1. Keeping safe\n\nBe careful.\n"
    version = save_draft(parse(text))
    sections = list(version.sections.order_by("order"))
    assert [(s.number, s.slug) for s in sections] == [("", "introduction"), ("1", "1-keeping-safe")]


# -- what the importer refuses ---------------------------------------------------


def _refused(source):
    """Import ``source`` (bytes or text) end to end; return the ImportProblem."""
    with pytest.raises(ImportProblem) as caught:
        text = decode(source) if isinstance(source, bytes) else source
        save_draft(parse(text))
    return caught.value


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        pytest.param(b"Guide\n\n1. Caf\xe9 rules.\n", 3, "not UTF-8", id="not-utf8"),
        pytest.param("", 1, "empty", id="empty"),
        pytest.param("\n  \n\n", 1, "empty", id="only-blank-lines"),
        pytest.param("Guide\n\n", 1, "no text", id="title-only"),
    ],
)
def test_text_with_nothing_to_import_is_refused_naming_its_line_and_saves_nothing(
    source, line, words
):
    problem = _refused(source)
    assert problem.line == line
    assert words in problem.message
    assert str(problem).startswith(f"line {line}: ")
    assert not Document.objects.exists()
    assert not Version.objects.exists()
    assert not Section.objects.exists()


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        pytest.param(
            "1. Be kind online.\n\n2. Be careful.\n", 1, "title", id="first-line-numbered"
        ),
        pytest.param("- a bullet\n\n1. Be kind.\n", 1, "title", id="first-line-bullet"),
        pytest.param(
            "Guide\n\n1. Be kind.\n\n3. Be careful.\n", 5, "expected 2", id="numbering-gap"
        ),
        pytest.param(
            "Guide\n\n1. Be kind.\n\n1. Be careful.\n", 5, "expected 2", id="number-repeated"
        ),
        pytest.param(
            "Guide\n\n1. Tips\n\nDo:\n\nJust be nice.\n", 5, "no list", id="do-label-then-text"
        ),
        pytest.param(
            "Guide\n\n1. Tips\n\nDon't:\n\n2. More tips\n\nText.\n",
            5,
            "no list",
            id="dont-label-then-section",
        ),
        pytest.param("Guide\n\n1. Tips\n\nDo:\n", 5, "no list", id="do-label-at-end"),
        pytest.param("Guide\n\n1. Be \x07kind.\n", 3, "control character", id="control-char"),
        pytest.param("Gui\x00de\n\n1. Be kind.\n", 1, "control character", id="control-in-title"),
        pytest.param(
            "Guide\n\n1. Keeping safe\n\n2. Be careful.\n", 3, "no text", id="heading-no-text"
        ),
        pytest.param("Guide\n\n1.\n\n2. Be careful.\n", 3, "no text", id="bare-number"),
        pytest.param("T" * 201 + "\n\n1. Be kind.\n", 1, "title", id="title-too-long"),
    ],
)
def test_text_out_of_shape_is_kept_and_reported_with_its_line(source, line, words):
    parsed = parse(source)
    notes = [note for note in parsed.notes if words in note.message]
    assert notes, parsed.notes
    assert notes[0].where == f"line {line}"
    readable = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", source)
    assert _lost_sentences_parsed(readable, parsed) == []


def test_a_label_with_no_list_stays_in_the_text_where_it_was():
    section = parse("Guide\n\n1. Tips\n\nDo:\n\nJust be nice.\n").sections[0]
    assert section.rules == []
    assert section.blocks == ["Do:", "Just be nice."]


def test_text_with_no_numbers_or_headings_is_one_section():
    parsed = parse("Guide\n\nJust some words.\n")
    assert [(s.number, s.title, s.body) for s in parsed.sections] == [
        ("", "Just some words", "Just some words.")
    ]
    assert parsed.notes == []


def _lost_sentences_parsed(source, parsed):
    parts = [parsed.title]
    for section in parsed.sections:
        parts += [section.number, section.title, section.body]
        for rule in section.rules:
            parts += [Kind(rule.kind).label, rule.term, rule.text]
    imported = f" {_normalise(' '.join(parts))} "
    return [s for s in _source_sentences(source) if f" {s} " not in imported]


@pytest.mark.django_db
def test_a_failure_while_saving_leaves_nothing_behind(monkeypatch):
    parsed = parse(_sample_text())

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Rule.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        save_draft(parsed)
    assert not Document.objects.exists()
    assert not Version.objects.exists()
    assert not Section.objects.exists()


# -- the real protocol ----------------------------------------------------------


@pytest.fixture
def seed_text(protocol_seed_path):
    return decode(protocol_seed_path.read_bytes())


@pytest.fixture
def seed_version(db, seed_text):
    return save_draft(parse(seed_text))


def test_seed_title_and_slug(seed_text):
    parsed = parse(seed_text)
    assert parsed.title == "Social Media Protocol for Members"
    assert parsed.slug == "social-media-protocol-for-members"


def test_seed_has_fifteen_numbered_sections(seed_text):
    parsed = parse(seed_text)
    assert [s.number for s in parsed.sections] == [str(n) for n in range(1, 16)]


def test_seed_rules_by_kind(seed_text):
    assert parse(seed_text).rule_counts() == {
        Kind.DO: 7,
        Kind.DONT: 9,
        Kind.RISK: 8,
        Kind.TERM: 4,
        Kind.PRINCIPLE: 5,
    }


def test_seed_generated_titles_are_short_and_readable(seed_text):
    for section in parse(seed_text).sections:
        assert 1 <= len(section.title.split()) <= 12, section.title
        if section.title_generated:
            _is_readable_title(section.title, section.body)


def test_seed_titles_name_each_paragraphs_subject(seed_text):
    titles = {s.number: s.title for s in parse(seed_text).sections if s.title_generated}
    # A name with its initials is shortened to the initials, not cut mid-name.
    assert titles["15"].startswith("ACAS characterises bullying")
    # "Remember that, whenever …," and "In light of these risks," are not the subject.
    assert titles["5"] == "You must comply with the Combined Authority Members' Code of Conduct"
    assert titles["9"] == "The use of social media sites should be regulated"
    assert titles["7"] == "Comments can be misinterpreted or misrepresented"


def test_reimporting_the_seed_keeps_titles_the_officer_edited(officer_client, seed_text):
    from django.urls import reverse

    from protocol.publishing import publish

    first = save_draft(parse(seed_text))
    section = first.sections.get(number="15")
    assert section.title_generated
    url = reverse("admin:protocol_section_change", args=[section.pk])
    data = {
        "version": first.pk,
        "number": "15",
        "title": "Bullying and harassment",
        "slug": section.slug,
        "order": section.order,
        "body": section.body,
        "rules-TOTAL_FORMS": 0,
        "rules-INITIAL_FORMS": 0,
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
    }
    assert officer_client.post(url, data).status_code == 302
    publish(first)
    # A later edition of the document: paragraph 15 reworded slightly, 14 unchanged.
    second_text = seed_text.replace("one-off incident", "single incident")
    second = save_draft(parse(second_text))
    titles = {s.number: (s.title, s.title_generated) for s in second.sections.all()}
    assert titles["15"] == ("Bullying and harassment", False)
    assert titles["14"] == (first.sections.get(number="14").title, True)


def test_seed_saves_as_a_draft_with_every_rule(seed_version):
    assert seed_version.document.title == "Social Media Protocol for Members"
    assert seed_version.sections.count() == 15
    rules = Rule.objects.filter(section__version=seed_version)
    assert rules.filter(kind=Kind.DO).count() == 7
    assert rules.filter(kind=Kind.DONT).count() == 9
    assert rules.filter(kind=Kind.RISK).count() == 8
    assert rules.filter(kind=Kind.TERM).count() == 4
    assert rules.filter(kind=Kind.PRINCIPLE).count() == 5


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _normalise(text):
    """Lower case words only: punctuation, quotes, dashes and spacing do not count."""
    text = text.translate(_QUOTES).replace("**", "").replace("__", "").lower()
    return " ".join(re.sub(r"[^\w']+|(?<!\w)'|'(?!\w)", " ", text).split())


def _source_sentences(text):
    sentences = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:#{1,6}\s+)?(?:[-*•]\s+)?(?:\**\d{1,3}[.)]\**\s*)?", "", line)
        for sentence in re.split(r"(?<=[.!?:;])\s+", line.replace("**", "")):
            normalised = _normalise(sentence)
            if normalised:
                sentences.append(normalised)
    return sentences


def _imported_text(version):
    """The document title, then each section; a "Do:" label lives on as its rules' kind."""
    parts = [version.document.title]
    for section in version.sections.order_by("order").prefetch_related("rules"):
        parts += [section.number, section.title, section.body]
        for rule in section.rules.all():
            parts += [rule.get_kind_display(), rule.term, rule.text]
    return f" {_normalise(' '.join(parts))} "


def _lost_sentences(source, version):
    imported = _imported_text(version)
    return [s for s in _source_sentences(source) if f" {s} " not in imported]


def test_no_sentence_of_the_seed_is_lost(seed_text, seed_version):
    sentences = _source_sentences(seed_text)
    assert len(sentences) > 100
    assert _lost_sentences(seed_text, seed_version) == []


@pytest.mark.django_db
def test_no_sentence_of_the_sample_is_lost():
    text = _sample_text()
    assert _lost_sentences(text, save_draft(parse(text))) == []


@pytest.mark.django_db
def test_the_lost_sentence_check_notices_a_missing_sentence():
    text = _sample_text()
    version = save_draft(parse(text))
    section = version.sections.get(number="8")
    section.body = section.body.replace("keep a record", "")
    section.save()
    assert len(_lost_sentences(text, version)) == 1
