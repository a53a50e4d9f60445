"""Documents, versions, sections and rules: the invariants the models own.

The first tests build unsaved objects and need no database; the rest check
what the database and the models refuse once a version has been published.
"""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from protocol.models import PublishedVersionError, Rule, Section, Version
from protocol.models.documents import RESERVED_SECTION_SLUGS
from protocol.publishing import PublishError, publish
from tests import factories

Status = Version.Status


# -- unsaved objects ------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "current", "draft", "superseded"),
    [
        (Status.DRAFT, False, True, False),
        (Status.PUBLISHED, True, False, False),
        (Status.SUPERSEDED, False, False, True),
    ],
)
def test_version_status_properties(status, current, draft, superseded):
    version = Version(number=1, status=status)
    assert version.is_current is current
    assert version.is_draft is draft
    assert version.is_superseded is superseded


def test_a_new_version_is_a_draft_and_editable():
    version = Version(number=1)
    assert version.status == Status.DRAFT
    assert version.is_draft
    assert version.is_editable


def test_a_version_is_editable_only_while_stored_as_a_draft():
    # from_db is how Django builds rows it reads; no query is made here.
    fields = ["id", "status"]
    stored_draft = Version.from_db("default", fields, [1, Status.DRAFT])
    stored_published = Version.from_db("default", fields, [2, Status.PUBLISHED])
    stored_superseded = Version.from_db("default", fields, [3, Status.SUPERSEDED])
    assert stored_draft.is_editable
    assert not stored_published.is_editable
    assert not stored_superseded.is_editable
    # Changing the status in memory does not make a published row editable again.
    stored_published.status = Status.DRAFT
    assert not stored_published.is_editable


@pytest.mark.parametrize(
    ("existing", "expected"),
    [([], 1), ([1], 2), ([1, 2, 3], 4), ([3, 1, 2], 4), ([1, 5], 6)],
)
def test_next_version_number_follows_the_highest(existing, expected):
    assert Version.next_number(existing) == expected


@pytest.mark.parametrize(
    ("number", "title", "slug"),
    [
        ("13", "Staying out of Trouble", "13-staying-out-of-trouble"),
        ("", "Introduction", "introduction"),
        ("2", "What is social media?", "2-what-is-social-media"),
        ("", "All", "all-section"),
        ("", "Versions", "versions-section"),
        ("", "Compare", "compare-section"),
        ("", "History", "history-section"),
        ("", "Acknowledge", "acknowledge-section"),
        ("", "Quiz", "quiz-section"),
        ("", "V2", "v2-section"),
        ("", "v10", "v10-section"),
        ("", "!!!", "section"),
        ("4", "???", "4-section"),
        ("7", "All", "7-all"),  # the number already keeps it clear of the URL words
    ],
)
def test_section_slug_never_uses_a_word_the_urls_need(number, title, slug):
    assert Section.make_slug(number, title) == slug


def test_every_page_name_in_the_protocol_urls_is_reserved():
    # A section slugged like a page of its document would be unreachable.
    from protocol.urls import urlpatterns

    page_names = set()
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        match = re.fullmatch(r"<slug:document>/(?:v<int:number>/)?([a-z-]+)/", route)
        if match:
            page_names.add(match.group(1))
    assert {"all", "versions"} <= page_names
    assert page_names <= RESERVED_SECTION_SLUGS
    for name in page_names:
        assert Section.make_slug("", name) != name


def test_section_slug_is_not_too_long():
    slug = Section.make_slug("12", "word " * 100)
    assert len(slug) <= 64
    assert not slug.endswith("-")


def test_rule_anchor_is_readable_and_starts_with_its_kind():
    anchor = Rule.make_anchor("dont", "", "Post in haste, when you are angry or tired.", set())
    assert anchor == "dont-post-in-haste-when-you-are"


def test_rule_anchor_prefers_the_term_to_the_text():
    anchor = Rule.make_anchor("term", "Libel", "If you publish an untrue statement.", set())
    assert anchor == "term-libel"


def test_rule_anchor_is_unique_among_those_taken():
    taken = set()
    for _ in range(3):
        taken.add(Rule.make_anchor("do", "", "Check your privacy settings", taken))
    assert taken == {
        "do-check-your-privacy-settings",
        "do-check-your-privacy-settings-2",
        "do-check-your-privacy-settings-3",
    }


def test_rule_anchor_of_text_with_no_letters_is_still_an_id():
    assert Rule.make_anchor("risk", "", "…", set()) == "risk"
    assert Rule.make_anchor("risk", "", "…", {"risk"}) == "risk-2"


# -- the database -----------------------------------------------------------------


@pytest.fixture
def document(db):
    return factories.make_document("Model Protocol", "model-protocol")


@pytest.fixture
def published(document):
    return factories.make_version(document, status="published")


@pytest.fixture
def superseded(document):
    first = factories.make_version(document, status="published")
    factories.make_version(document, status="published")
    return Version.objects.get(pk=first.pk)


