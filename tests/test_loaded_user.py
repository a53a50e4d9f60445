"""The logged-in user is loaded with what every page asks about them (roles,
two-step login, permissions), and each question falls back to the database
for a user loaded any other way. Nothing is kept from one request to the next."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import roles, second_factor
from portal.auth import PortalModelBackend
from tests import factories

pytestmark = pytest.mark.django_db


def _loaded(user):
    return PortalModelBackend().get_user(user.pk)


def _fresh(user):
    """The user as any other code loads them: no facts with it."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("load", [_loaded, _fresh], ids=["loaded", "asked"])
def test_roles_answer_the_same_whether_loaded_with_the_user_or_asked(load, member, officer, comms):
    superuser = User.objects.create_superuser("root", "root@example.org", "x")
    inactive = factories.make_user("gone", roles.MEMBERS)
    inactive.is_active = False
    inactive.save()
    assert roles.is_member(load(member))
    assert not roles.is_staff(load(member))
    assert roles.is_staff(load(officer)) and not roles.is_member(load(officer))
    assert roles.is_staff(load(comms))
    assert roles.is_staff(load(superuser))
    assert not roles.is_member(User.objects.get(pk=inactive.pk))
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    assert second_factor.is_on(load(member))
    assert not second_factor.is_on(load(officer))


def test_a_loaded_user_answers_roles_two_step_login_and_permissions_without_a_query(officer):
    user = _loaded(officer)
    with CaptureQueriesContext(connection) as queries:
        assert roles.is_staff(user)
        assert not roles.is_member(user)
        assert not second_factor.is_on(user)
        assert user.has_perm("advice.work_on_advice_requests")
        assert user.has_perm("protocol.view_acknowledgements")
        assert not user.has_perm("advice.ask_monitoring_officer")
    assert len(queries) == 0


def test_a_user_loaded_otherwise_asks_the_database(member):
    user = _fresh(member)
    with CaptureQueriesContext(connection) as queries:
        assert roles.is_member(user)
        assert not second_factor.is_on(user)
        assert user.has_perm("advice.ask_monitoring_officer")
    assert len(queries) == 3


def test_loaded_permissions_are_the_ones_django_reads(officer, member):
    extra = Permission.objects.get(codename="view_faqentry")
    member.user_permissions.add(extra)  # a permission of its own besides the group's
    backend = PortalModelBackend()
    for user in (officer, member):
        fresh = _fresh(user)
        assert backend.get_all_permissions(_loaded(user)) == backend.get_all_permissions(fresh)
    assert "advice.view_faqentry" in backend.get_all_permissions(_loaded(member))


def test_an_unknown_or_inactive_user_is_not_loaded(member):
    backend = PortalModelBackend()
    assert backend.get_user(member.pk + 1000) is None
    assert backend.get_user("not a number") is None
    member.is_active = False
    member.save()
    assert backend.get_user(member.pk) is None


def test_a_change_of_group_shows_on_the_next_request(member_client, member, sample_version):
    url = reverse("protocol:contents", kwargs={"document": sample_version.document.slug})
    page = member_client.get(url).content.decode()
    assert "My requests" in page and "Please confirm you have read" in page
    member.groups.clear()
    member.groups.add(Group.objects.get(name=roles.COMMUNICATIONS))
    page = member_client.get(url).content.decode()
    assert "My requests" not in page
    assert "Advice requests" in page
    assert "Please confirm you have read" not in page


def test_turning_two_step_login_on_is_asked_for_at_the_next_request(member_client, member):
    home = reverse("home")
    assert member_client.get(home).status_code == 200
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    response = member_client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor:verify"))


def test_the_loaded_user_reads_every_field_as_the_orm_does(member):
    from django.utils import timezone

    User.objects.filter(pk=member.pk).update(last_login=timezone.now())
    loaded, fresh = _loaded(member), _fresh(member)
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
    assert loaded._state.adding is False and loaded._state.db == "default"


def test_an_expired_session_is_no_session(member_client):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert member_client.get(reverse("second_factor:manage")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = member_client.get(reverse("second_factor:manage"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_turning_two_step_login_off_is_seen_for_the_rest_of_the_request(member):
    from django.utils.functional import SimpleLazyObject

    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    user = _loaded(member)
    request_user = SimpleLazyObject(lambda: user)  # as request.user holds it
    assert second_factor.is_on(request_user)
    second_factor.turn_off(request_user)
    assert not second_factor.is_on(request_user)
