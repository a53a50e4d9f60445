"""The page, the API and asking about a post: access, bad input, the limit,
privacy (nothing kept but counts), and citations that follow their rule."""

import datetime
import json
import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter

from protocol.advice.models import Topic
from protocol.postcheck.models import CHECKS_RUN, Check, Citation, WeeklyCount
from protocol.publishing import new_draft_from, publish
from tests.postcheck.factories import publish_sample

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_checks")]

PAGE = reverse("postcheck:page")
API = reverse("postcheck:api")
ASK = reverse("postcheck:ask")
DRAFT = "Cllr Harris is corrupt. Email me at jo@example.com"


@pytest.fixture
def sample(db):
    return publish_sample()


def test_anyone_who_may_read_the_protocol_sees_the_page(client, db):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "guidance, not legal advice" in response.text
    assert "never saved" in response.text


def test_the_page_asks_visitors_to_log_in_when_the_protocol_requires_it(client, db, settings):
    settings.PROTOCOL_REQUIRE_LOGIN = True
    assert client.get(PAGE).status_code == 302
    assert client.post(API, {"text": DRAFT}).status_code == 401


def test_members_only_setting_refuses_other_accounts(client, comms_client, member_client, settings):
    settings.POST_CHECK_MEMBERS_ONLY = True
    assert client.get(PAGE).status_code == 302
    assert member_client.get(PAGE).status_code == 200
    assert client.post(API, {"text": DRAFT}).status_code == 401


def test_the_header_and_home_page_link_to_the_page(client, db):
    assert client.get("/").text.count(f'href="{PAGE}"') >= 2


def test_the_ask_form_points_to_the_check(member_client):
    assert f'href="{PAGE}"' in member_client.get(reverse("advice:ask")).text


def test_a_posted_draft_comes_back_marked_with_its_findings(member_client, sample):
    response = member_client.post(PAGE, {"text": DRAFT, "feelings": ["angry"]})
    html = response.text
    assert response.status_code == 200
    assert '<mark class="finding-passage">Cllr Harris is corrupt</mark>' in html
    assert "[1: Posting in haste]" in html or "1. Posting in haste" in html
    assert "Defamation" in html and "Personal data" in html
    assert 'role="status"' in html
    assert "no-store" in response["Cache-Control"]


def test_findings_link_to_the_cited_rule_with_its_kind(member_client, sample):
    html = member_client.post(PAGE, {"text": "Cllr Harris is corrupt."}).text
    assert "#term-defamation" in html
    assert "Legal term" in html


def test_the_api_answers_in_the_documented_shape(member_client, sample):
    response = member_client.post(API, {"text": DRAFT, "account": "personal"})
    assert response.status_code == 200
    findings = response.json()["findings"]
    assert [f["kind"] for f in findings] == ["defamation", "personal_data"]
    first = findings[0]
    assert {"kind", "start", "end", "excerpt", "explanation", "rule"} <= set(first)
    assert DRAFT[first["start"] : first["end"]] == first["excerpt"]
    assert first["rule"]["url"].endswith("#term-defamation")
    assert first["rule"]["kind"] == "term"
    assert first["rule"]["text"]


