"""Scenario questions follow the protocol from version to version."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from protocol.models import Rule, Section, Version
from protocol.publishing import new_draft_from, publish
from protocol.quiz import attempts, questions
from protocol.quiz.models import Question
from protocol.quiz.versioning import copy_questions, flag_questions_after_publish
from tests import factories
from tests.quiz.factories import make_scenario

pytestmark = pytest.mark.django_db

IN_USE, NEEDS_REVIEW, RETIRED = (
    Question.Status.IN_USE,
    Question.Status.NEEDS_REVIEW,
    Question.Status.RETIRED,
)


@pytest.fixture
def current():
    document = factories.make_document("Versioned Protocol", "versioned-protocol")
    return factories.make_version(document, sections=3, rules_per_section=2, status="published")


def _rule(version, anchor):
    return Rule.objects.get(section__version=version, anchor=anchor)


def _section(version, slug):
    return Section.objects.get(version=version, slug=slug)


def _make_current(draft):
    """Publish without the publishing workflow's hooks, to call them by hand."""
    Version.objects.filter(document=draft.document).current().update(
        status=Version.Status.SUPERSEDED
    )
    Version.objects.filter(pk=draft.pk).update(
        status=Version.Status.PUBLISHED, published_at=timezone.now()
    )
    return Version.objects.select_related("document").get(pk=draft.pk)


def _publish_new(current, change=None):
    """Draft from ``current`` with its questions, ``change(draft)``, publish, flag."""
    draft = new_draft_from(current)
    if change:
        change(draft)
    draft = _make_current(draft)
    current.refresh_from_db()
    return draft, flag_questions_after_publish(draft, current)


def test_questions_are_copied_into_a_new_draft_with_their_options(current):
    on_rule = make_scenario(current, rule=_rule(current, "rule-2-1"))
    on_section = make_scenario(
        current,
        section=_section(current, "3-section-3"),
        options=[("A", False), ("B", True), ("C", False)],
    )
    flagged = make_scenario(current, status=NEEDS_REVIEW)
    make_scenario(current, status=RETIRED)
    draft = new_draft_from(current)
    copies = Question.objects.filter(version=draft)
    assert {c.copied_from_id for c in copies} == {on_rule.pk, on_section.pk, flagged.pk}
    copy = Question.objects.get(version=draft, copied_from=on_rule)
    assert copy.rule == _rule(draft, "rule-2-1")
    assert copy.section == _section(draft, "2-section-2")
    assert copy.situation == on_rule.situation and copy.explanation == on_rule.explanation
    copy = Question.objects.get(version=draft, copied_from=on_section)
    assert copy.section == _section(draft, "3-section-3")
    assert copy.rule is None
    assert list(copy.options.values_list("text", "is_correct")) == [
        ("A", False),
        ("B", True),
        ("C", False),
    ]
    assert Question.objects.get(version=draft, copied_from=flagged).status == NEEDS_REVIEW
    # The originals stay with their version.
    assert Question.objects.filter(version=current).count() == 4


def test_copying_twice_does_not_duplicate(current):
    make_scenario(current)
    draft = new_draft_from(current)
    assert copy_questions(current, draft) == []
    assert Question.objects.filter(version=draft).count() == 1
    original = Question.objects.get(version=current)
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(
            version=draft, section=draft.sections.first(), situation="x", explanation="y",
            copied_from=original,
        )  # fmt: skip


def test_versions_of_different_documents_are_refused(current):
    other = factories.make_version(factories.make_document("Other"), status="published")
    with pytest.raises(ValueError):
        copy_questions(current, other)
    with pytest.raises(ValueError):
        flag_questions_after_publish(other, current)


def test_unchanged_rules_and_sections_leave_questions_in_use(current):
    make_scenario(current, rule=_rule(current, "rule-1-1"))
    make_scenario(current, section=_section(current, "3-section-3"))
    draft, flagged = _publish_new(current)
    assert flagged == []
    assert set(Question.objects.filter(version=draft).values_list("status", flat=True)) == {IN_USE}


def test_a_changed_rule_flags_its_question(current):
    changed = make_scenario(current, rule=_rule(current, "rule-1-1"))
    untouched = make_scenario(current, rule=_rule(current, "rule-1-2"))

    def change(draft):
        rule = _rule(draft, "rule-1-1")
        rule.text = "a new wording of the rule"
        rule.save()

    draft, flagged = _publish_new(current, change)
    assert [q.copied_from_id for q in flagged] == [changed.pk]
    question = Question.objects.get(version=draft, copied_from=changed)
    assert question.status == NEEDS_REVIEW
    assert "changed in version 2" in question.review_note
    assert question.flagged_at is not None
    assert Question.objects.get(version=draft, copied_from=untouched).status == IN_USE
    assert changed in Question.objects.filter(pk=changed.pk).in_use()  # the old one is untouched


def test_a_removed_rule_or_section_flags_its_question(current):
    on_rule = make_scenario(current, rule=_rule(current, "rule-2-2"))
    on_section = make_scenario(current, section=_section(current, "3-section-3"))

    def change(draft):
        _rule(draft, "rule-2-2").delete()
        _section(draft, "3-section-3").delete()

    draft, flagged = _publish_new(current, change)
    assert {q.copied_from_id for q in flagged} == {on_rule.pk, on_section.pk}
    question = Question.objects.get(version=draft, copied_from=on_rule)
    assert "removed in version 2" in question.review_note
    assert question.rule is None  # the draft's rule went; the section stays
    question = Question.objects.get(version=draft, copied_from=on_section)
    assert question.section is None
    assert "was removed in version 2" in question.review_note


