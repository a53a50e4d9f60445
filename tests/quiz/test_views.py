"""Taking the quiz through its pages: practice, check, results, certificates, history."""

from html import unescape

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from protocol.quiz import attempts
from protocol.quiz.models import Answer, Attempt
from tests import factories
from tests.quiz.factories import answer, make_scenario, wrong_choice

pytestmark = pytest.mark.django_db

PRACTICE, CHECK = Attempt.Mode.PRACTICE, Attempt.Mode.CHECK


def _text(response):
    return unescape(response.content.decode())


def _url(name, attempt, **extra):
    return reverse(
        name, kwargs={"document": attempt.version.document.slug, "pk": attempt.pk, **extra}
    )


def _start_url(version):
    return reverse("quiz:start", kwargs={"document": version.document.slug})


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _start(client, version, mode):
    response = client.post(_start_url(version), {"mode": mode})
    assert response.status_code == 302, _text(response)
    return Attempt.objects.latest("pk")


def test_the_protocol_pages_and_the_nav_link_to_the_quiz(client, sample_version):
    start = _start_url(sample_version)
    assert start in _text(client.get(sample_version.get_absolute_url()))
    section = sample_version.sections.order_by("order").first()
    assert start in _text(client.get(section.get_absolute_url()))
    home = _text(client.get(reverse("home")))
    assert f'href="{reverse("quiz:index")}"' in home
    index = _text(client.get(reverse("quiz:index")))
    assert start in index


def test_a_member_practises_with_feedback_after_each_answer(member_client, sample_version):
    attempt = _start(member_client, sample_version, PRACTICE)
    assert attempt.mode == PRACTICE
    page = member_client.get(_url("quiz:attempt", attempt))
    text = _text(page)
    assert "Question 1 of 6" in text
    assert "<fieldset" in text and "<legend" in text and "Do or don't?" in text
    slots = attempts.attempt_slots(attempt)
    first = slots[0].question
    response = member_client.post(
        _url("quiz:attempt", attempt), {"position": 1, "choice": wrong_choice(first)}
    )
    assert response.status_code == 302
    assert response.url == _url("quiz:feedback", attempt, position=1)
    feedback = _text(member_client.get(response.url))
    assert "Question 1 of 6: not right" in feedback
    assert f"The right answer</dt><dd>{first.right_label}</dd>" in feedback
    assert first.source_url in feedback
    assert _url("quiz:attempt", attempt) in feedback  # "Next question"
    response = member_client.post(
        _url("quiz:attempt", attempt), {"position": 2, "choice": slots[1].question.right}
    )
    assert "Question 2 of 6: right" in _text(member_client.get(response.url))


def test_a_check_gives_feedback_only_at_the_end(member_client, sample_version):
    make_scenario(sample_version)
    attempt = _start(member_client, sample_version, CHECK)
    slots = attempts.attempt_slots(attempt)
    response = member_client.post(
        _url("quiz:attempt", attempt), {"position": 1, "choice": slots[0].question.right}
    )
    assert response.url == _url("quiz:attempt", attempt)
    peek = member_client.get(_url("quiz:feedback", attempt, position=1))
    assert peek.status_code == 302 and peek.url == _url("quiz:attempt", attempt)
    assert member_client.get(_url("quiz:result", attempt)).status_code == 302
    for slot in slots[1:]:
        response = member_client.post(
            _url("quiz:attempt", attempt),
            {"position": slot.position, "choice": slot.question.right},
        )
    assert response.url == _url("quiz:result", attempt)
    result = _text(member_client.get(response.url))
    assert f"Your score: {len(slots)} out of {len(slots)}" in result
    assert "You passed the check" in result
    for slot in slots:
        assert slot.question.source_url in result
    assert _url("quiz:certificate", attempt) in result


def test_the_result_shows_every_answer_the_right_one_and_why(member, member_client, sample_version):
    scenario = make_scenario(sample_version, explanation="Because **the rule** says so.")
    attempt = attempts.start_attempt(member, sample_version, CHECK, count=7, seed=11)
    attempt = answer(attempt, right=3)
    result = _text(member_client.get(_url("quiz:result", attempt)))
    assert "Your score: 3 out of 7" in result
    assert "You did not pass this time" in result
    assert result.count('class="quiz-review ') == 7
    assert result.count("Not right") == 4
    assert "Because <strong>the rule</strong> says so." in result
    assert scenario.section.get_absolute_url() in result
    assert member_client.get(_url("quiz:certificate", attempt)).status_code == 404


