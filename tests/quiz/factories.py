"""Small helpers for quiz tests: scenario questions and answering them.

A new draft comes from the real ``protocol.publishing.new_draft_from``."""

from protocol.quiz import attempts
from protocol.quiz.models import Option, Question


def make_scenario(
    version,
    *,
    section=None,
    rule=None,
    situation="A resident insults you under your post late at night. What do you do?",
    options=(("Stop replying and keep a record", True), ("Reply in kind", False)),
    explanation="Stop, keep a record and report it.",
    status=Question.Status.IN_USE,
):
    if section is None and rule is not None:
        section = rule.section
    if section is None:
        section = version.sections.order_by("order").first()
    question = Question(
        version=version,
        section=section,
        rule=rule,
        situation=situation,
        explanation=explanation,
        status=status,
    )
    if status == Question.Status.NEEDS_REVIEW:
        question.flag("Flagged in a test.")
    question.save()
    Option.objects.bulk_create(
        Option(question=question, text=text, is_correct=right, order=i)
        for i, (text, right) in enumerate(options, start=1)
    )
    return question


def wrong_choice(question):
    return next(value for value, _ in question.choices if value != question.right)


def answer(attempt, *, right):
    """Answer every open question: the first ``right`` of them rightly, the rest wrongly."""
    for slot in attempts.attempt_slots(attempt):
        if slot.is_answered:
            continue
        choice = slot.question.right if right > 0 else wrong_choice(slot.question)
        right -= 1
        attempt = attempts.record_answer(attempt, slot.position, choice)
    return attempt
