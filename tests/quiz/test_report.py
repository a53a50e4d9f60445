"""The Monitoring Officer's quiz report, its CSV, and the quiz admin."""

import csv
import io
from html import unescape

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import roles
from protocol.publishing import new_draft_from
from protocol.quiz import attempts, questions, report
from protocol.quiz.models import Attempt, Question
from tests import factories
from tests.quiz.factories import answer, make_scenario, wrong_choice

pytestmark = pytest.mark.django_db

PRACTICE, CHECK = Attempt.Mode.PRACTICE, Attempt.Mode.CHECK


def _text(response):
    return unescape(response.content.decode())


def _report_url(version, name="quiz:report"):
    return reverse(name, kwargs={"document": version.document.slug})


def _take(user, version, mode, right_keys):
    """A finished attempt on every question, right exactly on ``right_keys``."""
    attempt = attempts.start_attempt(user, version, mode, count=10, seed=1, pass_mark=80)
    for slot in attempts.attempt_slots(attempt):
        right = slot.question.key in right_keys
        choice = slot.question.right if right else wrong_choice(slot.question)
        attempt = attempts.record_answer(attempt, slot.position, choice)
    return attempt


@pytest.fixture
def known(member, other_member, officer):
    """Two rules (sections 1 and 2), one scenario (section 2) and four attempts."""
    document = factories.make_document("Known Protocol", "known-protocol")
    version = factories.make_version(document, sections=2, rules_per_section=1, status="published")
    rule_a = version.sections.get(order=1).rules.get()
    rule_b = version.sections.get(order=2).rules.get()
    scenario = make_scenario(version, section=version.sections.get(order=2))
    a, b, s = (
        (questions.RULE, rule_a.pk),
        (questions.RULE, rule_b.pk),
        (questions.SCENARIO, scenario.pk),
    )
    third = User.objects.create_user("third_member", password="x")
    third.groups.add(Group.objects.get(name=roles.MEMBERS))
    _take(member, version, CHECK, {a, s})  # 2 of 3: not passed
    _take(other_member, version, CHECK, {a, b, s})  # passed
    _take(third, version, PRACTICE, set())  # all wrong, practice
    _take(member, version, CHECK, {a, b, s})  # member passes at the second try
    # The Monitoring Officer trying the quiz is not a member: not counted.
    _take(officer, version, CHECK, set())
    # Answers on another document's version never count here.
    other = factories.make_version(factories.make_document("Elsewhere"), status="published")
    answer(attempts.start_attempt(member, other, CHECK, count=3), right=0)
    return version, rule_a, rule_b, scenario


def test_pass_figures_count_members_not_attempts(known):
    version = known[0]
    figures = report.pass_figures(version)
    assert figures.members == 3
    assert figures.members_checked == 2
    assert figures.members_passed == 2
    assert figures.checks_finished == 3
    assert figures.checks_passed == 2


def test_questions_are_listed_worst_first_with_their_share_of_wrong_answers(known):
    version, rule_a, rule_b, scenario = known
    figures = report.question_figures(version)
    assert [(f.question.key, f.answered, f.wrong, f.wrong_share) for f in figures] == [
        ((questions.RULE, rule_b.pk), 4, 2, 50),
        ((questions.RULE, rule_a.pk), 4, 1, 25),
        ((questions.SCENARIO, scenario.pk), 4, 1, 25),
    ]
    checks_only = report.question_figures(version, CHECK)
    assert [(f.question.key, f.answered, f.wrong, f.wrong_share) for f in checks_only] == [
        ((questions.RULE, rule_b.pk), 3, 1, 33),
        ((questions.RULE, rule_a.pk), 3, 0, 0),
        ((questions.SCENARIO, scenario.pk), 3, 0, 0),
    ]


def test_sections_behind_the_most_mistakes(known):
    version = known[0]
    figures = report.section_figures(version)
    assert [(f.section.order, f.wrong, f.answered, f.wrong_share) for f in figures] == [
        (2, 3, 8, 38),
        (1, 1, 4, 25),
    ]
    assert [(f.section.order, f.wrong) for f in report.section_figures(version, PRACTICE)] == [
        (2, 2),
        (1, 1),
    ]


