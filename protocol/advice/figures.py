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

import csv
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from protocol.advice.models import AdviceRequest, AnsweredByGuidance, Message, Urgency
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


def _weekly(rows, weeks):
    """A WeeklyTable from (day, name, count) rows grouped by day in the database."""
    index = {week: i for i, week in enumerate(weeks)}
    by_name = {}
    for day, name, count in rows:
        counts = by_name.setdefault(name, [0] * len(weeks))
        counts[index[week_of(day)]] += count
    series = sorted(
        (Series(name=name, counts=counts, total=sum(counts)) for name, counts in by_name.items()),
        key=lambda s: (-s.total, s.name),
    )
    totals = [sum(s.counts[i] for s in series) for i in range(len(weeks))]
    return WeeklyTable(weeks=weeks, series=series, totals=totals, total=sum(totals))


def _hours(delta):
    return delta.total_seconds() / 3600


def _reply_times(rows, today):
    """ReplyTimes for all and per urgency, from (urgency, status, sent, due, first reply) rows."""
    groups = {"all": ReplyTimes("All requests")}
    for value, label in Urgency.choices:
        groups[value] = ReplyTimes(label)
    hours = {key: [] for key in groups}
    for urgency, status, sent, due, first_reply in rows:
        for key in ("all", urgency):
            group = groups[key]
            if first_reply is not None:
                group.replied += 1
                hours[key].append(_hours(first_reply - sent))
                group.due += 1
                if timezone.localdate(first_reply) <= due:
                    group.on_time += 1
            elif status != AdviceRequest.Status.WITHDRAWN:
                group.unanswered += 1
                if due < today:
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

    # Grouped by local day in the database; days fold into weeks in Python
    # (at most 731 days a name), which keeps week boundaries in local time
    # the same on SQLite and PostgreSQL.
    day = TruncDate("created_at", tzinfo=timezone.get_current_timezone())
    by_topic = _weekly(
        requests.annotate(day=day)
        .values_list("day", "topic__name")
        .annotate(n=Count("pk"))
        .order_by(),
        weeks,
    )
    by_team = _weekly(
        requests.annotate(day=day)
        .values_list("day", "team__name")
        .annotate(n=Count("pk"))
        .order_by(),
        weeks,
    )

    rows = (
        requests.annotate(
            first_reply=Min("messages__created_at", filter=Q(messages__kind=Message.Kind.REPLY))
        )
        .values_list("urgency", "status", "created_at", "due_date", "first_reply")
        .order_by()
    )
    reply_times = _reply_times(rows, today)

    guidance = dict(
        AnsweredByGuidance.objects.filter(at__gte=since, at__lt=until)
        .values_list("topic__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
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
    without_section = requests.filter(section=None).count()

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

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A CSV cell a spreadsheet will show as text, never run as a formula.

    Numbers stay numbers; text starting with a formula character gets a
    leading apostrophe (the OWASP advice for CSV injection).
    """
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
    writer = csv.writer(out)
    for row in TABLES[table][1](figures):
        writer.writerow([spreadsheet_cell(value) for value in row])
