"""CPU time per request through Django's WSGI handler, in one process: the
reading pages' own cost, without gunicorn, the network or wrk.

Builds a fresh SQLite database in a temporary folder (the protocol from
PROTOCOL_SEED, else the sample; the demo accounts), settings as in
production (DEBUG off), then calls the WSGI application directly, for
several interleaved rounds, for a visitor's contents and section pages and a
logged-in member's section and contents pages (each kept, as on the second
and later requests). Prints each page's CPU milliseconds per request: the
minimum and the median of the rounds.

    .venv/bin/python bench/handler_cpu.py [--rounds 6] [--requests 1500]

To compare two commits, run it from a checkout of each (it measures the code
beside it).
"""

import argparse
import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=1500)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="handler-cpu-"))
    for key in [k for k in os.environ if k.startswith(("DJANGO_", "DEBUG", "SECURE_"))]:
        del os.environ[key]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from reading_pages import _env  # the same production-like settings

    os.environ.update(
        _env(ROOT, work / "static", f"sqlite:///{work / 'bench.sqlite3'}"),
        ALLOWED_HOSTS="127.0.0.1",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils.module_loading import import_string

    from portal.wsgi import application
    from protocol.models import Document, Section

    seed = os.environ.get("PROTOCOL_SEED") or str(ROOT / "protocol/sample/sample-protocol.txt")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("import_protocol", seed, "--publish", "--note", "First version.", verbosity=0)
    call_command("create_demo_users", "--password", "bench-password-1", verbosity=0)
    document = Document.objects.get()
    sections = list(Section.objects.filter(version__document=document).order_by("order"))
    section = sections[min(2, len(sections) - 1)]
    member = User.objects.get(username="member")
    session = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={secrets.token_hex(16)}"
    )

    def call(path, as_member):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        if as_member:
            environ["HTTP_COOKIE"] = cookie
        statuses = []
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        b"".join(body)
        body.close()
        if not statuses[0].startswith("200"):
            sys.exit(f"{path}: {statuses[0]}")

    contents = f"/protocol/{document.slug}/"
    section_url = f"/protocol/{document.slug}/{section.slug}/"
    pages = {
        "contents": (contents, False),
        "section": (section_url, False),
        "member section": (section_url, True),
        "member contents": (contents, True),
    }
    for path, as_member in pages.values():
        for _ in range(200):
            call(path, as_member)
    figures = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, (path, as_member) in pages.items():
            start = time.process_time()
            for _ in range(args.requests):
                call(path, as_member)
            figures[name].append((time.process_time() - start) / args.requests * 1000)
    print(f"CPU ms per request through the WSGI handler ({args.rounds} rounds)")
    for name, values in figures.items():
        print(f"{name:16} min {min(values):.3f}  median {statistics.median(values):.3f}")


if __name__ == "__main__":
    main()
