"""Search: the Monitoring Officer's synonyms and best bets, the search log, and
the index rows that ``protocol.search.indexing`` keeps in step with publishing.

They belong to the ``protocol`` app (its migrations create them) and are
re-exported from ``protocol.models``.

The search log keeps what was searched and whether it helped, never who
searched: no user, session or address is stored.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from protocol.models.documents import Document, Rule, Section, Version
from protocol.search.text import MAX_QUERY_LENGTH, normalise_query


class Synonym(models.Model):
    """Words and phrases that mean the same thing when members search.

    Every word in the list finds the others, in both directions: searching for
    "drinks" finds "alcohol" and searching for "alcohol" finds "drinks".
    """

    words = models.TextField(
        help_text=(
            "Words or short phrases that should find each other, separated by commas, "
            "e.g. “alcohol, drink, drunk, booze”. Word endings are handled already: "
            "“drink” also finds “drinks” and “drinking”."
        )
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Why this list exists (only staff see it)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["words"]
        verbose_name = "synonym list"

    def __str__(self):
        return ", ".join(self.terms)

    @property
    def terms(self):
        """The list's words and phrases, normalised, in order, without repeats."""
        seen = []
        for raw in self.words.replace(";", ",").replace("\n", ",").split(","):
            term = normalise_query(raw)
            if term and term not in seen:
                seen.append(term)
        return seen

    def clean(self):
        terms = self.terms
        if len(terms) < 2:
            raise ValidationError(
                {"words": "Give at least two words or phrases, separated by commas."}
            )
        too_long = [t for t in terms if len(t.split()) > 4]
        if too_long:
            raise ValidationError(
                {"words": f"Keep each entry to four words or fewer: “{too_long[0]}”."}
            )
        self.words = ", ".join(terms)


class BestBetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class BestBet(models.Model):
    """A promoted result: when a query contains these words, show that section first."""

    query = models.CharField(
        max_length=MAX_QUERY_LENGTH,
        help_text=(
            "The words members type. The section is promoted whenever a search contains "
            "all of them (in any order, any word ending)."
        ),
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    section_slug = models.SlugField(
        "section",
        max_length=200,
        help_text="Follows the section into later versions (by its web address).",
    )
    note = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BestBetQuerySet.as_manager()

    class Meta:
        ordering = ["query"]
        verbose_name = "best bet"
        constraints = [
            models.UniqueConstraint(
                fields=["query", "document", "section_slug"], name="best_bet_unique"
            ),
        ]

    def __str__(self):
        return f"“{self.query}” → {self.section_slug}"

    def clean(self):
        self.query = normalise_query(self.query)
        if not self.query:
            raise ValidationError({"query": "Enter the words members search for."})


# The report's counts, each written once: over a period, and per query.
_SEARCHES = Count("id")
_NO_RESULT = Count("id", filter=Q(result_count=0))
_NO_CLICK = Count("id", filter=Q(result_count__gt=0, clicked_at__isnull=True))
_CLICKS = Count("id", filter=Q(clicked_at__isnull=False))


class SearchLogQuerySet(models.QuerySet):
    def between(self, start, end):
        """Searches made from ``start`` (inclusive) to ``end`` (exclusive), both datetimes."""
        return self.filter(searched_at__gte=start, searched_at__lt=end)

    def without_results(self):
        return self.filter(result_count=0)

    def without_click(self):
        return self.filter(result_count__gt=0, clicked_at__isnull=True)

    def totals(self):
        """{searches, no_result, no_click}: how many searches, how many found
        nothing, how many found something that nobody followed."""
        return self.aggregate(searches=_SEARCHES, no_result=_NO_RESULT, no_click=_NO_CLICK)

    def counted(self):
        """One row per query with how often it was searched, most often first.
        Searches whose words are not kept (none of the guidance's words, or
        past the retention period) count in ``totals`` only."""
        return (
            self.exclude(query="")
            .values("query")
            .annotate(searches=_SEARCHES)
            .order_by("-searches", "query")
        )

    def by_query(self):
        """One row per query: how often, how many found nothing, how many led to a click."""
        return self.counted().annotate(no_result=_NO_RESULT, clicks=_CLICKS)


class SearchLog(models.Model):
    """One search made on the search page. No user identity is kept."""

    query = models.CharField(max_length=MAX_QUERY_LENGTH)
    searched_at = models.DateTimeField(default=timezone.now, db_index=True)
    result_count = models.PositiveIntegerField()
    suggestion = models.CharField(max_length=MAX_QUERY_LENGTH, blank=True)
    include_superseded = models.BooleanField(default=False)
    clicked_at = models.DateTimeField(null=True, blank=True)
    clicked_rank = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = SearchLogQuerySet.as_manager()

    class Meta:
        ordering = ["-searched_at"]
        verbose_name = "search report"
        verbose_name_plural = "search report"

    def __str__(self):
        return f"“{self.query}” ({self.result_count} results)"


class SearchEntry(models.Model):
    """One searchable passage of a published version: a section's title and
    body, or one of its rules. Written by ``protocol.search.indexing`` when a version is
    published; each engine keeps its own text index beside these rows (an FTS5
    table on SQLite, a weighted tsvector column on PostgreSQL).

    A published FAQ entry is a passage too, with no document, version or
    section: its question is the title and its answer the body. It is always
    "current" while published, and removed when withdrawn."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, null=True, related_name="+")
    version = models.ForeignKey(Version, on_delete=models.CASCADE, null=True, related_name="+")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, related_name="+")
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, null=True, related_name="+")
    faq = models.ForeignKey(
        "advice.FaqEntry", on_delete=models.CASCADE, null=True, related_name="+"
    )
    is_current = models.BooleanField()
    title = models.CharField(max_length=400)  # weighs most
    text = models.TextField(blank=True)  # a rule's term and text: weighs more than body
    body = models.TextField(blank=True)
    # "syn12 syn12 syn30": the synonym lists the passage uses, once per use.
    title_concepts = models.TextField(blank=True)
    text_concepts = models.TextField(blank=True)
    body_concepts = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["section"], condition=Q(rule__isnull=True), name="one_entry_per_section"
            ),
            models.UniqueConstraint(fields=["rule"], name="one_entry_per_rule"),
            models.UniqueConstraint(fields=["faq"], name="one_entry_per_faq"),
            models.CheckConstraint(
                condition=Q(
                    faq__isnull=True,
                    document__isnull=False,
                    version__isnull=False,
                    section__isnull=False,
                )
                | Q(
                    faq__isnull=False,
                    document__isnull=True,
                    version__isnull=True,
                    section__isnull=True,
                    rule__isnull=True,
                ),
                name="entry_is_a_passage_or_an_faq",
            ),
        ]
        indexes = [models.Index(fields=["version", "is_current"], name="searchentry_version")]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """A word that occurs in the indexed text: the vocabulary typos are corrected to."""

    word = models.CharField(max_length=60, unique=True)
    stem = models.CharField(max_length=60, db_index=True)
    sound = models.CharField(max_length=60, db_index=True)  # metaphone key
    frequency = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word


class SearchGeneration(models.Model):
    """One row whose ``value`` changes whenever anything search reads changes:
    the index's passages and vocabulary, synonym lists, best bets, documents
    and versions. Database triggers (migration ``0020_search_generation``) set
    it, so no way of writing those tables can forget to; each change sets a
    value never used before (a random number on SQLite, a sequence on
    PostgreSQL), even when a transaction is rolled back. Every web process
    keys what it keeps of search on it (``protocol.search.cache``)."""

    value = models.BigIntegerField()

    class Meta:
        verbose_name = "search generation"

    def __str__(self):
        return str(self.value)