def test_the_report_page_shows_the_figures_as_text_and_bars(officer_client, known):
    version, rule_a, rule_b, scenario = known
    response = officer_client.get(_report_url(version))
    assert response.status_code == 200
    text = _text(response)
    assert text.count("<h1") == 1
    assert "Members who have passed</dt><dd>2 of 3 members" in text
    assert '<span class="bar-value">50%</span> <span class="bar bar-50" aria-hidden="true">' in text
    assert text.index(rule_b.text[1:]) < text.index(rule_a.text[1:])
    assert "style=" not in text
    assert rule_b.get_absolute_url() in text
    assert version.sections.get(order=2).get_absolute_url() in text
    check_only = _text(officer_client.get(_report_url(version) + "?mode=check"))
    assert '<span class="bar-value">33%</span>' in check_only
    assert officer_client.get(_report_url(version) + "?mode=nonsense").status_code == 200


def test_the_csv_export_has_every_answered_question(officer_client, known):
    version, rule_a, rule_b, scenario = known
    response = officer_client.get(_report_url(version, "quiz:report_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="quiz-known-protocol-v1.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Kind"
    assert rows[0][4] == "Answered on" and rows[1][4] == "version 1"
    assert [(r[0], r[5], r[6], r[7]) for r in rows[1:]] == [
        ("Do or don't", "4", "2", "50"),
        ("Do or don't", "4", "1", "25"),
        ("Scenario", "4", "1", "25"),
    ]
    assert rows[1][3] == f"http://portal.test{rule_b.get_absolute_url()}"
    assert rows[3][1] == scenario.situation


def test_csv_cells_cannot_run_as_spreadsheet_formulas(officer_client, member):
    version = factories.make_version(
        factories.make_document("Formula"), rules_per_section=0, status="published"
    )
    make_scenario(version, situation='=HYPERLINK("http://evil")')
    answer(attempts.start_attempt(member, version, PRACTICE), right=0)
    rows = list(
        csv.reader(
            io.StringIO(
                officer_client.get(_report_url(version, "quiz:report_csv")).content.decode()
            )
        )
    )
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize("persona", ["member", "comms"])
def test_only_the_monitoring_officer_sees_the_report(request, client, known, persona):
    version = known[0]
    for name in ["quiz:report", "quiz:report_csv"]:
        assert client.get(_report_url(version, name)).url.startswith(reverse("login"))
        client.force_login(request.getfixturevalue(persona))
        assert client.get(_report_url(version, name)).status_code == 403
        client.logout()


def test_the_report_of_an_unknown_document_is_a_404(officer_client):
    assert (
        officer_client.get(reverse("quiz:report", kwargs={"document": "nope"})).status_code == 404
    )


def test_the_report_runs_the_same_queries_however_many_attempts(
    officer_client, member, other_member
):
    def build(slug, n_attempts, sections):
        version = factories.make_version(
            factories.make_document(slug.title(), slug), sections=sections, status="published"
        )
        make_scenario(version)
        for i in range(n_attempts):
            user = member if i % 2 else other_member
            mode = CHECK if i % 3 else PRACTICE
            answer(attempts.start_attempt(user, version, mode, count=8, seed=i), right=i % 8)
        return version

    small, large = build("small", 1, 2), build("large", 40, 20)
    counts = []
    for version in (small, large):
        for url in [_report_url(version), _report_url(version, "quiz:report_csv")]:
            with CaptureQueriesContext(connection) as queries:
                assert officer_client.get(url).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]


# The admin ---------------------------------------------------------------------------


def _question_data(version, section, options, **extra):
    data = {
        "version": version.pk,
        "section": section.pk,
        "rule": "",
        "situation": "A journalist asks for your view on a confidential report.",
        "explanation": "Confidential means confidential.",
        "status": Question.Status.IN_USE,
        "options-TOTAL_FORMS": len(options),
        "options-INITIAL_FORMS": 0,
        "options-MIN_NUM_FORMS": 2,
        "options-MAX_NUM_FORMS": 5,
        **extra,
    }
    for i, (text, right) in enumerate(options):
        data[f"options-{i}-order"] = i
        data[f"options-{i}-text"] = text
        if right:
            data[f"options-{i}-is_correct"] = "on"
    return data


def test_the_officer_writes_a_scenario_in_the_admin(officer_client, sample_version):
    section = sample_version.sections.order_by("order").first()
    url = reverse("admin:quiz_question_add")
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(
        url, _question_data(sample_version, section, [("Decline", True), ("Share it", False)])
    )
    assert response.status_code == 302, _text(response)
    question = Question.objects.get()
    assert question.version == sample_version and question.section == section
    assert list(question.options.values_list("text", "is_correct")) == [
        ("Decline", True),
        ("Share it", False),
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([("Only", True)], "Give at least 2 options."),
        ([("A", False), ("B", False)], "Mark exactly one option as the right answer."),
        ([("A", True), ("B", True)], "Mark exactly one option as the right answer."),
        ([(str(i), i == 1) for i in range(6)], "Give at most 5 options."),
    ],
)
def test_a_scenario_needs_two_to_five_options_and_one_right_answer(
    officer_client, sample_version, options, message
):
    section = sample_version.sections.first()
    response = officer_client.post(
        reverse("admin:quiz_question_add"), _question_data(sample_version, section, options)
    )
    assert response.status_code == 200
    assert message in _text(response)
    assert not Question.objects.exists()


