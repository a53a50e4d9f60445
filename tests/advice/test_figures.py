"""The Monitoring Officer's figures on advice requests, against a known set of requests.

The period is 2 to 15 March 2026 (two weeks from a Monday, before summer
time, so local time is UTC); "today" is 20 March.
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.spreadsheets import spreadsheet_cell
from protocol.advice import figures
from protocol.advice.models import AdviceRequest, AnsweredByGuidance, Message, Urgency
from tests.advice.factories import QUESTION, ask, make_topic

START, END, TODAY = date(2026, 3, 2), date(2026, 3, 15), date(2026, 3, 20)
URL = "/staff/figures/"
PERIOD = {"start": "2026-03-02", "end": "2026-03-15"}


@pytest.fixture(autouse=True)
def _ask_freely(settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 10_000
    settings.ADVICE_DUPLICATE_WINDOW_MINUTES = 0  # the same question is asked on purpose


def at(day, hour=9, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def make_request(member, topic, sent, *, due, urgency=Urgency.NORMAL, status="new", section=None):
    advice_request = ask(member, topic, urgency=urgency, section=section)
    AdviceRequest.objects.filter(pk=advice_request.pk).update(
        created_at=sent, due_date=due, status=status
    )
    advice_request.refresh_from_db()
    return advice_request


def message(advice_request, kind, hours):
    return Message.objects.create(
        request=advice_request,
        kind=kind,
        body="Text.",
        created_at=advice_request.created_at + timedelta(hours=hours),
    )


@pytest.fixture
def known(member, comms_topic, officer_topic, sample_version):
    """Seven requests in the period and two just outside it."""
    first, second = sample_version.sections.order_by("order")[:2]
    rows = {
        1: make_request(member, comms_topic, at(2), due=date(2026, 3, 5), section=first),
        2: make_request(member, comms_topic, at(3, 10), due=date(2026, 3, 6), section=first),
        3: make_request(
            member,
            officer_topic,
            at(4, 12),
            due=date(2026, 3, 5),
            urgency=Urgency.URGENT,
            section=second,
        ),
        4: make_request(
            member,
            officer_topic,
            at(9),
            due=date(2026, 3, 11),
            urgency=Urgency.HIGH,
            section=first,
        ),
        5: make_request(member, comms_topic, at(10), due=date(2026, 3, 13)),
        6: make_request(member, officer_topic, at(11), due=date(2026, 3, 16), status="withdrawn"),
        7: make_request(member, comms_topic, at(12), due=date(2026, 3, 25), status="in_progress"),
        # Outside the period: the Sunday night before, and the Monday after.
        8: make_request(member, comms_topic, at(1, 23, 59), due=date(2026, 3, 4)),
        9: make_request(member, comms_topic, at(16, 0, 0), due=date(2026, 3, 19)),
    }
    message(rows[1], Message.Kind.REPLY, 2)
    message(rows[2], Message.Kind.FOLLOW_UP, 0.5)  # the member's words are not a reply
    message(rows[2], Message.Kind.NOTE, 1)  # nor is a note
    message(rows[2], Message.Kind.REPLY, 4)
    message(rows[2], Message.Kind.REPLY, 6)  # only the first reply counts
    message(rows[3], Message.Kind.REPLY, 30)  # Thursday 18:00, on the due date
    message(rows[4], Message.Kind.REPLY, 72)  # Thursday 12th, a day late
    message(rows[8], Message.Kind.REPLY, 1)
    for topic, day in [(comms_topic, 2), (comms_topic, 9), (comms_topic, 15), (None, 4)]:
        AnsweredByGuidance.objects.create(topic=topic, at=at(day, 11))
    AnsweredByGuidance.objects.create(topic=comms_topic, at=at(16, 11))  # outside
    return rows


def test_requests_per_week_by_topic_and_team(known, comms_topic, officer_topic):
    result = figures.compute(START, END, today=TODAY)
    assert result.total == 7
    assert result.by_topic.weeks == [date(2026, 3, 2), date(2026, 3, 9)]
    assert result.by_topic.totals == [3, 4]
    assert [(s.name, s.counts, s.total) for s in result.by_topic.series] == [
        (comms_topic.name, [2, 2], 4),
        (officer_topic.name, [1, 2], 3),
    ]
    assert [(s.name, s.counts) for s in result.by_team.series] == [
        ("Communications team", [2, 2]),
        ("Monitoring Officer", [1, 2]),
    ]


def test_time_to_first_reply_median_and_90th_percentile(known):
    overall, urgent, high, normal = figures.compute(START, END, today=TODAY).reply_times
    # First replies after 2, 4, 30 and 72 hours.
    assert (overall.replied, overall.unanswered) == (4, 2)  # the withdrawn one is left out
    assert overall.median_hours == pytest.approx(17.0)
    assert overall.p90_hours == pytest.approx(59.4)
    assert (urgent.label, urgent.replied, urgent.median_hours) == ("Urgent", 1, 30.0)
    assert (high.replied, high.p90_hours) == (1, 72.0)
    assert (normal.replied, normal.unanswered) == (2, 2)
    assert normal.median_hours == pytest.approx(3.0)
    assert normal.p90_hours == pytest.approx(3.8)
    assert overall.median == "17.0 hours" and overall.p90 == "2.5 days"


def test_share_answered_within_the_due_date(known):
    overall, urgent, high, normal = figures.compute(START, END, today=TODAY).reply_times
    # Answered: 1, 2, 3 on time, 4 late; 5 unanswered past its due date; 7 not due yet.
    assert (overall.due, overall.on_time, overall.late, overall.on_time_share) == (5, 3, 2, 60)
    assert (urgent.due, urgent.on_time_share) == (1, 100)
    assert (high.due, high.on_time_share) == (1, 0)
    assert (normal.due, normal.on_time, normal.on_time_share) == (3, 2, 67)


def test_deflection_rate_from_questions_answered_by_guidance(known, comms_topic, officer_topic):
    rows = {row.topic: row for row in figures.compute(START, END, today=TODAY).deflection}
    everything = rows["All topics"]
    assert (everything.answered_by_guidance, everything.sent, everything.rate) == (4, 7, 36)
    assert (rows[comms_topic.name].answered_by_guidance, rows[comms_topic.name].rate) == (3, 43)
    assert rows[officer_topic.name].rate == 0
    assert (rows["No topic"].answered_by_guidance, rows["No topic"].rate) == (1, 100)


def test_sections_most_asked_about(known, sample_version):
    first, second = sample_version.sections.order_by("order")[:2]
    result = figures.compute(START, END, today=TODAY)
    assert [(row.section, row.count) for row in result.sections] == [(first, 3), (second, 1)]
    assert result.without_section == 3


def test_an_empty_period_has_no_figures_and_no_errors(db):
    result = figures.compute(START, END, today=TODAY)
    assert result.total == 0
    assert result.by_topic.totals == [0, 0]
    assert result.overall_replies.median_hours is None
    assert result.overall_replies.on_time_share is None
    assert result.overall_deflection.rate is None


def test_weeks_follow_local_time_in_summer(member, comms_topic):
    # 23:30 UTC on Sunday 7 June is 00:30 on Monday 8 June in London.
    make_request(member, comms_topic, datetime(2026, 6, 7, 23, 30, tzinfo=UTC), due=TODAY)
    result = figures.compute(date(2026, 6, 1), date(2026, 6, 14), today=TODAY)
    assert result.by_topic.totals == [0, 1]


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [([1, 2, 3, 4], 50, 2.5), (list(range(1, 11)), 90, 9.1), ([5], 90, 5), ([], 50, None)],
)
def test_percentile_matches_spreadsheets(values, p, expected):
    assert figures.percentile(values, p) == (
        pytest.approx(expected) if expected is not None else None
    )


def test_the_default_period_is_the_last_twelve_weeks():
    assert figures.default_period(date(2026, 3, 20)) == (date(2025, 12, 29), date(2026, 3, 20))


# The page ---------------------------------------------------------------------------


def test_the_monitoring_officer_sees_every_figure_with_its_table(officer_client, known):
    response = officer_client.get(URL, PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Figures on advice requests</h1>" in page
    assert "<title>Figures on advice requests" in page
    for heading in (
        "Requests per week",
        "By topic",
        "By team",
        "Time to first reply",
        "Answered within the due date",
        "Questions answered by suggested guidance",
        "Sections most asked about",
    ):
        assert f">{heading}</h2>" in page
    assert "<strong>7</strong> requests sent" in page
    assert "17.0 hours" in page and "2.5 days" in page
    # Through the page "today" is the real date, after request 7's due date too.
    assert "50%" in page and "36%" in page
    assert page.count('<svg class="figure-bar"') > 10
    assert "style=" not in page and "<script>" not in page
    assert QUESTION not in page
    for table in figures.TABLES:
        assert f"/staff/figures/{table}.csv?start=2026-03-02&amp;end=2026-03-15" in page


def test_the_default_period_is_shown_without_asking(officer_client, db):
    response = officer_client.get(URL)
    assert response.status_code == 200
    start, end = figures.default_period()
    assert f'value="{start.isoformat()}"' in response.content.decode()
    assert f'value="{end.isoformat()}"' in response.content.decode()


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ({"start": "2026-13-01", "end": "2026-03-15"}, "Enter the start date as a date"),
        ({"start": "2026-03-01", "end": "15/03/2026"}, "Enter the end date as a date"),
        ({"start": "2026-03-15", "end": "2026-03-01"}, "The start date is after the end date"),
        ({"start": "2020-01-01", "end": "2026-03-01"}, "two years or less"),
    ],
)
def test_a_bad_period_gets_a_clear_message_and_keeps_what_was_typed(
    officer_client, db, period, message
):
    response = officer_client.get(URL, period)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{period["start"]}"' in page and f'value="{period["end"]}"' in page
    assert response.context["figures"] is None


def test_the_page_makes_as_many_queries_for_many_requests_as_for_few(
    officer_client, known, member, comms_topic
):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(URL, PERIOD).status_code == 200
        return len(captured)

    few = count()
    for day in range(2, 14):
        make_request(member, comms_topic, at(day, 15), due=date(2026, 3, 20))
    assert count() == few


# Who may see them --------------------------------------------------------------------

CSV_URL = "/staff/figures/topics.csv"


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_anonymous_visitors_are_asked_to_log_in(client, db, url):
    response = client.get(url, PERIOD)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", [URL, CSV_URL])
@pytest.mark.parametrize("persona", ["member_client", "comms_client"])
def test_members_and_the_communications_team_may_not_see_the_figures(request, db, url, persona):
    response = request.getfixturevalue(persona).get(url, PERIOD)
    assert response.status_code == 403


def test_the_figures_are_the_monitoring_officers_permission():
    from portal.roles import COMMUNICATIONS, MEMBERS, MONITORING_OFFICER, ROLE_PERMISSIONS

    assert "advice.view_advice_figures" in ROLE_PERMISSIONS[MONITORING_OFFICER]
    assert "advice.view_advice_figures" not in ROLE_PERMISSIONS[COMMUNICATIONS]
    assert "advice.view_advice_figures" not in ROLE_PERMISSIONS[MEMBERS]


# CSV ---------------------------------------------------------------------------------


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_each_table_downloads_as_csv(officer_client, known, comms_topic, sample_version):
    topics = _csv(officer_client.get(CSV_URL, PERIOD))
    assert topics[0] == ["Week commencing", "All requests", comms_topic.name, "Test: decisions"]
    assert topics[1:] == [
        ["2026-03-02", "3", "2", "1"],
        ["2026-03-09", "4", "2", "2"],
        ["Total", "7", "4", "3"],
    ]
    replies = _csv(officer_client.get("/staff/figures/reply-times.csv", PERIOD))
    assert replies[1] == ["All requests", "4", "2", "17.0", "59.4"]
    on_time = _csv(officer_client.get("/staff/figures/on-time.csv", PERIOD))
    assert on_time[1] == ["All requests", "6", "3", "3", "50"]  # request 7 is past due now
    deflection = _csv(officer_client.get("/staff/figures/deflection.csv", PERIOD))
    assert deflection[1] == ["All topics", "4", "7", "36"]
    sections = _csv(officer_client.get("/staff/figures/sections.csv", PERIOD))
    first = sample_version.sections.order_by("order").first()
    assert sections[1] == [sample_version.document.title, "1", first.number, first.title, "3"]
    assert _csv(officer_client.get("/staff/figures/teams.csv", PERIOD))[0][2:] == [
        "Communications team",
        "Monitoring Officer",
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(officer_client, member, start):
    name = f'{start}HYPERLINK("http://evil.example","click")'
    topic = make_topic(name, team="Communications team")
    make_request(member, topic, at(3), due=date(2026, 3, 6))
    header = _csv(officer_client.get(CSV_URL, PERIOD))[0]
    assert header[2] == "'" + name
    assert spreadsheet_cell(name) == "'" + name


def test_csv_with_a_bad_period_says_why(officer_client, db):
    response = officer_client.get(CSV_URL, {"start": "2026-03-15", "end": "2026-03-01"})
    assert response.status_code == 400
    assert "The start date is after the end date" in response.content.decode()


def test_an_unknown_table_is_not_found(officer_client, db):
    assert officer_client.get("/staff/figures/passwords.csv", PERIOD).status_code == 404


def test_a_bar_is_as_long_as_its_share_and_the_second_measure_is_striped():
    from protocol.templatetags.advice_figures import figure_bar

    assert 'width="25.0"' in figure_bar(5, 20)
    assert "figure-fill-solid" in figure_bar(5, 20)
    hatched = figure_bar(59.4, 72, pattern="hatch")
    assert 'width="82.5"' in hatched and 'fill="url(#figure-hatch)"' in hatched
    assert "figure-fill" not in figure_bar(0, 20) and "figure-fill" not in figure_bar(None, 0)
    assert 'aria-hidden="true"' in figure_bar(1, 1) and "style=" not in figure_bar(1, 1)