def test_a_change_anywhere_in_its_section_flags_a_question_without_a_rule(current):
    section_only = make_scenario(current, section=_section(current, "1-section-1"))
    on_rule = make_scenario(current, rule=_rule(current, "rule-1-2"))

    def change(draft):
        rule = _rule(draft, "rule-1-1")
        rule.text = "changed"
        rule.save()

    draft, flagged = _publish_new(current, change)
    assert [q.copied_from_id for q in flagged] == [section_only.pk]
    assert Question.objects.get(version=draft, copied_from=on_rule).status == IN_USE


def test_a_changed_section_body_flags_its_questions(current):
    question = make_scenario(current, section=_section(current, "2-section-2"))

    def change(draft):
        section = _section(draft, "2-section-2")
        section.body = "A rewritten paragraph."
        section.save()

    draft, flagged = _publish_new(current, change)
    assert [q.copied_from_id for q in flagged] == [question.pk]
    assert "changed in version 2" in flagged[0].review_note


def test_flagged_questions_are_left_out_of_quizzes_until_approved(current, member):
    question = make_scenario(current, rule=_rule(current, "rule-1-1"))

    def change(draft):
        rule = _rule(draft, "rule-1-1")
        rule.text = "changed"
        rule.save()

    draft, flagged = _publish_new(current, change)
    copy = Question.objects.get(version=draft, copied_from=question)
    assert questions.candidates(draft)[1] == []
    attempt = attempts.start_attempt(member, draft, "practice", count=50)
    assert not attempt.answers.filter(question__isnull=False).exists()
    copy.approve()
    copy.save()
    assert questions.candidates(draft)[1] == [copy.pk]


def test_questions_written_on_the_old_version_after_the_draft_are_carried_over(current):
    draft = new_draft_from(current)
    late = make_scenario(current, rule=_rule(current, "rule-3-1"))
    draft = _make_current(draft)
    current.refresh_from_db()
    flag_questions_after_publish(draft, current)
    carried = Question.objects.get(version=draft, copied_from=late)
    assert carried.rule == _rule(draft, "rule-3-1")
    assert carried.status == IN_USE
    assert Question.objects.filter(version=draft).count() == 1


def test_flagging_twice_flags_nothing_twice(current):
    question = make_scenario(current, rule=_rule(current, "rule-1-1"))

    def change(draft):
        rule = _rule(draft, "rule-1-1")
        rule.text = "changed"
        rule.save()

    draft, flagged = _publish_new(current, change)
    assert len(flagged) == 1
    assert flag_questions_after_publish(draft, current) == []
    copy = Question.objects.get(version=draft, copied_from=question)
    assert copy.review_note.count("changed in version 2") == 1


def test_a_draft_from_an_older_version_is_compared_with_the_text_it_came_from(current):
    question = make_scenario(current, rule=_rule(current, "rule-1-1"))

    def change(draft):  # version 2 rewords the rule
        rule = _rule(draft, "rule-1-1")
        rule.text = "the version 2 wording"
        rule.save()

    second, _ = _publish_new(current, change)
    current.refresh_from_db()
    # Version 3 goes back to version 1's text, with version 1's questions.
    third = new_draft_from(current)
    third = _make_current(third)
    second.refresh_from_db()
    flagged = flag_questions_after_publish(third, second)
    assert flagged == []
    in_third = Question.objects.filter(version=third)
    assert [q.copied_from_id for q in in_third] == [question.pk]  # not version 2's copy too
    assert in_third.get().status == IN_USE


def test_the_publishing_workflow_copies_and_flags_questions(current, officer):
    changed = make_scenario(current, rule=_rule(current, "rule-1-1"))
    kept = make_scenario(current, rule=_rule(current, "rule-2-1"))
    draft = new_draft_from(current, by=officer)
    assert set(Question.objects.filter(version=draft).values_list("copied_from", flat=True)) == {
        changed.pk,
        kept.pk,
    }
    rule = _rule(draft, "rule-1-1")
    rule.text = "reworded"
    rule.save()
    publish(draft, by=officer, change_note="Reworded rule 1.")
    statuses = dict(Question.objects.filter(version=draft).values_list("copied_from", "status"))
    assert statuses == {changed.pk: NEEDS_REVIEW, kept.pk: IN_USE}


def test_a_question_already_flagged_keeps_its_earlier_reason(current):
    question = make_scenario(current, rule=_rule(current, "rule-1-1"), status=NEEDS_REVIEW)

    def change(draft):
        rule = _rule(draft, "rule-1-1")
        rule.text = "changed again"
        rule.save()

    draft, flagged = _publish_new(current, change)
    copy = Question.objects.get(version=draft, copied_from=question)
    assert copy.review_note.startswith("Flagged in a test.")
    assert "changed in version 2" in copy.review_note


def test_nothing_to_compare_with_for_a_first_version(current):
    make_scenario(current)
    assert flag_questions_after_publish(current, None) == []
