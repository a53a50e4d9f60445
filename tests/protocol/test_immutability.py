"""A published version never changes, in the database too: triggers (made by a
migration, on SQLite and PostgreSQL) refuse what bypasses the models, such as
raw SQL or a queryset update, while what publishing legitimately does still
works. These run on whichever engine the suite runs on; CI runs both."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from protocol import publishing
from protocol.models import Rule, Section, Version
from tests import factories

pytestmark = pytest.mark.django_db


def _sql(statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def _refused(statement, params=()):
    with pytest.raises(IntegrityError, match="published version cannot be changed"):
        _sql(statement, params)


@pytest.fixture
def published():
    return factories.make_version(factories.make_document("Frozen"), status="published")


@pytest.mark.parametrize(
    "column, value",
    [
        ("change_note", "Rewritten"),
        ("number", 99),
        ("effective_date", "2020-01-01"),
        ("is_major", False),
        ("published_at", "2020-01-01 00:00:00"),
        ("status", "draft"),
    ],
)
def test_raw_sql_cannot_change_a_published_version(published, column, value):
    _refused(f"UPDATE protocol_version SET {column} = %s WHERE id = %s", [value, published.pk])
    assert Version.objects.get(pk=published.pk).number == published.number


def test_raw_sql_cannot_delete_a_published_version(published):
    _refused("DELETE FROM protocol_version WHERE id = %s", [published.pk])


def test_raw_sql_cannot_change_add_or_delete_a_published_versions_sections(published):
    section = published.sections.first()
    _refused("UPDATE protocol_section SET body = 'Changed' WHERE id = %s", [section.pk])
    _refused("DELETE FROM protocol_section WHERE id = %s", [section.pk])
    _refused(
        'INSERT INTO protocol_section (version_id, number, title, slug, "order", body, '
        "body_html, title_generated) VALUES (%s, '9', 'New', 'new', 99, '', '', %s)",
        [published.pk, False],
    )
    assert Section.objects.get(pk=section.pk).body == section.body


def test_raw_sql_cannot_change_add_or_delete_a_published_versions_rules(published):
    rule = Rule.objects.filter(section__version=published).first()
    _refused("UPDATE protocol_rule SET text = 'Changed' WHERE id = %s", [rule.pk])
    _refused("DELETE FROM protocol_rule WHERE id = %s", [rule.pk])
    _refused(
        'INSERT INTO protocol_rule (section_id, kind, term, text, text_html, "order", anchor) '
        "VALUES (%s, 'do', '', 'New', '', 99, 'new-rule')",
        [rule.section_id],
    )


def test_a_queryset_update_cannot_change_a_superseded_version(published):
    publishing.publish(publishing.new_draft_from(published))
    published.refresh_from_db()
    assert published.is_superseded
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.filter(pk=published.pk).update(change_note="Rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.filter(pk=published.pk).update(status=Version.Status.PUBLISHED)


def test_publishing_still_supersedes_and_review_dates_still_move(published, officer):
    second = publishing.publish(publishing.new_draft_from(published), by=officer).version
    assert Version.objects.get(pk=published.pk).is_superseded
    Version.objects.filter(pk=second.pk).update(review_by=timezone.localdate())
    assert Version.objects.get(pk=second.pk).review_by == timezone.localdate()


def test_drafts_stay_free_to_change(published):
    draft = publishing.new_draft_from(published)
    section = draft.sections.first()
    _sql("UPDATE protocol_section SET body = 'Changed' WHERE id = %s", [section.pk])
    _sql("UPDATE protocol_version SET change_note = 'Draft note' WHERE id = %s", [draft.pk])
    Version.objects.filter(pk=draft.pk).delete()  # with its sections and rules
    assert not Version.objects.filter(pk=draft.pk).exists()


def test_erasing_the_account_that_published_a_version_still_works(published):
    publisher = User.objects.create_user("publisher")
    second = publishing.publish(publishing.new_draft_from(published), by=publisher).version
    publisher.delete()
    second.refresh_from_db()
    assert second.published_by is None and second.is_current


@pytest.mark.django_db(transaction=True)
def test_emptying_the_database_still_works_and_keeps_the_triggers():
    factories.make_version(factories.make_document("Frozen"), status="published")
    call_command("flush", interactive=False, verbosity=0)
    assert not Version.objects.exists()
    again = factories.make_version(factories.make_document("Again"), status="published")
    _refused("DELETE FROM protocol_version WHERE id = %s", [again.pk])


@pytest.mark.postgres
def test_postgresql_has_the_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'protocol_published_%%' ORDER BY 1"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == [
        "protocol_published_rule_guard",
        "protocol_published_section_guard",
        "protocol_published_version_guard",
    ]
