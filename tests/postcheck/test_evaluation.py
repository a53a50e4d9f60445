"""The quality gate: the checks as the portal ships them meet the targets on the
labelled example posts (precision and recall per kind and overall)."""

import pytest
from django.core.management import call_command

from protocol.postcheck import evaluation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_checks")]


def _describe(report):
    rows = [
        f"{kind}: precision {c.precision:.0%} recall {c.recall:.0%}"
        for kind, c in report.by_kind.items()
    ]
    misses = [f"want {m.expected} got {m.found}: {m.text}" for m in report.misses]
    return "\n".join(rows + misses)


def test_the_shipped_checks_meet_the_targets_on_all_the_example_posts():
    report = evaluation.evaluate(evaluation.load_posts())
    assert report.posts >= 80
    assert report.meets_targets, _describe(report)


@pytest.mark.parametrize(
    "batch",
    [
        "first",
        "held-out",
        "fresh",
        "third-round",
        "fourth-round",
        "fifth-round",
        "sixth-round",
        "seventh-round",
        "eighth-round",
        "ninth-round",
    ],
)
def test_the_shipped_checks_meet_the_targets_on_each_batch(batch):
    """Every batch has been used to improve the checks: "fourth-round" and
    "fifth-round" in the fifth round, "sixth-round" (by another writer who had not
    seen the checks) in the sixth, "ninth-round" (held back through the seventh)
    in the eighth.
    How the checks carry over is measured on posts outside this set."""
    report = evaluation.evaluate(evaluation.load_posts(batch=batch))
    assert report.posts >= 40
    assert report.meets_targets, _describe(report)


def test_the_gate_fails_without_the_broader_word_lists():
    """The gate can fail: with the word lists as they were before the third round,
    the lists alone (without the trained model) miss the later batches' wordings."""
    from protocol.postcheck.models import Check
    from tests.postcheck.factories import BROADER, DEFAULTS

    for check in Check.objects.all():
        for name in BROADER.LISTS:
            setattr(check, name, DEFAULTS.lines(DEFAULTS.DEFAULTS[check.kind][name]))
        check.save()
    report = evaluation.evaluate(evaluation.load_posts(), with_model=set())
    assert not report.meets_targets


def test_the_gate_fails_without_the_fifth_round_word_lists():
    """The detectors of the fifth round alone do not carry the fifth-round batch:
    its wordings need the lists that migration 0005 adds."""
    from protocol.postcheck.models import Check
    from tests.postcheck.factories import BROADER, DEFAULTS

    for check in Check.objects.all():
        for name in BROADER.LISTS:
            lists = DEFAULTS.lines(DEFAULTS.DEFAULTS[check.kind][name])
            setattr(check, name, BROADER.with_additions(lists, BROADER.ADDITIONS[check.kind][name]))
        check.save()
    report = evaluation.evaluate(evaluation.load_posts(batch="fifth-round"), with_model=set())
    assert not report.meets_targets
    assert report.overall.recall < 0.85


def test_every_kind_has_examples_and_innocent_posts_use_the_same_words():
    posts = evaluation.load_posts()
    labelled = {kind for post in posts for kind in post["kinds"]}
    assert labelled == {kind.value for kind in evaluation.Kind}
    innocent = [p["text"].lower() for p in posts if not p["kinds"]]
    assert any("application" in text for text in innocent)
    assert any("postcode" in text for text in innocent)


HELD_BACK_FILE = """{"posts": [
 {"text": "Ring me on 07700 900123.", "kinds": ["personal_data"], "batch": "used"},
 {"text": "Lovely turnout at the gala.", "kinds": [], "batch": "held-back"},
 {"text": "Call Tony Briggs on 07700 900456.", "kinds": ["personal_data"], "batch": "held-back"},
 {"text": "What a crook Tony Briggs is.", "kinds": ["defamation"], "batch": "used"}
]}"""


def test_a_held_back_batch_is_scored_apart_and_never_held_to_the_targets(tmp_path):
    """Posts by an author who never saw the checks, never used to change them: they
    are not among "all the example posts" the gate holds to the targets."""
    posts = tmp_path / "posts.json"
    posts.write_text(HELD_BACK_FILE)
    assert evaluation.batch_names(posts) == ["used", evaluation.HELD_BACK]
    held_back = evaluation.load_posts(posts, batch=evaluation.HELD_BACK)
    assert [p["text"] for p in held_back] == [
        "Lovely turnout at the gala.",
        "Call Tony Briggs on 07700 900456.",
    ]
    assert not any(p["batch"] == evaluation.HELD_BACK for p in evaluation.load_posts(posts))
    assert len(evaluation.load_posts(posts)) == 2


def test_the_last_held_back_batch_is_now_held_to_the_targets():
    """The held-back batch of the seventh round was used in the eighth
    ("ninth-round"), so it is among the posts the gate holds to the targets; a
    new writer's posts may take the held-back place."""
    assert "ninth-round" in evaluation.batch_names()
    assert sum(p["batch"] == "ninth-round" for p in evaluation.load_posts()) >= 80


def test_the_previous_held_back_batch_now_trains_the_model():
    """The held-back batch of the eighth round ("tenth-round") and the writers'
    batches written with it train the model; a new pair of writers took the
    held-back place."""
    names = evaluation.batch_names()
    assert {"tenth-round", "writer-8", "writer-33"} <= set(names)
    assert set(evaluation.MODEL_ONLY_BATCHES) <= set(names)
    assert (
        sum(
            p["batch"] == evaluation.HELD_BACK
            for p in evaluation.load_posts(batch=evaluation.HELD_BACK)
        )
        >= 200
    )


def test_the_command_can_score_the_lists_alone(capsys):
    call_command("evaluate_post_check", "--batch", "writer-8", "--lists-only")
    lists_alone = capsys.readouterr().out
    call_command("evaluate_post_check", "--batch", "writer-8")
    weighed = capsys.readouterr().out
    overall = [line for line in lists_alone.splitlines() if "overall" in line]
    assert overall and overall[0] not in weighed


def test_a_file_of_posts_with_no_batches_is_scored_as_one(tmp_path, capsys):
    posts = tmp_path / "posts.json"
    posts.write_text(
        '{"posts": [{"text": "Ring me on 07700 900123.", "kinds": ["personal_data"]}]}'
    )
    call_command("evaluate_post_check", "--posts", str(posts))
    out = capsys.readouterr().out
    assert "all batches: 1 posts" in out
    assert "personal_data" in out


def test_the_command_prints_precision_and_recall_per_kind(capsys):
    call_command("evaluate_post_check")
    out = capsys.readouterr().out
    assert "held-out" in out and "fresh" in out and "third-round" in out
    assert "fourth-round" in out and "fifth-round" in out and "sixth-round" in out
    assert "ninth-round" in out and "all batches" in out
    for kind in evaluation.Kind:
        assert kind.value in out
    assert "overall" in out


def test_the_command_reports_a_held_back_batch_apart(tmp_path, capsys):
    posts = tmp_path / "posts.json"
    posts.write_text(HELD_BACK_FILE)
    call_command("evaluate_post_check", "--posts", str(posts))
    out = capsys.readouterr().out
    assert "all batches but held-back: 2 posts" in out and "\nheld-back: 2 posts" in out
    assert "held-back was never used to change the checks" in out
