"""Twenty members using the portal at once, against a production-like server.

Starts the portal as production runs it (DEBUG off, gunicorn, the background
worker ``run_worker``) on a throw-away database and the loopback interface,
with a mail server on the loopback interface too; then USERS members, each in
a thread, log in and for SECONDS seconds mix

* reading (the contents and a section of the current protocol),
* searching (the search page),
* answering quiz questions (a check attempt, one answer at a time), and
* asking the Monitoring Officer (the ask form, straight to "send"),

with a short random pause between actions. It reports, per action and overall,
the count, p50 and p95 response times, every error (a server error, a refused
connection, or an answer that is not the expected page), and checks that every
question whose confirmation page a member saw is in the database.

    .venv/bin/python bench/load.py                     # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_mail \\
        .venv/bin/python bench/load.py                 # PostgreSQL: database wt_mail_load
    .venv/bin/python bench/load.py --smtp hung          # a mail server that never answers

On PostgreSQL it creates the database ``<name>_load`` on the server
``DATABASE_URL`` names, and drops it at the end (``--keep`` keeps it). Nothing
leaves the machine. Options: --users, --seconds, --think, --workers,
--protocol FILE (default: the sample protocol), --smtp sink|hung.
"""

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SAMPLE = ROOT / "protocol" / "sample" / "sample-protocol.txt"
PASSWORD = "load-test-" + secrets.token_hex(8)
SEARCHES = [
    "alcohol",
    "can I tweet after a few drinks",
    "block someone abusive",
    "political campaigning",
    "confidential report",
    "photos of constituents",
    "personal account",
    "pre-election period",
]
WEIGHTS = {"read": 40, "search": 30, "quiz": 20, "ask": 10}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERENCE = re.compile(r"\bMO-\d{4}-\d{4,}\b")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the database and the processes -----------------------------------------------------


def bench_database(args, workdir):
    """The throw-away database's URL, created empty."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{workdir / 'load.sqlite3'}"
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") + "_load"
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def drop_database(url):
    if not url.startswith("postgres"):
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def production_env(database_url, port, smtp_port):
    """The environment of a production install on the loopback interface."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DEFAULT_FROM_EMAIL": "portal@example.org",
        "DATABASE_URL": database_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "5",
        "NOTIFICATION_CLAIM_TIMEOUT": "60",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "MONITORING_OFFICER_PHONE": "0161 496 0000",
        # Every member asks far more often than a real one: the hourly limit,
        # which answers with a clear refusal, would otherwise be what is measured.
        "ADVICE_REQUESTS_PER_HOUR": "100000",
        "ADVICE_DUPLICATE_WINDOW_MINUTES": "0",
        "THROTTLE_SEARCH": "100000/m",
        "THROTTLE_SEARCH_SUGGEST": "100000/m",
        "LOG_LEVEL": "WARNING",
    }


def prepare(env, protocol, users):
    """Schema, static files, the protocol, USERS members and a team to route to.

    In this process, with the production environment (so its checks run too).
    """
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from portal import roles
    from protocol.advice.models import RoutingRule, Topic
    from protocol.models import Version

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("import_protocol", str(protocol), publish=True, note="Load test")
    members = Group.objects.get(name=roles.MEMBERS)
    for n in range(users):
        User.objects.create_user(f"member{n}", f"member{n}@example.org", PASSWORD).groups.add(
            members
        )
    comms = User.objects.create_user("comms0", "comms0@example.org", is_staff=True)
    comms.groups.add(Group.objects.get(name=roles.COMMUNICATIONS))
    topic = Topic.objects.create(name="Load test topic", order=0)
    RoutingRule.objects.create(topic=topic, team=Group.objects.get(name=roles.COMMUNICATIONS))
    version = Version.objects.current().select_related("document").get()
    return {
        "document": version.document.slug,
        "topic": topic.pk,
        "pages": [version.get_absolute_url()]
        + [section.get_absolute_url() for section in version.sections.order_by("order")],
    }


