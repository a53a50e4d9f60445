"""The trained model beside the word lists: the portal runs it as scikit-learn
fitted it, the shipped one is trained on the example posts as they are, and the
checks weigh it with the lists as the Monitoring Officer is told they do."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command

from protocol.postcheck import checking, evaluation, learned, training
from protocol.postcheck.models import Check, Kind
from tests.postcheck.factories import weigh_with_model

pytestmark = pytest.mark.django_db

# A tiny world in which "zorblax" is abuse and "gribble" confidential.
TINY = [
    {"text": "You absolute zorblax, get lost.", "kinds": ["abuse"], "batch": "a"},
    {"text": "What a zorblax that man is.", "kinds": ["abuse"], "batch": "a"},
    {"text": "Zorblax behaviour from the opposition again.", "kinds": ["abuse"], "batch": "b"},
    {"text": "The gribble papers: the depot will close.", "kinds": ["confidential"], "batch": "a"},
    {"text": "I've seen the gribble report, not out yet.", "kinds": ["confidential"], "batch": "b"},
    {"text": "Gribble item tonight: can't say more.", "kinds": ["confidential"], "batch": "b"},
    {"text": "Lovely morning at the library opening.", "kinds": [], "batch": "a"},
    {"text": "New buses on route 7 from Monday.", "kinds": [], "batch": "a"},
    {"text": "Thanks to everyone who came to the surgery.", "kinds": [], "batch": "b"},
    {"text": "Bin collections move a day after the bank holiday.", "kinds": [], "batch": "b"},
]
TINY_SETTINGS = {**training.SETTINGS, "min_df": 1}


@pytest.fixture(scope="module")
def tiny():
    return learned.Model(training.train(TINY, TINY_SETTINGS))


def test_words_and_their_pairs_are_features():
    assert learned.word_features("Cllr Jones LIED, again") == [
        "cllr", "jones", "lied", "again", "cllr jones", "jones lied", "lied again",
    ]  # fmt: skip


def test_runs_of_letters_are_taken_inside_each_padded_word():
    grams = learned.char_features("Hi  you")
    assert grams[:3] == [" h", "hi", "i "]
    assert " hi " in grams and " you " in grams and "you" in grams
    assert "i y" not in grams  # never across two words


def test_the_portal_runs_the_model_as_scikit_learn_fitted_it():
    posts = evaluation.load_posts(batch="first")
    vectorizer, classifiers = training.fit(
        [p["text"] for p in posts], [set(p["kinds"]) for p in posts]
    )
    model = learned.Model(training.train(posts))
    others = [p["text"] for p in evaluation.load_posts(batch="fresh")]
    x = vectorizer.transform(others)
    expected = np.stack([c.predict_proba(x)[:, 1] for c in classifiers], axis=1)
    ours = np.array([[model.scores(t)[k] for k in Kind.values] for t in others])
    assert np.abs(expected - ours).max() < 1e-6
    assert (ours >= 0.5).sum() > 10  # the comparison covers posts it raises


def test_the_shipped_model_is_trained_on_the_example_posts_as_they_are():
    """Change a post, a label or a setting and this fails until
    ``manage.py train_post_check`` is run again."""
    expected = learned.fingerprint(evaluation.load_posts(), training.SETTINGS)
    assert learned.shipped().trained_on == expected
    assert learned.shipped().threshold == training.SETTINGS["threshold"]
    assert learned.shipped().list_threshold == training.SETTINGS["list_threshold"]


def test_the_held_back_posts_are_never_trained_on():
    held_back = {p["text"] for p in evaluation.load_posts(batch=evaluation.HELD_BACK)}
    assert held_back
    assert not held_back & {p["text"] for p in evaluation.load_posts()}


def test_a_word_nobody_listed_is_found_by_the_model(tiny):
    scores = tiny.scores("Honestly what a zorblax.")
    assert scores["abuse"] > 0.5 > scores["confidential"]
    assert tiny.scores("The library opens on Monday.")["abuse"] < 0.5


def test_a_members_own_words_are_not_remembered_after_a_check(tiny):
    tiny.read("Ask Bartholomewsky, about the zorblax! at 14 Quarry Lane.")
    remembered = set(tiny._by_word)
    assert {"zorblax!", "the"} <= remembered  # words of the example posts
    assert not {"bartholomewsky,", "quarry", "lane.", "14"} & remembered


def test_a_passage_is_judged_on_its_own_sentence_as_well_as_in_the_whole_post(tiny):
    text = "Great turnout at the library today. " * 8 + "What a zorblax."
    at = text.index("zorblax")
    assert tiny.scores(text)["abuse"] < 0.5
    assert tiny.read(text).likelihood_around("abuse", [at]) > 0.5
    assert tiny.read(text).likelihood_around("abuse", [0]) < 0.5


def test_the_passage_is_the_likeliest_sentence_without_its_spaces(tiny):
    text = "Great turnout at the library.  What a zorblax he is!  See you Monday."
    start, end = tiny.read(text).passage("abuse")
    assert text[start:end] == "What a zorblax he is!"


@pytest.fixture
def lists(default_checks):
    return checking.load_checks()[0]


DRAFT = "Cllr Harris is corrupt."


def test_a_lists_finding_stands_when_the_model_reads_it_likely_enough(monkeypatch, lists):
    weigh_with_model(monkeypatch, {"defamation": 0.31})
    found = checking.decide(DRAFT, lists, with_model={"defamation"})
    assert [(f.kind, DRAFT[f.start : f.end]) for f in found] == [
        ("defamation", "Cllr Harris is corrupt")
    ]


def test_a_lists_finding_is_passed_over_when_the_model_reads_the_post_as_not_about_it(
    monkeypatch, lists
):
    weigh_with_model(monkeypatch, {"defamation": 0.29})
    assert checking.decide(DRAFT, lists, with_model={"defamation"}) == []
    assert checking.decide(DRAFT, lists, with_model=set())  # the lists alone


def test_the_model_alone_raises_a_kind_on_its_passage(monkeypatch, lists):
    weigh_with_model(monkeypatch, {"abuse": 0.5, "staff": 0.49})
    found = checking.decide("Nothing listed here.", lists, with_model={"abuse", "staff"})
    assert [(f.kind, f.start, f.end) for f in found] == [("abuse", 0, 5)]


def test_a_kind_turned_off_is_never_raised_by_the_model(monkeypatch, lists):
    weigh_with_model(monkeypatch, {"abuse": 0.99})
    del lists[Kind.ABUSE]
    assert checking.decide("Nothing listed here.", lists, with_model={"abuse"}) == []


def test_ticking_a_feeling_raises_haste_whatever_the_model_reads(monkeypatch, lists):
    weigh_with_model(monkeypatch, {"haste": 0.0})
    found = checking.decide("Lovely day.", lists, with_model={"haste"}, feelings=["drink"])
    assert [(f.kind, f.start, f.end) for f in found] == [("haste", 0, 0)]


def test_each_check_says_whether_it_uses_the_model(monkeypatch, default_checks):
    weigh_with_model(monkeypatch, {"abuse": 0.9, "defamation": 0.9})
    Check.objects.filter(kind=Kind.DEFAMATION).update(use_model=False)
    result = checking.check_post("Nothing listed here.", count=False)
    assert result.kinds == ["abuse"]


def test_the_shipped_model_finds_concerns_the_lists_miss_and_clears_false_alarms(
    default_checks,
):
    """The model is wired into the checks: on the batches it learned from and
    the lists never did, the two weighed together find concerns the lists alone
    miss and pass over some of their false alarms. (How that carries over to
    posts the model never read is the held-back batch's figure.)"""
    posts = [p for p in evaluation.load_posts() if p["batch"] in evaluation.MODEL_ONLY_BATCHES]
    lists_alone = evaluation.evaluate(posts, with_model=set())
    weighed = evaluation.evaluate(posts)
    assert weighed.overall.tp > lists_alone.overall.tp + 50
    assert weighed.overall.fp < lists_alone.overall.fp


def test_train_post_check_writes_a_model_the_portal_reads(tmp_path):
    posts, output = tmp_path / "posts.json", tmp_path / "model.npz"
    posts.write_text(json.dumps({"posts": TINY * 2}))
    out = io.StringIO()
    call_command("train_post_check", posts=str(posts), output=str(output), stdout=out)
    assert "Trained on 20 posts" in out.getvalue()
    assert learned.Model.load(output).scores("what a zorblax")["abuse"] > 0.5


def test_train_post_check_cross_validates_batch_by_batch(tmp_path, default_checks):
    posts = tmp_path / "posts.json"
    posts.write_text(json.dumps({"posts": TINY * 2}))
    out = io.StringIO()
    call_command("train_post_check", posts=str(posts), cross_validate=True, stdout=out)
    text = out.getvalue()
    rows = [line.split()[:2] for line in text.splitlines()[1:3]]
    assert rows == [["a", "10"], ["b", "10"]]
    assert "the model alone (>= 0.475), every batch: 20 posts" in text
    assert "the checks weighed with it, every batch: 20 posts" in text
    assert "on batches the lists never learned from" not in text  # none here
    assert "overall" in text


def test_the_page_and_the_api_say_when_only_the_model_raised_a_concern(
    monkeypatch, member_client, default_checks
):
    from django.urls import reverse

    from tests.postcheck.factories import publish_sample

    publish_sample()
    weigh_with_model(monkeypatch, {"abuse": 0.9})
    text = "Nothing listed here."
    answer = member_client.post(reverse("postcheck:api"), {"text": text}).json()
    assert [(f["kind"], f["found_by"]) for f in answer["findings"]] == [("abuse", "model")]
    page = member_client.post(reverse("postcheck:page"), {"text": text}).text
    assert "No listed word raised this: the check read the sentence as a whole" in page
    assert '<mark class="finding-passage">Nothi</mark>' in page  # the fake passage, 0-5


def test_a_finding_from_the_lists_is_marked_as_such(member_client, default_checks):
    from django.urls import reverse

    answer = member_client.post(
        reverse("postcheck:api"), {"text": "Ring me on 07700 900123 after six."}
    ).json()
    assert [(f["kind"], f["found_by"]) for f in answer["findings"]] == [("personal_data", "lists")]
