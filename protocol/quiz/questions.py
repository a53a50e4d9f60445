"""Questions as a member sees them, built from rules and scenario rows.

A do or don't rule becomes a "Do or don't?" statement: the rule text, which
in the protocol is a lower-case imperative ("post social media content in
haste ..."), with a capital letter and a full stop. A rule that starts with a
negation ("never post comments ...", "do not ...") loses it, and the right
answer is then "Don't" whichever list the rule sits in: in a "Don't" list the
"never" only repeats the list's heading, in a "Do" list it turns the rule round.

Choosing a set is a pure function of the candidate ids and a seed, so an
attempt's set can be drawn again from its stored seed.
"""

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.template.loader import render_to_string
from django.utils.html import format_html

from protocol.models import Rule, Version
from protocol.quiz.models import DO, DO_OR_DONT_CHOICES, DONT, Question
from protocol.rendering import render_inline, render_markdown

RULE = "rule"
SCENARIO = "scenario"

_NEGATION = re.compile(r"^(?:never|do\s+not|don['’]t)\b[\s,]*", re.IGNORECASE)
# Markdown that may open a rule before its first word.
_LEADING_MARKUP = re.compile(r"^[\s*_`\[(\"'“‘]*")
_BLOCK_TAG = re.compile(r"<(?:p|ul|ol|li|blockquote|pre|h[1-6]|hr|table|dl|div)\b", re.IGNORECASE)


def phrase_rule(kind: str, text: str) -> tuple[str, str]:
    """``(statement, right answer)`` for a do or don't rule's text."""
    statement = text.strip()
    negated = _NEGATION.match(statement)
    if negated:
        statement = statement[negated.end() :]
    right = DONT if kind == Rule.Kind.DONT or negated else DO
    markup = _LEADING_MARKUP.match(statement).end()
    statement = (
        statement[:markup] + statement[markup : markup + 1].upper() + statement[markup + 1 :]
    )
    if statement and statement.rstrip("*_`)\"'”’")[-1:] not in {".", "!", "?"}:
        statement = statement.rstrip(" ,;:") + "."
    return statement, right


def option_order(seed: int, question_id: int, option_ids: Iterable[int]) -> list[int]:
    """The options' order for one attempt: shuffled, the same every time for that seed."""
    ids = sorted(option_ids)
    random.Random(f"{seed}:{question_id}").shuffle(ids)
    return ids


