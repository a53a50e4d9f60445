"""The data migration that broadens the shipped word lists: it adds, never
replaces, so the Monitoring Officer's own changes survive it."""

import pytest

from protocol.postcheck.models import split_terms
from tests.postcheck.factories import (
    BROADER,
    DEFAULTS,
    FIFTH,
    LATER_ROUNDS,
    SEVENTH,
    SEVENTH_PART_TWO,
    SIXTH,
    lists_before,
)


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


@pytest.mark.parametrize("migration", [FIFTH, *LATER_ROUNDS], ids=lambda m: m.__name__[-40:])
def test_each_later_round_adds_only_terms_the_shipped_lists_lack(migration):
    """Going back removes every term a round's migration adds, so none may be
    one the lists had before it."""
    for kind, lists in migration.ADDITIONS.items():
        assert kind in DEFAULTS.DEFAULTS
        for name, text in lists.items():
            assert name in BROADER.LISTS
            before = lists_before(kind, name, migration)
            added = BROADER.terms(text)
            assert not set(before.splitlines()) & set(added), (kind, name)
            assert len(added) == len(set(added)), (kind, name)
            for term in added:
                assert split_terms(term) == [term]
                assert len(term.split()) <= 8


def test_going_back_from_the_fifth_round_keeps_the_officers_own_terms(default_checks):
    from django.apps import apps

    from protocol.postcheck.models import Check

    check = Check.objects.get(kind="staff")
    check.pair_words += "\nmy own phrase"
    check.save()
    FIFTH.remove_terms(apps, None)
    check.refresh_from_db()
    lines = check.pair_words.splitlines()
    assert "heads should roll" not in lines
    assert "my own phrase" in lines and "useless" in lines
    FIFTH.add_terms(apps, None)
    check.refresh_from_db()
    assert "heads should roll" in check.pair_words.splitlines()
    assert check.pair_words.splitlines().count("my own phrase") == 1


def test_going_back_from_the_sixth_round_keeps_the_officers_own_terms(default_checks):
    from django.apps import apps

    from protocol.postcheck.models import Check

    check = Check.objects.get(kind="staff")
    check.context_words += "\nmy own desk"
    check.save()
    SIXTH.remove_terms(apps, None)
    check.refresh_from_db()
    lines = check.context_words.splitlines()
    assert "gritters" not in lines
    assert "my own desk" in lines and "front desk" in lines and "the bloke who" in lines
    SIXTH.add_terms(apps, None)
    check.refresh_from_db()
    assert "gritters" in check.context_words.splitlines()
    assert check.context_words.splitlines().count("my own desk") == 1


def test_going_back_from_the_seventh_round_keeps_the_officers_own_terms(default_checks):
    from django.apps import apps

    from protocol.postcheck.models import Check

    check = Check.objects.get(kind="confidential")
    check.unless_words += "\nmy own procedure"
    check.save()
    SEVENTH.remove_terms(apps, None)
    check.refresh_from_db()
    lines = check.unless_words.splitlines()
    assert "as the law allows" not in lines
    assert "my own procedure" in lines and "helpline" in lines
    SEVENTH.add_terms(apps, None)
    check.refresh_from_db()
    assert "as the law allows" in check.unless_words.splitlines()
    assert check.unless_words.splitlines().count("my own procedure") == 1


def test_going_back_from_the_seventh_rounds_second_part_keeps_the_officers_own_terms(
    default_checks,
):
    from django.apps import apps

    from protocol.postcheck.models import Check

    check = Check.objects.get(kind="abuse")
    check.pair_words += "\nmy own phrase"
    check.save()
    SEVENTH_PART_TWO.remove_terms(apps, None)
    check.refresh_from_db()
    lines = check.pair_words.splitlines()
    assert "jumping the housing queue" not in lines
    assert "my own phrase" in lines and "scrounging" in lines
    SEVENTH_PART_TWO.add_terms(apps, None)
    check.refresh_from_db()
    assert "jumping the housing queue" in check.pair_words.splitlines()
    assert check.pair_words.splitlines().count("my own phrase") == 1
