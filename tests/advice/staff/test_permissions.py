"""Who reaches which staff page and action: every role × every staff URL × both teams.

Anonymous people are sent to log in; members get 403 everywhere; the
communications team reaches its own team's requests and gets 404 for a request
routed only to the Monitoring Officer; staff of a team with no workspace
permission get 403; the Monitoring Officer reaches everything, and alone sees
the access log.
"""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from tests.advice.factories import ask

pytestmark = pytest.mark.django_db

OK, REDIRECT, LOGIN, FORBIDDEN, MISSING = 200, 302, "login", 403, 404


def _post(data):
    return ("post", data)


def _actions(topic):
    seen = timezone.now().isoformat()
    return {
        "page": ("get", None),
        "access": ("get", None),
        "reply": _post(
            {"body": "Answer.", "then_status": "answered", "action": "send", "seen_at": seen}
        ),
        "reply-preview": _post({"body": "Draft.", "action": "preview"}),
        "note": _post({"body": "Note.", "action": "add", "seen_at": seen}),
        "assign": _post({"assignee": "", "action": "assign", "seen_at": seen}),
        "status": _post({"status": "in_progress", "seen_at": seen}),
        "urgency": _post({"urgency": "high", "seen_at": seen}),
        "route": _post({"action": "topic", "topic": topic.pk, "seen_at": seen}),
    }


ACTIONS = [
    "page",
    "access",
    "reply",
    "reply-preview",
    "note",
    "assign",
    "status",
    "urgency",
    "route",
]


def _expected(role, routed_to, action):
    if role == "anonymous":
        return LOGIN
    if role in ("member", "outsider"):
        return FORBIDDEN
    if action == "access" and role != "officer":
        return FORBIDDEN
    if role == "comms" and routed_to == "officer":
        return MISSING
    if action in ("page", "access", "reply-preview"):
        return OK
    return REDIRECT


@pytest.fixture
def outsider(db):
    """Staff of another team, without the workspace permission."""
    team = Group.objects.create(name="Legal team")
    user = User.objects.create_user("lawyer", "lawyer@example.org", "x", is_staff=True)
    user.groups.add(team)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="advice", codename="view_advicerequest")
    )
    return user


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("routed_to", ["comms", "officer"])
@pytest.mark.parametrize("role", ["anonymous", "member", "outsider", "comms", "officer"])
def test_the_matrix_of_roles_urls_and_actions(
    client,
    request,
    role,
    routed_to,
    action,
    member,
    comms,
    officer,
    outsider,
    comms_topic,
    officer_topic,
):
    topic = comms_topic if routed_to == "comms" else officer_topic
    advice_request = ask(member, topic)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    method, data = _actions(topic)[action]
    path = advice_request.get_staff_url()
    if action != "page":
        path += f"{action.removesuffix('-preview')}/"
    response = getattr(client, method)(path, data or {})
    expected = _expected(role, routed_to, action)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, response.content.decode()[:1500]
    if expected in (LOGIN, FORBIDDEN, MISSING):
        advice_request.refresh_from_db()
        assert not advice_request.messages.exists()
        assert advice_request.status == "new" and advice_request.urgency == "normal"
        if expected != LOGIN:
            assert "bus depot" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("outsider", 403), ("comms", 200), ("officer", 200)]
)
def test_the_queue_is_for_the_two_staff_groups(client, request, role, status, outsider):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/staff/").status_code == status


def test_anonymous_people_are_sent_to_log_in_from_the_queue(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/staff/"


def test_the_communications_team_never_sees_the_officers_requests_in_the_queue(
    comms_client, member, officer_topic, comms_topic
):
    theirs = ask(member, officer_topic)
    ours = ask(member, comms_topic)
    for view in ["open", "unassigned", "urgent", "closed", "mine"]:
        page = comms_client.get("/staff/", {"view": view, "q": theirs.reference}).content.decode()
        assert f"{theirs.reference}</a>" not in page
        assert "0 requests matching your filters" in page
    assert f"{ours.reference}</a>" in comms_client.get("/staff/").content.decode()


def test_members_do_not_see_the_staff_link(member_client, comms_client):
    assert "Advice requests</a>" not in member_client.get("/").content.decode()
    assert "Advice requests</a>" in comms_client.get("/").content.decode()


def _every_staff_path(advice_request):
    from protocol.advice.staff import urls

    for pattern in urls.urlpatterns:
        route = str(pattern.pattern)
        path = "/staff/" + route.replace("<reference:reference>", advice_request.reference)
        yield pattern.name, path.replace("<slug:table>", "requests")


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_staff_url_lets_in_members_or_anonymous_people(client, member, comms_topic, method):
    """Every page under /staff/, including those added later, with both methods."""
    advice_request = ask(member, comms_topic)
    for name, path in _every_staff_path(advice_request):
        client.logout()
        response = getattr(client, method)(path)
        assert response.status_code in (302, 405), (name, path, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), (name, path)
        client.force_login(member)
        response = getattr(client, method)(path)
        assert response.status_code in (403, 404, 405), (name, path, response.status_code)
    advice_request.refresh_from_db()
    assert not advice_request.messages.exists()
    assert advice_request.status == "new"
