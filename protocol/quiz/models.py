"""Quiz data: scenario questions, attempts and answers.

Do-or-don't questions are not stored: they are generated from a version's
do and don't rules (see ``protocol.quiz.questions``). An answer points either
at the rule it asked about or at the scenario question, never both.

Invariants the database holds:

* one unfinished attempt per member and version;
* a finished attempt has a score, an unfinished one has none; only a check is
  passed or failed, and a finished check always is;
* an answer is about a rule or a scenario question; a rule is answered with
  do or don't, a scenario with one of its options; an answered answer is marked;
* a scenario question has at most one right option.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from protocol.models import Rule, Section, Version
from protocol.text import NormalisedTextModel

DO = "do"
DONT = "dont"
DO_OR_DONT_CHOICES = [(DO, "Do"), (DONT, "Don't")]

MIN_OPTIONS = 2
MAX_OPTIONS = 5


class QuestionQuerySet(models.QuerySet):
    def for_version(self, version):
        return self.filter(version=version)

    def in_use(self):
        """Questions a quiz may ask: approved and still tied to a section."""
        return self.filter(status=Question.Status.IN_USE, section__isnull=False)

    def needing_review(self):
        return self.filter(status=Question.Status.NEEDS_REVIEW)


class Question(NormalisedTextModel, models.Model):
    """A scenario the Monitoring Officer wrote: a situation and two to five options."""

    class Status(models.TextChoices):
        IN_USE = "in_use", "In use"
        NEEDS_REVIEW = "needs_review", "Needs review"
        RETIRED = "retired", "Retired"

    version = models.ForeignKey(
        Version,
        on_delete=models.CASCADE,
        related_name="quiz_questions",
        help_text="The protocol version this question belongs to.",
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        related_name="quiz_questions",
        help_text="The section the right answer comes from (of the same version).",
    )
    rule = models.ForeignKey(
        Rule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quiz_questions",
        help_text="Optional: the rule in that section the right answer comes from.",
    )
    situation = models.TextField(
        help_text="The situation and the question to the member, in Markdown.",
    )
    explanation = models.TextField(
        help_text="Why the right option is right, in Markdown. Shown after the answer.",
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.IN_USE)
    review_note = models.TextField(
        blank=True, help_text="Why the question was flagged for review, when it was."
    )
    flagged_at = models.DateTimeField(null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text="The question in the earlier version this one was copied from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["version", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rule__isnull=True) | Q(section__isnull=False),
                name="quiz_question_rule_needs_section",
            ),
            models.UniqueConstraint(
                fields=["version", "copied_from"], name="quiz_question_copied_once_per_version"
            ),
            models.CheckConstraint(
                condition=~Q(status="needs_review") | Q(flagged_at__isnull=False),
                name="quiz_question_flag_has_time",
            ),
        ]

    def __str__(self):
        text = " ".join(self.situation.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def clean(self):
        errors = {}
        if self.section_id and self.version_id and self.section.version_id != self.version_id:
            errors["section"] = "Choose a section of the question's own version."
        if self.rule_id:
            if not self.section_id:
                errors["rule"] = "Choose the section first; the rule must be in it."
            elif self.rule.section_id != self.section_id:
                errors["rule"] = "The rule must be one of the chosen section's rules."
        if errors:
            raise ValidationError(errors)

    @property
    def needs_review(self):
        return self.status == self.Status.NEEDS_REVIEW

    def flag(self, reason, *, now=None):
        """Mark as needing review (unsaved); ``reason`` tells the officer what changed."""
        self.status = self.Status.NEEDS_REVIEW
        self.review_note = reason
        self.flagged_at = now or timezone.now()

    def approve(self):
        """Put the question back into quizzes (unsaved)."""
        self.status = self.Status.IN_USE
        self.review_note = ""
        self.flagged_at = None

    @staticmethod
    def options_problem(options):
        """Why a list of (text, is_correct) pairs cannot be a question's options, or ""."""
        if len(options) < MIN_OPTIONS:
            return f"Give at least {MIN_OPTIONS} options."
        if len(options) > MAX_OPTIONS:
            return f"Give at most {MAX_OPTIONS} options."
        right = sum(1 for _, is_correct in options if is_correct)
        if right != 1:
            return "Mark exactly one option as the right answer."
        return ""


class Option(NormalisedTextModel, models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField("right answer", default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(is_correct=True),
                name="quiz_one_right_option_per_question",
            ),
        ]

    def __str__(self):
        return self.text


class AttemptQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def on(self, version):
        return self.filter(version=version)

    def unfinished(self):
        return self.filter(finished_at__isnull=True)

    def finished(self):
        return self.filter(finished_at__isnull=False)

    def checks(self):
        return self.filter(mode=Attempt.Mode.CHECK)

    def passed(self):
        return self.filter(passed=True)


