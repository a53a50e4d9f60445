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


@pytest.mark.parametrize(
    "migration, kind, name, own, added, kept",
    [
        (FIFTH, "staff", "pair_words", "my own phrase", "heads should roll", ["useless"]),
        (
            SIXTH,
            "staff",
            "context_words",
            "my own desk",
            "gritters",
            ["front desk", "the bloke who"],
        ),
        (
            SEVENTH,
            "confidential",
            "unless_words",
            "my own procedure",
            "as the law allows",
            ["helpline"],
        ),
        (
            SEVENTH_PART_TWO,
            "abuse",
            "pair_words",
            "my own phrase",
            "jumping the housing queue",
            ["scrounging"],
        ),
    ],
    ids=["fifth", "sixth", "seventh", "seventh-part-two"],
)
def test_going_back_from_a_later_round_keeps_the_officers_own_terms(
    default_checks, migration, kind, name, own, added, kept
):
    from django.apps import apps

    from protocol.postcheck.models import Check

    check = Check.objects.get(kind=kind)
    setattr(check, name, getattr(check, name) + "\n" + own)
    check.save()
    migration.remove_terms(apps, None)
    check.refresh_from_db()
    lines = getattr(check, name).splitlines()
    assert added not in lines
    assert own in lines and all(term in lines for term in kept)
    migration.add_terms(apps, None)
    check.refresh_from_db()
    assert added in getattr(check, name).splitlines()
    assert getattr(check, name).splitlines().count(own) == 1
