"""README's "Useful commands" work as written on a fresh database.

Each command in the table is run from the project's folder with a clean
environment (no SECRET_KEY, no DEBUG, a new SQLite file): placeholders such as
FILE, PASSWORD and USERNAME are filled in, optional ``[...]`` parts left out. Commands
that run until stopped (the worker) or take minutes are asked for ``--help``,
which still loads the settings; make targets are checked with ``make -n``.
"""

import os
import re
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


def _readme_commands():
    text = (ROOT / "README.md").read_text()
    table = text.split("## Useful commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", table, re.MULTILINE)


def _filled(command):
    command = re.sub(r"\s*\[[^\]]*\]", "", command)
    for name, value in PLACEHOLDERS.items():
        command = re.sub(rf"(?<![\w-]){name}(?![\w-])", value, command)
    return command


def test_readme_lists_commands_that_need_no_setup_beyond_make_install():
    commands = _readme_commands()
    assert commands, "README has no Useful commands table"
    for command in commands:
        assert command.startswith(("make ", "DEBUG=true .venv/bin/python ", ".venv/bin/python ")), (
            f"{command!r} would use the system Python or need a SECRET_KEY"
        )


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
    ran = []
    for written in _readme_commands():
        command = _filled(written).replace(".venv/bin/python", python)
        if command.startswith("make "):
            command = command.replace("make ", "make -n ", 1)
        elif "bench/" in command:
            command = f"{python} -m py_compile {command.split()[-1]}"
        else:
            name = command.split("manage.py ", 1)[1].split()[0]
            if name in HELP_ONLY:
                command = f"{command.split(name)[0]}{name} --help"
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"{written!r} failed:\n{result.stdout}\n{result.stderr}"
        ran.append(written)
    assert any("import_protocol" in command for command in ran)