def choose(
    rule_ids: Iterable[int], scenario_ids: Iterable[int], count: int, seed: int
) -> list[tuple[str, int]]:
    """Pick up to ``count`` questions as ``[(RULE, id) | (SCENARIO, id), ...]``.

    Up to half the set are scenarios when there are enough; the rest are do or
    don't rules, and either kind makes up for a shortage of the other.
    """
    rng = random.Random(seed)
    rules, scenarios = sorted(set(rule_ids)), sorted(set(scenario_ids))
    wanted_scenarios = max(count // 2, count - len(rules))
    n_scenarios = min(len(scenarios), wanted_scenarios)
    n_rules = min(len(rules), count - n_scenarios)
    chosen = [(SCENARIO, pk) for pk in rng.sample(scenarios, n_scenarios)]
    chosen += [(RULE, pk) for pk in rng.sample(rules, n_rules)]
    rng.shuffle(chosen)
    return chosen


@dataclass
class QuizQuestion:
    """One question ready for a page: what is asked, the choices and the answer."""

    kind: str
    pk: int
    prompt_source: str  # Markdown: the statement or the situation
    choices: list  # [(value, label), ...]
    right: str
    explain: Callable  # () -> safe HTML; rendered only when a page shows it
    source_url: str
    source_label: str
    section: object = None
    status: str = ""  # a scenario's status, for the officer's report

    @property
    def key(self):
        return (self.kind, self.pk)

    @property
    def is_rule(self):
        return self.kind == RULE

    @cached_property
    def prompt(self):
        """What is asked, as safe HTML (inline when it is one paragraph)."""
        return render_inline(self.prompt_source)

    @cached_property
    def explanation(self):
        """Why the right answer is right, as safe HTML."""
        return self.explain()

    @property
    def asks(self):
        return "Do or don't?" if self.is_rule else "What should you do?"

    @property
    def prompt_is_inline(self):
        """Whether the prompt is phrasing content, so it can sit inside a legend."""
        return not _BLOCK_TAG.search(str(self.prompt))

    @property
    def legend(self):
        """The fieldset's legend: the question itself when it fits in one."""
        if self.prompt_is_inline:
            return format_html(
                '<span class="quiz-asks">{}</span> <span class="quiz-prompt">{}</span>',
                self.asks,
                self.prompt,
            )
        return format_html('<span class="quiz-asks">{}</span>', self.asks)

    def label_for(self, value):
        return dict(self.choices).get(value, "")

    @property
    def right_label(self):
        return self.label_for(self.right)

    def is_right(self, value):
        return value == self.right


def from_rule(rule: Rule) -> "QuizQuestion":
    """A do-or-don't question; ``rule.section.version.document`` must be loaded."""
    statement, right = phrase_rule(rule.kind, rule.text)
    listed = "Do" if rule.kind == Rule.Kind.DO else "Don't"
    section = rule.section
    return QuizQuestion(
        kind=RULE,
        pk=rule.pk,
        prompt_source=statement,
        choices=list(DO_OR_DONT_CHOICES),
        right=right,
        explain=lambda: format_html(
            "<p>In section {}, the protocol lists this under “{}”: {}</p>",
            section,
            listed,
            rule.text_rendered,
        ),
        source_url=rule.get_absolute_url(),
        source_label=f"the rule in section {section}",
        section=section,
    )


def rule_kind_html(kind: str) -> str:
    """ "Don't: " as every page shows a rule out of its section (one include)."""
    return render_to_string("protocol/includes/rule_kind.html", {"kind": kind})


def _scenario_explanation(question):
    """The Monitoring Officer's explanation, then the rule it rests on, with its kind."""
    explanation = render_markdown(question.explanation)
    if not question.rule_id:
        return explanation
    rule = question.rule
    return format_html(
        '{}<p class="quiz-rule">The rule: {}{}</p>',
        explanation,
        rule_kind_html(rule.get_kind_display()),
        rule.text_rendered,
    )


def from_scenario(question: Question, seed: int) -> "QuizQuestion":
    """A scenario question; its options and section (with version) must be loaded."""
    options = {str(option.pk): option for option in question.options.all()}
    order = option_order(seed, question.pk, [int(pk) for pk in options])
    right = next((pk for pk, option in options.items() if option.is_correct), "")
    section = question.section
    if question.rule_id and section is not None:
        question.rule.section = section
        source_url, source_label = (
            question.rule.get_absolute_url(),
            f"the rule in section {section}",
        )
    elif section is not None:
        source_url, source_label = section.get_absolute_url(), f"section {section}"
    else:
        source_url, source_label = question.version.get_absolute_url(), "the protocol"
    return QuizQuestion(
        kind=SCENARIO,
        pk=question.pk,
        prompt_source=question.situation,
        choices=[(str(pk), options[str(pk)].text) for pk in order],
        right=right,
        explain=lambda: _scenario_explanation(question),
        source_url=source_url,
        source_label=source_label,
        section=section,
        status=question.status,
    )


def usable(question: Question) -> bool:
    """A scenario has two to five options, exactly one of them right."""
    options = [(o.text, o.is_correct) for o in question.options.all()]
    return not Question.options_problem(options)


def candidates(version: "Version") -> tuple[list[int], list[int]]:
    """Ids of everything a quiz on ``version`` may ask: (rule ids, scenario ids). Two queries."""
    rule_ids = list(
        Rule.objects.filter(
            section__version=version, kind__in=[Rule.Kind.DO, Rule.Kind.DONT]
        ).values_list("pk", flat=True)
    )
    scenarios = Question.objects.for_version(version).in_use().prefetch_related("options")
    return rule_ids, [q.pk for q in scenarios if usable(q)]


def load(
    version: "Version", keys: Iterable[tuple[str, int]], seed: int
) -> dict[tuple[str, int], "QuizQuestion"]:
    """``{key: QuizQuestion}`` for ``keys`` of ``version``; a fixed number of queries.

    Keys that are not part of the version are left out, so ids from a tampered
    form or link never reach another version's rules.
    """
    rule_ids = [pk for kind, pk in keys if kind == RULE]
    question_ids = [pk for kind, pk in keys if kind == SCENARIO]
    loaded = {}
    if rule_ids:
        rules = Rule.objects.filter(
            pk__in=rule_ids, section__version=version, kind__in=[Rule.Kind.DO, Rule.Kind.DONT]
        ).select_related("section")
        for rule in rules:
            rule.section.version = version
            loaded[(RULE, rule.pk)] = from_rule(rule)
    if question_ids:
        questions = (
            Question.objects.filter(pk__in=question_ids, version=version)
            .select_related("section", "rule")
            .prefetch_related("options")
        )
        for question in questions:
            question.version = version
            if question.section is not None:
                question.section.version = version
            loaded[(SCENARIO, question.pk)] = from_scenario(question, seed)
    return loaded
