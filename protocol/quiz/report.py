"""The Monitoring Officer's figures for one version: passes, wrong answers, sections.

Every figure comes from an aggregate query, so the report runs the same
number of queries for ten attempts or ten thousand. Only members' attempts
count: the Monitoring Officer trying the quiz does not change the figures.
"""

import csv
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from portal import roles
from protocol.models import Rule, Section
from protocol.quiz import questions
from protocol.quiz.models import Answer, Attempt, Question


@dataclass
class QuestionFigure:
    question: questions.QuizQuestion
    answered: int
    wrong: int

    @property
    def wrong_share(self):
        """Share of answers that were wrong, as a whole percentage (rounded)."""
        return round(self.wrong * 100 / self.answered) if self.answered else 0

    @property
    def text(self):
        return self.question.prompt_source


@dataclass
class SectionFigure:
    section: Section
    answered: int
    wrong: int

    @property
    def wrong_share(self):
        return round(self.wrong * 100 / self.answered) if self.answered else 0


@dataclass
class PassFigures:
    members: int
    members_checked: int
    members_passed: int
    checks_finished: int
    checks_passed: int


def _members():
    return roles.members().values("pk")


def _answers(version, mode):
    answers = Answer.objects.on(version).answered().filter(attempt__user__in=_members())
    if mode:
        answers = answers.filter(attempt__mode=mode)
    return answers


def pass_figures(version):
    """How many members took and passed the check on ``version``. Two queries."""
    figures = (
        Attempt.objects.on(version)
        .checks()
        .filter(user__in=_members())
        .aggregate(
            members_checked=Count("user", distinct=True, filter=Q(finished_at__isnull=False)),
            members_passed=Count("user", distinct=True, filter=Q(passed=True)),
            checks_finished=Count("pk", filter=Q(finished_at__isnull=False)),
            checks_passed=Count("pk", filter=Q(passed=True)),
        )
    )
    members = _members().count()
    return PassFigures(members=members, **figures)


def question_figures(version, mode=None):
    """Every question answered on ``version``, the largest share of wrong answers first."""
    rows = list(
        _answers(version, mode)
        .values("rule_id", "question_id")
        .annotate(answered=Count("pk"), wrong=Count("pk", filter=Q(is_correct=False)))
        .order_by()
    )
    keys = [
        (questions.RULE, row["rule_id"])
        if row["rule_id"]
        else (questions.SCENARIO, row["question_id"])
        for row in rows
    ]
    loaded = questions.load(version, keys, seed=0)
    figures = [
        QuestionFigure(loaded[key], row["answered"], row["wrong"])
        for key, row in zip(keys, rows, strict=True)
        if key in loaded
    ]
    figures.sort(key=lambda f: (-f.wrong_share, -f.wrong, f.question.kind, f.question.pk))
    return figures


def section_figures(version, mode=None, limit=None):
    """Sections by the number of wrong answers to questions drawn from them, most first."""
    rows = list(
        _answers(version, mode)
        .annotate(section_id=Coalesce("rule__section_id", "question__section_id"))
        .filter(section_id__isnull=False)
        .values("section_id")
        .annotate(answered=Count("pk"), wrong=Count("pk", filter=Q(is_correct=False)))
        .filter(wrong__gt=0)
        .order_by("-wrong", "section_id")
    )
    if limit:
        rows = rows[:limit]
    sections = Section.objects.in_bulk([row["section_id"] for row in rows])
    figures = []
    for row in rows:
        section = sections.get(row["section_id"])
        if section is None:
            continue
        section.version = version
        figures.append(SectionFigure(section, row["answered"], row["wrong"]))
    return figures


def scenario_counts(version):
    """Scenario questions by status, for the report's summary. One query."""
    counts = dict(
        Question.objects.for_version(version)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in Question.Status.values}


def rule_count(version):
    return Rule.objects.filter(
        section__version=version, kind__in=[Rule.Kind.DO, Rule.Kind.DONT]
    ).count()


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def write_csv(out, figures, site_url=""):
    writer = csv.writer(out)
    writer.writerow(
        ["Kind", "Question", "Section", "Link", "Answers", "Wrong answers", "Share wrong (%)"]
    )
    for figure in figures:
        question = figure.question
        writer.writerow(
            [
                _cell(value)
                for value in (
                    "Do or don't" if question.is_rule else "Scenario",
                    " ".join(figure.text.split()),
                    question.section or "",
                    f"{site_url}{question.source_url}",
                    figure.answered,
                    figure.wrong,
                    figure.wrong_share,
                )
            ]
        )
