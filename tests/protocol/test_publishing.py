"""The Monitoring Officer drafts, compares and publishes; members see what changed."""

import csv
import io
import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from protocol import acknowledgements, diffing, publishing
from protocol.models import Acknowledgement, Notification, Rule, Section, Version
from tests import factories

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode()


# -- new drafts -------------------------------------------------------------


def test_new_draft_is_a_complete_copy_with_the_same_anchors(sample_version, officer):
    draft = publishing.new_draft_from(sample_version, by=officer)
    assert draft.is_draft and draft.number == sample_version.number + 1
    assert draft.based_on == sample_version
    old = list(sample_version.sections.order_by("order").values_list("slug", "title", "body"))
    new = list(draft.sections.order_by("order").values_list("slug", "title", "body"))
    assert old == new
    old_rules = list(
        Rule.objects.filter(section__version=sample_version)
        .order_by("section__order", "order")
        .values_list("kind", "term", "text", "anchor")
    )
    new_rules = list(
        Rule.objects.filter(section__version=draft)
        .order_by("section__order", "order")
        .values_list("kind", "term", "text", "anchor")
    )
    assert old_rules == new_rules
    # The original is untouched and still current.
    sample_version.refresh_from_db()
    assert sample_version.is_current


def test_only_one_draft_per_document(sample_version):
    draft = publishing.new_draft_from(sample_version)
    with pytest.raises(publishing.DraftExists) as error:
        publishing.new_draft_from(sample_version)
    assert error.value.draft == draft


def test_admin_new_draft_button_copies_and_says_so_if_a_draft_exists(
    officer_client, sample_version
):
    url = reverse("admin:protocol_version_new_draft", args=[sample_version.pk])
    response = officer_client.post(url)
    draft = Version.objects.drafts().get(document=sample_version.document)
    assert response.url == reverse("admin:protocol_version_change", args=[draft.pk])
    response = officer_client.post(url, follow=True)
    text = _text(response)
    assert "already has a draft" in text
    assert reverse("admin:protocol_version_change", args=[draft.pk]) in text
    assert Version.objects.drafts().filter(document=sample_version.document).count() == 1


def test_members_cannot_start_drafts(member_client, comms_client, sample_version):
    url = reverse("admin:protocol_version_new_draft", args=[sample_version.pk])
    assert member_client.post(url).status_code == 302  # to the admin login
    assert comms_client.post(url).status_code == 403
    assert not Version.objects.drafts().exists()


# -- preview ------------------------------------------------------------------


def test_officer_previews_a_draft_with_the_member_templates_and_a_banner(
    officer_client, client, member_client, sample_version
):
    draft = publishing.new_draft_from(sample_version)
    section = draft.sections.order_by("order").first()
    urls = [
        draft.get_absolute_url(),
        reverse(
            "protocol:version_all",
            kwargs={"document": draft.document.slug, "number": draft.number},
        ),
        reverse(
            "protocol:version_section",
            kwargs={
                "document": draft.document.slug,
                "number": draft.number,
                "section": section.slug,
            },
        ),
    ]
    for url in urls:
        response = officer_client.get(url)
        assert response.status_code == 200, url
        assert "Members cannot see this version" in _text(response)
        assert client.get(url).status_code == 404
        assert member_client.get(url).status_code == 404


# -- compare ------------------------------------------------------------------


def _edited_draft(version):
    draft = publishing.new_draft_from(version)
    sections = list(draft.sections.order_by("order"))
    first = sections[0]
    first.body = first.body.replace("short on purpose", "brief on purpose")
    first.save()
    renamed = sections[1]
    renamed.title = "Who must follow this guidance"
    renamed.save()
    sections[-1].delete()
    Section.objects.create(
        version=draft,
        number="9",
        title="A brand new section",
        slug="9-a-brand-new-section",
        order=99,
        body="Entirely new text.",
    )
    return draft


def test_compare_finds_added_removed_renamed_and_word_changes(sample_version):
    draft = _edited_draft(sample_version)
    changes = diffing.compare_sections(
        list(sample_version.sections.order_by("order").prefetch_related("rules")),
        list(draft.sections.order_by("order").prefetch_related("rules")),
    )
    by_kind = {}
    for change in changes:
        for kind in change.kinds:
            by_kind.setdefault(kind, []).append(change)
    assert [c.new.title for c in by_kind["added"]] == ["A brand new section"]
    assert len(by_kind["removed"]) == 1
    assert [c.new.title for c in by_kind["renamed"]] == ["Who must follow this guidance"]
    first = changes[0]
    assert "changed" in first.kinds
    assert '<del><span class="visually-hidden">removed: </span>short</del>' in first.text_diff
    assert '<ins><span class="visually-hidden">added: </span>brief</ins>' in first.text_diff
    unchanged = [c for c in changes if not c.changed]
    assert len(unchanged) == 5


