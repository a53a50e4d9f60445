"""What the benchmarks share: percentiles and a line saying where they ran.

Imported by the scripts beside it after Django is set up (``python bench/X.py``
puts this folder on the import path).
"""

import os
import platform
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import django
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def throwaway_database():
    """A database made for the run (migrated, as the tests' is) and removed after it,
    whatever happens: a benchmark never touches a real one."""
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def conditions():
    """Date, commit, versions, database and machine, on one line."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            engine = f"SQLite {cursor.fetchone()[0]}"
        else:
            cursor.execute("SHOW server_version")
            engine = f"PostgreSQL {cursor.fetchone()[0]}"
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}, commit {commit}, "
        f"Python {platform.python_version()}, Django {django.get_version()}, {engine}, "
        f"{platform.machine()} {os.cpu_count()} CPUs{memory}"
    )
