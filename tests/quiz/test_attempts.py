"""Saved attempts: starting, answering, scoring, the pass mark, resuming, refusals."""

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from protocol.quiz import attempts, questions
from protocol.quiz.models import Answer, Attempt
from tests.quiz.factories import answer, make_scenario, wrong_choice

pytestmark = pytest.mark.django_db

PRACTICE, CHECK = Attempt.Mode.PRACTICE, Attempt.Mode.CHECK


def _keys(attempt):
    return [
        (questions.RULE, a.rule_id) if a.rule_id else (questions.SCENARIO, a.question_id)
        for a in attempt.answers.order_by("position")
    ]


def test_an_attempt_stores_the_set_drawn_from_its_seed(member, sample_version):
    for _ in range(3):
        make_scenario(sample_version)
    attempt = attempts.start_attempt(member, sample_version, CHECK, seed=42, count=6)
    assert attempt.seed == 42
    assert attempt.question_count == 6
    rule_ids, scenario_ids = questions.candidates(sample_version)
    assert _keys(attempt) == questions.choose(rule_ids, scenario_ids, 6, 42)
    assert [a.position for a in attempt.answers.order_by("position")] == [1, 2, 3, 4, 5, 6]
    assert not attempt.answers.answered().exists()


def test_the_same_seed_draws_the_same_set_for_another_member(member, other_member, sample_version):
    make_scenario(sample_version)
    first = attempts.start_attempt(member, sample_version, PRACTICE, seed=7, count=4)
    second = attempts.start_attempt(other_member, sample_version, CHECK, seed=7, count=4)
    assert _keys(first) == _keys(second)
    slots_a = attempts.attempt_slots(first)
    slots_b = attempts.attempt_slots(second)
    assert [s.question.choices for s in slots_a] == [s.question.choices for s in slots_b]


@override_settings(QUIZ_QUESTION_COUNT=4, QUIZ_PASS_MARK=75)
def test_the_default_length_and_pass_mark_come_from_settings(member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, CHECK)
    assert attempt.question_count == 4
    assert attempt.pass_mark == 75


def test_a_short_pool_gives_a_shorter_quiz(member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, PRACTICE, count=50)
    assert attempt.question_count == 6  # the sample has six do and don't rules


def test_a_version_without_questions_cannot_start(member):
    from tests import factories

    version = factories.make_version(
        factories.make_document("Empty"), rules_per_section=0, status="published"
    )
    with pytest.raises(attempts.NoQuestions):
        attempts.start_attempt(member, version, PRACTICE)
    assert not Attempt.objects.exists()


def test_answers_are_marked_and_the_last_one_finishes_the_attempt(member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, PRACTICE, seed=1, count=4)
    slots = attempts.attempt_slots(attempt)
    attempt = attempts.record_answer(attempt, 1, slots[0].question.right)
    attempt = attempts.record_answer(attempt, 2, wrong_choice(slots[1].question))
    assert not attempt.is_finished
    first, second = attempt.answers.order_by("position")[:2]
    assert first.is_correct is True and first.chosen == slots[0].question.right
    assert second.is_correct is False
    attempt = attempts.record_answer(attempt, 3, slots[2].question.right)
    attempt = attempts.record_answer(attempt, 4, slots[3].question.right)
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert attempt.score == 3
    assert attempt.percent == 75
    assert attempt.passed is None  # practice has no pass mark


@pytest.mark.parametrize(("right", "passed"), [(8, True), (7, False), (10, True), (0, False)])
def test_a_check_passes_at_the_pass_mark(member, sample_version, right, passed):
    for _ in range(4):
        make_scenario(sample_version)
    attempt = attempts.start_attempt(member, sample_version, CHECK, seed=3, count=10, pass_mark=80)
    assert attempt.question_count == 10
    attempt = answer(attempt, right=right)
    attempt.refresh_from_db()
    assert attempt.score == right
    assert attempt.passed is passed
    assert attempt.has_certificate is passed


def test_pass_mark_arithmetic_is_exact():
    assert Attempt.passes(8, 10, 80)
    assert not Attempt.passes(7, 10, 80)
    assert Attempt.passes(4, 5, 80)
    assert not Attempt.passes(5, 7, 72)  # 71.4%
    assert Attempt.passes(5, 7, 71)