def test_word_diff_escapes_markup_in_the_text():
    html = diffing.word_diff("safe text", "safe <script>alert(1)</script> text")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_compare_page_between_published_versions(client, sample_version):
    draft = _edited_draft(sample_version)
    publishing.publish(draft, change_note="Clearer wording.")
    url = reverse("protocol:compare", kwargs={"document": sample_version.document.slug})
    response = client.get(url, {"from": 1, "to": 2})
    text = _text(response)
    assert response.status_code == 200
    assert "<ins>" in text and "<del>" in text
    assert "Key:" in text
    assert "Clearer wording." in text
    # The default comparison is the previous version against the current one.
    assert "<ins>" in _text(client.get(url))


def test_compare_rejects_bad_input_with_a_message_not_an_error(client, document_with_history):
    document, _, _ = document_with_history
    url = reverse("protocol:compare", kwargs={"document": document.slug})
    for params in ({"from": 1, "to": 1}, {"from": "x", "to": 2}, {"from": 99, "to": 1}):
        response = client.get(url, params)
        assert response.status_code == 200
        assert "There is a problem" in _text(response)


def test_members_cannot_compare_with_a_draft(client, officer_client, sample_version):
    draft = _edited_draft(sample_version)
    url = reverse("protocol:compare", kwargs={"document": sample_version.document.slug})
    params = {"from": sample_version.number, "to": draft.number}
    assert "There is a problem" in _text(client.get(url, params))
    assert "<ins>" in _text(officer_client.get(url, params))


def test_compare_query_count_does_not_grow_with_versions(client):
    counts = []
    for slug, versions in (("few", 2), ("many", 12)):
        document = factories.make_document(slug.title(), slug)
        for _ in range(versions):
            factories.make_version(document, sections=5 * versions, status="published")
        url = reverse("protocol:compare", kwargs={"document": slug})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"from": 1, "to": versions}).status_code == 200
        counts.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("protocol:versions", kwargs={"document": slug})).status_code
                == 200
            )
        counts.append(len(queries))
    assert counts[0] == counts[2] and counts[1] == counts[3]


# -- publish ------------------------------------------------------------------


def _publish_form(**overrides):
    data = {
        "change_note": "We now ask you to check privacy settings monthly.",
        "internal_reason": "Audit finding 12.",
        "is_major": "1",
        "review_by": "",
        "when": "now",
        "publish_at": "",
    }
    data.update(overrides)
    return data


def test_officer_publishes_a_draft_from_the_admin_with_a_change_note(
    officer_client, officer, member, sample_version, django_capture_on_commit_callbacks
):
    draft = _edited_draft(sample_version)
    url = reverse("admin:protocol_version_publish", args=[draft.pk])
    page = officer_client.get(url)
    assert "Compared with the current version" in _text(page)
    assert "<ins>" in _text(page)
    with django_capture_on_commit_callbacks(execute=False):
        response = officer_client.post(url, _publish_form(review_by="2027-06-30"))
    assert response.status_code == 302
    draft.refresh_from_db()
    sample_version.refresh_from_db()
    assert draft.is_current and sample_version.is_superseded
    assert draft.published_by == officer and draft.published_at is not None
    assert draft.internal_reason == "Audit finding 12."
    assert str(draft.review_by) == "2027-06-30"
    assert Version.objects.filter(document=draft.document).current().count() == 1
    # Members are told of a major change.
    assert Notification.objects.filter(kind="version_published", recipient=member).exists()
    # Who did what is in the admin's history.
    history = officer_client.get(reverse("admin:admin_logentry_changelist"))
    assert f"Published version {draft.number}" in _text(history)


def test_a_minor_change_alerts_no_one_and_asks_no_one_to_read_again(
    member, member_client, sample_version
):
    acknowledgements.acknowledge(member, sample_version)
    draft = publishing.new_draft_from(sample_version)
    Notification.objects.all().delete()
    publishing.publish(draft, change_note="Typo fixed.", is_major=False)
    assert not Notification.objects.exists()
    response = member_client.get(draft.document.get_absolute_url())
    assert "Please confirm you have read" not in _text(response)


