"""How long does checking a 2,000-character draft post take?

In a throw-away database (migrated, so the shipped checks are in place) with
the sample protocol published, times ``check_post`` (the enabled checks and
their cited rules read from the database, every detector, the trained model,
the weekly counts written) on 2,000-character drafts made from the evaluation set's posts, a
different mix each time; the trained model alone (a post's likelihoods and
the likeliest sentence for one kind); the whole ``POST /api/check-post`` through Django's
test client; and the detectors alone (no database), also in CPU time
(``time.process_time``), which other work on a busy machine disturbs less. The first check in a
process loads the word-frequency list used for names and is reported apart.

Usage (from the project folder):

    DEBUG=true .venv/bin/python bench/post_check.py [--repeat 300]
    DEBUG=true valgrind --tool=callgrind .venv/bin/python bench/post_check.py \
        --detectors-only --repeat 100
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_checkpost \
        .venv/bin/python bench/post_check.py
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")

LENGTH = 2000
TARGET_MS = 50


def drafts(posts, count, seed=2026):
    """``count`` drafts of exactly LENGTH characters, each a shuffled mix of posts."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        text = ""
        while len(text) < LENGTH:
            text += rng.choice(posts)["text"] + ("\n\n" if rng.random() < 0.3 else " ")
        made.append(text[:LENGTH])
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument(
        "--detectors-only",
        action="store_true",
        help="only the detectors, with the lists the migrations ship, and no database "
        "(steady enough to run under valgrind --tool=callgrind)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    if args.detectors_only:
        detectors_only(args)
        return
    from measure import throwaway_database

    with throwaway_database():
        run(args)


def detectors_only(args):
    from measure import percentile

    from protocol.postcheck import evaluation
    from protocol.postcheck.detectors import Lists
    from protocol.postcheck.detectors import run as detect
    from protocol.postcheck.models import Kind
    from tests.postcheck.factories import shipped_lists

    lists = {Kind(kind): Lists.compile(**named) for kind, named in shipped_lists().items()}
    texts = drafts(evaluation.load_posts(), args.repeat + 1)
    detect(texts[0], lists)  # loads the word frequencies used for names
    cpu = []
    for text in texts[1:]:
        start = time.process_time()
        detect(text, lists, feelings=["tired"])
        cpu.append((time.process_time() - start) * 1000)
    print(
        f"{len(cpu)} drafts of {LENGTH} characters, detectors only (CPU time): "
        f"p50 {percentile(cpu, 0.5):.1f} ms  p95 {percentile(cpu, 0.95):.1f} ms  "
        f"total {sum(cpu):.0f} ms"
    )


def run(args):
    from django.conf import settings
    from django.test import Client
    from measure import conditions, percentile

    from protocol.postcheck import evaluation
    from protocol.postcheck.checking import check_post
    from tests.factories import make_user
    from tests.postcheck.factories import publish_sample

    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "post_check": "100000/m"}
    publish_sample()
    texts = drafts(evaluation.load_posts(), args.repeat + 1)

    start = time.perf_counter()
    first = check_post(texts[0])
    first_ms = (time.perf_counter() - start) * 1000

    from protocol.postcheck.checking import load_checks
    from protocol.postcheck.detectors import run as detect

    lists, _ = load_checks()
    detectors_only, detectors_cpu = [], []
    for text in texts[1:]:
        start, cpu = time.perf_counter(), time.process_time()
        detect(text, lists, feelings=["tired"])
        detectors_cpu.append((time.process_time() - cpu) * 1000)
        detectors_only.append((time.perf_counter() - start) * 1000)

    from protocol.postcheck import learned

    model = learned.shipped()
    model_only = []
    for text in texts[1:]:
        start = time.perf_counter()
        model.read(text).passage("abuse")
        model_only.append((time.perf_counter() - start) * 1000)

    timings, findings = [], []
    for text in texts[1:]:
        start = time.perf_counter()
        result = check_post(text, feelings=["tired"])
        timings.append((time.perf_counter() - start) * 1000)
        findings.append(len(result.findings))

    client = Client()
    client.force_login(make_user("bench-member", "Members"))
    api = []
    for text in texts[1:]:
        start = time.perf_counter()
        response = client.post("/api/check-post", {"text": text})
        api.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:200]

    print(conditions() + f", load average {os.getloadavg()[0]:.1f}")
    print(
        f"{len(timings)} drafts of {LENGTH} characters, {min(findings)}-{max(findings)} "
        f"findings each (first check {first_ms:.0f} ms, {len(first.findings)} findings)"
    )
    for name, values in [
        ("detectors only", detectors_only),
        ("detectors (CPU time)", detectors_cpu),
        ("model, post + passage", model_only),
        ("check_post()", timings),
        ("POST /api/check-post", api),
    ]:
        print(
            f"{name:<22} p50 {percentile(values, 0.5):6.1f} ms  "
            f"p95 {percentile(values, 0.95):6.1f} ms  max {max(values):6.1f} ms"
        )
    p95 = percentile(api, 0.95)
    verdict = "meets" if p95 < TARGET_MS else "MISSES"
    print(f"{verdict} the target: p95 under {TARGET_MS} ms for the whole API request")


if __name__ == "__main__":
    main()