def test_a_passed_check_has_a_printable_certificate(member, member_client, sample_version):
    attempt = attempts.start_attempt(member, sample_version, CHECK, count=5)
    attempt = answer(attempt, right=4)
    attempt.refresh_from_db()
    response = member_client.get(_url("quiz:certificate", attempt))
    text = _text(response)
    date = timezone.localtime(attempt.finished_at).strftime("%-d %B %Y")
    assert (
        f"Member passed the {sample_version.document.title} check, "
        f"version {sample_version.number}, on {date}." in " ".join(strip_tags(text).split())
    )
    assert "4 out of 5 (80%)" in text
    assert "portal/quiz-certificate-print.css" in text and 'media="print"' in text
    assert text.count("<h1") == 1


def test_no_certificate_for_a_practice_or_an_unfinished_check(
    member, member_client, sample_version
):
    practice = attempts.start_attempt(member, sample_version, PRACTICE, count=2)
    practice = answer(practice, right=2)
    assert member_client.get(_url("quiz:certificate", practice)).status_code == 404
    check = attempts.start_attempt(member, sample_version, CHECK, count=2)
    assert member_client.get(_url("quiz:certificate", check)).status_code == 404


def test_a_missing_or_made_up_answer_is_shown_next_to_the_question(member_client, sample_version):
    attempt = _start(member_client, sample_version, CHECK)
    url = _url("quiz:attempt", attempt)
    for data, message in [
        ({"position": 1}, "Choose an answer."),
        ({"position": 1, "choice": "maybe"}, "Choose one of the answers given."),
    ]:
        response = member_client.post(url, data)
        assert response.status_code == 200
        text = _text(response)
        assert 'id="error-summary"' in text
        assert text.count(message) == 2  # in the summary and beside the buttons
        assert 'href="#id_choice_0"' in text
        assert "<title>Error:" in text
    assert not attempt.answers.answered().exists()


@pytest.mark.parametrize(
    ("position", "message"),
    [
        ("99", "That question is not part of this quiz."),
        ("0", "That question is not part of this quiz."),
        ("abc", "did not say which question"),
        ("", "did not say which question"),
        ("3", "Answer question 2 first."),
        ("1", "You have already answered question 1; your first answer stands."),
    ],
)
def test_old_doubled_or_tampered_answers_change_nothing(
    member_client, sample_version, position, message
):
    attempt = _start(member_client, sample_version, PRACTICE)
    url = _url("quiz:attempt", attempt)
    first = attempts.attempt_slots(attempt)[0].question
    member_client.post(url, {"position": 1, "choice": wrong_choice(first)})
    before = list(attempt.answers.values_list("position", "chosen", "chosen_option", "is_correct"))
    response = member_client.post(url, {"position": position, "choice": "do"}, follow=True)
    assert response.status_code == 200
    assert any(message in m for m in _messages(response)), _messages(response)
    after = list(attempt.answers.values_list("position", "chosen", "chosen_option", "is_correct"))
    assert after == before


def test_submitting_the_last_answer_twice_shows_the_result(member_client, sample_version):
    attempt = _start(member_client, sample_version, CHECK)
    slots = attempts.attempt_slots(attempt)
    for slot in slots:
        data = {"position": slot.position, "choice": slot.question.right}
        member_client.post(_url("quiz:attempt", attempt), data)
    response = member_client.post(_url("quiz:attempt", attempt), data, follow=True)
    assert response.redirect_chain[-1][0] == _url("quiz:result", attempt)
    assert any("can no longer change" in m for m in _messages(response))
    attempt.refresh_from_db()
    assert attempt.score == len(slots)


def test_resuming_an_unfinished_attempt(member_client, sample_version):
    attempt = _start(member_client, sample_version, CHECK)
    slots = attempts.attempt_slots(attempt)
    member_client.post(
        _url("quiz:attempt", attempt), {"position": 1, "choice": slots[0].question.right}
    )
    start_page = _text(member_client.get(_start_url(sample_version)))
    assert "Your unfinished quiz" in start_page
    assert "answered 1 of 6 questions" in start_page
    assert _url("quiz:attempt", attempt) in start_page
    assert "Question 2 of 6" in _text(member_client.get(_url("quiz:attempt", attempt)))
    response = member_client.post(_start_url(sample_version), {"mode": PRACTICE}, follow=True)
    assert any("not finished the quiz you started" in m for m in _messages(response))
    assert Attempt.objects.count() == 1


def test_discarding_an_unfinished_attempt(member_client, sample_version):
    attempt = _start(member_client, sample_version, CHECK)
    assert member_client.get(_url("quiz:discard", attempt)).status_code == 405
    response = member_client.post(_url("quiz:discard", attempt))
    assert response.url == _start_url(sample_version)
    assert not Attempt.objects.exists()


