"""The Monitoring Officer's checks, the rules they cite, and the weekly counts.

A check cites rules by their anchor (``dont-post-social-media-content-in-haste``),
optionally within one document, never by a row of one version: a new version's
draft keeps every rule's anchor, so a citation follows its rule into each version
the Monitoring Officer publishes, and is resolved against the current version
whenever a post is checked. A citation whose rule has gone shows as "not in the
current version" in the admin and is left out of findings.

The counts keep how many checks ran and how often each kind fired, per week:
never the text, the member or anything else about the post.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F

from protocol.models import Document, Rule, Version

# A post longer than this is refused with a message (the text is kept in the box).
POST_MAX_LENGTH = 4000


class Kind(models.TextChoices):
    PERSONAL_DATA = "personal_data", "Personal data"
    CONFIDENTIAL = "confidential", "Confidential information"
    PREDETERMINATION = "predetermination", "Predetermination"
    DEFAMATION = "defamation", "Defamation"
    ABUSE = "abuse", "Abusive or offensive language"
    STAFF = "staff", "Criticism of staff"
    CAPACITY = "capacity", "Speaking for the Authority"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    HASTE = "haste", "Posting in haste"


def split_terms(text):
    """A word list as the admin keeps it: one word or phrase per line (commas
    also separate), lower case, single spaces, no repeats, in order."""
    terms = []
    for raw in re.split(r"[\n,;]", text or ""):
        term = " ".join(raw.lower().split())
        if term and term not in terms:
            terms.append(term)
    return terms


class CheckQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(is_enabled=True)


class Check(models.Model):
    """One kind of concern: what members are told, the words that raise it, on/off.

    What each list means depends on the kind (the admin says so beside each):
    ``words`` are what raises the concern, ``context_words`` what must be in the
    same sentence too for kinds that need two things together (a named person
    and an allegation; a pending decision and a settled intention).
    """

    kind = models.CharField(max_length=20, choices=Kind, unique=True)
    explanation = models.TextField(
        help_text="What the concern is, in plain words, shown to the member beside each passage."
    )
    words = models.TextField(
        "words that raise it on their own",
        blank=True,
        help_text=(
            "Words and phrases that raise this concern wherever they appear, one per line. "
            "Word endings are handled (“bully” also finds “bullied” and “bullying”); "
            "put a word in double quotes to find only that exact word. Small words may "
            "come between a phrase's words (“in confidence” finds “in strict confidence”), "
            "and a word just after “not”, “never” or “no” does not count."
        ),
    )
    pair_words = models.TextField(
        "words that raise it with the second list",
        blank=True,
        help_text=(
            "Words and phrases that raise the concern only when something from the second "
            "list is in the same sentence (for example an allegation and a named person)."
        ),
    )
    context_words = models.TextField(
        "second list",
        blank=True,
        help_text="What must be in the same sentence as the words above (see the guide).",
    )
    unless_words = models.TextField(
        "not a concern with",
        blank=True,
        help_text=(
            "A sentence with one of these is not flagged for this concern "
            "(for example “helpline” after “confidential”)."
        ),
    )
    is_enabled = models.BooleanField("on", default=True)
    use_model = models.BooleanField(
        "also use the trained model",
        default=True,
        help_text=(
            "Weigh the lists' findings with the model trained on the example posts: it "
            "raises this concern for wordings nobody listed (showing the sentence it finds "
            "most likely), and passes over a list's finding when it reads the post as "
            "clearly not about this concern. Turn it off to use the lists alone."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        verbose_name = "post check"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values), name="check_kind_valid"
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    LISTS = ("words", "pair_words", "context_words", "unless_words")

    def clean(self):
        self.explanation = self.explanation.strip()
        if not self.explanation:
            raise ValidationError({"explanation": "Say what the concern is, in plain words."})
        for name in self.LISTS:
            terms = split_terms(getattr(self, name))
            too_long = [t for t in terms if len(t.split()) > 8]
            if too_long:
                raise ValidationError(
                    {name: f"Keep each entry to eight words or fewer: “{too_long[0]}”."}
                )
            setattr(self, name, "\n".join(terms))


class CitationQuerySet(models.QuerySet):
    def resolved(self):
        """{check id: [Rule]} in citation order, each rule from the current version
        of a document members may read; two queries however many checks cite."""
        citations = list(self.order_by("post_check_id", "order", "pk"))
        if not citations:
            return {}
        current = Version.objects.current().in_force()
        rules = (
            Rule.objects.filter(
                section__version__in=current,
                anchor__in={c.anchor for c in citations},
            )
            .select_related("section__version__document")
            .order_by("section__version__document__title", "section__order", "order")
        )
        by_anchor = {}
        for rule in rules:
            by_anchor.setdefault(rule.anchor, []).append(rule)
        found = {}
        for citation in citations:
            for rule in by_anchor.get(citation.anchor, []):
                if citation.document_id in (None, rule.section.version.document_id):
                    found.setdefault(citation.post_check_id, []).append(rule)
        return found


class Citation(models.Model):
    """A rule a check cites, found by its anchor in the current version."""

    post_check = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="citations")
    anchor = models.SlugField(
        "rule",
        max_length=80,
        help_text=(
            "The rule's anchor, such as dont-post-social-media-content-in-haste; "
            "chosen from the current version's rules in the list above."
        ),
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: the rule with this anchor in any document's current version.",
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers are shown first.")

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post_check", "anchor", "document"], name="citation_unique"
            ),
            models.UniqueConstraint(
                fields=["post_check", "anchor"],
                condition=models.Q(document__isnull=True),
                name="citation_unique_any_document",
            ),
        ]

    def __str__(self):
        return self.anchor


def week_of(day: datetime.date) -> datetime.date:
    """The Monday that starts ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


CHECKS_RUN = "checks"


class WeeklyCountQuerySet(models.QuerySet):
    def table(self, weeks=12):
        """[(week, {kind or "checks": count})], the latest week first."""
        rows = {}
        for count in self.order_by("-week")[: weeks * (len(Kind) + 1)]:
            rows.setdefault(count.week, {})[count.kind] = count.count
        return sorted(rows.items(), reverse=True)[:weeks]


class WeeklyCount(models.Model):
    """How many posts were checked in a week (kind "checks"), and in how many a
    kind fired. Nothing else about a check is kept."""

    week = models.DateField(help_text="The Monday that starts the week.")
    kind = models.CharField(max_length=20, choices=[(CHECKS_RUN, "Posts checked"), *Kind.choices])
    count = models.PositiveIntegerField(default=0)

    objects = WeeklyCountQuerySet.as_manager()

    class Meta:
        ordering = ["-week", "kind"]
        verbose_name = "weekly count"
        constraints = [
            models.UniqueConstraint(fields=["week", "kind"], name="weekly_count_unique"),
        ]

    def __str__(self):
        return f"{self.week:%d %b %Y}: {self.get_kind_display()} {self.count}"

    @classmethod
    @transaction.atomic
    def record(cls, day, kinds):
        """Count one check on ``day`` and each kind that fired in it: one short
        transaction, an UPDATE for the rows the week has and an INSERT for the rest."""
        week = week_of(day)
        kinds = {CHECKS_RUN, *kinds}
        rows = cls.objects.filter(week=week, kind__in=kinds)
        existing = set(rows.values_list("kind", flat=True))
        rows.update(count=F("count") + 1)
        for kind in sorted(kinds - existing):
            try:
                with transaction.atomic():
                    cls.objects.create(week=week, kind=kind, count=1)
            except IntegrityError:  # created by a check running at the same moment
                cls.objects.filter(week=week, kind=kind).update(count=F("count") + 1)
