"""The Monitoring Officer's telephone number and hours (settings) are shown where a
member may need them at once: the form, the check step, the confirmation and
every fast path, as a number rather than "telephone the Monitoring Officer"."""

import pytest

from tests.advice.factories import ask, form_data

pytestmark = pytest.mark.django_db

ASK = "/advice/ask/"
LINE = (
    'telephone the Monitoring Officer on <a href="tel:+441614960123" class="text-nowrap">'
    "+44 161 496 0123</a> (weekdays, 8am to 6pm)."
)


@pytest.fixture(autouse=True)
def contact(settings):
    settings.MONITORING_OFFICER_PHONE = "+44 161 496 0123"
    settings.MONITORING_OFFICER_HOURS = "weekdays, 8am to 6pm"


def test_the_form_gives_the_number(member_client, comms_topic):
    assert LINE in member_client.get(ASK).content.decode()


def test_each_fast_path_gives_the_number(member_client, abuse_topic, search_finds_nothing):
    page = member_client.post(ASK, form_data(abuse_topic)).content.decode()
    fast_path = page[page.index('<section class="fast-path') : page.index("</section>")]
    assert "call 999" in fast_path
    assert LINE in fast_path


def test_the_confirmation_gives_the_number(member_client, member, comms_topic, abuse_topic):
    for topic in (comms_topic, abuse_topic):
        advice_request = ask(member, topic, question=f"A question about {topic.name}.")
        page = member_client.get(f"/advice/requests/{advice_request.reference}/sent/")
        assert LINE in page.content.decode()
