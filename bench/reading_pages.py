"""How fast are the reading pages, served as in production, beside a static file?

Runs the portal as in production: DEBUG off, static files collected into a
temporary STATIC_ROOT and served by WhiteNoise, ``gunicorn -w 2``. The
database is a fresh SQLite file in a temporary folder, or the PostgreSQL
database DATABASE_URL names (its tables are dropped and made again: give it a
database of its own). It imports the protocol (PROTOCOL_SEED, else the
sample), publishes it, and creates the demo accounts.

Then, with wrk (``apt-get install wrk``) and for several rounds, it measures
one after another, interleaved so that a change in the machine's load falls on
every page alike: a static file (portal.css through WhiteNoise) and the
contents page, a section, the whole document, the search page, the search API,
a logged-in member's section page and the quiz's start page. For each it
prints:

* the rate as a ratio to the static file's in the same round (the median of
  the rounds): the figure that survives a busy machine;
* p50 and p99 latency and requests a second (medians of the rounds);
* CPU milliseconds per request: the gunicorn workers' user and system time
  (from /proc) over the requests wrk completed;
* queries per page, counted in a separate process with the same settings
  through Django's test client and ``CaptureQueriesContext`` (which works
  with DEBUG off): the first request (nothing kept yet) and the second;
* bytes of the page: as sent, and compressed with gzip and brotli as a
  reverse proxy would.

    .venv/bin/python bench/reading_pages.py [--rounds 3] [--seconds 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/reading_pages.py

``--project DIR`` measures another checkout of the portal (an earlier commit,
say) with this script; ``--port`` chooses the port (default 8117).
"""

import argparse
import gzip
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCH = "posting after a few drinks"
SECRET = secrets.token_urlsafe(50)  # one for the whole run, shared by its processes


# -- in the portal's own process (``--prepare``) --------------------------------


def prepare(seed):
    """Build the data, then count each page's queries and bytes. Prints JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from protocol.models import Document, Section

    call_command("migrate", verbosity=0)
    call_command("import_protocol", seed, "--publish", "--note", "First version.", verbosity=0)
    call_command("create_demo_users", "--password", "bench-password-1", verbosity=0)
    document = Document.objects.get()
    sections = list(Section.objects.filter(version__document=document).order_by("order"))
    section = sections[min(2, len(sections) - 1)]
    slug = document.slug
    urls = {
        "contents": f"/protocol/{slug}/",
        "section": f"/protocol/{slug}/{section.slug}/",
        "whole document": f"/protocol/{slug}/all/",
        "search page": "/search/?" + urllib.parse.urlencode({"q": SEARCH}),
        "search API": "/api/search?" + urllib.parse.urlencode({"q": SEARCH}),
        "member section": f"/protocol/{slug}/{section.slug}/",
        "quiz start": f"/quiz/{slug}/",
    }
    member = Client()
    member.cookies[settings.SESSION_COOKIE_NAME] = _session_for(User.objects.get(username="member"))
    visitor = Client()
    pages = {}
    for name, url in urls.items():
        client = member if name.startswith("member") else visitor
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            counts.append(len(queries))
        pages[name] = {"url": url, "queries": counts, "body": response.content.decode()}
    print(
        json.dumps(
            {
                "pages": pages,
                "session": member.cookies[settings.SESSION_COOKIE_NAME].value,
                # The form-token cookie a member's browser holds from the login page on.
                "csrf": member.cookies[settings.CSRF_COOKIE_NAME].value,
                "engine": connection.vendor,
            }
        )
    )


def _session_for(user):
    """A logged-in session for ``user``, as logging in makes one, without the
    login signals (which would record a login attempt from no address)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


# -- the orchestrator ------------------------------------------------------------


def _env(project, static_root, database_url):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DEBUG", "SECURE_", "SESSION_", "CSRF_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        SECRET_KEY=SECRET,
        SITE_URL="http://127.0.0.1",
        DEFAULT_FROM_EMAIL="portal@example.gov.uk",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        PYTHONPATH=str(project),
        LOG_LEVEL="WARNING",
        DATABASE_CONN_MAX_AGE="60",
        # One client asks thousands of times a minute: lift the per-client limits
        # (the counting itself, in each worker's memory, still costs what it costs).
        THROTTLE_SEARCH="10000000/m",
        THROTTLE_SEARCH_SUGGEST="10000000/m",
    )
    return env


