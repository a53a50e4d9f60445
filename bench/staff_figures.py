"""How fast is the Monitoring Officer's figures page with 10,000 advice requests?

Builds the sample protocol, 8 topics routed to 3 teams, 200 members and
10,000 requests sent over the last 26 weeks (a third about a section, four in
five replied to, 2,000 questions answered by the suggested guidance), then
times through the test client:

* the figures page for the default period (the last 12 weeks, about 4,600
  requests) and for the whole 26 weeks;
* one CSV table (requests per week by topic) for the 26 weeks.

The query count per page is printed too: it must be the same whatever the
number of requests. Beside the wall-clock times, the CPU time of this process
per view is printed: on a shared machine it moves far less with the load than
the wall clock does (with SQLite it includes the database's work, with
PostgreSQL it does not). No target is set in the issue beyond "stays fast"; the
queue and request page aim at p95 under 50 ms.

    .venv/bin/python bench/staff_figures.py                  # SQLite (temporary)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/staff_figures.py              # PostgreSQL (test_bench)

It creates its own throw-away database (Django's test database) and removes it.
``build()`` is also used to fill a development database with realistic data.
"""

import os
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SEED = 20261202
REQUESTS, MEMBERS, WEEKS, GUIDANCE = 10_000, 200, 26, 2_000
PAGE_VIEWS = 60

TOPICS = [
    ("Before I post: is this all right?", "Communications team"),
    ("Something I already posted", "Communications team"),
    ("Threats, abuse or harassment", "Monitoring Officer"),
    ("Declaring interests online", "Monitoring Officer"),
    ("Campaigning and elections", "Elections team"),
    ("Using council information", "Monitoring Officer"),
    ("Photos, video and recording", "Communications team"),
    ("Something else", "Monitoring Officer"),
]


