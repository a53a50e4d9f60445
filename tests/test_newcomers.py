"""What a newcomer meets first: make run's demo set-up, e-mail links on another
port, and the site's icon."""

import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from protocol.demo import SAMPLE_SLUG
from protocol.models import Document
from tests.factories import load_settings

ROOT = Path(__file__).resolve().parent.parent


def _site_url(**env):
    return load_settings(**env)["SITE_URL"]


def test_development_e_mail_links_follow_the_port_make_run_serves_on():
    assert _site_url(DEBUG="true", HOST="127.0.0.1", PORT="8101") == "http://127.0.0.1:8101"
    assert _site_url(DEBUG="true") == "http://127.0.0.1:8000"
    assert _site_url(DEBUG="true", HOST="0.0.0.0", PORT="8101") == "http://localhost:8101"
    # An explicit SITE_URL always wins.
    assert _site_url(DEBUG="true", PORT="8101", SITE_URL="https://x.example/") == (
        "https://x.example"
    )


def test_make_run_exports_host_and_port_and_passes_the_address_to_setup_demo():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export HOST := $(HOST)" in makefile
    assert "run: export PORT := $(PORT)" in makefile
    assert "setup_demo --url http://$(HOST):$(PORT)/" in makefile


@pytest.mark.django_db
def test_setup_demo_prints_the_password_last_in_a_box():
    out = StringIO()
    call_command("setup_demo", url="http://127.0.0.1:8101/", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert lines[-1].startswith("====")
    box = lines[lines[:-1].index(lines[-1]) :]  # from the opening rule
    text = "\n".join(box)
    assert "http://127.0.0.1:8101/" in text
    assert "member, officer" in text
    password = next(line.strip() for line in box if line.startswith("      "))
    assert len(password) >= 12
    assert Document.objects.filter(slug=SAMPLE_SLUG).exists()


@pytest.mark.django_db
def test_setup_demo_without_the_sample(protocol_seed_path):
    call_command("setup_demo", no_sample=True, stdout=StringIO())
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_setup_demo_with_a_real_protocol_never_loads_the_sample(protocol_seed_path):
    call_command("setup_demo", protocol=str(protocol_seed_path), stdout=StringIO())
    assert list(Document.objects.values_list("title", flat=True)) == [
        "Social Media Protocol for Members"
    ]
    call_command("setup_demo", stdout=StringIO())  # a later make run
    assert not Document.objects.filter(slug=SAMPLE_SLUG).exists()


def test_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("/portal/favicon.ico")
    path = finders.find("portal/favicon.ico")
    assert path and Path(path).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
def test_every_page_links_the_icon(client):
    assert 'rel="icon" href="/static/portal/favicon.ico"' in client.get("/").content.decode()


@pytest.mark.skipif(shutil.which("make") is None and not os.environ.get("CI"), reason="no make")
def test_make_test_checks_formatting_and_make_test_fast_leaves_out_the_browser():
    def planned(target):
        result = subprocess.run(
            ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return result.stdout

    for target in ["test", "test-fast"]:
        assert "ruff format --check ." in planned(target)
        assert "makemigrations --check" in planned(target)
    assert '-m "not browser"' in planned("test-fast")
    assert "not browser" not in planned("test")
