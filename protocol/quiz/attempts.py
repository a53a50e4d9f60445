"""Taking the quiz: starting, answering and finishing, saved or not.

A logged-in member's quiz is an ``Attempt`` whose answers are created, empty,
when it starts; ``record_answer()`` fills one in and finishes the attempt with
the last. Both are atomic and check everything again inside the transaction,
so a double submit, an old form or a tampered id changes nothing.

An anonymous visitor's practice quiz is saved nowhere: its state (the version,
the seed, the questions and the answers so far) travels in a signed token in
the form and the links (``PracticeRun``).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from protocol.models import Version
from protocol.quiz import questions
from protocol.quiz.models import Answer, Attempt


class QuizError(Exception):
    """Something a member did that the quiz cannot accept; the message is for them."""


class NoQuestions(QuizError):
    pass


class UnfinishedAttemptExists(QuizError):
    def __init__(self, attempt):
        super().__init__(
            "You have not finished the quiz you started on this version. "
            "Carry on with it, or discard it to start again."
        )
        self.attempt = attempt


class AttemptFinished(QuizError):
    pass


class NotInAttempt(QuizError):
    pass


class AlreadyAnswered(QuizError):
    pass


class OutOfOrder(QuizError):
    pass


class InvalidChoice(QuizError):
    pass


def new_seed() -> int:
    return secrets.randbits(48)


@dataclass
class Slot:
    """One question of a quiz and, once given, the answer to it."""

    position: int
    question: questions.QuizQuestion
    choice: str = ""
    is_correct: bool | None = None

    @property
    def is_answered(self):
        return bool(self.choice)

    @property
    def choice_label(self):
        return self.question.label_for(self.choice)


def next_slot(slots: list["Slot"]) -> "Slot | None":
    return next((slot for slot in slots if not slot.is_answered), None)


def _draw(version, count, seed):
    rule_ids, scenario_ids = questions.candidates(version)
    return questions.choose(rule_ids, scenario_ids, count, seed)


@transaction.atomic
def start_attempt(
    user,
    version: Version,
    mode: str,
    *,
    count: int | None = None,
    seed: int | None = None,
    pass_mark: int | None = None,
) -> Attempt:
    """Start a saved quiz on ``version``: draw the questions and store them, unanswered."""
    existing = Attempt.objects.of(user).on(version).unfinished().first()
    if existing is not None:
        raise UnfinishedAttemptExists(existing)
    seed = new_seed() if seed is None else seed
    keys = _draw(version, count or settings.QUIZ_QUESTION_COUNT, seed)
    if not keys:
        raise NoQuestions("There are no questions for this document yet.")
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                version=version,
                mode=mode,
                seed=seed,
                question_count=len(keys),
                pass_mark=pass_mark or settings.QUIZ_PASS_MARK,
            )
    except IntegrityError:
        # Two starts at once: the constraint let only one through.
        raise UnfinishedAttemptExists(
            Attempt.objects.of(user).on(version).unfinished().first()
        ) from None
    Answer.objects.bulk_create(
        Answer(
            attempt=attempt,
            position=position,
            rule_id=pk if kind == questions.RULE else None,
            question_id=pk if kind == questions.SCENARIO else None,
        )
        for position, (kind, pk) in enumerate(keys, start=1)
    )
    return attempt


def attempt_slots(attempt: Attempt) -> list["Slot"]:
    """The attempt's questions in order, with answers so far. A fixed number of queries."""
    answers = list(attempt.answers.order_by("position"))
    keys = [_answer_key(answer) for answer in answers]
    loaded = questions.load(attempt.version, keys, attempt.seed)
    return [
        Slot(answer.position, loaded[key], answer.choice, answer.is_correct)
        for answer, key in zip(answers, keys, strict=True)
        if key in loaded
    ]


def _answer_key(answer):
    if answer.rule_id:
        return (questions.RULE, answer.rule_id)
    return (questions.SCENARIO, answer.question_id)