def build(rng, requests=REQUESTS, members=MEMBERS, weeks=WEEKS, guidance=GUIDANCE, now=None):
    """Bulk-create topics, teams, members, requests, replies and deflections.

    Needs a published protocol (for sections). Returns the Monitoring Officer
    user, who can see the figures.
    """
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from portal import roles
    from protocol.advice.models import (
        AdviceRequest,
        AnsweredByGuidance,
        Message,
        RoutingRule,
        Topic,
        Urgency,
    )
    from protocol.advice.working_days import add_working_days
    from protocol.models import Section, Version

    now = now or timezone.now()
    officer, _ = User.objects.get_or_create(
        username="figures_officer",
        defaults={"email": "mo@example.org", "first_name": "Morgan", "is_staff": True},
    )
    officer.groups.add(Group.objects.get(name=roles.MONITORING_OFFICER))
    topics = []
    for order, (name, team_name) in enumerate(TOPICS):
        team, _ = Group.objects.get_or_create(name=team_name)
        topic, _ = Topic.objects.get_or_create(name=name, defaults={"order": 100 + order})
        RoutingRule.objects.update_or_create(topic=topic, defaults={"team": team})
        topics.append((topic, team))
    members_group = Group.objects.get(name=roles.MEMBERS)
    people = User.objects.bulk_create(
        User(username=f"figures_member{n}", email=f"fm{n}@example.org") for n in range(members)
    )
    members_group.user_set.add(*people)
    staff = User.objects.bulk_create(
        User(username=f"figures_staff{n}", email=f"fs{n}@example.org", is_staff=True)
        for n in range(6)
    )
    current = Version.objects.current().first()
    sections = list(Section.objects.filter(version=current)) if current else []
    # Some sections are asked about far more than others.
    section_weights = [1 / (i + 1) for i in range(len(sections))]
    days = {Urgency.URGENT: 1, Urgency.HIGH: 2, Urgency.NORMAL: 3}
    start = now - timedelta(weeks=weeks)
    span = (now - start).total_seconds()
    last = AdviceRequest.objects.count()
    rows = []
    for n in range(requests):
        created = start + timedelta(seconds=rng.random() * span)
        if created.weekday() >= 5 and rng.random() < 0.7:
            created -= timedelta(days=2)  # fewer at weekends
        topic, team = rng.choices(topics, weights=[8, 3, 2, 3, 2, 2, 2, 1])[0]
        urgency = rng.choices(list(days), weights=[1, 2, 7])[0]
        due = add_working_days(timezone.localdate(created), days[urgency], set())
        age = (now - created).days
        status = rng.choices(
            ["new", "in_progress", "answered", "closed", "withdrawn"],
            weights=[1, 2, 4, 10, 1] if age > 10 else [4, 4, 3, 1, 1],
        )[0]
        rows.append(
            AdviceRequest(
                reference=AdviceRequest.format_reference(created.year, last + n + 1),
                member=rng.choice(people),
                topic=topic,
                question="A question about posting that the figures never show.",
                section=(
                    rng.choices(sections, weights=section_weights)[0]
                    if sections and rng.random() < 0.35
                    else None
                ),
                urgency=urgency,
                status=status,
                team=team,
                routed_at=created,
                due_date=due,
                created_at=created,
            )
        )
    created_rows = AdviceRequest.objects.bulk_create(rows, batch_size=1000)
    messages = []
    for advice_request in created_rows:
        if advice_request.status in ("answered", "closed") or (
            advice_request.status == "in_progress" and rng.random() < 0.3
        ):
            hours = rng.lognormvariate(2.8, 0.9)  # median about 16 hours
            if advice_request.urgency == Urgency.URGENT:
                hours /= 4
            at = advice_request.created_at + timedelta(hours=hours)
            if at < now:
                messages.append(
                    Message(
                        request=advice_request,
                        kind=Message.Kind.REPLY,
                        author=rng.choice(staff),
                        body="Thank you for asking.",
                        created_at=at,
                    )
                )
                if rng.random() < 0.3:
                    messages.append(
                        Message(
                            request=advice_request,
                            kind=Message.Kind.REPLY,
                            author=rng.choice(staff),
                            body="A further reply.",
                            created_at=at + timedelta(hours=5),
                        )
                    )
    Message.objects.bulk_create(messages, batch_size=2000)
    AnsweredByGuidance.objects.bulk_create(
        AnsweredByGuidance(
            topic=rng.choices(topics, weights=[8, 3, 1, 4, 2, 3, 2, 1])[0][0],
            at=start + timedelta(seconds=rng.random() * span),
        )
        for _ in range(guidance)
    )
    return officer


def _time(client, url, views):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        client.get(url)
    timings, cpu, counts = [], [], set()
    for _ in range(views):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(captured))
    return timings, cpu, counts


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.utils import timezone
    from measure import conditions, percentile

    from tests import factories

    rng = random.Random(SEED)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Building {REQUESTS:,} requests over {WEEKS} weeks...", flush=True)
        factories.import_sample()
        officer = build(rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        client = Client()
        client.force_login(officer)
        today = timezone.localdate()
        whole = f"?start={(today - timedelta(weeks=WEEKS)).isoformat()}&end={today.isoformat()}"
        pages = {
            "figures page, last 12 weeks (default)": "/staff/figures/",
            f"figures page, {WEEKS} weeks": f"/staff/figures/{whole}",
            f"CSV by topic, {WEEKS} weeks": f"/staff/figures/topics.csv{whole}",
        }
        load_before = os.getloadavg()[0]
        results = {label: _time(client, url, PAGE_VIEWS) for label, url in pages.items()}
        load_after = os.getloadavg()[0]
        print()
        print(f"Conditions: {conditions()}")
        print(f"Load average (1 min) before/after: {load_before:.1f}/{load_after:.1f}")
        print(f"{REQUESTS:,} requests; {PAGE_VIEWS} views of each page after 5 warm-up views")
        for label, (timings, cpu, counts) in results.items():
            print(
                f"{label}: p50 {percentile(timings, 0.5):.1f} ms, "
                f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms; "
                f"CPU of this process p50 {percentile(cpu, 0.5):.1f} ms, "
                f"p95 {percentile(cpu, 0.95):.1f} ms; queries {sorted(counts)}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    started = datetime.now()
    main()
    print(f"(took {(datetime.now() - started).seconds} s)")