def test_history_lists_only_the_members_own_attempts(
    member, other_member, member_client, sample_version
):
    mine = attempts.start_attempt(member, sample_version, CHECK, count=5)
    mine = answer(mine, right=5)
    unfinished = attempts.start_attempt(member, sample_version, PRACTICE, count=2)
    theirs = attempts.start_attempt(other_member, sample_version, CHECK, count=5)
    text = _text(member_client.get(reverse("quiz:index")))
    assert _url("quiz:result", mine) in text
    assert _url("quiz:certificate", mine) in text
    assert _url("quiz:attempt", unfinished) in text
    assert "5 of 5 (100%): passed" in text
    assert f"/attempts/{theirs.pk}/" not in text
    assert member_client.get(reverse("quiz:index") + "?page=abc").status_code == 200
    assert member_client.get(reverse("quiz:index") + "?page=999").status_code == 200


def test_another_members_attempt_is_a_404_and_is_never_changed(
    member, other_member, client, sample_version
):
    attempt = attempts.start_attempt(member, sample_version, CHECK, count=3)
    finished = answer(attempts.start_attempt(other_member, sample_version, CHECK, count=3), right=0)
    finished_other = Attempt.objects.get(pk=finished.pk)
    client.force_login(other_member)
    for url in [
        _url("quiz:attempt", attempt),
        _url("quiz:feedback", attempt, position=1),
        _url("quiz:result", attempt),
        _url("quiz:certificate", attempt),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(_url("quiz:attempt", attempt), {"position": 1, "choice": "do"}).status_code
        == 404
    )
    assert client.post(_url("quiz:discard", attempt)).status_code == 404
    assert not attempt.answers.answered().exists()
    assert Attempt.objects.filter(pk=attempt.pk).exists()
    # The right attempt under another document's address is a 404 too.
    other = factories.make_version(factories.make_document("Other Doc"), status="published")
    url = reverse("quiz:result", kwargs={"document": other.document.slug, "pk": finished_other.pk})
    assert client.get(url).status_code == 404


def test_saved_quiz_pages_need_a_login(client, member, sample_version):
    attempt = attempts.start_attempt(member, sample_version, CHECK, count=3)
    for url in [
        _url("quiz:attempt", attempt),
        _url("quiz:feedback", attempt, position=1),
        _url("quiz:result", attempt),
        _url("quiz:certificate", attempt),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    response = client.post(_url("quiz:discard", attempt))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Attempt.objects.filter(pk=attempt.pk).exists()


def test_a_document_without_a_current_version_has_no_quiz(member_client):
    draft = factories.make_version(factories.make_document("Draft Only"))
    assert member_client.get(_start_url(draft)).status_code == 404
    assert member_client.get(reverse("quiz:start", kwargs={"document": "nope"})).status_code == 404


def test_a_bad_start_form_is_shown_with_its_error(member_client, sample_version):
    response = member_client.post(_start_url(sample_version), {"mode": "exam"})
    assert response.status_code == 200
    assert 'id="error-summary"' in _text(response)
    assert not Attempt.objects.exists()


# Anonymous practice ------------------------------------------------------------------


def _practice_url(version, token=None):
    url = reverse("quiz:practice", kwargs={"document": version.document.slug})
    return f"{url}?run={token}" if token else url


def _token(response):
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(response.url).query)["run"][0]


def test_anonymous_visitors_practise_without_anything_saved(client, sample_version):
    make_scenario(sample_version)
    start_page = _text(client.get(_start_url(sample_version)))
    assert "Nothing is saved while you are not logged in" in start_page
    response = client.post(_start_url(sample_version), {"mode": PRACTICE})
    assert response.status_code == 302
    token = _token(response)
    run = attempts.PracticeRun.from_token(token, sample_version)
    slots = run.slots(sample_version)
    right = 0
    for slot in slots:
        page = _text(client.get(_practice_url(sample_version, token)))
        assert f"Question {slot.position} of {len(slots)}" in page
        choice = slot.question.right if slot.position % 2 else wrong_choice(slot.question)
        right += slot.position % 2
        response = client.post(
            _practice_url(sample_version),
            {"run": token, "position": slot.position, "choice": choice},
        )
        assert response.status_code == 302, _text(response)
        token = _token(response)
        feedback = _text(client.get(response.url))
        assert ("right" if slot.position % 2 else "not right") in feedback
        assert slot.question.source_url in feedback
    result = _text(client.get(_practice_url(sample_version, token)))
    assert f"Your score: {right} out of {len(slots)}" in result
    assert Attempt.objects.count() == 0
    assert Answer.objects.count() == 0
    assert Session.objects.count() == 0


