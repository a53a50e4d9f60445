"""Reference numbers such as MO-2026-0042: per year, in order, and unique even
when requests arrive at the same moment."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, close_old_connections, connection, transaction

from portal import roles
from protocol.advice import workflow
from protocol.advice.models import AdviceRequest, ReferenceCounter
from tests.advice.factories import ask

LONDON = ZoneInfo("Europe/London")


def test_the_reference_format():
    assert AdviceRequest.format_reference(2026, 42) == "MO-2026-0042"
    assert AdviceRequest.format_reference(2027, 1) == "MO-2027-0001"
    assert AdviceRequest.format_reference(2026, 12345) == "MO-2026-12345"


@pytest.mark.django_db
def test_references_follow_on_within_a_year_and_restart_in_the_next(member, comms_topic):
    first = ask(member, comms_topic)
    second = ask(member, comms_topic)
    year = first.created_at.astimezone(LONDON).year
    assert first.reference == f"MO-{year}-0001"
    assert second.reference == f"MO-{year}-0002"
    with transaction.atomic():
        assert workflow.next_reference(datetime(2027, 1, 1, 0, 5, tzinfo=LONDON)) == (
            "MO-2027-0001"
        )
    assert ReferenceCounter.objects.get(year=year).last_number == 2


@pytest.mark.django_db
def test_the_year_is_the_local_one(db):
    # 23:30 UTC on 31 December is still 2026 in London (GMT), so the 2026 counter.
    new_year_eve = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    with transaction.atomic():
        assert workflow.next_reference(new_year_eve).startswith("MO-2026-")


@pytest.mark.django_db
def test_the_database_refuses_a_second_request_with_the_same_reference(member, comms_topic):
    taken = ask(member, comms_topic)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdviceRequest.objects.create(
            reference=taken.reference,
            member=member,
            topic=comms_topic,
            question="A question long enough.",
            team=taken.team,
            routed_at=taken.routed_at,
            due_date=taken.due_date,
        )


@pytest.mark.django_db
def test_many_requests_one_after_another_all_get_different_numbers(comms_topic, settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 1000
    members = _members(8)
    references = [ask(member, comms_topic).reference for member in members for _ in range(5)]
    assert len(set(references)) == 40
    assert sorted(int(r.rsplit("-", 1)[1]) for r in references) == list(range(1, 41))


def _members(count):
    group = Group.objects.get(name=roles.MEMBERS)
    members = []
    for n in range(count):
        member = User.objects.create_user(f"m{n}", f"m{n}@example.org")
        member.groups.add(group)
        members.append(member)
    return members


@pytest.mark.postgres(
    reason="SQLite runs one writer at a time; the sequential test covers it there."
)
@pytest.mark.django_db(transaction=True)
def test_requests_sent_at_the_same_moment_get_different_numbers(comms_topic, settings):
    settings.ADVICE_REQUESTS_PER_HOUR = 1000
    threads_count, per_thread = 8, 5
    members = _members(threads_count)
    barrier = threading.Barrier(threads_count)
    references, errors = [], []
    lock = threading.Lock()

    def send(member):
        try:
            barrier.wait()
            for _ in range(per_thread):
                reference = ask(member, comms_topic).reference
                with lock:
                    references.append(reference)
        except Exception as error:  # collected and reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=send, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(references) == threads_count * per_thread
    assert len(set(references)) == len(references)
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(1, threads_count * per_thread + 1))
    assert AdviceRequest.objects.count() == threads_count * per_thread
