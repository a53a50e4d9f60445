"""Questions: rules phrased as statements, scenarios, and seeded choice of a set."""

from html import unescape

import pytest

from protocol.models import Rule
from protocol.quiz import questions
from protocol.quiz.models import DO, DONT, Question
from tests import factories
from tests.quiz.factories import make_scenario

Kind = Rule.Kind


@pytest.mark.parametrize(
    ("kind", "text", "statement", "right"),
    [
        (
            Kind.DONT,
            "accept a friend request from a council officer on your personal account",
            "Accept a friend request from a council officer on your personal account.",
            DONT,
        ),
        (Kind.DO, "check your privacy settings every few months.", None, DO),
        (
            Kind.DONT,
            "post social media content in haste, particularly when tired",
            "Post social media content in haste, particularly when tired.",
            DONT,
        ),
        # "Don't: never post ..." in the real protocol: the "never" repeats the heading.
        (
            Kind.DONT,
            "never post comments that you would not be prepared to make on paper or face to face.",
            "Post comments that you would not be prepared to make on paper or face to face.",
            DONT,
        ),
        # Under "Do", a leading negation turns the rule round.
        (Kind.DO, "never share your password", "Share your password.", DONT),
        (Kind.DO, "do not reply while angry", "Reply while angry.", DONT),
        (Kind.DO, "Don't forget to log out", "Forget to log out.", DONT),
        (
            Kind.DO,
            "**always** say when a view is your own",
            "**Always** say when a view is your own.",
            DO,
        ),
        (
            Kind.DO,
            "ask the Communications team when unsure?",
            "Ask the Communications team when unsure?",
            DO,
        ),
        (
            Kind.DONT,
            "use council facilities for personal blogs;",
            "Use council facilities for personal blogs.",
            DONT,
        ),
    ],
)
def test_a_rule_reads_as_a_statement_with_the_right_answer(kind, text, statement, right):
    expected = statement or text[0].upper() + text[1:]
    assert questions.phrase_rule(kind, text) == (expected, right)


def test_never_is_only_stripped_as_a_whole_word():
    statement, right = questions.phrase_rule(Kind.DO, "nevertheless keep a record")
    assert statement == "Nevertheless keep a record."
    assert right == DO


def test_choosing_with_the_same_seed_gives_the_same_set_in_the_same_order():
    rules, scenarios = list(range(1, 40)), list(range(100, 110))
    first = questions.choose(rules, scenarios, 10, seed=1234)
    assert questions.choose(list(reversed(rules)), scenarios[::-1], 10, seed=1234) == first
    assert len(first) == 10
    assert len(set(first)) == 10
    others = {tuple(questions.choose(rules, scenarios, 10, seed=s)) for s in range(20)}
    assert len(others) > 1, "different seeds should draw different sets"


def test_about_half_the_set_are_scenarios_when_there_are_enough():
    chosen = questions.choose(list(range(50)), list(range(100, 150)), 10, seed=7)
    kinds = [kind for kind, _ in chosen]
    assert kinds.count(questions.SCENARIO) == 5
    assert kinds.count(questions.RULE) == 5


def test_either_kind_makes_up_for_a_shortage_of_the_other():
    few_scenarios = questions.choose(list(range(50)), [100, 101], 10, seed=7)
    assert sorted(pk for kind, pk in few_scenarios if kind == questions.SCENARIO) == [100, 101]
    assert len(few_scenarios) == 10
    few_rules = questions.choose([1, 2], list(range(100, 150)), 10, seed=7)
    assert sorted(pk for kind, pk in few_rules if kind == questions.RULE) == [1, 2]
    assert len(few_rules) == 10
    assert len(questions.choose([1, 2], [100], 10, seed=7)) == 3
    assert questions.choose([], [], 10, seed=7) == []


def test_options_are_shuffled_per_seed_and_the_same_every_time():
    order = questions.option_order(99, 5, [1, 2, 3, 4, 5])
    assert order == questions.option_order(99, 5, [5, 4, 3, 2, 1])
    assert sorted(order) == [1, 2, 3, 4, 5]
    orders = {tuple(questions.option_order(seed, 5, [1, 2, 3, 4, 5])) for seed in range(20)}
    assert len(orders) > 1


