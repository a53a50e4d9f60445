"""The detectors on their own: no database, the default word lists compiled."""

import importlib

import pytest

from protocol.postcheck.detectors import Draft, Lists, TermList, names, run, sentence_spans
from protocol.postcheck.models import Kind

DEFAULTS = importlib.import_module("protocol.postcheck.migrations.0002_postcheck_defaults")


@pytest.fixture(scope="module")
def checks():
    return {
        Kind(kind): Lists.compile(
            *(
                DEFAULTS.lines(values[n])
                for n in ("words", "pair_words", "context_words", "unless_words")
            )
        )
        for kind, values in DEFAULTS.DEFAULTS.items()
    }


def kinds(text, checks, **kwargs):
    return {f.kind for f in run(text, checks, **kwargs)}


def test_word_lists_match_word_endings_but_not_inside_other_words():
    terms = TermList(["bully"])
    assert [m.start for m in terms.find(Draft("He was bullied. Bullying is rather bad."))] == [
        7,
        16,
    ]
    assert TermList(["rat"]).find(Draft("I would rather not.")) == []


def test_a_quoted_word_matches_only_itself():
    terms = TermList(['"lied"'])
    assert terms.find(Draft("The decision lies with the committee.")) == []
    assert len(terms.find(Draft("He lied to us."))) == 1


def test_contractions_are_read_in_full():
    terms = TermList(["i will vote against"])
    assert len(terms.find(Draft("I'll vote against it."))) == 1


def test_a_phrase_does_not_run_across_sentences():
    assert TermList(["part 2 session"]).find(Draft("This is part 2. Session over.")) == []


def test_sentences_end_at_full_stops_and_blank_lines():
    assert sentence_spans("One. Two!\n\nThree") == [(0, 4), (4, 9), (9, 11), (11, 16)]


def test_names_include_titles_full_names_handles_and_organisations():
    draft = Draft("Cllr Harris met John Marsh of Apex Developments Ltd and @TownWatch on Monday.")
    found = {draft.text[n.start : n.end] for n in names(draft)}
    assert {"Cllr Harris", "John Marsh", "Apex Developments Ltd", "@TownWatch"} <= found
    assert "Monday" not in found


def test_streets_and_estates_are_places_not_people():
    draft = Draft("We met on Station Road, near the Newtown estate.")
    assert not [n for n in names(draft) if n.person]


@pytest.mark.parametrize(
    "text",
    [
        "Email me at jo.bloggs@example.com",
        "Ring 07700 900123 tonight",
        "She lives at 14 Mill Lane, Oldbridge",
        "The postcode is OB4 7TT",
        "NI number AB 12 34 56 C",
        "Karen Lowe has been evicted.",
    ],
)
def test_personal_data_is_found(text, checks):
    assert Kind.PERSONAL_DATA in kinds(text, checks)


@pytest.mark.parametrize(
    "text",
    [
        "Join our postcode lottery fundraiser!",
        "Call the contact centre on 0300 123 4567.",
        "If you are on benefits you may be eligible.",
        "Our surgery is 10am to 12pm on 14 March 2026.",
    ],
)
def test_everyday_posts_are_not_personal_data(text, checks):
    assert Kind.PERSONAL_DATA not in kinds(text, checks)


def test_predetermination_needs_a_decision_and_a_settled_intention(checks):
    assert Kind.PREDETERMINATION in kinds(
        "The planning application is next week. I will be voting against it.", checks
    )
    assert not kinds("The application for the new library opens on Monday.", checks)


def test_an_allegation_needs_someone_identifiable(checks):
    assert Kind.DEFAMATION in kinds("Cllr Harris is corrupt.", checks)
    assert Kind.DEFAMATION not in kinds("Corruption is a danger to us all.", checks)


def test_an_unless_word_clears_its_sentence(checks):
    assert Kind.CONFIDENTIAL in kinds("I saw the confidential report.", checks)
    assert Kind.CONFIDENTIAL not in kinds("Our confidential helpline is open.", checks)


def test_haste_comes_from_how_the_member_feels(checks):
    assert kinds("Thoughts on the budget.", checks, feelings=["tired"]) == {Kind.HASTE}
    [finding] = run("Thoughts on the budget.", checks, feelings=["drink"])
    assert (finding.start, finding.end) == (0, 0)  # the whole post
    assert not kinds("Thoughts on the budget.", checks)


def test_speaking_as_a_councillor_on_a_personal_account_is_capacity(checks):
    text = "As your councillor I can say the bus lane is staying."
    assert Kind.CAPACITY in kinds(text, checks, account="personal")
    assert Kind.CAPACITY not in kinds(text, checks, account="councillor")


def test_findings_give_the_passage_they_are_about(checks):
    text = "Well. Cllr Harris is corrupt."
    [finding] = run(text, checks)
    assert text[finding.start : finding.end] == "Cllr Harris is corrupt"


def test_a_check_with_empty_lists_finds_nothing():
    assert run("Cllr Harris is corrupt.", {Kind.DEFAMATION: Lists.compile()}) == []
