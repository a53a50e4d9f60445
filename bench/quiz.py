"""How long do the quiz's pages take when many members have taken it?

Builds, in a throw-away database, a protocol of 15 sections with 4 do/don't
rules each and 20 scenario questions, then ATTEMPTS finished attempts of ten
questions (from a fixed seed) spread over MEMBERS members. Times, through
Django's test client (no network, no static files):

* the Monitoring Officer's report page and its CSV export;
* a question page of an attempt, and answering it (post and redirect).

Usage (from the project folder):

    DEBUG=true .venv/bin/python bench/quiz.py [--attempts 2000] [--members 200] [--repeat 15]
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/quiz.py
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")


def _conditions(connection):
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = "unknown"
    import django

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        db_version = cursor.fetchone()[0]
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = meminfo.read_text().splitlines()[0].split(":")[1].strip()
    return [
        f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"commit: {commit}",
        f"python: {platform.python_version()}, django: {django.get_version()}",
        f"database: {connection.vendor} {db_version}",
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, {memory}",
    ]


def _time(label, function, repeat):
    function()  # warm up
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append((time.perf_counter() - start) * 1000)
    spread = statistics.stdev(runs) if len(runs) > 1 else 0.0
    print(
        f"{label:<34} median {statistics.median(runs):8.1f} ms   "
        f"min {min(runs):8.1f}   max {max(runs):8.1f}   stdev {spread:6.1f}   (n={repeat})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    from measure import throwaway_database

    with throwaway_database() as connection:
        run(args, connection)


def run(args, connection):
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from portal import roles
    from protocol.quiz import attempts, questions
    from protocol.quiz.models import Answer, Attempt
    from tests import factories
    from tests.quiz.factories import make_scenario, wrong_choice

    document = factories.make_document("Bench Protocol", "bench-protocol")
    version = factories.make_version(document, sections=15, rules_per_section=4, status="published")
    for i in range(20):
        make_scenario(version, options=[(f"Option {j}", j == i % 4) for j in range(4)])
    members_group = Group.objects.get(name=roles.MEMBERS)
    members = []
    for i in range(args.members):
        user = User.objects.create_user(f"member{i}", password="x")
        user.groups.add(members_group)
        members.append(user)
    officer = User.objects.create_user("officer", password="x", is_staff=True)
    officer.groups.add(Group.objects.get(name=roles.MONITORING_OFFICER))

    build_start = time.perf_counter()
    # Rows written in bulk (the same rows start_attempt and record_answer write),
    # so building 20,000 answers takes seconds rather than minutes.
    rule_ids, scenario_ids = questions.candidates(version)
    pool = questions.load(
        version,
        [(questions.RULE, pk) for pk in rule_ids]
        + [(questions.SCENARIO, pk) for pk in scenario_ids],
        seed=0,
    )
    now = timezone.now()
    for batch_start in range(0, args.attempts, 500):
        batch = range(batch_start, min(batch_start + 500, args.attempts))
        drawn = {i: questions.choose(rule_ids, scenario_ids, 10, seed=i) for i in batch}
        # Fixed pattern: about a third of answers wrong, more on some questions.
        wrong = {i: [(i + pk) % 3 == 0 for _, pk in drawn[i]] for i in batch}
        rows = Attempt.objects.bulk_create(
            Attempt(
                user=members[i % len(members)],
                version=version,
                mode=Attempt.Mode.CHECK,
                seed=i,
                question_count=len(drawn[i]),
                pass_mark=80,
                started_at=now,
                finished_at=now,
                score=wrong[i].count(False),
                passed=Attempt.passes(wrong[i].count(False), len(drawn[i]), 80),
            )
            for i in batch
        )
        answers = []
        for attempt, i in zip(rows, batch, strict=True):
            for position, (key, is_wrong) in enumerate(zip(drawn[i], wrong[i], strict=True), 1):
                question = pool[key]
                choice = wrong_choice(question) if is_wrong else question.right
                answers.append(
                    Answer(
                        attempt=attempt,
                        position=position,
                        rule_id=key[1] if question.is_rule else None,
                        question_id=None if question.is_rule else key[1],
                        chosen=choice if question.is_rule else "",
                        chosen_option_id=None if question.is_rule else int(choice),
                        is_correct=not is_wrong,
                        answered_at=now,
                    )
                )
        Answer.objects.bulk_create(answers)
    build_seconds = time.perf_counter() - build_start

    print("Quiz benchmark")
    for line in _conditions(connection):
        print(f"  {line}")
    print(
        f"  data: {Attempt.objects.count()} attempts, {Answer.objects.count()} answers, "
        f"{args.members} members, 60 rules, 20 scenarios (built in {build_seconds:.1f} s)"
    )
    print()

    officer_client = Client()
    officer_client.force_login(officer)
    report_url = reverse("quiz:report", kwargs={"document": document.slug})
    csv_url = reverse("quiz:report_csv", kwargs={"document": document.slug})

    def get(client, url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    _time("report page", get(officer_client, report_url), args.repeat)
    _time("report CSV", get(officer_client, csv_url), args.repeat)

    taker = User.objects.create_user("taker", password="x")
    taker.groups.add(members_group)
    taker_client = Client()
    taker_client.force_login(taker)

    # One attempt long enough for the warm-up and every timed answer.
    count = min(args.repeat + 1, 80)
    attempt = attempts.start_attempt(taker, version, Attempt.Mode.PRACTICE, count=count, seed=1)
    attempt_url = reverse("quiz:attempt", kwargs={"document": document.slug, "pk": attempt.pk})
    _time("question page", get(taker_client, attempt_url), args.repeat)

    posts = [
        {"position": slot.position, "choice": wrong_choice(slot.question)}
        for slot in attempts.attempt_slots(attempt)
    ]

    def answer_one():
        response = taker_client.post(attempt_url, posts.pop(0))
        assert response.status_code == 302, response.status_code

    _time("answer (post + redirect)", answer_one, args.repeat)


if __name__ == "__main__":
    main()