def test_options_problem_needs_two_to_five_options_and_one_right():
    assert Question.options_problem([("a", True)]) == "Give at least 2 options."
    assert Question.options_problem([("a", True)] + [("b", False)] * 5) == "Give at most 5 options."
    assert Question.options_problem([("a", False), ("b", False)]).startswith("Mark exactly one")
    assert Question.options_problem([("a", True), ("b", True)]).startswith("Mark exactly one")
    assert Question.options_problem([("a", True), ("b", False)]) == ""


@pytest.mark.django_db
def test_candidates_are_the_versions_do_and_dont_rules_and_usable_scenarios(sample_version):
    do_dont = set(
        Rule.objects.filter(
            section__version=sample_version, kind__in=[Kind.DO, Kind.DONT]
        ).values_list("pk", flat=True)
    )
    assert len(do_dont) == 6
    usable = make_scenario(sample_version)
    make_scenario(sample_version, status=Question.Status.NEEDS_REVIEW)
    make_scenario(sample_version, status=Question.Status.RETIRED)
    make_scenario(sample_version, options=[("Only one", True)])
    other = factories.make_version(factories.make_document("Other"), status="published")
    make_scenario(other)
    rule_ids, scenario_ids = questions.candidates(sample_version)
    assert set(rule_ids) == do_dont
    assert scenario_ids == [usable.pk]


@pytest.mark.django_db
def test_loaded_questions_link_to_the_exact_rule_and_explain_the_answer(sample_version):
    rule = Rule.objects.get(section__version=sample_version, text__startswith="accept friend")
    loaded = questions.load(sample_version, [(questions.RULE, rule.pk)], seed=1)
    question = loaded[(questions.RULE, rule.pk)]
    assert question.right == DONT
    assert question.right_label == "Don't"
    assert str(question.prompt) == "Accept friend requests from officers on a personal account."
    assert question.source_url == rule.get_absolute_url()
    assert question.source_url.endswith(f"#{rule.anchor}")
    assert "under “Don't”: accept friend requests" in unescape(str(question.explanation))
    assert question.prompt_is_inline


@pytest.mark.django_db
def test_loading_ignores_ids_from_another_version(sample_version):
    other = factories.make_version(factories.make_document("Other"), status="published")
    foreign_rule = Rule.objects.filter(section__version=other).first()
    foreign_scenario = make_scenario(other)
    loaded = questions.load(
        sample_version,
        [(questions.RULE, foreign_rule.pk), (questions.SCENARIO, foreign_scenario.pk)],
        seed=1,
    )
    assert loaded == {}


@pytest.mark.django_db
def test_scenario_markup_is_sanitised_and_a_long_situation_stays_out_of_the_legend(
    sample_version,
):
    scenario = make_scenario(
        sample_version,
        situation="It is late.<script>alert(1)</script>\n\nA resident *insults* you. What now?",
        explanation="Stop <img src=x onerror=alert(1)> and report it.",
    )
    question = questions.load(sample_version, [(questions.SCENARIO, scenario.pk)], seed=3)[
        (questions.SCENARIO, scenario.pk)
    ]
    assert "<script" not in str(question.prompt)
    assert "onerror" not in str(question.explanation)
    assert "<em>insults</em>" in str(question.prompt)
    assert not question.prompt_is_inline
    assert "insults" not in str(question.legend)
    assert question.right_label == "Stop replying and keep a record"
    assert question.source_url == scenario.section.get_absolute_url()


@pytest.mark.django_db
def test_the_real_protocols_rules_read_as_statements(protocol_seed_path):
    from protocol.importing import decode

    version = factories.import_text(decode(protocol_seed_path.read_bytes()), publish_it=True)
    rule_ids, _ = questions.candidates(version)
    loaded = questions.load(version, [(questions.RULE, pk) for pk in rule_ids], seed=1)
    statements = {q.prompt_source: q.right for q in loaded.values()}
    assert len(statements) == 16
    assert (
        statements["Post comments that you would not be prepared to make on paper or face to face."]
        == DONT
    )
    assert statements["Maintain appropriate professional boundaries."] == DO
    assert sum(1 for right in statements.values() if right == DONT) == 9
    for statement in statements:
        assert statement[0].isupper(), statement
        assert statement.rstrip("\"'”")[-1] in ".!?", statement
        assert not statement.lower().startswith(("never ", "do not ", "don't ")), statement
