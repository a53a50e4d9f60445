"""Pressing Enter on any step of asking sends the question; a report of threats or
abuse is never discarded as "answered by guidance" and is marked urgent on the page
as well as in the request saved."""

from html.parser import HTMLParser

import pytest

from protocol.advice.models import AdviceRequest, AnsweredByGuidance
from tests.advice.factories import FakeHit, form_data

pytestmark = pytest.mark.django_db

ASK = "/advice/ask/"


class _Forms(HTMLParser):
    """Each form's submit buttons in document order, as {form id: [(name, value, label)]}.

    A button with a ``form`` attribute belongs to the form it names, as in a browser.
    """

    def __init__(self):
        super().__init__()
        self.forms = {}
        self.checked = {}
        self._form = None
        self._button = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = attrs.get("id") or f"form-{len(self.forms)}"
            self.forms.setdefault(self._form, [])
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            owner = attrs.get("form") or self._form
            self._button = [owner, attrs.get("name"), attrs.get("value"), ""]
        elif tag == "input" and attrs.get("type") == "radio" and "checked" in attrs:
            self.checked[attrs["name"]] = attrs["value"]

    def handle_data(self, data):
        if self._button is not None:
            self._button[3] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "button" and self._button is not None:
            owner, name, value, label = self._button
            self.forms.setdefault(owner, []).append((name, value, label.strip()))
            self._button = None


def _parse(response):
    assert response.status_code == 200
    parsed = _Forms()
    parsed.feed(response.content.decode())
    return parsed


def _default_button(response, form_id):
    """What Enter in a field of ``form_id`` submits: its first submit button."""
    return _parse(response).forms[form_id][0]


def test_enter_on_the_form_sends_the_question(member_client, comms_topic):
    name, value, label = _default_button(member_client.get(ASK), "ask-form")
    assert (name, value, label) == ("action", "check", "Send my question")


def test_enter_on_the_form_with_errors_sends_the_question(member_client, comms_topic):
    response = member_client.post(ASK, form_data(comms_topic, question="short"))
    assert _default_button(response, "ask-form")[2] == "Send my question"


def test_enter_on_the_check_step_sends_the_question_not_yes(
    member_client, comms_topic, search_finds
):
    search_finds(FakeHit("13. Staying out of trouble", "/p/13/", "haste"))
    response = member_client.post(ASK, form_data(comms_topic))
    buttons = _parse(response).forms["check-form"]
    assert buttons[0] == ("action", "send", "No, send my question")
    # "Yes" is still offered for an ordinary topic, just not as the default.
    assert ("action", "answered", "Yes, this answers my question") in buttons

    # What a browser posts when Enter is pressed: the default button's name and value.
    response = member_client.post(ASK, form_data(comms_topic, action=buttons[0][1]))
    assert response.status_code == 302
    assert AdviceRequest.objects.count() == 1
    assert not AnsweredByGuidance.objects.exists()


def test_the_threats_check_step_never_offers_this_answers_my_question(
    member_client, abuse_topic, search_finds
):
    search_finds(FakeHit("14. Abuse", "/p/14/", "report it"))
    response = member_client.post(ASK, form_data(abuse_topic))
    page = response.content.decode()
    buttons = _parse(response).forms["check-form"]
    assert buttons[0] == ("action", "send", "Send my question")
    assert all(value != "answered" for _, value, _ in buttons)
    assert "this answers my question" not in page.lower()
    assert "always go to the Monitoring Officer" in page


def test_the_server_refuses_answered_for_threats_and_keeps_the_question(
    member_client, abuse_topic, search_finds_nothing
):
    data = form_data(abuse_topic, question="Someone keeps sending me threats at night.")
    response = member_client.post(ASK, {**data, "action": "answered"}, follow=True)
    page = response.content.decode()
    assert not AnsweredByGuidance.objects.exists()
    assert "nothing has been sent" not in page
    assert "<h1>Before you send your question</h1>" in page  # not "Does this answer it?"
    assert "Someone keeps sending me threats at night." in page
    assert "Questions about threats or abuse always go to the Monitoring Officer" in page
    assert not AdviceRequest.objects.exists()


def test_answered_without_the_question_is_refused_for_threats_too(member_client, abuse_topic):
    """The live suggestions' "Yes" posts only the topic; for threats it sends nothing
    and counts nothing, and the member is back at the form with a message."""
    response = member_client.post(ASK, {"action": "answered", "topic": abuse_topic.pk})
    assert response.status_code == 200
    assert not AnsweredByGuidance.objects.exists()
    assert "always go to the Monitoring Officer" in response.content.decode()


def test_the_threats_topic_shows_urgent_on_the_form(member_client, abuse_topic):
    parsed = _parse(member_client.get(f"{ASK}?topic={abuse_topic.pk}"))
    assert parsed.checked["urgency"] == "urgent"


def test_the_threats_check_step_carries_urgent(member_client, abuse_topic, search_finds_nothing):
    page = member_client.post(ASK, form_data(abuse_topic, urgency="normal")).content.decode()
    assert '<input type="hidden" name="urgency" value="urgent">' in page
    assert "(raised because of the topic)" in page


def test_change_my_question_on_threats_shows_urgent(member_client, abuse_topic):
    response = member_client.post(ASK, {**form_data(abuse_topic), "action": "edit"})
    assert _parse(response).checked["urgency"] == "urgent"


def test_the_form_with_errors_on_threats_shows_urgent(member_client, abuse_topic):
    response = member_client.post(ASK, form_data(abuse_topic, question="short"))
    assert _parse(response).checked["urgency"] == "urgent"


def test_a_regretted_post_shows_at_least_high_and_keeps_urgent(member_client, regret_topic):
    response = member_client.get(f"{ASK}?topic={regret_topic.pk}")
    assert _parse(response).checked["urgency"] == "high"
    response = member_client.post(
        ASK, {**form_data(regret_topic, urgency="urgent"), "action": "edit"}
    )
    assert _parse(response).checked["urgency"] == "urgent"


def test_the_form_tells_the_script_each_fast_paths_kind_and_urgency(
    member_client, abuse_topic, regret_topic
):
    page = member_client.get(ASK).content.decode()
    assert (
        f'data-fast-path-for="{abuse_topic.pk}" hidden data-fast-path-kind="abuse" '
        'data-minimum-urgency="urgent"' in page
    )
    assert 'data-fast-path-kind="regret" data-minimum-urgency="high"' in page
