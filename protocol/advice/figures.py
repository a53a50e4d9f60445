"""Figures on advice requests for the Monitoring Officer, over a period of days.

A request belongs to the period when it was sent on one of its days (local
time). The figures:

* requests per week (weeks start on Monday) by topic and by team;
* time to first reply: from sending to the first reply to the member (a
  ``Message`` of kind reply), median and 90th percentile, by urgency;
* answered within the due date: of the requests answered or already past their
  due date (withdrawn ones left out unless answered), the share whose first
  reply came on or before the due date;
* deflection: questions a member said the suggested guidance answered
  (``AnsweredByGuidance``) against questions sent, by topic;
* the sections most asked about.

A fixed number of queries, whatever the number of requests: counts are
grouped in the database; the percentiles come from one list of
(urgency, sent, due date, first reply) rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db.models import (
    Case,
    Count,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.spreadsheets import csv_writer
from protocol.advice.models import AdviceRequest, AnsweredByGuidance, Message, Topic, Urgency
from protocol.models import Section

MAX_PERIOD_DAYS = 731  # two years
DEFAULT_WEEKS = 12
TOP_SECTIONS = 10


def default_period(today=None):
    """The last twelve weeks: from the Monday eleven weeks before this one, to today."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=DEFAULT_WEEKS - 1), today


def week_of(day):
    return day - timedelta(days=day.weekday())


def _bounds(start, end):
    """Aware datetimes from the start of ``start`` to the start of the day after ``end``."""
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def percentile(values, p):
    """The p-th percentile (0-100) by linear interpolation between closest ranks.

    The same method as spreadsheets' PERCENTILE.INC: the median of 1, 2, 3, 4
    is 2.5 and the 90th percentile of 1 to 10 is 9.1.
    """
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def format_hours(hours):
    """A duration for people: "40 minutes", "5.5 hours", "2.3 days" ("–" for none)."""
    if hours is None:
        return "–"
    if hours < 1:
        return f"{round(hours * 60)} minutes"
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.1f} days"


def share(part, whole):
    """A whole-number percentage, or None when there is nothing to divide."""
    if not whole:
        return None
    return round(100 * part / whole)


@dataclass
class Series:
    """Counts per week for one topic or team, with the total."""

    name: str
    counts: list
    total: int


@dataclass
class WeeklyTable:
    weeks: list  # the Mondays
    series: list  # Series, most requests first
    totals: list  # per week, all series together
    total: int

    @property
    def rows(self):
        """(week, total, [count per series]) for the template and the CSV."""
        return [
            (week, self.totals[i], [s.counts[i] for s in self.series])
            for i, week in enumerate(self.weeks)
        ]

    @property
    def busiest_week(self):
        return max(self.totals, default=0)


@dataclass
class ReplyTimes:
    label: str
    replied: int = 0
    unanswered: int = 0
    median_hours: float = None
    p90_hours: float = None
    due: int = 0  # answered, or past the due date
    on_time: int = 0

    @property
    def median(self):
        return format_hours(self.median_hours)

    @property
    def p90(self):
        return format_hours(self.p90_hours)

    @property
    def late(self):
        return self.due - self.on_time

    @property
    def on_time_share(self):
        return share(self.on_time, self.due)


@dataclass
class Deflection:
    topic: str
    answered_by_guidance: int
    sent: int

    @property
    def asked(self):
        return self.answered_by_guidance + self.sent

    @property
    def rate(self):
        return share(self.answered_by_guidance, self.asked)


@dataclass
class SectionCount:
    section: object
    count: int


@dataclass
class Figures:
    start: object
    end: object
    total: int
    by_topic: WeeklyTable
    by_team: WeeklyTable
    reply_times: list  # ReplyTimes: all requests first, then by urgency
    deflection: list  # Deflection: all topics first, then by topic
    sections: list  # SectionCount, most first
    without_section: int = 0
    notes: list = field(default_factory=list)

    @property
    def overall_replies(self):
        return self.reply_times[0]

    @property
    def overall_deflection(self):
        return self.deflection[0]


