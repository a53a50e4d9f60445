"""The Monitoring Officer's figures for a document: passes, wrong answers, sections.

Results are kept across versions: publishing a new version does not empty
the report. An answer given on an earlier version counts towards the same
question on the current version when the question survived: a do or don't
rule with the same anchor, kind and text, or a scenario copied forward into
the current version. Otherwise it is shown as a question of the version it
was asked on, with that version named. Sections are matched by slug.

Every figure comes from an aggregate query, so the report runs the same
number of queries for ten attempts or ten thousand, and for one version or
twenty. Only members' attempts count: the Monitoring Officer trying the quiz
does not change the figures.
"""

from dataclasses import dataclass
from typing import IO

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from portal import roles
from portal.spreadsheets import csv_writer
from protocol.models import Rule, Section, Version
from protocol.quiz import questions
from protocol.quiz.models import Answer, Attempt, Question
from protocol.text import comparable


@dataclass
class QuestionFigure:
    question: questions.QuizQuestion
    answered: int
    wrong: int
    version: object = None  # the version the question is shown from
    answered_on: tuple = ()  # numbers of the versions its answers were given on

    @property
    def is_current(self):
        return self.version is None or self.version.is_current

    @property
    def versions_label(self):
        """ "version 3", "versions 1 to 3", "versions 1 and 3"."""
        numbers = sorted(self.answered_on)
        if not numbers:
            return ""
        if len(numbers) == 1:
            return f"version {numbers[0]}"
        if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
            return f"versions {numbers[0]} to {numbers[-1]}"
        return "versions " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"

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
    """Members' answers on every published version of ``version``'s document."""
    answers = (
        Answer.objects.answered()
        .filter(attempt__version__document_id=version.document_id)
        .exclude(attempt__version__status=Version.Status.DRAFT)
        .filter(attempt__user__in=_members())
    )
    if mode:
        answers = answers.filter(attempt__mode=mode)
    return answers