@pytest.fixture(params=["published", "superseded"])
def frozen(request):
    """A version members have seen: the current one or one it replaced."""
    return request.getfixturevalue(request.param)


def test_a_draft_and_its_sections_and_rules_can_be_edited_and_deleted(document):
    draft = factories.make_version(document)
    draft.change_note = "Tidied paragraph 2."
    draft.save()
    section = draft.sections.get(order=1)
    section.title = "A better title"
    section.save()
    rule = section.rules.get(order=1)
    rule.text = "Clearer wording."
    rule.save()
    assert Section.objects.get(pk=section.pk).title == "A better title"
    assert Rule.objects.get(pk=rule.pk).text == "Clearer wording."
    assert Version.objects.get(pk=draft.pk).change_note == "Tidied paragraph 2."
    rule.delete()
    section.delete()
    draft.delete()
    assert not Version.objects.filter(pk=draft.pk).exists()


def test_saving_a_published_version_is_refused(frozen):
    frozen.change_note = "rewriting history"
    with pytest.raises(PublishedVersionError):
        frozen.save()
    assert Version.objects.get(pk=frozen.pk).change_note == ""


def test_turning_a_published_version_back_into_a_draft_is_refused(frozen):
    stored_status = frozen.status
    frozen.status = Status.DRAFT
    with pytest.raises(PublishedVersionError):
        frozen.save()
    assert Version.objects.get(pk=frozen.pk).status == stored_status


def test_deleting_a_published_version_is_refused(frozen):
    with pytest.raises(PublishedVersionError):
        frozen.delete()
    assert Version.objects.filter(pk=frozen.pk).exists()


def test_sections_of_a_published_version_cannot_be_saved_or_deleted(frozen):
    section = Section.objects.filter(version=frozen).first()
    section.body = "changed"
    with pytest.raises(PublishedVersionError):
        section.save()
    with pytest.raises(PublishedVersionError):
        section.delete()
    stored = Section.objects.get(pk=section.pk)
    assert stored.body != "changed"


def test_a_section_cannot_be_added_to_a_published_version(frozen):
    section = Section(version=frozen, number="99", title="Late", slug="99-late", order=99)
    with pytest.raises(PublishedVersionError):
        section.save()
    assert not Section.objects.filter(version=frozen, order=99).exists()


def test_rules_of_a_published_version_cannot_be_saved_added_or_deleted(frozen):
    rule = Rule.objects.filter(section__version=frozen).first()
    rule.text = "changed"
    with pytest.raises(PublishedVersionError):
        rule.save()
    with pytest.raises(PublishedVersionError):
        rule.delete()
    assert Rule.objects.get(pk=rule.pk).text != "changed"
    new = Rule(section=rule.section, kind=Rule.Kind.DO, text="A new rule", order=99)
    with pytest.raises(PublishedVersionError):
        new.save()
    assert not Rule.objects.filter(section=rule.section, order=99).exists()


def test_database_refuses_a_second_current_version_even_via_queryset_update(document, published):
    draft = factories.make_version(document)
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.filter(pk=draft.pk).update(
            status=Status.PUBLISHED, published_at=timezone.now()
        )
    assert list(Version.objects.filter(document=document).current()) == [published]


def test_database_refuses_a_second_current_version_created_directly(document, published):
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.create(
            document=document, number=9, status=Status.PUBLISHED, published_at=timezone.now()
        )
    assert Version.objects.filter(document=document).count() == 1


def test_each_document_may_have_its_own_current_version(published):
    other = factories.make_document("Code of Conduct", "code-of-conduct")
    factories.make_version(other, status="published")
    assert Version.objects.current().count() == 2


def test_database_refuses_a_published_version_without_a_publication_time(document):
    draft = factories.make_version(document)
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.filter(pk=draft.pk).update(status=Status.SUPERSEDED)
    assert Version.objects.get(pk=draft.pk).is_draft


