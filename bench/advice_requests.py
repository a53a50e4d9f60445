"""How fast is asking the Monitoring Officer, and do references hold under load?

Builds 8 topics routed to a team of 10 (so each request stores 11 e-mails),
60 members, and one member with 200 earlier requests and a request with 100
messages; then times, through the test client:

* sending a question (``POST /advice/ask/``, straight to "send": the form, the
  rate limit, the reference counter, routing, the due date and the e-mails);
* "My requests" with 200 requests, a request with 100 messages, and the form;

and on PostgreSQL, 8 members sending 25 requests each at the same moment, to
check every reference is different and see the throughput with the counter
row locked. Targets (SQLite): sending p95 under 60 ms; "My requests" and the
form p95 under 40 ms; the 100-message request (50 replies rendered from
Markdown) p95 under 60 ms.

    .venv/bin/python bench/advice_requests.py                  # SQLite (temporary)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/advice_requests.py              # PostgreSQL (test_bench)

It creates its own throw-away database (Django's test database) and removes it.
"""

import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from measure import conditions, percentile  # noqa: E402

SEED = 20261124
TEAM_SIZE, MEMBERS, SENDS = 10, 60, 300
HISTORY_REQUESTS, THREAD_MESSAGES, PAGE_VIEWS = 200, 100, 200
THREADS, PER_THREAD = 8, 25
PAGE_TARGETS = {"My requests (200)": 40, "a request with 100 messages": 60, "the ask form": 40}
QUESTION_WORDS = (
    "can I share the planning report about the bus depot before the committee meeting "
    "someone keeps posting abusive replies under my photo of the new cycle lane"
)
WORDS = QUESTION_WORDS.split(" ")


def build(rng):
    from django.contrib.auth.models import Group, User

    from portal import roles
    from protocol.advice import workflow
    from protocol.advice.models import RoutingRule, Topic
    from tests import factories

    factories.import_sample()
    team = Group.objects.create(name="Bench team")
    # In the Communications group too, for the permission to answer requests.
    comms = Group.objects.get(name=roles.COMMUNICATIONS)
    for n in range(TEAM_SIZE):
        User.objects.create_user(f"staff{n}", f"staff{n}@example.org", is_staff=True).groups.add(
            team, comms
        )
    topics = []
    for n in range(8):
        topic = Topic.objects.create(name=f"Bench topic {n}", order=n)
        RoutingRule.objects.create(topic=topic, team=team)
        topics.append(topic)
    members_group = Group.objects.get(name=roles.MEMBERS)
    members = []
    for n in range(MEMBERS + THREADS + 1):
        member = User.objects.create_user(f"member{n}", f"member{n}@example.org")
        member.groups.add(members_group)
        members.append(member)
    veteran = members[-1]
    for _ in range(HISTORY_REQUESTS):
        workflow.submit_request(
            veteran, topic=rng.choice(topics), question=question(rng), urgency="normal"
        )
    long_thread = veteran.advice_requests.order_by("pk").first()
    staff = User.objects.get(username="staff0")
    for n in range(THREAD_MESSAGES // 2):
        workflow.reply(long_thread, staff, f"Reply {n}.")
        workflow.add_follow_up(long_thread, veteran, f"Follow-up {n}.")
    return topics, members[:MEMBERS], members[MEMBERS : MEMBERS + THREADS], veteran, long_thread


def question(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 60))).capitalize() + "?"


def time_sends(rng, topics, members):
    clients = []
    for member in members:
        client = Client()
        client.force_login(member)
        clients.append(client)
    timings, counts = [], []
    for n in range(SENDS + 20):
        data = {
            "topic": rng.choice(topics).pk,
            "question": question(rng),
            "urgency": rng.choice(["normal", "high", "urgent"]),
            "action": "send",
        }
        connection.queries_log.clear()  # a full log would make the count read 0
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = clients[n % len(clients)].post("/advice/ask/", data)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 302, response.status_code
        if n >= 20:  # the first 20 warm up
            timings.append(elapsed)
            counts.append(len(captured))
    return timings, counts


def time_pages(veteran, long_thread):
    client = Client()
    client.force_login(veteran)
    pages = {
        "My requests (200)": "/advice/requests/",
        "a request with 100 messages": long_thread.get_absolute_url(),
        "the ask form": "/advice/ask/",
    }
    results = {}
    for label, url in pages.items():
        for _ in range(20):
            client.get(url)
        timings, counts = [], set()
        for _ in range(PAGE_VIEWS):
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
            counts.add(len(captured))
        results[label] = (timings, counts)
    return results


def time_concurrent(rng, topics, senders):
    from protocol.advice import workflow

    barrier = threading.Barrier(len(senders))
    references, errors, lock = [], [], threading.Lock()
    texts = [question(rng) for _ in range(len(senders) * PER_THREAD)]

    def send(index, member):
        try:
            barrier.wait()
            for k in range(PER_THREAD):
                advice_request = workflow.submit_request(
                    member,
                    topic=topics[k % len(topics)],
                    question=texts[index * PER_THREAD + k],
                    urgency="normal",
                )
                with lock:
                    references.append(advice_request.reference)
        except Exception as error:  # reported below
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=send, args=(i, m)) for i, m in enumerate(senders)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return references, errors, time.perf_counter() - start


def main():
    rng = random.Random(SEED)
    setup_test_environment()
    settings.ADVICE_REQUESTS_PER_HOUR = 10_000
    settings.ADVICE_FOLLOW_UPS_PER_HOUR = 10_000
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print("Building topics, a team of 10, members and their history...", flush=True)
        topics, members, senders, veteran, long_thread = build(rng)
        load_before = os.getloadavg()[0]
        send_timings, send_queries = time_sends(rng, topics, members)
        pages = time_pages(veteran, long_thread)
        load_after = os.getloadavg()[0]
        print()
        print(f"Conditions: {conditions()}")
        print(
            f"Load average (1 min) before/after the timed runs: {load_before:.1f}/{load_after:.1f}"
        )
        print(
            f"Sending a question ({len(send_timings)} sends, team of {TEAM_SIZE}): "
            f"p50 {percentile(send_timings, 0.5):.1f} ms, "
            f"p95 {percentile(send_timings, 0.95):.1f} ms, max {max(send_timings):.1f} ms; "
            f"queries median {statistics.median(send_queries):.0f}"
        )
        verdicts = []
        for label, (timings, counts) in pages.items():
            p95 = percentile(timings, 0.95)
            verdicts.append(f"{label} p95 < {PAGE_TARGETS[label]} ms: {p95 < PAGE_TARGETS[label]}")
            print(
                f"{label}: p50 {percentile(timings, 0.5):.1f} ms, "
                f"p95 {p95:.1f} ms; queries {sorted(counts)}"
            )
        if connection.vendor == "postgresql":
            references, errors, seconds = time_concurrent(rng, topics, senders)
            total = THREADS * PER_THREAD
            print(
                f"{THREADS} members sending {PER_THREAD} each at once: {len(references)}/{total} "
                f"saved in {seconds:.2f} s ({len(references) / seconds:.0f} requests/s), "
                f"{len(set(references))} different references, errors: {errors or 'none'}"
            )
        else:
            print("Concurrent senders: PostgreSQL only (SQLite runs one writer at a time).")
        verdicts.insert(0, f"sending p95 < 60 ms: {percentile(send_timings, 0.95) < 60}")
        print("Targets (for SQLite): " + "; ".join(verdicts))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