def test_the_api_needs_the_csrf_token(member, sample):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(API, {"text": DRAFT}).status_code == 403


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Enter the post you want to check."),
        ("x" * 4001, "too long to check"),
        ("a post\x07from a file", "not text"),
        ("a post\x1bwith an escape", "not text"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_the_text(member_client, db, text, message):
    page = member_client.post(PAGE, {"text": text})
    assert message in page.text
    if text.strip():
        assert text[:50] in page.text  # still in the box
    api = member_client.post(API, {"text": text})
    assert api.status_code == 400
    assert message in api.json()["detail"]


def test_a_null_character_is_dropped_and_the_draft_checked(member_client, db):
    """portal.middleware drops a null character before the view reads the form."""
    response = member_client.post(PAGE, {"text": "a post\x00with a null"})
    assert response.status_code == 200
    assert "a postwith a null" in response.text
    assert "\x00" not in response.text


def test_a_long_draft_is_not_cut_by_the_browser(client, db):
    assert "maxlength" not in client.get(PAGE).text.split('name="text"')[1].split(">")[0]


def test_checks_are_limited_per_client(member_client, other_member, client, db, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "post_check": "2/m"}
    assert member_client.post(API, {"text": "Hello"}).status_code == 200
    assert member_client.post(API, {"text": "Hello"}).status_code == 200
    limited = member_client.post(API, {"text": "Hello"})
    assert limited.status_code == 429
    assert "wait a minute" in limited.json()["detail"]
    assert limited["Retry-After"]
    page = member_client.post(PAGE, {"text": "Keep this draft"})
    assert "wait a minute" in page.text and "Keep this draft" in page.text
    client.force_login(other_member)
    assert client.post(API, {"text": "Hello"}).status_code == 200


def test_only_counts_are_kept_never_the_text(member_client, sample, caplog):
    caplog.set_level(logging.DEBUG)
    member_client.post(API, {"text": DRAFT})
    member_client.post(PAGE, {"text": "Nothing to see here"})
    week = WeeklyCount.objects.values_list("kind", "count")
    assert dict(week) == {CHECKS_RUN: 2, "defamation": 1, "personal_data": 1}
    assert "Harris" not in caplog.text


def test_checks_made_as_the_member_types_are_not_counted(member_client, sample):
    member_client.post(API, {"text": DRAFT, "live": "1"})
    member_client.post(API, {"text": "Cllr Harris is corrupt", "live": "1"})
    assert not WeeklyCount.objects.exists()
    member_client.post(API, {"text": DRAFT})  # an API call not marked live
    member_client.post(PAGE, {"text": DRAFT})  # the member pressed Check my post
    assert dict(WeeklyCount.objects.values_list("kind", "count")) == {
        CHECKS_RUN: 2,
        "defamation": 2,
        "personal_data": 2,
    }


def test_live_checks_still_find_everything(member_client, sample):
    live = member_client.post(API, {"text": DRAFT, "live": "1"}).json()
    asked = member_client.post(API, {"text": DRAFT}).json()
    assert live == asked
    assert live["findings"]


def test_the_page_script_marks_its_checks_live():
    from django.conf import settings

    script = (settings.BASE_DIR / "static" / "portal" / "postcheck.js").read_text()
    assert 'data.append("live", "1")' in script


def test_weekly_counts_start_on_monday(db):
    WeeklyCount.record(datetime.date(2026, 12, 3), ["abuse", "abuse"])
    WeeklyCount.record(datetime.date(2026, 12, 6), [])
    assert set(WeeklyCount.objects.values_list("week", "kind", "count")) == {
        (datetime.date(2026, 11, 30), CHECKS_RUN, 2),
        (datetime.date(2026, 11, 30), "abuse", 1),
    }


def test_an_error_report_never_shows_the_draft(member, sample):
    from protocol.postcheck import views

    request = RequestFactory().post(API, {"text": DRAFT})
    request.user = member
    views.api_check_post(request)  # marks the request's sensitive parameters as it runs
    reporter = ExceptionReporter(request, ValueError, ValueError("boom"), None)
    assert "Harris" not in reporter.get_traceback_text()
    assert "Harris" not in reporter.get_traceback_html()
    assert "text" in reporter.get_traceback_text()  # the field is listed, its value hidden


def test_a_check_turned_off_finds_nothing(member_client, sample):
    Check.objects.filter(kind="defamation").update(is_enabled=False)
    findings = member_client.post(API, {"text": DRAFT}).json()["findings"]
    assert [f["kind"] for f in findings] == ["personal_data"]


def test_a_citation_follows_its_rule_into_the_next_version(member_client, sample):
    draft = new_draft_from(sample)
    publish(draft)
    rule = member_client.post(API, {"text": "Cllr Harris is corrupt."}).json()["findings"][0][
        "rule"
    ]
    assert "/v" not in rule["url"]  # the current version's address
    assert rule["url"].endswith("#term-defamation")


def test_a_citation_whose_rule_is_gone_is_left_out(member_client, sample):
    check = Check.objects.get(kind="defamation")
    check.citations.all().delete()
    Citation.objects.create(post_check=check, anchor="term-no-longer-there")
    findings = member_client.post(API, {"text": "Cllr Harris is corrupt."}).json()["findings"]
    assert findings[0]["rule"] is None


def test_asking_opens_the_ask_form_without_the_draft_unless_ticked(member_client, db):
    topic = Topic.objects.get(purpose=Topic.Purpose.POST_CHECK)
    assert topic.name.startswith("Can I say this?")  # the data migration marked it
    without = member_client.post(ASK, {"text": DRAFT})
    assert without.status_code == 200
    assert "Harris" not in without.text
    assert f'<option value="{topic.pk}" selected>' in without.text
    with_draft = member_client.post(ASK, {"text": DRAFT, "include_draft": "on"})
    assert "Cllr Harris is corrupt." in with_draft.text
    assert reverse("advice:ask") in with_draft.text  # the form sends from the ask page


def test_renaming_the_topic_keeps_asking_about_a_post_on_it(member_client, db):
    topic = Topic.objects.get(purpose=Topic.Purpose.POST_CHECK)
    topic.name = "Before you post"
    topic.save()
    Topic.objects.create(name="Can I say this? (old list)")  # a look-alike is not chosen
    response = member_client.post(ASK, {"text": DRAFT})
    assert f'<option value="{topic.pk}" selected>' in response.text


def test_without_a_marked_topic_the_member_chooses_one(member_client, db):
    Topic.objects.filter(purpose=Topic.Purpose.POST_CHECK).update(purpose="")
    response = member_client.post(ASK, {"text": DRAFT})
    assert response.status_code == 200
    assert '<option value="" selected>' in response.text


def test_only_one_topic_can_be_marked_for_asking_about_a_post(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(name="Another", purpose=Topic.Purpose.POST_CHECK)


def test_asking_needs_an_account_that_may_ask(client, comms_client, db):
    assert client.post(ASK, {"text": DRAFT}).status_code == 302
    assert comms_client.post(ASK, {"text": DRAFT}).status_code == 403
    assert client.get(ASK).status_code in (302, 405)


def test_the_api_only_accepts_posts(member_client, db):
    assert member_client.get(API, {"text": DRAFT}).status_code == 405


def test_the_json_is_plain_json(member_client, sample):
    body = member_client.post(API, {"text": "Hello there"}).content
    assert json.loads(body) == {"findings": []}
