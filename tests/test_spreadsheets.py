"""Every CSV the portal writes is safe to open in a spreadsheet: a cell that
would run as a formula (=, +, -, @, tab, carriage return at its start) comes
out as text, through the one shared writer in portal/spreadsheets.py."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import roles
from portal.spreadsheets import csv_writer, spreadsheet_cell
from protocol import acknowledgements
from protocol.advice.models import AdviceRequest
from protocol.quiz import attempts
from protocol.quiz.models import Attempt
from tests import factories
from tests.advice.factories import ask, make_topic
from tests.quiz.factories import answer, make_scenario

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","click")'
PROJECT = factories.PROJECT

# Every module that answers with a CSV, and the test below that downloads it
# with a formula-looking value in it. A module that starts writing CSV fails
# test_every_csv_view_is_listed until it is added here with such a test.
CSV_VIEWS = {
    "protocol/admin.py": "test_who_has_read_csv_neutralises_formulas",
    "protocol/quiz/views.py": "test_quiz_report_csv_neutralises_formulas",
    "protocol/advice/staff/figures.py": "test_advice_figures_csv_neutralises_formulas",
}


def _rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def _portal_sources():
    for folder in ("portal", "protocol"):
        for path in (PROJECT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path.relative_to(PROJECT).as_posix(), path.read_text()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_an_apostrophe(start):
    assert spreadsheet_cell(start + "1+2") == "'" + start + "1+2"


def test_numbers_plain_text_and_empty_cells_are_left_alone():
    assert spreadsheet_cell(-3) == -3
    assert spreadsheet_cell(12.5) == 12.5
    assert spreadsheet_cell("Before I post") == "Before I post"
    assert spreadsheet_cell(None) == ""
    out = io.StringIO()
    csv_writer(out).writerow(["-1 rule", -1, None])
    assert out.getvalue() == "'-1 rule,-1,\r\n"


def test_every_csv_view_is_listed():
    writing_csv = {name for name, text in _portal_sources() if "text/csv" in text}
    assert writing_csv == set(CSV_VIEWS)


def test_nothing_writes_csv_but_the_shared_writer():
    direct = {
        name
        for name, text in _portal_sources()
        if re.search(r"csv\.(writer|DictWriter)\(", text) and name != "portal/spreadsheets.py"
    }
    assert direct == set()


def test_who_has_read_csv_neutralises_formulas(officer_client, sample_version):
    reader = factories.make_user("formula", roles.MEMBERS)
    reader.first_name, reader.last_name = FORMULA, "-Smith"
    reader.save()
    acknowledgements.acknowledge(reader, sample_version)
    url = reverse("admin:protocol_version_acknowledgements", args=[sample_version.pk])
    rows = _rows(officer_client.get(url, {"format": "csv"}))
    assert rows[1][0] == "'" + FORMULA + " -Smith"


def test_quiz_report_csv_neutralises_formulas(officer_client, member):
    version = factories.make_version(
        factories.make_document("Formula"), rules_per_section=0, status="published"
    )
    make_scenario(version, situation="@SUM(1+1)*cmd|' /C calc'!A0")
    answer(attempts.start_attempt(member, version, Attempt.Mode.PRACTICE), right=0)
    url = reverse("quiz:report_csv", kwargs={"document": version.document.slug})
    rows = _rows(officer_client.get(url))
    assert rows[1][1] == "'@SUM(1+1)*cmd|' /C calc'!A0"


def test_advice_figures_csv_neutralises_formulas(officer_client, member, settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 10_000
    topic = make_topic("+" + FORMULA, team=roles.COMMUNICATIONS)
    advice_request = ask(member, topic)
    today = timezone.localdate()
    AdviceRequest.objects.filter(pk=advice_request.pk).update(due_date=date(today.year, 1, 1))
    rows = _rows(
        officer_client.get(
            "/staff/figures/topics.csv", {"start": today.isoformat(), "end": today.isoformat()}
        )
    )
    assert rows[0][2] == "'+" + FORMULA