def pass_figures(version: Version) -> "PassFigures":
    """How many members took and passed the check on any version of the document.
    Two queries."""
    figures = (
        Attempt.objects.filter(version__document_id=version.document_id)
        .exclude(version__status=Version.Status.DRAFT)
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


def _rule_text(kind, term, text):
    return (kind, comparable(term), comparable(text))


def _surviving_rules(version, rule_ids):
    """{rule id on any version: the same rule's id on ``version``}. Two queries."""
    current = {
        anchor: (pk, _rule_text(kind, term, text))
        for pk, anchor, kind, term, text in Rule.objects.filter(
            section__version=version, kind__in=[Rule.Kind.DO, Rule.Kind.DONT]
        ).values_list("pk", "anchor", "kind", "term", "text")
        if anchor
    }
    mapping = {}
    for pk, anchor, kind, term, text in Rule.objects.filter(pk__in=rule_ids).values_list(
        "pk", "anchor", "kind", "term", "text"
    ):
        same = current.get(anchor)
        mapping[pk] = same[0] if same and same[1] == _rule_text(kind, term, text) else pk
    return mapping


def _surviving_scenarios(version):
    """{scenario id on any version: its copy's id on ``version``}. One query."""
    rows = Question.objects.filter(version__document_id=version.document_id).values_list(
        "pk", "copied_from_id", "version_id"
    )
    copied_from = {pk: source for pk, source, _ in rows}
    mapping = {}
    for pk, _, version_id in rows:
        if version_id != version.pk:
            continue
        ancestor, seen = copied_from.get(pk), {pk}
        while ancestor and ancestor not in seen:
            mapping[ancestor] = pk
            seen.add(ancestor)
            ancestor = copied_from.get(ancestor)
    return mapping


def _load_any_version(document_id, keys):
    """``{key: (QuizQuestion, version)}`` for rules and scenarios of any version of
    the document. Three queries."""
    rule_ids = [pk for kind, pk in keys if kind == questions.RULE]
    question_ids = [pk for kind, pk in keys if kind == questions.SCENARIO]
    loaded = {}
    for rule in Rule.objects.filter(
        pk__in=rule_ids, section__version__document_id=document_id
    ).select_related("section__version__document"):
        loaded[(questions.RULE, rule.pk)] = (questions.from_rule(rule), rule.section.version)
    for question in (
        Question.objects.filter(pk__in=question_ids, version__document_id=document_id)
        .select_related("version__document", "section", "rule")
        .prefetch_related("options")
    ):
        if question.section is not None:
            question.section.version = question.version
        loaded[(questions.SCENARIO, question.pk)] = (
            questions.from_scenario(question, seed=0),
            question.version,
        )
    return loaded


def question_figures(version: Version, mode: str | None = None) -> list["QuestionFigure"]:
    """Every question answered on the document, the largest share of wrong answers first.

    Answers on earlier versions count towards the current question where it
    survived (see the module's docstring).
    """
    rows = list(
        _answers(version, mode)
        .values("rule_id", "question_id", "attempt__version__number")
        .annotate(answered=Count("pk"), wrong=Count("pk", filter=Q(is_correct=False)))
        .order_by()
    )
    rules = _surviving_rules(version, {row["rule_id"] for row in rows if row["rule_id"]})
    scenarios = _surviving_scenarios(version)
    totals = {}
    for row in rows:
        if row["rule_id"]:
            key = (questions.RULE, rules.get(row["rule_id"], row["rule_id"]))
        else:
            key = (questions.SCENARIO, scenarios.get(row["question_id"], row["question_id"]))
        total = totals.setdefault(key, [0, 0, set()])
        total[0] += row["answered"]
        total[1] += row["wrong"]
        total[2].add(row["attempt__version__number"])
    loaded = _load_any_version(version.document_id, list(totals))
    figures = []
    for key, (answered, wrong, numbers) in totals.items():
        if key not in loaded:
            continue
        question, question_version = loaded[key]
        if question_version.pk == version.pk:
            question_version = version
        figures.append(
            QuestionFigure(question, answered, wrong, question_version, tuple(sorted(numbers)))
        )
    figures.sort(
        key=lambda f: (-f.wrong_share, -f.wrong, not f.is_current, f.question.kind, f.question.pk)
    )
    return figures


def section_figures(
    version: Version, mode: str | None = None, limit: int | None = None
) -> list["SectionFigure"]:
    """Sections by the number of wrong answers to questions drawn from them, most first.

    A section of an earlier version counts as the current version's section
    with the same slug, when there is one.
    """
    rows = list(
        _answers(version, mode)
        .annotate(section_id=Coalesce("rule__section_id", "question__section_id"))
        .filter(section_id__isnull=False)
        .values("section_id")
        .annotate(answered=Count("pk"), wrong=Count("pk", filter=Q(is_correct=False)))
        .order_by()
    )
    answered_sections = Section.objects.select_related("version").in_bulk(
        [row["section_id"] for row in rows]
    )
    current = {s.slug: s for s in Section.objects.filter(version=version)}
    totals = {}
    for row in rows:
        section = answered_sections.get(row["section_id"])
        if section is None:
            continue
        section = current.get(section.slug, section)
        total = totals.setdefault(section.pk, [section, 0, 0])
        total[1] += row["answered"]
        total[2] += row["wrong"]
    figures = []
    for section, answered, wrong in totals.values():
        if not wrong:
            continue
        if section.version_id == version.pk:
            section.version = version
        figures.append(SectionFigure(section, answered, wrong))
    figures.sort(key=lambda f: (-f.wrong, f.section.version_id != version.pk, f.section.order))
    return figures[:limit] if limit else figures


def scenario_counts(version: Version) -> dict[str, int]:
    """Scenario questions by status, for the report's summary. One query."""
    counts = dict(
        Question.objects.for_version(version)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in Question.Status.values}


def rule_count(version: Version) -> int:
    return Rule.objects.filter(
        section__version=version, kind__in=[Rule.Kind.DO, Rule.Kind.DONT]
    ).count()


def write_csv(out: IO[str], figures: list["QuestionFigure"], site_url: str = "") -> None:
    writer = csv_writer(out)
    writer.writerow(
        [
            "Kind",
            "Question",
            "Section",
            "Link",
            "Answered on",
            "Answers",
            "Wrong answers",
            "Share wrong (%)",
        ]
    )
    for figure in figures:
        question = figure.question
        writer.writerow(
            [
                value
                for value in (
                    "Do or don't" if question.is_rule else "Scenario",
                    " ".join(figure.text.split()),
                    question.section or "",
                    f"{site_url}{question.source_url}",
                    figure.versions_label,
                    figure.answered,
                    figure.wrong,
                    figure.wrong_share,
                )
            ]
        )