def test_a_scenario_is_answered_with_one_of_its_own_options(member, sample_version):
    scenario = make_scenario(sample_version)
    other = make_scenario(sample_version)
    attempt = attempts.start_attempt(member, sample_version, CHECK, seed=5, count=7)
    slot = next(
        s
        for s in attempts.attempt_slots(attempt)
        if s.question.pk == scenario.pk and not s.question.is_rule
    )
    # Answer the questions before it, then offer the other scenario's right option.
    answer_before = [s for s in attempts.attempt_slots(attempt) if s.position < slot.position]
    for s in answer_before:
        attempt = attempts.record_answer(attempt, s.position, s.question.right)
    foreign = str(other.options.get(is_correct=True).pk)
    with pytest.raises(attempts.InvalidChoice):
        attempts.record_answer(attempt, slot.position, foreign)
    with pytest.raises(attempts.InvalidChoice):
        attempts.record_answer(attempt, slot.position, "do")
    attempts.record_answer(attempt, slot.position, slot.question.right)
    saved = attempt.answers.get(position=slot.position)
    assert saved.chosen_option.is_correct
    assert saved.chosen_option.question_id == scenario.pk


def test_answering_twice_keeps_the_first_answer(member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, PRACTICE, seed=1, count=3)
    slots = attempts.attempt_slots(attempt)
    attempts.record_answer(attempt, 1, wrong_choice(slots[0].question))
    with pytest.raises(attempts.AlreadyAnswered):
        attempts.record_answer(attempt, 1, slots[0].question.right)
    assert attempt.answers.get(position=1).is_correct is False


def test_questions_are_answered_in_order_and_only_those_in_the_attempt(member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, PRACTICE, seed=1, count=3)
    slots = attempts.attempt_slots(attempt)
    with pytest.raises(attempts.OutOfOrder):
        attempts.record_answer(attempt, 2, slots[1].question.right)
    with pytest.raises(attempts.NotInAttempt):
        attempts.record_answer(attempt, 4, "do")
    with pytest.raises(attempts.NotInAttempt):
        attempts.record_answer(attempt, 0, "do")
    assert not attempt.answers.answered().exists()


def test_a_finished_attempt_never_changes(member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, CHECK, seed=1, count=2)
    attempt = answer(attempt, right=2)
    with pytest.raises(attempts.AttemptFinished):
        attempts.record_answer(attempt, 1, "dont")
    with pytest.raises(attempts.AttemptFinished):
        attempts.discard_attempt(attempt)
    attempt.refresh_from_db()
    assert attempt.score == 2


def test_one_unfinished_attempt_per_member_and_version(member, other_member, sample_version):
    first = attempts.start_attempt(member, sample_version, PRACTICE, count=3)
    with pytest.raises(attempts.UnfinishedAttemptExists) as raised:
        attempts.start_attempt(member, sample_version, CHECK)
    assert raised.value.attempt == first
    attempts.start_attempt(other_member, sample_version, CHECK)  # someone else may
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            user=member, version=sample_version, mode=CHECK, seed=1, question_count=1, pass_mark=80
        )


def test_an_unfinished_attempt_resumes_where_it_stopped(member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, CHECK, seed=9, count=5)
    slots = attempts.attempt_slots(attempt)
    attempts.record_answer(attempt, 1, slots[0].question.right)
    attempts.record_answer(attempt, 2, slots[1].question.right)
    resumed = attempts.attempt_slots(Attempt.objects.get(pk=attempt.pk))
    assert attempts.next_slot(resumed).position == 3
    assert [s.question.key for s in resumed] == [s.question.key for s in slots]


def test_discarding_an_unfinished_attempt_lets_the_member_start_again(member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, PRACTICE, count=3)
    attempts.discard_attempt(attempt)
    assert not Attempt.objects.exists()
    assert not Answer.objects.exists()
    attempts.start_attempt(member, sample_version, CHECK)


def test_the_database_refuses_inconsistent_rows(member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, PRACTICE, count=2)
    answer_row = attempt.answers.first()
    bad_updates = [
        (Answer.objects.filter(pk=answer_row.pk), {"is_correct": True}),  # marked, not answered
        (
            Answer.objects.filter(pk=answer_row.pk),
            {"question_id": make_scenario(sample_version).pk},
        ),
        (Attempt.objects.filter(pk=attempt.pk), {"passed": True}),  # practice has no pass
        (Attempt.objects.filter(pk=attempt.pk), {"score": 1}),  # scored but not finished
        (Attempt.objects.filter(pk=attempt.pk), {"pass_mark": 0}),
    ]
    for queryset, values in bad_updates:
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.update(**values)