class Attempt(models.Model):
    """One member's run through a set of questions drawn from one version.

    The questions are chosen with ``random.Random(seed)``; the seed is kept so
    the same set can be drawn again, and the chosen set is also stored as the
    attempt's answers (unanswered until the member answers them).
    """

    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice"
        CHECK = "check", "Check"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="quiz_attempts")
    mode = models.CharField(max_length=10, choices=Mode)
    seed = models.PositiveBigIntegerField()
    question_count = models.PositiveSmallIntegerField()
    pass_mark = models.PositiveSmallIntegerField(help_text="Percentage needed to pass a check.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Right answers, once finished."
    )
    passed = models.BooleanField(null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        permissions = [("view_quiz_report", "Can see the quiz report")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"],
                condition=Q(finished_at__isnull=True),
                name="quiz_one_unfinished_attempt_per_version",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True, score__isnull=True, passed__isnull=True)
                | Q(finished_at__isnull=False, score__isnull=False),
                name="quiz_attempt_scored_when_finished",
            ),
            models.CheckConstraint(
                condition=Q(mode="check") | Q(passed__isnull=True),
                name="quiz_only_a_check_is_passed",
            ),
            models.CheckConstraint(
                condition=~Q(mode="check") | Q(finished_at__isnull=True) | Q(passed__isnull=False),
                name="quiz_finished_check_is_passed_or_failed",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100),
                name="quiz_pass_mark_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=F("question_count")),
                name="quiz_score_at_most_question_count",
            ),
            models.CheckConstraint(
                condition=Q(question_count__gte=1), name="quiz_attempt_has_questions"
            ),
        ]

    def __str__(self):
        return f"{self.get_mode_display()} by {self.user} on {self.version}"

    @property
    def is_finished(self):
        return self.finished_at is not None

    @property
    def is_check(self):
        return self.mode == self.Mode.CHECK

    @property
    def percent(self):
        """The score as a whole percentage (rounded down), or None before the end."""
        if self.score is None:
            return None
        return self.score * 100 // self.question_count

    @property
    def has_certificate(self):
        return self.is_check and self.passed is True

    @staticmethod
    def passes(score, total, pass_mark):
        """Whether ``score`` out of ``total`` reaches ``pass_mark`` percent, exactly."""
        return score * 100 >= pass_mark * total

    def finish(self, score, *, now=None):
        """Record the end of the attempt (unsaved)."""
        self.score = score
        self.finished_at = now or timezone.now()
        self.passed = (
            self.passes(score, self.question_count, self.pass_mark) if self.is_check else None
        )


class AnswerQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)

    def on(self, version):
        return self.filter(attempt__version=version)


class Answer(models.Model):
    """One question of an attempt, and the member's answer once given."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    rule = models.ForeignKey(
        Rule, on_delete=models.PROTECT, null=True, blank=True, related_name="quiz_answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    chosen = models.CharField(max_length=4, choices=DO_OR_DONT_CHOICES, blank=True)
    chosen_option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_correct = models.BooleanField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quiz_answer_position_unique"
            ),
            models.UniqueConstraint(
                fields=["attempt", "rule"],
                condition=Q(rule__isnull=False),
                name="quiz_rule_asked_once_per_attempt",
            ),
            models.UniqueConstraint(
                fields=["attempt", "question"],
                condition=Q(question__isnull=False),
                name="quiz_question_asked_once_per_attempt",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="quiz_answer_position_from_one"
            ),
            models.CheckConstraint(
                condition=Q(rule__isnull=False, question__isnull=True)
                | Q(rule__isnull=True, question__isnull=False),
                name="quiz_answer_about_a_rule_or_a_scenario",
            ),
            models.CheckConstraint(
                condition=Q(
                    answered_at__isnull=True,
                    is_correct__isnull=True,
                    chosen="",
                    chosen_option__isnull=True,
                )
                | Q(answered_at__isnull=False, is_correct__isnull=False),
                name="quiz_answer_marked_when_answered",
            ),
            models.CheckConstraint(
                condition=Q(rule__isnull=True)
                | Q(chosen_option__isnull=True, chosen__in=["", DO, DONT]),
                name="quiz_rule_answered_do_or_dont",
            ),
            models.CheckConstraint(
                condition=Q(question__isnull=True) | Q(chosen=""),
                name="quiz_scenario_answered_with_an_option",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | Q(rule__isnull=False, chosen__in=[DO, DONT])
                | Q(question__isnull=False, chosen_option__isnull=False),
                name="quiz_answered_answer_has_a_choice",
            ),
        ]

    def __str__(self):
        return f"Question {self.position} of {self.attempt}"

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def choice(self):
        """The member's choice as a form value: "do", "dont" or an option's id."""
        if self.rule_id:
            return self.chosen
        return str(self.chosen_option_id) if self.chosen_option_id else ""
