"""The data migration that broadens the shipped word lists: it adds, never
replaces, so the Monitoring Officer's own changes survive it."""

from protocol.postcheck.models import split_terms
from tests.postcheck.factories import BROADER, DEFAULTS


def test_new_terms_are_added_after_the_officers_own():
    current = "confidential\nmy own phrase"
    merged = BROADER.with_additions(current, "my own phrase\nbetween ourselves\n")
    assert merged.splitlines() == ["confidential", "my own phrase", "between ourselves"]


def test_going_back_removes_only_what_was_added():
    current = "confidential\nbetween ourselves\nmy own phrase"
    assert BROADER.without_additions(current, "between ourselves").splitlines() == [
        "confidential",
        "my own phrase",
    ]


def test_the_additions_do_not_repeat_the_first_defaults():
    """Otherwise going back would remove a term the portal shipped before."""
    for kind, lists in BROADER.ADDITIONS.items():
        for name, text in lists.items():
            shipped = set(DEFAULTS.lines(DEFAULTS.DEFAULTS[kind][name]).splitlines())
            added = BROADER.terms(text)
            assert not shipped & set(added), (kind, name)
            assert len(added) == len(set(added)), (kind, name)


def test_every_addition_is_a_term_the_admin_would_accept():
    for lists in BROADER.ADDITIONS.values():
        for text in lists.values():
            for term in BROADER.terms(text):
                assert split_terms(term) == [term]
                assert len(term.split()) <= 8
