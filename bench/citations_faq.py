"""How long does publishing take when 10,000 replies cite the protocol, and how
fast are the FAQ page, a section page with questions and a search that finds
FAQ entries?

Imports the real protocol (PROTOCOL_SEED, else the portal's sample) and
publishes it; builds 10,000 answered requests whose replies cite one section
or rule each (spread over every section), and 200 published FAQ entries
linked to sections; then:

* times ``publish()`` of a new version that rewords one section: the
  re-check flags are raised inside that transaction (reported with how many);
* times, through the test client as a member, /faq/, a section page with FAQ
  entries, and a search whose words are in FAQ entries.

    .venv/bin/python bench/citations_faq.py                  # SQLite (temporary)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/citations_faq.py              # PostgreSQL (test_bench)

It creates its own throw-away database (Django's test database) and removes it.
"""

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from measure import conditions, percentile  # noqa: E402

from portal import roles  # noqa: E402
from protocol.advice.citations.models import Citation, Recheck  # noqa: E402
from protocol.advice.citations.workflow import flag_after_publish  # noqa: E402
from protocol.advice.faq import workflow as faq  # noqa: E402
from protocol.advice.faq.models import FaqEntry  # noqa: E402
from protocol.advice.models import AdviceRequest, Message, RoutingRule, Topic  # noqa: E402
from protocol.importing import decode, parse, save_draft  # noqa: E402
from protocol.models import Rule, Section  # noqa: E402
from protocol.publishing import new_draft_from, publish  # noqa: E402

SEED = 20261202
REQUESTS, FAQS = 10_000, 200
RUNS = int(os.environ.get("BENCH_RUNS", "100"))
SOURCE = Path(
    os.environ.get("PROTOCOL_SEED") or ROOT / "protocol" / "sample" / "sample-protocol.txt"
)


def build(rng):
    version = publish(save_draft(parse(decode(SOURCE.read_bytes())))).version
    sections = list(Section.objects.filter(version=version).order_by("order"))
    rules = list(Rule.objects.filter(section__version=version))
    comms_group = Group.objects.get(name=roles.COMMUNICATIONS)
    officer = User.objects.create_user("officer", is_staff=True)
    officer.groups.add(Group.objects.get(name=roles.MONITORING_OFFICER))
    comms = User.objects.create_user("comms", is_staff=True)
    comms.groups.add(comms_group)
    member = User.objects.create_user("member", first_name="Morgan", last_name="Member")
    member.groups.add(Group.objects.get(name=roles.MEMBERS))
    topic = Topic.objects.create(name="Bench topic")
    RoutingRule.objects.create(topic=topic, team=comms_group)
    now, today = timezone.now(), timezone.localdate()
    requests = AdviceRequest.objects.bulk_create(
        (
            AdviceRequest(
                reference=AdviceRequest.format_reference(2000 + n // 9000, n % 9000 + 1),
                member=member,
                topic=topic,
                question="Can I share the report?",
                status="answered",
                team=comms_group,
                routed_at=now,
                due_date=today,
                created_at=now,
            )
            for n in range(REQUESTS)
        ),
        batch_size=1000,
    )
    replies = Message.objects.bulk_create(
        (Message(request=r, kind="reply", author=comms, body="Yes.") for r in requests),
        batch_size=1000,
    )
    citations = []
    for n, reply in enumerate(replies):
        if n % 2:
            rule = rng.choice(rules)
            citations.append(
                Citation(message=reply, section_id=rule.section_id, rule=rule, version=version)
            )
        else:
            citations.append(Citation(message=reply, section=rng.choice(sections), version=version))
    Citation.objects.bulk_create(citations, batch_size=1000)
    for n in range(FAQS):
        entry = FaqEntry.objects.create(
            question=f"Question {n} about sharing a council press release?",
            answer=f"Answer {n}: share it as it is and say whose it is.",
            source_request=requests[n],
        )
        entry.sections.set(rng.sample(sections, 2))
        faq.publish(entry, officer)
    return version, sections, officer


def timed(client, url):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return percentile(times, 0.5), percentile(times, 0.95)


def main():
    rng = random.Random(SEED)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Building {REQUESTS:,} cited replies and {FAQS} FAQ entries...", flush=True)
        version, sections, officer = build(rng)
        busiest = max(
            sections,
            key=lambda s: Citation.objects.filter(section=s, rule__isnull=True).count(),
        )
        draft = new_draft_from(version)
        changed = Section.objects.get(version=draft, slug=busiest.slug)
        changed.body += " A sentence added in the new version."
        changed.save()
        start = time.perf_counter()
        publish(draft, by=officer)
        publish_ms = (time.perf_counter() - start) * 1000
        flags = Recheck.objects.open()
        # The flagging step alone, run again on the same two versions (it moves
        # the open flags on rather than adding any).
        start = time.perf_counter()
        flag_after_publish(Section.objects.get(pk=changed.pk).version, version)
        flag_ms = (time.perf_counter() - start) * 1000
        print(conditions())
        print(
            f"publish() with {REQUESTS:,} cited replies: {publish_ms:.0f} ms, raising "
            f"{flags.filter(request__isnull=False).count()} request flags and "
            f"{flags.filter(faq__isnull=False).count()} FAQ flags; the flagging alone: "
            f"{flag_ms:.0f} ms"
        )
        client = Client()
        client.force_login(User.objects.get(username="member"))
        section_url = Section.objects.get(version__status="published", slug=busiest.slug)
        for label, url in [
            ("FAQ page (200 entries)", "/faq/"),
            ("section page with its FAQ entries", section_url.get_absolute_url()),
            ("search finding FAQ entries", "/search/?q=press+release"),
        ]:
            p50, p95 = timed(client, url)
            print(f"{label:40} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   ({RUNS} runs)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
