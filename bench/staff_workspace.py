"""How fast is the staff workspace with 10,000 advice requests?

Builds a team of 10 in the Communications group, the Monitoring Officer, 8
topics (6 routed to the team, 2 to the Monitoring Officer), 500 members and
10,000 requests spread over two years with every status, urgency and due date
(a third with three messages each, a tenth with an unread follow-up, each with
its submitted and routed events); then times through the test client, as a
member of the team and as the Monitoring Officer:

* the queue's views: All open, Mine, Overdue, Urgent, and a search;
* a request's page (three messages, several earlier requests), which also
  records the access, and one with 60 messages.

Target: p95 under 50 ms for the queue views and the request page. It also
prints this process's CPU time per request, which a busy shared machine does
not inflate the way it inflates the wall clock.

    .venv/bin/python bench/staff_workspace.py                  # SQLite (temporary)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/staff_workspace.py              # PostgreSQL (test_bench)

It creates its own throw-away database (Django's test database) and removes it.
"""

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from measure import conditions, percentile  # noqa: E402

SEED = 20261202
REQUESTS, MEMBERS, TEAM_SIZE = 10_000, 500, 10
RUNS = int(os.environ.get("BENCH_RUNS", "100"))
TARGET_MS = 50
WORDS = [
    "can",
    "I",
    "share",
    "the",
    "planning",
    "report",
    "about",
    "the",
    "bus",
    "depot",
    "before",
    "the",
    "committee",
    "meeting",
    "someone",
    "keeps",
    "posting",
    "abusive",
    "replies",
    "under",
    "my",
    "photo",
    "of",
    "the",
    "new",
    "cycle",
    "lane",
]


def build(rng):
    from django.contrib.auth.models import Group, User

    from portal import roles
    from protocol.advice.models import (
        AdviceEvent,
        AdviceRequest,
        Message,
        RequestStatus,
        RoutingRule,
        Topic,
        Urgency,
    )

    comms_group = Group.objects.get(name=roles.COMMUNICATIONS)
    officers = Group.objects.get(name=roles.MONITORING_OFFICER)
    members_group = Group.objects.get(name=roles.MEMBERS)
    team = []
    for n in range(TEAM_SIZE):
        user = User.objects.create_user(f"comms{n}", f"comms{n}@example.org", is_staff=True)
        user.groups.add(comms_group)
        team.append(user)
    officer = User.objects.create_user("officer", "officer@example.org", is_staff=True)
    officer.groups.add(officers)
    topics = []
    for n in range(8):
        topic = Topic.objects.create(name=f"Bench topic {n}", order=n)
        RoutingRule.objects.create(topic=topic, team=comms_group if n < 6 else officers)
        topics.append(topic)
    members = User.objects.bulk_create(
        User(username=f"member{n}", first_name=f"First{n}", last_name=f"Last{n}")
        for n in range(MEMBERS)
    )
    members_group.user_set.add(*members)
    now = timezone.now()
    today = timezone.localdate()
    statuses = list(RequestStatus.values)
    rows = []
    for n in range(REQUESTS):
        topic = topics[n % 8]
        created = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 730))
        status = rng.choices(statuses, weights=[10, 10, 5, 20, 50, 5])[0]
        rows.append(
            AdviceRequest(
                reference=AdviceRequest.format_reference(2000 + n // 9000, n % 9000 + 1),
                member=rng.choice(members),
                topic=topic,
                question=" ".join(rng.choices(WORDS, k=30)),
                urgency=rng.choices(Urgency.values, weights=[80, 15, 5])[0],
                status=status,
                team=comms_group if topic.routing_rule.team_id == comms_group.pk else officers,
                assignee=rng.choice([None, *team]) if n % 8 < 6 else None,
                routed_at=created,
                due_date=today + timedelta(days=rng.randrange(-30, 10)),
                created_at=created,
                unread_since=created if n % 10 == 0 else None,
            )
        )
    requests = AdviceRequest.objects.bulk_create(rows, batch_size=1000)
    events, messages = [], []
    for advice_request in requests:
        events.append(
            AdviceEvent(request=advice_request, action="submitted", at=advice_request.created_at)
        )
        events.append(
            AdviceEvent(request=advice_request, action="routed", at=advice_request.created_at)
        )
        if advice_request.pk % 3 == 0:
            for kind in ("reply", "follow_up", "note"):
                messages.append(
                    Message(
                        request=advice_request, kind=kind, body=" ".join(rng.choices(WORDS, k=40))
                    )
                )
    AdviceEvent.objects.bulk_create(events, batch_size=2000)
    Message.objects.bulk_create(messages, batch_size=2000)
    typical = (
        AdviceRequest.objects.filter(
            team=comms_group, status="in_progress", pk__in=[r.pk for r in requests if r.pk % 3 == 0]
        )
        .order_by("pk")
        .first()
    )
    long = AdviceRequest.objects.filter(team=comms_group, status="new").order_by("pk").first()
    Message.objects.bulk_create(
        Message(
            request=long, kind=("reply", "follow_up", "note")[n % 3], body=f"Message {n}, **bold**."
        )
        for n in range(60)
    )
    return team[0], officer, typical, long


def time_get(client, url, runs=RUNS):
    """Wall-clock and CPU milliseconds of this process per request, and query counts.

    On a machine shared with other work the wall clock includes waiting for a
    CPU; the CPU time does not (on SQLite, which runs in this process, it is what
    the page costs; on PostgreSQL it leaves out the server's share).
    """
    client.get(url)  # warm up
    timings, cpu, counts = [], [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(queries))
    return timings, cpu, counts


def main():
    rng = random.Random(SEED)
    # Not Django's test environment: it instruments every template render, which
    # the portal does not pay in production. The test client only needs its host.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Building {REQUESTS:,} requests...", flush=True)
        comms, officer, typical, long = build(rng)
        pages = []
        for who, user in [("comms", comms), ("officer", officer)]:
            client = Client()
            client.force_login(user)
            for label, url in [
                ("queue: All open", "/staff/"),
                ("queue: Mine", "/staff/?view=mine"),
                ("queue: Overdue", "/staff/?view=overdue"),
                ("queue: Urgent", "/staff/?view=urgent"),
                ("queue: search 'depot'", "/staff/?view=open&q=depot"),
                ("request page (3 messages)", typical.get_staff_url()),
                ("request page (60 messages)", long.get_staff_url()),
            ]:
                pages.append((f"{who}, {label}", *time_get(client, url)))
        print()
        print(f"Conditions: {conditions()}")
        print(f"Load average (1 min) after the timed runs: {os.getloadavg()[0]:.1f}")
        print(
            f"{'page':<45} {'p50 ms':>7} {'p95 ms':>7} {'CPU p50':>8} {'CPU p95':>8}  "
            f"queries  p95 < {TARGET_MS} ms"
        )
        for label, timings, cpu, counts in pages:
            p95 = percentile(timings, 0.95)
            print(
                f"{label:<45} {percentile(timings, 0.5):7.1f} {p95:7.1f} "
                f"{percentile(cpu, 0.5):8.1f} {percentile(cpu, 0.95):8.1f}  "
                f"{','.join(map(str, sorted(counts))):>7}  {p95 < TARGET_MS}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