def test_internal_reason_is_never_shown_to_members(client, sample_version):
    draft = publishing.new_draft_from(sample_version)
    publishing.publish(draft, change_note="Public note.", internal_reason="Secret reason.")
    for url in (
        draft.document.get_absolute_url(),
        reverse("protocol:versions", kwargs={"document": draft.document.slug}),
        reverse("protocol:compare", kwargs={"document": draft.document.slug}),
    ):
        text = _text(client.get(url))
        assert "Secret reason." not in text
    assert "Public note." in _text(
        client.get(reverse("protocol:versions", kwargs={"document": draft.document.slug}))
    )


def test_publish_form_errors_keep_what_was_typed(officer_client, sample_version):
    draft = publishing.new_draft_from(sample_version)
    url = reverse("admin:protocol_version_publish", args=[draft.pk])
    response = officer_client.post(
        url, _publish_form(when="later", publish_at="", change_note="Kept text")
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Give the date and time to publish." in text
    assert "Kept text" in text
    draft.refresh_from_db()
    assert draft.is_draft


def test_publishing_a_non_draft_is_refused(sample_version):
    with pytest.raises(publishing.PublishError):
        publishing.publish(sample_version)


@pytest.mark.postgres(reason="Row locks are PostgreSQL's; SQLite serialises writers anyway.")
@pytest.mark.django_db(transaction=True)
def test_two_officers_publishing_at_once_leave_exactly_one_current_version(
    sample_version,
):
    draft = publishing.new_draft_from(sample_version)
    results = []

    def attempt():
        try:
            publishing.publish(Version.objects.get(pk=draft.pk))
            results.append("published")
        except publishing.PublishError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["published", "refused", "refused", "refused"]
    assert Version.objects.filter(document=sample_version.document).current().count() == 1


# -- scheduled publishing ----------------------------------------------------------


def test_a_scheduled_version_becomes_current_at_its_time_without_anyone_acting(
    officer_client, officer, sample_version
):
    draft = _edited_draft(sample_version)
    when = timezone.now() + timedelta(hours=2)
    response = officer_client.post(
        reverse("admin:protocol_version_publish", args=[draft.pk]),
        _publish_form(when="later", publish_at=timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_draft and draft.scheduled_for is not None
    assert publishing.publish_due_versions() == []
    published = publishing.publish_due_versions(now=timezone.now() + timedelta(hours=3))
    assert [v.pk for v in published] == [draft.pk]
    draft.refresh_from_db()
    assert draft.is_current and draft.published_by == officer
    assert draft.effective_date == timezone.localdate(draft.scheduled_for or when)


def test_publish_scheduled_command_publishes_due_drafts(sample_version):
    draft = publishing.new_draft_from(sample_version)
    Version.objects.filter(pk=draft.pk).update(scheduled_for=timezone.now() - timedelta(minutes=1))
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "Published" in out.getvalue()
    draft.refresh_from_db()
    assert draft.is_current


def test_scheduling_in_the_past_is_refused(sample_version):
    draft = publishing.new_draft_from(sample_version)
    with pytest.raises(publishing.PublishError, match="future"):
        publishing.schedule(draft, timezone.now() - timedelta(hours=1))


# -- what changed, history, point in time -------------------------------------------


def test_current_version_says_updated_on_with_a_link_to_what_changed(client, sample_version):
    draft = publishing.new_draft_from(sample_version)
    publishing.publish(draft, change_note="Clearer.")
    text = _text(client.get(draft.document.get_absolute_url()))
    assert "Updated on" in text and "what changed" in text
    assert f"?from={sample_version.number}&amp;to={draft.number}" in text


def test_history_lists_every_published_version_with_its_change_note(client, sample_version):
    draft = publishing.new_draft_from(sample_version)
    publishing.publish(draft, change_note="Second **edition**.")
    text = _text(client.get(reverse("protocol:versions", kwargs={"document": draft.document.slug})))
    assert "Version 1" in text and "Version 2" in text
    assert "Second <strong>edition</strong>." in text


def test_old_section_page_says_whether_the_section_changed_since(client, sample_version):
    draft = _edited_draft(sample_version)
    publishing.publish(draft)
    sections = list(sample_version.sections.order_by("order"))
    sample_version.refresh_from_db()
    changed = client.get(sections[0].get_absolute_url().replace("/protocol/", "/protocol/", 1))
    assert "has changed since" in _text(changed)
    unchanged_section = sections[3]
    unchanged_section.version = sample_version
    text = _text(client.get(unchanged_section.get_absolute_url()))
    assert "reads the same in the current version" in text


def _history(first_effective, second_effective):
    """A document whose version 1 took effect on one date and version 2 on
    another (set when publishing: a published version's dates never change)."""
    document = factories.make_document("History Protocol", "history-protocol")
    first, second = [
        publishing.publish(factories.make_version(document), effective_date=day).version
        for day in (first_effective, second_effective)
    ]
    first.refresh_from_db()
    return document, first, second


def test_as_of_a_date_finds_the_version_in_effect_then(client):
    document, first, second = _history(date(2025, 1, 10), date(2025, 6, 1))
    url = reverse("protocol:as_of", kwargs={"document": document.slug})
    response = client.get(url, {"date": "2025-03-15"})
    assert response.status_code == 302
    assert response.url == f"/protocol/{document.slug}/v{first.number}/"
    assert client.get(url, {"date": "2025-07-01"}).url == f"/protocol/{document.slug}/"
    early = client.get(url, {"date": "2024-01-01"})
    assert early.status_code == 200
    assert "was not yet in effect" in _text(early)
    bad = client.get(url, {"date": "not a date"})
    assert bad.status_code == 200
    assert "There is a problem" in _text(bad)
    assert Version.objects.as_of(timezone.datetime(2025, 3, 15).date()) == first


def test_a_later_version_dated_back_is_the_one_in_effect(client):
    """A correction published later with an earlier effective date replaces the
    earlier version: the page and the QuerySet agree on the latest published."""
    document, first, second = _history(date(2025, 3, 1), date(2025, 1, 1))
    day = timezone.datetime(2025, 4, 1).date()
    assert Version.objects.filter(document=document).as_of(day) == second
    url = reverse("protocol:as_of", kwargs={"document": document.slug})
    assert client.get(url, {"date": "2025-04-01"}).url == f"/protocol/{document.slug}/"


def test_review_due_and_overdue_count_from_today(sample_version):
    today = timezone.localdate()
    versions = Version.objects.filter(pk=sample_version.pk)
    versions.update(review_by=today + timedelta(days=30))
    assert list(Version.objects.review_due(today)) == [sample_version]
    assert not Version.objects.review_overdue(today).exists()
    versions.update(review_by=today + timedelta(days=31))
    assert not Version.objects.review_due(today).exists()
    versions.update(review_by=today - timedelta(days=1))
    assert list(Version.objects.review_overdue(today)) == [sample_version]


# -- acknowledgements ---------------------------------------------------------


def test_member_is_asked_once_per_major_version_and_confirms(member_client, member, sample_version):
    url = sample_version.document.get_absolute_url()
    assert "Please confirm you have read version 1" in _text(member_client.get(url))
    ack = reverse("protocol:acknowledge", kwargs={"document": sample_version.document.slug})
    page = member_client.get(ack)
    assert "I have read version 1" in _text(page)
    response = member_client.post(ack, follow=True)
    assert "you have confirmed" in _text(response)
    assert Acknowledgement.objects.filter(user=member, version=sample_version).count() == 1
    member_client.post(ack)
    assert Acknowledgement.objects.filter(user=member).count() == 1
    assert "Please confirm" not in _text(member_client.get(url))
    # A new major version asks again, and offers what changed since last read.
    draft = _edited_draft(sample_version)
    publishing.publish(draft, change_note="Big change.")
    text = _text(member_client.get(url))
    assert "Please confirm you have read version 2" in text
    assert f"?from=1&amp;to={draft.number}" in text


def test_what_changed_since_last_read_spans_several_versions(member_client, member, sample_version):
    acknowledgements.acknowledge(member, sample_version)
    second = publishing.publish(publishing.new_draft_from(sample_version), is_major=False).version
    third = publishing.publish(publishing.new_draft_from(second), is_major=True).version
    text = _text(member_client.get(third.document.get_absolute_url()))
    assert f"?from={sample_version.number}&amp;to={third.number}" in text


def test_staff_and_anonymous_visitors_are_not_asked_to_confirm(
    client, officer_client, sample_version
):
    url = sample_version.document.get_absolute_url()
    assert "Please confirm" not in _text(client.get(url))
    assert "Please confirm" not in _text(officer_client.get(url))
    ack = reverse("protocol:acknowledge", kwargs={"document": sample_version.document.slug})
    assert client.post(ack).status_code == 302
    assert not Acknowledgement.objects.exists()


def test_officer_sees_who_has_read_exports_csv_and_sends_reminders(
    officer_client, member, other_member, sample_version
):
    acknowledgements.acknowledge(member, sample_version)
    url = reverse("admin:protocol_version_acknowledgements", args=[sample_version.pk])
    text = _text(officer_client.get(url))
    assert "1 of 2 members" in text
    rows = list(csv.reader(io.StringIO(_text(officer_client.get(url, {"format": "csv"})))))
    assert rows[0][:4] == ["name", "username", "email", "read"]
    read = {row[1]: row[3] for row in rows[1:]}
    assert read == {"member": "yes", "other_member": "no"}
    Notification.objects.all().delete()
    officer_client.post(url)
    reminders = Notification.objects.filter(kind="acknowledgement_reminder")
    assert list(reminders.values_list("recipient__username", flat=True)) == ["other_member"]


def test_acknowledgement_page_query_count_does_not_grow_with_members(
    officer_client, sample_version
):
    from django.contrib.auth.models import Group, User

    from portal import roles

    url = reverse("admin:protocol_version_acknowledgements", args=[sample_version.pk])
    group = Group.objects.get(name=roles.MEMBERS)
    counts = []
    for batch in (2, 30):
        for i in range(batch):
            user = User.objects.create_user(f"m{batch}-{i}", f"m{batch}-{i}@example.org")
            user.groups.add(group)
            if i % 2:
                acknowledgements.acknowledge(user, sample_version)
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_major_publication_emails_members_a_summary_with_a_link(
    member, sample_version, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    draft = publishing.new_draft_from(sample_version)
    with django_capture_on_commit_callbacks(execute=False):
        publishing.publish(draft, change_note="Check privacy settings monthly.")
    call_command("send_due_notifications", stdout=io.StringIO())
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "version 2" in message.subject
    assert "Check privacy settings monthly." in message.body
    assert f"?from=1&to={draft.number}" in message.body


# -- caching ---------------------------------------------------------------------


def test_published_pages_answer_a_conditional_get_with_304(client, member_client, sample_version):
    url = sample_version.document.get_absolute_url()
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag.startswith('"')
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Another reader, or a new version, gets a fresh page.
    assert member_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    publishing.publish(publishing.new_draft_from(sample_version))
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_every_worker_gives_the_same_page_the_same_etag(client, sample_version, monkeypatch):
    """Behind several workers a reader's conditional GET may reach any of them:
    the tag depends on what the page shows, not on when the process started."""
    import importlib
    import time

    from protocol.views import reading

    url = sample_version.document.get_absolute_url()
    etag = client.get(url).headers["ETag"]
    started = time.time()
    monkeypatch.setattr(time, "time", lambda: started + 3600)
    importlib.reload(reading)  # as a worker started an hour later loads it
    assert client.get(url).headers["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_new_release_of_the_templates_changes_the_etag(tmp_path):
    from protocol.caching import release_digest

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<h1>Contents</h1>")
    before = release_digest([tmp_path / "templates", tmp_path / "missing.json"])
    assert release_digest([tmp_path / "templates"]) == before
    page.write_text("<h1>Contents of the protocol</h1>")
    assert release_digest([tmp_path / "templates"]) != before


def test_review_dates_due_are_listed_in_the_admin(officer_client, sample_version):
    Version.objects.filter(pk=sample_version.pk).update(
        review_by=timezone.localdate() + timedelta(days=10)
    )
    response = officer_client.get(reverse("admin:protocol_document_changelist"), {"review": "due"})
    text = _text(response)
    assert "due in 10 days" in text
    assert sample_version.document.title in text
    response = officer_client.get(
        reverse("admin:protocol_document_changelist"), {"review": "overdue"}
    )
    assert "due in 10 days" not in _text(response)


def test_publishing_tells_the_officer_which_quiz_questions_need_review(
    officer_client, sample_version
):
    from tests.quiz.factories import make_scenario

    rule = Rule.objects.filter(section__version=sample_version, kind="dont").first()
    make_scenario(sample_version, rule=rule)
    draft = publishing.new_draft_from(sample_version)
    Rule.objects.filter(section__version=draft, anchor=rule.anchor).update(
        text="post only after a night's sleep"
    )
    response = officer_client.post(
        reverse("admin:protocol_version_publish", args=[draft.pk]), _publish_form(), follow=True
    )
    assert "1 quiz question came from rules or sections that changed" in _text(response)


def test_publish_says_what_it_did(sample_version):
    from protocol.quiz.models import Question
    from tests.quiz.factories import make_scenario

    rule = Rule.objects.filter(section__version=sample_version, kind="dont").first()
    make_scenario(sample_version, rule=rule)
    draft = publishing.new_draft_from(sample_version)
    Rule.objects.filter(section__version=draft, anchor=rule.anchor).update(text="reworded")
    publication = publishing.publish(draft)
    assert publication.version.pk == draft.pk and publication.version.is_current
    assert publication.previous.pk == sample_version.pk
    assert publication.flagged_questions == list(
        Question.objects.filter(version=draft, status=Question.Status.NEEDS_REVIEW)
    )
    assert len(publication.flagged_questions) == 1
    assert publication.rechecks == []
