"""The portal's sample protocol, published, for the checks to cite, and the
checks the portal ships with."""

import importlib
from pathlib import Path
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings

from protocol.importing import decode, parse, save_draft
from protocol.postcheck import learned
from protocol.postcheck.models import Kind
from protocol.publishing import publish

SAMPLE = Path(settings.BASE_DIR) / "protocol" / "sample" / "sample-protocol.txt"


def publish_sample():
    """Publish the sample protocol; its current version."""
    return publish(save_draft(parse(decode(SAMPLE.read_bytes())))).version


def post_data(text, **extra):
    return {"text": text, **extra}


DEFAULTS = importlib.import_module("protocol.postcheck.migrations.0002_postcheck_defaults")
BROADER = importlib.import_module("protocol.postcheck.migrations.0003_postcheck_broader_lists")
FIFTH = importlib.import_module("protocol.postcheck.migrations.0005_postcheck2_fifth_round_lists")
SIXTH = importlib.import_module("protocol.postcheck.migrations.0006_postcheck3_sixth_round_lists")
SEVENTH = importlib.import_module(
    "protocol.postcheck.migrations.0007_postcheck4_seventh_round_lists"
)
SEVENTH_PART_TWO = importlib.import_module(
    "protocol.postcheck.migrations.0008_postcheck5_seventh_round_lists"
)
EIGHTH = importlib.import_module("protocol.postcheck.migrations.0009_postcheck6_eighth_round_lists")
# The rounds whose migrations add to some kinds' lists only, in order.
LATER_ROUNDS = (SIXTH, SEVENTH, SEVENTH_PART_TWO, EIGHTH)


def ensure_default_checks():
    """The checks as the data migrations make them. A test with a live server
    empties every table afterwards, migration data included, so tests that need
    the shipped checks put them back first."""
    from protocol.postcheck.models import Check

    if not Check.objects.exists():
        DEFAULTS.add_defaults(apps, None)
        BROADER.add_terms(apps, None)
        FIFTH.add_terms(apps, None)
        for later in LATER_ROUNDS:
            later.add_terms(apps, None)


def shipped_lists():
    """{kind: {list name: terms, one a line}} as the data migrations leave them."""
    shipped = {}
    for kind, values in DEFAULTS.DEFAULTS.items():
        shipped[kind] = {}
        for name in BROADER.LISTS:
            terms = BROADER.with_additions(
                BROADER.with_additions(DEFAULTS.lines(values[name]), BROADER.ADDITIONS[kind][name]),
                FIFTH.ADDITIONS[kind][name],
            )
            for later in LATER_ROUNDS:
                terms = BROADER.with_additions(terms, later.ADDITIONS.get(kind, {}).get(name, ""))
            shipped[kind][name] = terms
    return shipped


def lists_before(kind, name, migration):
    """One list, one term a line, as the migrations before ``migration`` leave
    it (all of them when ``migration`` is None)."""
    terms = DEFAULTS.lines(DEFAULTS.DEFAULTS[kind][name])
    for step in (BROADER, FIFTH, *LATER_ROUNDS):
        if step is migration:
            break
        terms = BROADER.with_additions(terms, step.ADDITIONS.get(kind, {}).get(name, ""))
    return terms


def weigh_with_model(monkeypatch, scores, threshold=0.5, list_threshold=0.3):
    """The trained model replaced by one that reads every post as ``scores``
    ({kind: likelihood}) and finds its passage at 0-5."""
    reading = SimpleNamespace(
        scores={k: scores.get(k, 0.0) for k in Kind.values},
        passage=lambda kind: (0, 5),
        likelihood_around=lambda kind, positions: scores.get(kind, 0.0),
    )
    fake = SimpleNamespace(
        read=lambda text: reading, threshold=threshold, list_threshold=list_threshold
    )
    monkeypatch.setattr(learned, "shipped", lambda: fake)
