"""README's "Useful commands" work as written on a fresh database.

Each command in the table is run from the project's folder with a clean
environment (no SECRET_KEY, no DEBUG, a new SQLite file): placeholders such as
FILE, PASSWORD and USERNAME are filled in, optional ``[...]`` parts left out. Commands
that run until stopped (the worker) or take minutes are asked for ``--help``,
which still loads the settings; make targets are checked with ``make -n``.

The ``manage.py`` commands, one after another, are run by one Python process
started by bash as the table writes them (``DEBUG=true .venv/bin/python``): it
loads the settings and Django once, then forks a process for each command, which
runs ``manage.py`` with that command's arguments. Each command still runs in a
process of its own, from the state the ones before it left in the database,
without starting Python and importing Django again (a second a command).
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from protocol.demo import SAMPLE_PATH, SAMPLE_SLUG

ROOT = Path(__file__).resolve().parent.parent
HELP_ONLY = {"db_worker", "run_worker", "evaluate_search"}
PLACEHOLDERS = {
    "FILE": str(SAMPLE_PATH),
    "PASSWORD": "readme-check-pass",
    "NEW": "readme-check-pass",
    "SLUG": SAMPLE_SLUG,
    "USERNAME": "member",  # made by create_demo_users, listed earlier
}

# Run with `python -c` in place of `manage.py ARGS`: argv[1] names a JSON file of
# the commands' arguments, argv[2] the file for each one's exit status and output.
MANAGE_PY_IN_FORKS = """
import json, logging, os, runpy, sys, tempfile, traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")  # as manage.py does
import django
from django.db import connections

django.setup()
results = []
for args in json.load(open(sys.argv[1])):
    connections.close_all()
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        sys.argv = ["manage.py", *args]
        try:
            runpy.run_path("manage.py", run_name="__main__")
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else exit.code is not None
            if not isinstance(exit.code, (int, type(None))):
                print(exit.code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
            code = 1
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(code))
    _, status = os.waitpid(pid, 0)
    out.seek(0)
    err.seek(0)
    results.append(
        [os.waitstatus_to_exitcode(status), out.read().decode(), err.read().decode()]
    )
json.dump(results, open(sys.argv[2], "w"))
"""


def _readme_commands():
    text = (ROOT / "README.md").read_text()
    table = text.split("## Useful commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", table, re.MULTILINE)


def _filled(command):
    command = re.sub(r"\s*\[[^\]]*\]", "", command)
    for name, value in PLACEHOLDERS.items():
        command = re.sub(rf"(?<![\w-]){name}(?![\w=-])", value, command)
    return command


def test_readme_lists_commands_that_need_no_setup_beyond_make_install():
    commands = _readme_commands()
    assert commands, "README has no Useful commands table"
    for command in commands:
        assert command.startswith(("make ", "DEBUG=true .venv/bin/python ", ".venv/bin/python ")), (
            f"{command!r} would use the system Python or need a SECRET_KEY"
        )


def test_placeholders_are_filled_in_and_options_left_out():
    assert _filled("make password PASSWORD=NEW") == "make password PASSWORD=readme-check-pass"
    assert _filled("manage.py export_member_data USERNAME [--output FILE]") == (
        "manage.py export_member_data member"
    )


def _run(command, env):
    return subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def _run_manage_py(start, commands, env, tmp_path):
    """``START manage.py ARGS`` for each of ``commands`` (start, written, args), in
    order: [(written, exit status, stdout, stderr)]."""
    batch, results = tmp_path / "commands.json", tmp_path / "results.json"
    batch.write_text(json.dumps([args for _, _, args in commands]))
    results.unlink(missing_ok=True)
    script = shlex.quote(MANAGE_PY_IN_FORKS)
    process = _run(f"{start} -c {script} {batch} {results}", env)
    assert process.returncode == 0 and results.exists(), (
        f"{start!r} could not start Django:\n{process.stdout}\n{process.stderr}"
    )
    ran = json.loads(results.read_text())
    assert len(ran) == len(commands)
    return [(written, *outcome) for (_, written, _), outcome in zip(commands, ran, strict=True)]


@pytest.mark.long
@pytest.mark.skipif(shutil.which("make") is None and not os.environ.get("CI"), reason="no make")
def test_readme_commands_run_as_written(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DEBUG", "SECRET_KEY", "DATABASE_URL", "SITE_URL"))
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    python = ".venv/bin/python" if (ROOT / ".venv/bin/python").exists() else sys.executable
    # Each step: a shell command, or consecutive manage.py commands with the same start.
    steps = []
    for written in _readme_commands():
        command = _filled(written).replace(".venv/bin/python", python)
        if command.startswith("make "):
            steps.append((written, command.replace("make ", "make -n ", 1)))
            continue
        if "bench/" in command:
            steps.append((written, f"{python} -m py_compile {command.split()[-1]}"))
            continue
        start, _, rest = command.partition(" manage.py ")
        args = shlex.split(rest)
        if args[0] in HELP_ONLY:
            args = [args[0], "--help"]
        if steps and isinstance(steps[-1], list) and steps[-1][0][0] == start:
            steps[-1].append((start, written, args))
        else:
            steps.append([(start, written, args)])
    ran = []
    for step in steps:
        if isinstance(step, list):
            outcomes = _run_manage_py(step[0][0], step, env, tmp_path)
        else:
            written, command = step
            result = _run(command, env)
            outcomes = [(written, result.returncode, result.stdout, result.stderr)]
        for written, returncode, stdout, stderr in outcomes:
            assert returncode == 0, f"{written!r} failed:\n{stdout}\n{stderr}"
            ran.append(written)
    assert ran == _readme_commands()
    assert any("import_protocol" in command for command in ran)