def test_a_scenarios_section_and_rule_must_belong_to_its_version(officer_client, sample_version):
    other = factories.make_version(factories.make_document("Other"))
    response = officer_client.post(
        reverse("admin:quiz_question_add"),
        _question_data(sample_version, other.sections.first(), [("A", True), ("B", False)]),
    )
    assert response.status_code == 200
    assert "Choose a section of the question&#x27;s own version." in response.content.decode()
    assert not Question.objects.exists()


def test_the_officer_approves_flagged_questions(officer_client, sample_version):
    flagged = make_scenario(sample_version, status=Question.Status.NEEDS_REVIEW)
    changelist = reverse("admin:quiz_question_changelist")
    response = officer_client.post(
        changelist, {"action": "approve_selected", "_selected_action": [flagged.pk]}
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == Question.Status.IN_USE
    assert flagged.review_note == "" and flagged.flagged_at is None


def test_the_question_list_links_to_the_report(officer_client, sample_version):
    text = _text(officer_client.get(reverse("admin:quiz_question_changelist")))
    assert _report_url(sample_version) in text


def test_questions_of_a_superseded_version_are_read_only(officer_client, sample_version):
    question = make_scenario(sample_version)
    draft = new_draft_from(sample_version)
    factories.publish_version(draft)
    url = reverse("admin:quiz_question_change", args=[question.pk])
    assert 'name="situation"' not in officer_client.get(url).content.decode()
    section = question.section
    response = officer_client.post(
        url, _question_data(sample_version, section, [("A", True), ("B", False)])
    )
    assert response.status_code == 403


def test_attempts_are_read_only_in_the_admin(officer_client, member, sample_version):
    attempt = answer(attempts.start_attempt(member, sample_version, CHECK, count=3), right=3)
    text = _text(officer_client.get(reverse("admin:quiz_attempt_changelist")))
    assert "3 / 3 (100%)" in text
    assert officer_client.get(reverse("admin:quiz_attempt_add")).status_code == 403
    assert (
        officer_client.get(reverse("admin:quiz_attempt_change", args=[attempt.pk])).status_code
        == 200
    )


def test_members_and_comms_have_no_quiz_admin(client, member, comms):
    for user in (member, comms):
        client.force_login(user)
        assert client.get(reverse("admin:quiz_question_changelist")).status_code in (302, 403)
        client.logout()


def test_the_officer_moves_the_right_answer_to_an_earlier_option(officer_client, sample_version):
    question = make_scenario(sample_version, options=[("First", False), ("Second", True)])
    first, second = question.options.order_by("order")
    data = _question_data(sample_version, question.section, [("First", True), ("Second", False)])
    data.update({"options-INITIAL_FORMS": 2, "options-0-id": first.pk, "options-1-id": second.pk})
    data.update({"options-0-question": question.pk, "options-1-question": question.pk})
    response = officer_client.post(reverse("admin:quiz_question_change", args=[question.pk]), data)
    assert response.status_code == 302, _text(response)
    assert list(question.options.order_by("order").values_list("text", "is_correct")) == [
        ("First", True),
        ("Second", False),
    ]


def test_an_answered_question_or_option_cannot_be_deleted_only_retired(
    officer_client, member, sample_version
):
    scenario = make_scenario(
        sample_version, options=[("Chosen", True), ("Other", False), ("Third", False)]
    )
    attempt = attempts.start_attempt(member, sample_version, CHECK, count=7, seed=2)
    answer(attempt, right=7)  # the member chose "Chosen"
    response = officer_client.post(
        reverse("admin:quiz_question_delete", args=[scenario.pk]), {"post": "yes"}
    )
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in _text(response)
    chosen, other, third = scenario.options.order_by("order")
    data = _question_data(sample_version, scenario.section, [])
    data["options-TOTAL_FORMS"] = data["options-INITIAL_FORMS"] = 3
    for i, option in enumerate([chosen, other, third]):
        data.update({f"options-{i}-id": option.pk, f"options-{i}-text": option.text})
        data[f"options-{i}-order"] = i
    data.update({"options-0-DELETE": "on", "options-1-is_correct": "on"})
    response = officer_client.post(reverse("admin:quiz_question_change", args=[scenario.pk]), data)
    assert response.status_code == 200
    assert "protected" in _text(response)
    assert scenario.options.count() == 3
    assert scenario.options.get(is_correct=True) == chosen
    assert Question.objects.filter(pk=scenario.pk).exists()


def test_the_report_marks_questions_needing_review(officer_client, member, sample_version):
    scenario = make_scenario(sample_version)
    answer(attempts.start_attempt(member, sample_version, CHECK, count=7, seed=2), right=0)
    scenario.flag("The rule changed.")
    scenario.save()
    text = _text(officer_client.get(_report_url(sample_version)))
    assert "(needs review)" in text
    assert "1 scenario question needing review" in text


# -- across versions ------------------------------------------------------------


def _publish_next(version, change=None):
    from protocol import publishing
    from protocol.models import Rule

    draft = publishing.new_draft_from(version)
    if change:
        Rule.objects.filter(section__version=draft, anchor=change).update(text="a reworded rule")
    else:
        section = draft.sections.first()
        section.body += "\n\nA new sentence."
        section.save()
    return publishing.publish(draft).version


def test_publishing_a_new_version_keeps_the_report(officer_client, known, member):
    version, rule_a, rule_b, scenario = known
    before = {
        f.question.prompt_source: (f.answered, f.wrong) for f in report.question_figures(version)
    }
    newer = _publish_next(version)
    figures = report.question_figures(newer)
    after = {f.question.prompt_source: (f.answered, f.wrong) for f in figures}
    assert after == before
    # The questions are the current version's, and say which versions were answered.
    assert all(f.is_current for f in figures)
    assert {f.versions_label for f in figures} == {"version 1"}
    page = _text(officer_client.get(_report_url(newer)))
    assert "No questions have been answered" not in page
    assert "(answered on version 1)" in page
    assert report.pass_figures(newer).members_passed == 2


def test_answers_on_both_versions_add_up_per_surviving_question(known, member):
    version, rule_a, rule_b, scenario = known
    newer = _publish_next(version)
    new_a = newer.sections.get(order=1).rules.get()
    assert new_a.anchor == rule_a.anchor
    _take(member, newer, PRACTICE, set())  # every question wrong on version 2
    figure = next(f for f in report.question_figures(newer) if f.question.pk == new_a.pk)
    assert (figure.answered, figure.wrong) == (4 + 1, 1 + 1)
    assert figure.versions_label == "versions 1 and 2"


def test_a_changed_rule_keeps_its_results_under_the_version_it_was_asked_on(known):
    version, rule_a, rule_b, scenario = known
    newer = _publish_next(version, change=rule_b.anchor)
    figures = report.question_figures(newer)
    old_b = next(f for f in figures if f.question.pk == rule_b.pk)
    assert not old_b.is_current and old_b.version.number == 1
    assert (old_b.answered, old_b.wrong) == (4, 2)
    # Sections carry over by slug.
    sections = report.section_figures(newer)
    assert all(f.section.version_id == newer.pk for f in sections)


def test_the_report_across_versions_takes_a_fixed_number_of_queries(officer_client, known):
    version = known[0]
    counts = []
    for _ in range(2):
        version = _publish_next(version)
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(_report_url(version))
        counts.append(len(queries))
    assert counts[0] == counts[1]
