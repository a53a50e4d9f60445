"""The demo's advice requests: something for the comms and officer accounts to work on."""

import pytest
from django.core.management import call_command
from django.test import Client

from protocol.advice.models import AdviceRequest, CannedReply

pytestmark = pytest.mark.django_db


def test_the_demo_gives_both_staff_accounts_requests_and_runs_once():
    call_command("create_demo_users", password="demo-password")
    call_command("create_demo_requests")
    assert AdviceRequest.objects.count() == 6
    assert CannedReply.objects.count() == 2
    pages = {}
    for username in ("comms", "officer"):
        client = Client()
        client.login(username=username, password="demo-password")
        pages[username] = client.get("/staff/").content.decode()
    assert "Overdue" in pages["comms"] and "Due today" in pages["comms"]
    assert "Urgent" in pages["officer"]
    assert "New message from the member" in pages["officer"]
    call_command("create_demo_requests")
    assert AdviceRequest.objects.count() == 6
