"""Scenario questions across versions: copied into each new draft, flagged on change.

``protocol.publishing`` calls these two functions:

* ``copy_questions(from_version, to_version)`` when a new draft is made from a
  version: every scenario question that is not retired is copied, with its
  options, and pointed at the draft's section with the same slug and the rule
  with the same anchor.
* ``flag_questions_after_publish(version, previous)`` when ``version`` has
  replaced ``previous``: a question whose rule (or, without a rule, whose
  section) changed or disappeared since the version it was copied from is
  flagged "needs review" and left out of quizzes until the Monitoring Officer
  approves it again in the admin. Questions written on ``previous`` after the
  draft was made are copied first, so none is left behind on the superseded
  version. Calling it twice flags nothing twice.

A question is compared with the version it was copied from, not with
``previous``: a draft may start from an older version than the current one,
and its questions were written against that older text.
"""

from django.db import transaction
from django.utils import timezone

from protocol.models import Rule, Section, Version
from protocol.quiz.models import Option, Question


def _by_slug(version):
    return {
        section.slug: section
        for section in Section.objects.filter(version=version).prefetch_related("rules")
    }


def _by_anchor(version):
    return {
        rule.anchor: rule for rule in Rule.objects.filter(section__version=version) if rule.anchor
    }


def _check_same_document(a, b):
    if a.document_id != b.document_id:
        raise ValueError(f"{a} and {b} are versions of different documents.")


@transaction.atomic
def copy_questions(from_version: Version, to_version: Version) -> list[Question]:
    """Copy ``from_version``'s scenario questions into ``to_version``; returns the copies.

    Safe to call again: a question already copied into ``to_version`` is not
    copied twice. A question whose section or rule has no counterpart in
    ``to_version`` is copied flagged, pointing at what is left.
    """
    _check_same_document(from_version, to_version)
    sections, rules = _by_slug(to_version), _by_anchor(to_version)
    # The questions ``to_version`` already holds, and the ones those were copied
    # from: a question copied from the same original is the same question.
    done = set()
    for copied_from, original in Question.objects.filter(
        version=to_version, copied_from__isnull=False
    ).values_list("copied_from_id", "copied_from__copied_from_id"):
        done.update({copied_from, original} - {None})
    sources = (
        Question.objects.filter(version=from_version)
        .exclude(status=Question.Status.RETIRED)
        .exclude(pk__in=done)
        .exclude(copied_from__in=done)
        .select_related("section", "rule")
        .prefetch_related("options")
        .order_by("pk")
    )
    now = timezone.now()
    copies, option_rows = [], []
    for source in sources:
        section = sections.get(source.section.slug) if source.section_id else None
        rule = rules.get(source.rule.anchor) if source.rule_id else None
        if rule is not None:
            section = next(s for s in sections.values() if s.pk == rule.section_id)
        copy = Question(
            version=to_version,
            section=section,
            rule=rule,
            situation=source.situation,
            explanation=source.explanation,
            status=source.status,
            review_note=source.review_note,
            flagged_at=source.flagged_at,
            copied_from=source,
        )
        missing = _missing(source, section, rule, to_version)
        if missing and not copy.needs_review:
            copy.flag(missing, now=now)
        copies.append(copy)
        option_rows.append(list(source.options.all()))
    Question.objects.bulk_create(copies)
    Option.objects.bulk_create(
        Option(question=copy, text=option.text, is_correct=option.is_correct, order=option.order)
        for copy, options in zip(copies, option_rows, strict=True)
        for option in options
    )
    return copies


def _missing(source, section, rule, version):
    if source.rule_id and rule is None:
        return f"The rule it was based on is not in version {version.number}."
    if source.section_id and section is None:
        return f"Its section ({source.section}) is not in version {version.number}."
    if not source.section_id:
        return "It is not tied to a section."
    return ""


def _rule_signature(rule):
    return (rule.kind, rule.term.strip(), rule.text.strip())


def _section_signature(section):
    return (
        section.title.strip(),
        section.body.strip(),
        [_rule_signature(rule) for rule in sorted(section.rules.all(), key=lambda r: r.order)],
    )


def what_changed(old, new_sections, new_rules, version):
    """Why a question copied from ``old`` needs review in ``version``, or ""."""
    if old.rule_id:
        new_rule = new_rules.get(old.rule.anchor)
        if new_rule is None:
            return f"The rule it was based on was removed in version {version.number}."
        if _rule_signature(new_rule) != _rule_signature(old.rule):
            return f"The rule it was based on changed in version {version.number}."
        return ""
    if old.section_id:
        new_section = new_sections.get(old.section.slug)
        if new_section is None:
            return f"Its section ({old.section}) was removed in version {version.number}."
        if _section_signature(new_section) != _section_signature(old.section):
            return f"Its section ({old.section}) changed in version {version.number}."
        return ""
    return "It is not tied to a section."


@transaction.atomic
def flag_questions_after_publish(version: Version, previous: Version | None) -> list[Question]:
    """Flag ``version``'s scenario questions whose rule or section has changed.

    Each is compared with the question it was copied from. Returns the
    questions flagged by this call.
    """
    if previous is not None:
        _check_same_document(version, previous)
        copy_questions(previous, version)
    new_sections, new_rules = _by_slug(version), _by_anchor(version)
    candidates = (
        Question.objects.filter(version=version, copied_from__isnull=False)
        .exclude(copied_from__version=version)
        .exclude(status=Question.Status.RETIRED)
        .select_related("copied_from__section", "copied_from__rule")
        .prefetch_related("copied_from__section__rules")
    )
    now = timezone.now()
    flagged = []
    for question in candidates:
        reason = what_changed(question.copied_from, new_sections, new_rules, version)
        if not reason and question.section_id is None:
            reason = "It is not tied to a section."
        if not reason or (question.needs_review and reason in question.review_note):
            continue
        if question.needs_review and question.review_note:
            reason = f"{question.review_note} {reason}"
        question.flag(reason, now=now)
        flagged.append(question)
    Question.objects.bulk_update(flagged, ["status", "review_note", "flagged_at"])
    return flagged