@transaction.atomic
def record_answer(
    attempt: Attempt, position: int, choice: str, *, now: datetime | None = None
) -> Attempt:
    """Record the answer to question ``position``; finish the attempt after the last.

    Returns the refreshed attempt. Raises a QuizError (and changes nothing) for a
    finished attempt, a position not in it, a question already answered or not
    yet reached, or a choice the question does not offer.
    """
    now = now or timezone.now()
    attempt = (
        Attempt.objects.select_for_update().select_related("version__document").get(pk=attempt.pk)
    )
    if attempt.is_finished:
        raise AttemptFinished("You have finished this quiz; your answers can no longer change.")
    answers = list(attempt.answers.order_by("position"))
    answer = next((a for a in answers if a.position == position), None)
    if answer is None:
        raise NotInAttempt("That question is not part of this quiz.")
    if answer.is_answered:
        raise AlreadyAnswered(
            f"You have already answered question {position}; your first answer stands."
        )
    first_open = next(a for a in answers if not a.is_answered)
    if first_open.position != position:
        raise OutOfOrder(f"Answer question {first_open.position} first.")
    key = _answer_key(answer)
    question = questions.load(attempt.version, [key], attempt.seed).get(key)
    if question is None or choice not in dict(question.choices):
        raise InvalidChoice("Choose one of the answers given.")
    fields = {"answered_at": now, "is_correct": question.is_right(choice)}
    if question.is_rule:
        fields["chosen"] = choice
    else:
        fields["chosen_option_id"] = int(choice)
    updated = Answer.objects.filter(pk=answer.pk, answered_at__isnull=True).update(**fields)
    if not updated:
        raise AlreadyAnswered(
            f"You have already answered question {position}; your first answer stands."
        )
    if all(a.is_answered for a in answers if a.pk != answer.pk):
        score = sum(1 for a in answers if a.pk != answer.pk and a.is_correct)
        score += 1 if fields["is_correct"] else 0
        attempt.finish(score, now=now)
        attempt.save(update_fields=["score", "finished_at", "passed"])
    return attempt


@transaction.atomic
def discard_attempt(attempt: Attempt) -> None:
    """Delete an unfinished attempt so its member can start again."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.is_finished:
        raise AttemptFinished("A finished quiz is kept in your history and cannot be discarded.")
    attempt.delete()


# Anonymous practice -------------------------------------------------------------

PRACTICE_SALT = "protocol.quiz.practice"
PRACTICE_MAX_AGE = 24 * 60 * 60
_KIND_CODES = {questions.RULE: "r", questions.SCENARIO: "s"}
_CODE_KINDS = {code: kind for kind, code in _KIND_CODES.items()}


class BadToken(QuizError):
    pass


@dataclass(frozen=True)
class PracticeRun:
    """An anonymous practice quiz, kept in a signed token rather than the database."""

    version_id: int
    seed: int
    keys: tuple
    choices: tuple = ()

    @classmethod
    def start(cls, version, *, count=None, seed=None):
        seed = new_seed() if seed is None else seed
        keys = _draw(version, count or settings.QUIZ_QUESTION_COUNT, seed)
        if not keys:
            raise NoQuestions("There are no questions for this document yet.")
        return cls(version.pk, seed, tuple(keys))

    def token(self):
        payload = {
            "v": self.version_id,
            "s": self.seed,
            "k": [f"{_KIND_CODES[kind]}{pk}" for kind, pk in self.keys],
            "c": list(self.choices),
        }
        return signing.dumps(payload, salt=PRACTICE_SALT, compress=True)

    @classmethod
    def from_token(cls, token, version):
        """The run in ``token``; BadToken if it was altered, expired or is for another version."""
        try:
            data = signing.loads(token or "", salt=PRACTICE_SALT, max_age=PRACTICE_MAX_AGE)
            keys = tuple((_CODE_KINDS[code[0]], int(code[1:])) for code in data["k"])
            run = cls(int(data["v"]), int(data["s"]), keys, tuple(str(c) for c in data["c"]))
        except (signing.BadSignature, KeyError, ValueError, TypeError, IndexError):
            raise BadToken("That quiz link is no longer valid. Start a new quiz.") from None
        if run.version_id != version.pk:
            raise BadToken(
                "The protocol has been updated since you started this quiz. Start a new quiz."
            )
        if len(run.choices) > len(run.keys):
            raise BadToken("That quiz link is no longer valid. Start a new quiz.")
        return run

    @property
    def is_finished(self):
        return len(self.choices) == len(self.keys)

    def slots(self, version):
        loaded = questions.load(version, list(self.keys), self.seed)
        if len(loaded) != len(self.keys):
            raise BadToken("Some questions in this quiz have changed. Start a new quiz.")
        slots = []
        for index, key in enumerate(self.keys):
            question = loaded[key]
            choice = self.choices[index] if index < len(self.choices) else ""
            correct = question.is_right(choice) if choice else None
            slots.append(Slot(index + 1, question, choice, correct))
        return slots

    def answer(self, position, choice, slots):
        """A new run with the answer to ``position`` added."""
        if position < 1 or position > len(self.keys):
            raise NotInAttempt("That question is not part of this quiz.")
        if position <= len(self.choices):
            raise AlreadyAnswered(
                f"You have already answered question {position}; your first answer stands."
            )
        if position != len(self.choices) + 1:
            raise OutOfOrder(f"Answer question {len(self.choices) + 1} first.")
        if choice not in dict(slots[position - 1].question.choices):
            raise InvalidChoice("Choose one of the answers given.")
        return PracticeRun(self.version_id, self.seed, self.keys, (*self.choices, choice))


def score(slots: list["Slot"]) -> int:
    return sum(1 for slot in slots if slot.is_correct)