def test_anonymous_visitors_must_log_in_for_a_check(client, sample_version):
    response = client.post(_start_url(sample_version), {"mode": CHECK})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("token", ["", "garbage", "eyJ2IjoxfQ:1abc:def"])
def test_a_tampered_practice_link_starts_again_with_a_message(client, sample_version, token):
    response = client.get(_practice_url(sample_version, token or None), follow=True)
    assert response.redirect_chain[-1][0] == _start_url(sample_version)
    assert any("Start a new quiz" in m for m in _messages(response))


def test_a_practice_answer_cannot_be_changed_or_skipped_ahead(client, sample_version):
    token = _token(client.post(_start_url(sample_version), {"mode": PRACTICE}))
    run = attempts.PracticeRun.from_token(token, sample_version)
    first = run.slots(sample_version)[0].question
    answered = _token(
        client.post(
            _practice_url(sample_version), {"run": token, "position": 1, "choice": first.right}
        )
    )
    response = client.post(
        _practice_url(sample_version),
        {"run": answered, "position": 1, "choice": wrong_choice(first)},
        follow=True,
    )
    assert any("already answered question 1" in m for m in _messages(response))
    response = client.post(
        _practice_url(sample_version), {"run": answered, "position": 5, "choice": "do"}, follow=True
    )
    assert any("Answer question 2 first" in m for m in _messages(response))
    response = client.post(
        _practice_url(sample_version), {"run": answered, "position": 2, "choice": "nonsense"}
    )
    assert response.status_code == 200
    assert "Choose one of the answers given." in _text(response)


def test_a_practice_link_from_an_earlier_version_starts_again(client, document_with_history):
    document, first, second = document_with_history
    run = attempts.PracticeRun.start(first, seed=1)
    response = client.get(_practice_url(second, run.token()), follow=True)
    assert any("updated since you started" in m for m in _messages(response))


def test_logged_in_members_use_saved_attempts_not_practice_links(member_client, sample_version):
    response = member_client.get(_practice_url(sample_version, "x"))
    assert response.url == _start_url(sample_version)


@override_settings(PROTOCOL_REQUIRE_LOGIN=True)
def test_the_quiz_follows_the_protocols_login_setting(client, sample_version):
    for url in [
        reverse("quiz:index"),
        _start_url(sample_version),
        _practice_url(sample_version, "x"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


# Query counts ----------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _quiz_pages(member, version, count):
    done = attempts.start_attempt(member, version, CHECK, count=count, seed=1)
    done = answer(done, right=count)
    practice = attempts.start_attempt(member, version, PRACTICE, count=count, seed=2)
    slots = attempts.attempt_slots(practice)
    attempts.record_answer(practice, 1, slots[0].question.right)
    return [
        _url("quiz:attempt", practice),
        _url("quiz:feedback", practice, position=1),
        _url("quiz:result", done),
        _url("quiz:certificate", done),
        reverse("quiz:start", kwargs={"document": version.document.slug}),
        reverse("quiz:index"),
    ]


def test_quiz_pages_run_the_same_queries_for_small_and_large_quizzes(member, member_client):
    small = factories.make_version(
        factories.make_document("Small"), sections=2, rules_per_section=2, status="published"
    )
    large = factories.make_version(
        factories.make_document("Large"), sections=30, rules_per_section=4, status="published"
    )
    make_scenario(small)
    for _ in range(15):
        make_scenario(large, options=[(f"Option {i}", i == 3) for i in range(1, 6)])
    small_pages = _quiz_pages(member, small, 3)
    for _ in range(30):  # a long history
        answer(attempts.start_attempt(member, large, PRACTICE, count=2), right=1)
    large_pages = _quiz_pages(member, large, 40)
    for small_url, large_url in zip(small_pages, large_pages, strict=True):
        assert _count(member_client, small_url) == _count(member_client, large_url), large_url


def test_anonymous_practice_pages_run_the_same_queries_for_small_and_large_quizzes(client):
    small = factories.make_version(factories.make_document("Small"), sections=2, status="published")
    large = factories.make_version(
        factories.make_document("Large"), sections=30, rules_per_section=4, status="published"
    )
    make_scenario(small)
    for _ in range(10):
        make_scenario(large)
    counts = []
    for version, count in [(small, 2), (large, 40)]:
        run = attempts.PracticeRun.start(version, count=count, seed=5)
        slots = run.slots(version)
        answered = run.answer(1, slots[0].question.right, slots)
        counts.append(
            (
                _count(client, _practice_url(version, run.token())),
                _count(
                    client,
                    reverse("quiz:practice_feedback", kwargs={"document": version.document.slug})
                    + f"?run={answered.token()}",
                ),
            )
        )
    assert counts[0] == counts[1]