def start(env, command, log):
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_until_up(base, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    raise SystemExit("The server did not start; see the log in the work folder.")


# -- mail servers ---------------------------------------------------------------------------


class Sink:
    """An SMTP server that accepts every message (aiosmtpd)."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.count = 0
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 Message accepted"

    def stop(self):
        self.controller.stop()


class Hung:
    """An SMTP server that accepts connections and never answers."""

    def __init__(self):
        self.count = 0
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]

    def stop(self):
        self.listener.close()


# -- the members ------------------------------------------------------------------------------


class Member:
    """One browser: a cookie jar, and what it has seen."""

    def __init__(self, base, username, rng, stats):
        self.base = base
        self.username = username
        self.rng = rng
        self.stats = stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.attempt_url = None
        self.confirmed = []

    def fetch(self, path, data=None):
        """(status, final URL, page text); a status of 0 is a refused or broken connection."""
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=60) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode(errors="replace")
        except OSError as error:
            return 0, url, str(error)

    def timed(self, action, steps):
        """Run ``steps`` (a function returning an error text or None), recording it."""
        started = time.perf_counter()
        try:
            problem = steps()
        except Exception as error:  # noqa: BLE001 - the load test reports every failure
            problem = f"{type(error).__name__}: {error}"
        self.stats.record(action, time.perf_counter() - started, problem)

    def _form(self, path):
        status, url, page = self.fetch(path)
        token = CSRF.search(page)
        if status != 200 or token is None:
            return None, url, f"{path}: {status}"
        return token.group(1), url, page

    def log_in(self):
        def steps():
            token, _, problem = self._form("/accounts/login/")
            if token is None:
                return problem
            status, url, _ = self.fetch(
                "/accounts/login/",
                {"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD},
            )
            if status != 200 or "/accounts/login/" in url:
                return f"log in: {status} at {url}"
            return None

        self.timed("log in", steps)

    def read(self, pages):
        path = self.rng.choice(pages)

        def steps():
            status, _, _ = self.fetch(path)
            return None if status == 200 else f"{path}: {status}"

        self.timed("read", steps)

    def search(self):
        query = self.rng.choice(SEARCHES)

        def steps():
            status, _, page = self.fetch("/search/?" + urllib.parse.urlencode({"q": query}))
            return None if status == 200 and "<h1" in page else f"search {query!r}: {status}"

        self.timed("search", steps)

    def ask(self, topic_id):
        question = (
            f"Load test question {secrets.token_hex(6)}: may I share the planning officer's "
            "report about the bus depot before the committee meets?"
        )

        def steps():
            token, _, problem = self._form("/advice/ask/")
            if token is None:
                return problem
            status, url, page = self.fetch(
                "/advice/ask/",
                {
                    "csrfmiddlewaretoken": token,
                    "topic": topic_id,
                    "question": question,
                    "urgency": "normal",
                    "action": "send",
                },
            )
            reference = REFERENCE.search(page)
            if status != 200 or "Your question has been sent" not in page or not reference:
                return f"ask: {status} at {url}"
            self.confirmed.append(reference.group(0))
            return None

        self.timed("ask", steps)

    def answer_quiz(self, document):
        def steps():
            if self.attempt_url is None:
                token, _, problem = self._form(f"/quiz/{document}/")
                if token is None:
                    return problem
                status, url, page = self.fetch(
                    f"/quiz/{document}/", {"csrfmiddlewaretoken": token, "mode": "check"}
                )
                if status != 200 or "/attempts/" not in url:
                    return f"quiz start: {status} at {url}"
                self.attempt_url = url
            else:
                status, url, page = self.fetch(self.attempt_url)
            token = CSRF.search(page)
            position = re.search(r'name="position" value="(\d+)"', page)
            choices = re.findall(r'name="choice" value="([^"]+)"', page)
            if "/result/" in url or not (token and position and choices):
                self.attempt_url = None  # finished: the next answer starts a new attempt
                return None if status == 200 else f"quiz page: {status} at {url}"
            status, url, _ = self.fetch(
                self.attempt_url,
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "position": position.group(1),
                    "choice": self.rng.choice(choices),
                },
            )
            if status != 200:
                return f"quiz answer: {status} at {url}"
            if "/result/" in url:
                self.attempt_url = None
            return None

        self.timed("quiz", steps)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = []

    def record(self, action, seconds, problem):
        with self.lock:
            self.times[action].append(seconds)
            if problem:
                self.errors.append(f"{action}: {problem}")


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def run_members(base, args, site):
    stats = Stats()
    members = []
    stop = threading.Event()

    for n in range(args.users):
        members.append(Member(base, f"member{n}", random.Random(1000 + n), stats))

    def log_in(member):
        member.log_in()

    # Everyone logs in first (timed, but outside the measured minute): a login
    # hashes the password on purpose slowly, and twenty at once would fill it.
    threads = [threading.Thread(target=log_in, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    def member_loop(member):
        rng = member.rng
        actions, weights = zip(*WEIGHTS.items(), strict=True)
        while not stop.is_set():
            action = rng.choices(actions, weights)[0]
            if action == "read":
                member.read(site["pages"])
            elif action == "search":
                member.search()
            elif action == "quiz":
                member.answer_quiz(site["document"])
            else:
                member.ask(site["topic"])
            stop.wait(rng.uniform(0, 2 * args.think))

    threads = [threading.Thread(target=member_loop, args=(member,)) for member in members]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    stop.wait(args.seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return stats, members, time.monotonic() - started


def check_saved(references):
    """How many of the confirmed references are in the database, and the e-mails' states."""
    from django.db import close_old_connections
    from django.db.models import Count

    from protocol.advice.models import AdviceRequest
    from protocol.models import Notification

    close_old_connections()
    saved = AdviceRequest.objects.filter(reference__in=references).count()
    states = dict(Notification.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return saved, states


def conditions():
    import measure

    return measure.conditions()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.25, help="mean pause between actions (s)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--protocol", type=Path, default=SAMPLE)
    parser.add_argument("--smtp", choices=["sink", "hung"], default="sink")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-load-"))
    mail = Sink() if args.smtp == "sink" else Hung()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    database_url = bench_database(args, workdir)
    env = production_env(database_url, port, mail.port)
    processes = []
    try:
        site = prepare(env, args.protocol, args.users)
        log = open(workdir / "server.log", "w")  # noqa: SIM115 - open while they run
        processes.append(
            start(
                env,
                [
                    GUNICORN,
                    "portal.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(args.workers),
                ],
                log,
            )
        )
        processes.append(start(env, [PYTHON, "manage.py", "run_worker", "--no-reload"], log))
        wait_until_up(base)
        load_before = os.getloadavg()[0]
        stats, members, elapsed = run_members(base, args, site)
        load_after = os.getloadavg()[0]
        confirmed = [ref for member in members for ref in member.confirmed]
        time.sleep(2)  # let the worker record what it is sending
        saved, mail_states = check_saved(confirmed)
        where = conditions()
    finally:
        if "DJANGO_SETTINGS_MODULE" in os.environ:
            from django.db import connections

            connections.close_all()
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        mail.stop()
        if not args.keep:
            drop_database(database_url)

    everything = [t for action, times in stats.times.items() if action != "log in" for t in times]
    print(where)
    print(
        f"{args.users} users for {elapsed:.0f} s, gunicorn --workers {args.workers}, "
        f"mail server: {args.smtp}, load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print(f"{'action':<8} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for action in ["log in", "read", "search", "quiz", "ask"]:
        times = stats.times.get(action, [])
        if times:
            print(
                f"{action:<8} {len(times):>6} {percentile(times, 0.5) * 1000:>8.0f} "
                f"{percentile(times, 0.95) * 1000:>8.0f} {max(times) * 1000:>8.0f}"
            )
    print(
        f"{'all':<8} {len(everything):>6} {percentile(everything, 0.5) * 1000:>8.0f} "
        f"{percentile(everything, 0.95) * 1000:>8.0f} {max(everything) * 1000:>8.0f}"
        f"   ({len(everything) / elapsed:.1f} actions/s; logins not counted)"
    )
    print(f"errors: {len(stats.errors)}")
    for problem in stats.errors[:10]:
        print(f"  {problem}")
    print(f"questions confirmed: {len(confirmed)}, in the database: {saved}")
    print(f"e-mails by state at the end: {mail_states}; received by the mail server: {mail.count}")
    print(f"server log: {workdir / 'server.log'}")
    if stats.errors or saved != len(confirmed):
        sys.exit(1)


if __name__ == "__main__":
    main()