class Epoch(Func):
    """Seconds since 1970 of a date-time, computed by the database (no parsing in Python)."""

    output_field = FloatField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        # Stored as UTC text; julianday() reads it in C.
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        # EXTRACT gives numeric (Decimal in Python); the figures want floats.
        template = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"
        return self.as_sql(compiler, connection, template=template, **extra)


def _week_index(weeks):
    """A CASE giving each request the index of its week, from local Monday midnights.

    Comparisons with aware boundaries are exact in local time on both engines,
    summer time included, and cost the database no function call per row.
    """
    boundaries = [_bounds(week, week)[0] for week in weeks[1:]]
    return Case(
        *(When(created_at__lt=at, then=Value(i)) for i, at in enumerate(boundaries)),
        default=Value(len(weeks) - 1),
        output_field=IntegerField(),
    )


def _weekly(counts, weeks, names):
    """A WeeklyTable from {(week index, id): count} and {id: name}."""
    by_name = {}
    for (week, key), count in counts.items():
        series = by_name.setdefault(names.get(key), [0] * len(weeks))
        series[week] += count
    series = sorted(
        (Series(name=name, counts=counts, total=sum(counts)) for name, counts in by_name.items()),
        key=lambda s: (-s.total, s.name or ""),
    )
    totals = [sum(s.counts[i] for s in series) for i in range(len(weeks))]
    return WeeklyTable(weeks=weeks, series=series, totals=totals, total=sum(totals))


def _reply_times(rows, today):
    """ReplyTimes for all and per urgency, from (urgency, status, due, sent, first reply) rows.

    All three times are seconds since 1970 as the database gives them (the due
    date as its UTC midnight), so no row needs a date parsed in Python. A
    reply is on time when it came before the local midnight that ends the due
    date; an unanswered request is past due once that midnight has passed
    "today".
    """
    groups = {"all": ReplyTimes("All requests")}
    for value, label in Urgency.choices:
        groups[value] = ReplyTimes(label)
    hours = {key: [] for key in groups}
    due_ends = {}
    today_starts = _bounds(today, today)[0].timestamp()
    withdrawn = AdviceRequest.Status.WITHDRAWN
    for urgency, status, due, sent, first_reply in rows:
        due_end = due_ends.get(due)
        if due_end is None:
            day = datetime.fromtimestamp(due, tz=UTC).date()
            due_end = due_ends[due] = _bounds(day, day)[1].timestamp()
        if first_reply is not None:
            waited = (first_reply - sent) / 3600
            on_time = first_reply < due_end
        for key in ("all", urgency):
            group = groups[key]
            if first_reply is not None:
                group.replied += 1
                hours[key].append(waited)
                group.due += 1
                group.on_time += on_time
            elif status != withdrawn:
                group.unanswered += 1
                if due_end <= today_starts:
                    group.due += 1
    for key, group in groups.items():
        group.median_hours = percentile(hours[key], 50)
        group.p90_hours = percentile(hours[key], 90)
    order = ["all", Urgency.URGENT, Urgency.HIGH, Urgency.NORMAL]
    return [groups[key] for key in order]