def test_database_refuses_two_versions_with_the_same_number(document):
    factories.make_version(document, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.create(document=document, number=1)


def test_publishing_supersedes_the_current_version_and_records_who_and_when(
    document, published, officer
):
    draft = factories.make_version(document)
    before = timezone.now()
    returned = publish(draft, by=officer, change_note="Paragraph 13 rewritten.").version
    after = timezone.now()

    assert returned.is_current
    result = Version.objects.get(pk=draft.pk)
    old = Version.objects.get(pk=published.pk)
    assert result.is_current
    assert old.is_superseded
    assert result.published_by == officer
    assert before <= result.published_at <= after
    assert result.change_note == "Paragraph 13 rewritten."
    assert result.effective_date == timezone.localdate(result.published_at)
    assert list(Version.objects.filter(document=document).current()) == [result]
    # The superseded version keeps its own text and publication record.
    assert old.published_at == published.published_at
    assert old.published_at < result.published_at
    assert [s.body for s in old.sections.all()] == [s.body for s in published.sections.all()]


def test_publishing_records_the_effective_date_it_is_given(document):
    draft = factories.make_version(document)
    next_month = timezone.localdate() + timedelta(days=30)
    assert publish(draft, effective_date=next_month).version.effective_date == next_month


def test_the_version_publish_returns_is_read_only(document):
    version = publish(factories.make_version(document)).version
    version.change_note = "afterthought"
    with pytest.raises(PublishedVersionError):
        version.save()


def test_publishing_the_first_version_of_a_document_supersedes_nothing(document):
    version = publish(factories.make_version(document)).version
    assert version.is_current
    assert Version.objects.filter(document=document).count() == 1


def test_publishing_a_version_that_is_not_a_draft_is_refused(frozen, officer):
    status, published_at = frozen.status, frozen.published_at
    with pytest.raises(PublishError):
        publish(frozen, by=officer)
    stored = Version.objects.get(pk=frozen.pk)
    assert (stored.status, stored.published_at) == (status, published_at)
    assert stored.published_by is None


def test_publishing_a_stale_draft_object_reads_the_stored_status(document, published):
    # An object loaded while it was a draft, then published elsewhere.
    stale = Version.objects.get(pk=published.pk)
    stale.__dict__["status"] = Status.DRAFT
    stale._stored_status = Status.DRAFT
    with pytest.raises(PublishError):
        publish(stale)


def test_rule_save_fills_a_blank_anchor_uniquely_within_the_version(document):
    draft = factories.make_version(document, sections=2, rules_per_section=0)
    first, second = draft.sections.order_by("order")
    rules = [
        Rule.objects.create(section=first, kind=Rule.Kind.DO, text="Check settings", order=1),
        Rule.objects.create(section=first, kind=Rule.Kind.DO, text="Check settings", order=2),
        Rule.objects.create(section=second, kind=Rule.Kind.DO, text="Check settings", order=1),
    ]
    anchors = [Rule.objects.get(pk=rule.pk).anchor for rule in rules]
    assert anchors == ["do-check-settings", "do-check-settings-2", "do-check-settings-3"]


def test_rule_anchor_is_kept_when_the_rule_is_edited(document):
    draft = factories.make_version(document, sections=1, rules_per_section=0)
    section = draft.sections.get()
    rule = Rule.objects.create(section=section, kind=Rule.Kind.DONT, text="Post in haste", order=1)
    rule.text = "Post in a hurry"
    rule.save()
    assert Rule.objects.get(pk=rule.pk).anchor == "dont-post-in-haste"


def test_anchors_may_repeat_across_versions_so_links_last(document):
    old = factories.make_version(document, sections=1, rules_per_section=0)
    a = Rule.objects.create(section=old.sections.get(), kind="do", text="Be kind", order=1)
    factories.publish_version(old)
    new = factories.make_version(document, sections=1, rules_per_section=0)
    b = Rule.objects.create(section=new.sections.get(), kind="do", text="Be kind", order=1)
    assert a.anchor == b.anchor == "do-be-kind"


def test_current_and_earlier_versions_have_their_own_urls(document_with_history):
    document, first, second = document_with_history
    assert second.get_absolute_url() == f"/protocol/{document.slug}/"
    assert first.get_absolute_url() == f"/protocol/{document.slug}/v{first.number}/"
    section = second.sections.get(order=1)
    assert section.get_absolute_url() == f"/protocol/{document.slug}/{section.slug}/"
    rule = section.rules.get(order=1)
    assert rule.get_absolute_url() == f"/protocol/{document.slug}/{section.slug}/#{rule.anchor}"
    old_section = first.sections.get(order=1)
    assert old_section.get_absolute_url() == (
        f"/protocol/{document.slug}/v{first.number}/{old_section.slug}/"
    )


def test_published_queryset_holds_current_and_superseded_but_not_drafts(document_with_history):
    document, first, second = document_with_history
    draft = factories.make_version(document)
    versions = Version.objects.filter(document=document)
    assert set(versions.published()) == {first, second}
    assert list(versions.current()) == [second]
    assert list(versions.drafts()) == [draft]


def test_an_object_loaded_as_a_draft_cannot_change_it_once_published(document):
    draft = factories.make_version(document)
    stale = Version.objects.get(pk=draft.pk)
    stale_section = Section.objects.select_related("version").get(version=draft, order=1)
    stale_rule = Rule.objects.select_related("section__version").filter(section__version=draft)[0]
    publish(draft)

    stale.change_note = "edited in another tab"
    with pytest.raises(PublishedVersionError):
        stale.save()
    with pytest.raises(PublishedVersionError):
        stale.delete()
    stale_section.body = "edited in another tab"
    with pytest.raises(PublishedVersionError):
        stale_section.save()
    stale_rule.text = "edited in another tab"
    with pytest.raises(PublishedVersionError):
        stale_rule.save()
    with pytest.raises(PublishedVersionError):
        stale_rule.delete()

    stored = Version.objects.get(pk=draft.pk)
    assert stored.is_current
    assert stored.change_note == ""
    assert "edited" not in Section.objects.get(pk=stale_section.pk).body
    assert Rule.objects.filter(pk=stale_rule.pk, text__contains="edited").count() == 0
