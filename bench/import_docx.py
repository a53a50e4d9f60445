"""How long does importing a 200-section Word document take?

Writes, with python-docx and Word's automatic numbering, a document of
SECTIONS numbered paragraphs (every tenth a heading over a do and don't list,
every fifth with bullets, every twentieth with a table), then times, in a
throw-away database:

* reading it (checks, python-docx, numbering, the section and rule finder);
* reading it and saving it as a draft (``save_draft``, one transaction),
  which is what the admin's "Save as draft" and ``import_protocol`` do.

Target: under 5 s for 200 sections. Usage (from the project folder):

    DEBUG=true .venv/bin/python bench/import_docx.py [--sections 200] [--repeat 5]
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python bench/import_docx.py
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")

from bench.quiz import _conditions  # noqa: E402


def document_parts(sections):
    parts = [("title", "Bench Protocol for Members"), ("header", "Page header")]
    for n in range(1, sections + 1):
        if n % 10 == 0:
            parts += [
                ("numbered", f"Staying safe, part {n}"),
                ("bold", "Do:"),
                *[("bullet", f"check setting {n}.{i} before posting.") for i in range(4)],
                ("bold", "Don't:"),
                *[("bullet", f"share item {n}.{i} without asking.") for i in range(4)],
            ]
            continue
        parts.append(
            (
                "numbered",
                f"Paragraph {n} explains how members use social media for council work. "
                "It says what to post, when to ask the Monitoring Officer, and how to "
                "keep residents' details private. Members should read it with the Code "
                "of Conduct.",
            )
        )
        parts.append(("sub", f"Sub-paragraph {n}.1 adds a detail about records."))
        if n % 5 == 0:
            parts += [("bullet", f"A point {n}.{i} to bear in mind.") for i in range(3)]
        if n % 20 == 1:
            parts.append(
                ("table", [["Who", "When"], ["Members", "Always"], ["Officers", "On request"]])
            )
    return parts


def _time(label, function, repeat):
    function()  # warm up
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    print(
        f"{label:<36} median {statistics.median(runs):6.2f} s   min {min(runs):6.2f}   "
        f"max {max(runs):6.2f}   (n={repeat})"
    )
    return statistics.median(runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from measure import throwaway_database

    with throwaway_database() as connection:
        run(args, connection)


def run(args, connection):
    from protocol.importing import read_document, save_draft
    from protocol.models import Document
    from tests.protocol.word_factories import word_document

    print("Conditions: " + ", ".join(_conditions(connection)))
    print(f"Load average (1 min) before: {os.getloadavg()[0]:.1f}")
    data = word_document(document_parts(args.sections))
    parsed = read_document(data, "bench.docx")
    print(
        f"{len(data) / 1024:.0f} KB .docx; {len(parsed.sections)} sections, "
        f"{sum(parsed.rule_counts().values())} rules, {len(parsed.notes)} notes"
    )
    assert len(parsed.sections) == args.sections, len(parsed.sections)

    def import_and_save():
        Document.objects.all().delete()
        save_draft(read_document(data, "bench.docx"))

    _time("read the .docx", lambda: read_document(data, "bench.docx"), args.repeat)
    _time("read and save as a draft", import_and_save, args.repeat)
    print(f"Load average (1 min) after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
