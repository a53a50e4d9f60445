"""Log in, log out, password reset, roles and demo accounts."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal import roles
from protocol import emails, notifications
from protocol.models import Notification
from tests.factories import PASSWORD, run_worker

pytestmark = pytest.mark.django_db


def test_roles_exist_as_groups_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_monitoring_officer_can_change_versions_and_comms_can_only_view():
    officer = Group.objects.get(name=roles.MONITORING_OFFICER)
    comms = Group.objects.get(name=roles.COMMUNICATIONS)
    officer_perms = set(officer.permissions.values_list("codename", flat=True))
    comms_perms = set(comms.permissions.values_list("codename", flat=True))
    assert {"change_version", "add_section", "change_rule"} <= officer_perms
    assert "view_version" in comms_perms
    assert "change_version" not in comms_perms
    # Members hold no admin permission: only ones such as "ask the Monitoring Officer".
    member_perms = Group.objects.get(name=roles.MEMBERS).permissions.values_list(
        "codename", flat=True
    )
    assert not [p for p in member_perms if p.split("_")[0] in {"add", "change", "delete", "view"}]
    assert "ask_monitoring_officer" in member_perms


def test_login_page_logs_a_member_in_and_keeps_the_username_on_error(client, member):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "member", "password": "wrong"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert 'value="member"' in response.content.decode()
    response = client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_logout_is_a_post_and_shows_the_logged_out_page(member_client):
    response = member_client.post(reverse("logout"), follow=True)
    assert response.status_code == 200
    assert "logged out" in response.content.decode()
    assert "_auth_user_id" not in member_client.session


def _follow_reset_link(client, member, body):
    link = next(line for line in body.splitlines() if "/reset/" in line)
    assert link.startswith("http://portal.test/accounts/reset/")  # SITE_URL, not the Host header
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Choose a new password" in response.content.decode()
    new = "a-brand-new-passphrase-42"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "has been changed" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(new)


@pytest.mark.django_db(transaction=True)
def test_password_reset_sends_a_link_that_lets_the_member_choose_a_new_password(client, member):
    response = client.post(reverse("password_reset"), {"email": member.email.upper()})
    assert response.status_code == 302
    assert mail.outbox == []  # queued, never sent while the member waits
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    _follow_reset_link(client, member, mail.outbox[0].body)


@pytest.mark.django_db(transaction=True)
def test_password_reset_does_the_same_work_for_an_unknown_address(client, member):
    # From two clients, so each request counts against fresh rate limits alike.
    with CaptureQueriesContext(connection) as known_queries:
        known = client.post(
            reverse("password_reset"), {"email": member.email}, REMOTE_ADDR="192.0.2.1"
        )
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = client.post(
            reverse("password_reset"), {"email": "nobody@example.org"}, REMOTE_ADDR="192.0.2.2"
        )
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(known_queries) == len(unknown_queries)
    assert not any("auth_user" in q["sql"] for q in known_queries.captured_queries)
    queued = DBTaskResult.objects.filter(task_path=emails.send_password_reset.module_path)
    assert queued.count() == 2
    assert not Notification.objects.exists()
    run_worker()
    assert list(Notification.objects.values_list("kind", "to_email")) == [
        (emails.PASSWORD_RESET, member.email)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_asked_for_while_the_mail_server_is_down_is_sent_later(
    client, member, settings
):
    settings.MAILERS = {"default": {"BACKEND": "tests.factories.BrokenMailer"}}
    response = client.post(reverse("password_reset"), {"email": member.email}, follow=True)
    assert response.status_code == 200
    run_worker()
    waiting = Notification.objects.get(kind=emails.PASSWORD_RESET)
    assert waiting.status == Notification.Status.PENDING
    assert "mail server down" in waiting.last_error
    assert mail.outbox == []

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    Notification.objects.update(next_attempt_at=timezone.now())
    assert notifications.send_due_notifications() == 1
    [message] = mail.outbox
    assert message.to == [member.email]
    _follow_reset_link(client, member, message.body)


def test_password_reset_pages_render(client):
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.get(reverse("password_reset_done")).status_code == 200
    assert client.get(reverse("password_reset_complete")).status_code == 200


def test_create_demo_users_makes_one_account_per_role():
    out = io.StringIO()
    call_command("create_demo_users", password="demo-pass-123", stdout=out)
    expected = {
        "member": roles.MEMBERS,
        "officer": roles.MONITORING_OFFICER,
        "comms": roles.COMMUNICATIONS,
    }
    for username, group in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo-pass-123")
        assert user.groups.filter(name=group).exists()
        assert user.is_staff == (username != "member")
    call_command("create_demo_users", password="another-pass-456", stdout=out)
    assert User.objects.filter(username__in=expected).count() == 3
    assert User.objects.get(username="officer").check_password("another-pass-456")


def test_create_demo_users_refuses_a_short_password():
    with pytest.raises(CommandError, match="at least 8"):
        call_command("create_demo_users", password="short", stdout=io.StringIO())


def test_setup_demo_loads_the_sample_and_accounts_once_and_prints_the_password_once():
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    first = out.getvalue()
    assert "Imported" in first and "shown only now" in first
    assert User.objects.filter(username="member").exists()
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    second = out.getvalue()
    assert "Imported" not in second and "shown only now" not in second


def test_a_member_is_an_active_account_in_the_members_group(member, officer):
    gone = User.objects.create_user("gone", is_active=False)
    gone.groups.add(Group.objects.get(name=roles.MEMBERS))
    member.groups.add(Group.objects.get(name=roles.COMMUNICATIONS))  # two groups, one row
    assert list(roles.members()) == [member]
    assert roles.is_member(member)
    assert not roles.is_member(officer)
    assert not roles.is_member(gone)
    assert not roles.is_member(AnonymousUser())