def _reset_postgres(python, env):
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')\n"
    )
    subprocess.run([python, "-c", code], env=env, check=True)


def _cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def _children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def _wrk(url, seconds, headers):
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url]
    for header in headers:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    done = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"done": done, "rate": rate, "p50": p50, "p99": p99, "errors": errors}


def _compressed(body):
    import brotli

    raw = body.encode()
    return len(raw), len(gzip.compress(raw, 6)), len(brotli.compress(raw))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", metavar="SEED", help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--port", type=int, default=8117)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare)
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    project = args.project.resolve()
    python = str(ROOT / ".venv" / "bin" / "python")
    seed = os.environ.get("PROTOCOL_SEED") or str(ROOT / "protocol/sample/sample-protocol.txt")
    work = Path(tempfile.mkdtemp(prefix="bench-reading-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{work / 'bench.sqlite3'}"
    env = _env(project, work / "static", database_url)
    server = None
    try:
        if database_url.startswith("postgres"):
            _reset_postgres(python, env)
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=project,
            check=True,
        )
        run = subprocess.run(
            [python, str(Path(__file__).resolve()), "--prepare", seed],
            env=env,
            cwd=project,
            capture_output=True,
            text=True,
        )
        if run.returncode:
            sys.exit(f"Preparing the data failed:\n{run.stderr[-6000:]}")
        prepared = json.loads(run.stdout.splitlines()[-1])
        static_root = Path(env["STATIC_ROOT"])
        if not (static_root / "staticfiles.json").exists():  # an older checkout
            static_root = project / "staticfiles"
        manifest = json.loads((static_root / "staticfiles.json").read_text())
        static_url = "/static/" + manifest["paths"]["portal/portal.css"]
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "portal.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=project,
        )
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + static_url, timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        workers = _children(server.pid)
        # A member's browser sends back both cookies it holds: the session's and the
        # form token's (without the latter, every page would make a new token).
        cookie = f"Cookie: sessionid={prepared['session']}; csrftoken={prepared['csrf']}"
        targets = [("static file", static_url, [])] + [
            (name, page["url"], [cookie] if name.startswith("member") else [])
            for name, page in prepared["pages"].items()
        ]
        for _name, url, headers in targets:  # fill both workers' caches
            _wrk(base + url, 1, headers)
        results = {name: [] for name, _, _ in targets}
        tick = os.sysconf("SC_CLK_TCK")
        for _ in range(args.rounds):
            for name, url, headers in targets:
                before = _cpu_ticks(workers)
                result = _wrk(base + url, args.seconds, headers)
                result["cpu_ms"] = (
                    (_cpu_ticks(workers) - before) / tick * 1000 / max(result["done"], 1)
                )
                results[name].append(result)
        _report(args, prepared, results, database_url, project)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def _report(args, prepared, results, database_url, project):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True
    ).stdout.strip()
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {project.name} at {commit or 'no git'}, "
        f"Python {platform.python_version()}, {engine}, gunicorn -w 2, wrk -t2 -c16, "
        f"{args.rounds} rounds of {args.seconds} s a page, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    statics = [r["rate"] for r in results["static file"]]
    print(
        f"{'page':<16} {'ratio':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7} "
        f"{'queries':>8} {'bytes':>7} {'gzip':>6} {'brotli':>6}"
    )
    for name, rounds in results.items():
        # A round where wrk completed nothing (an overloaded machine) has no ratio.
        ratios = [r["rate"] / s for r, s in zip(rounds, statics, strict=True) if s] or [0.0]
        page = prepared["pages"].get(name)
        queries = "/".join(map(str, page["queries"])) if page else "-"
        raw, gz, br = _compressed(page["body"]) if page else ("-", "-", "-")
        errors = sum(int(r["errors"].group(1)) for r in rounds if r["errors"])
        print(
            f"{name:<16} {statistics.median(ratios):>6.3f} "
            f"{statistics.median(r['rate'] for r in rounds):>7.0f} "
            f"{statistics.median(r['p50'] for r in rounds):>7.1f} "
            f"{statistics.median(r['p99'] for r in rounds):>7.1f} "
            f"{statistics.median(r['cpu_ms'] for r in rounds):>7.2f} "
            f"{queries:>8} {raw:>7} {gz:>6} {br:>6}" + (f"  ({errors} errors)" if errors else "")
        )
    print("queries: first request / second request (counted through the test client)")


if __name__ == "__main__":
    main()