def compute(start, end, today=None):
    """The figures for requests sent from ``start`` to ``end`` (dates, both included)."""
    today = today or timezone.localdate()
    since, until = _bounds(start, end)
    requests = AdviceRequest.objects.filter(created_at__gte=since, created_at__lt=until)
    weeks = []
    week = week_of(start)
    while week <= end:
        weeks.append(week)
        week += timedelta(weeks=1)

    # One grouped query for both weekly tables and the count of requests
    # naming no section: at most weeks x topics x teams x 2 rows.
    by_topic_counts, by_team_counts = defaultdict(int), defaultdict(int)
    without_section = 0
    grouped = (
        requests.annotate(
            week=_week_index(weeks),
            no_section=Case(
                When(section__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .values_list("week", "topic_id", "team_id", "no_section")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for week_index, topic_id, team_id, no_section, n in grouped:
        by_topic_counts[week_index, topic_id] += n
        by_team_counts[week_index, team_id] += n
        without_section += n * no_section
    topic_names = dict(Topic.objects.values_list("pk", "name"))
    team_names = dict(
        Group.objects.filter(pk__in={team for _, team in by_team_counts}).values_list("pk", "name")
    )
    by_topic = _weekly(by_topic_counts, weeks, topic_names)
    by_team = _weekly(by_team_counts, weeks, team_names)

    rows = (
        requests.annotate(
            due=Epoch("due_date"),
            sent=Epoch("created_at"),
            # Once the retention period removed the messages, the request
            # keeps the time of its first reply for these figures.
            first_reply=Epoch(
                Coalesce(
                    "first_reply_at",
                    Subquery(
                        Message.objects.filter(request=OuterRef("pk"), kind=Message.Kind.REPLY)
                        .order_by("created_at")
                        .values("created_at")[:1]
                    ),
                )
            ),
        )
        .values_list("urgency", "status", "due", "sent", "first_reply")
        .order_by()
    )
    reply_times = _reply_times(rows, today)

    guidance = {
        topic_names.get(topic_id): n
        for topic_id, n in AnsweredByGuidance.objects.filter(at__gte=since, at__lt=until)
        .values_list("topic_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    sent = {series.name: series.total for series in by_topic.series}
    names = sorted(set(guidance) | set(sent), key=lambda name: (name is None, name or ""))
    deflection = [
        Deflection(
            topic="All topics",
            answered_by_guidance=sum(guidance.values()),
            sent=by_topic.total,
        )
    ] + [
        Deflection(
            topic=name if name is not None else "No topic",
            answered_by_guidance=guidance.get(name, 0),
            sent=sent.get(name, 0),
        )
        for name in names
    ]

    counted = list(
        requests.exclude(section=None)
        .values_list("section")
        .annotate(n=Count("pk"))
        .order_by("-n", "section")[:TOP_SECTIONS]
    )
    sections = Section.objects.select_related("version__document").in_bulk(
        [pk for pk, _ in counted]
    )
    top = [SectionCount(section=sections[pk], count=n) for pk, n in counted if pk in sections]

    return Figures(
        start=start,
        end=end,
        total=by_topic.total,
        by_topic=by_topic,
        by_team=by_team,
        reply_times=reply_times,
        deflection=deflection,
        sections=top,
        without_section=without_section,
    )


# CSV -----------------------------------------------------------------------


def _round(hours):
    return "" if hours is None else round(hours, 1)


def _weekly_csv(table):
    yield ["Week commencing", "All requests", *[s.name or "" for s in table.series]]
    for week, total, counts in table.rows:
        yield [week.isoformat(), total, *counts]
    yield ["Total", table.total, *[s.total for s in table.series]]


def _reply_times_csv(figures):
    yield [
        "Urgency",
        "Replied",
        "Not yet replied",
        "Median hours to first reply",
        "90th percentile hours to first reply",
    ]
    for group in figures.reply_times:
        yield [
            group.label,
            group.replied,
            group.unanswered,
            _round(group.median_hours),
            _round(group.p90_hours),
        ]


def _on_time_csv(figures):
    yield ["Urgency", "Answered or past due", "Answered on time", "Late", "Share on time (%)"]
    for group in figures.reply_times:
        yield [group.label, group.due, group.on_time, group.late, group.on_time_share]


def _deflection_csv(figures):
    yield ["Topic", "Answered by guidance", "Questions sent", "Deflection rate (%)"]
    for row in figures.deflection:
        yield [row.topic, row.answered_by_guidance, row.sent, row.rate]


def _sections_csv(figures):
    yield ["Document", "Version", "Section", "Title", "Requests"]
    for row in figures.sections:
        section = row.section
        yield [
            section.version.document.title,
            section.version.number,
            section.number,
            section.title,
            row.count,
        ]


TABLES = {
    "topics": ("Requests per week by topic", lambda f: _weekly_csv(f.by_topic)),
    "teams": ("Requests per week by team", lambda f: _weekly_csv(f.by_team)),
    "reply-times": ("Time to first reply", _reply_times_csv),
    "on-time": ("Answered within the due date", _on_time_csv),
    "deflection": ("Questions answered by suggested guidance", _deflection_csv),
    "sections": ("Sections most asked about", _sections_csv),
}


def write_csv(out, figures, table):
    csv_writer(out).writerows(TABLES[table][1](figures))
