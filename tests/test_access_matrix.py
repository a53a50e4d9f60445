"""Who may open what: every URL pattern the portal has, for every role.

The patterns come from Django's URL resolver, so a new page cannot escape this
test: a pattern missing from ``EXPECTED`` (or covered by no admin rule) fails it,
with the line to add. Each role makes one GET per URL, with arguments built from
the fixtures below (``ARGUMENTS``); the answer is summarised as

- ``200`` (or any other status code, as a number),
- ``LOGIN``: a redirect to the portal's login page,
- ``ADMIN_LOGIN``: a redirect to the admin's login page,
- ``REDIRECT``: any other redirect.

A view that only takes POST is sent an empty POST (``post(...)``): it must refuse
whoever may not use it before it reads the form.

Roles, in the order of each row: anonymous, a logged-in account with no role,
a member, the communications team, the Monitoring Officer, a superuser.
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal import roles
from protocol.advice.models import Attachment
from protocol.quiz.attempts import start_attempt
from protocol.quiz.models import Attempt
from tests.advice.factories import ask, make_topic
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no role", "member", "comms", "officer", "superuser")
LOGIN, ADMIN_LOGIN, REDIRECT = "login", "admin login", "redirect"


def row(*outcomes):
    assert len(outcomes) == len(ROLES)
    return dict(zip(ROLES, outcomes, strict=True))


class Post(dict):
    """Outcomes of an empty POST, for a view that only takes POST."""


def post(*outcomes):
    return Post(row(*outcomes))


def everyone(outcome):
    return row(*[outcome] * len(ROLES))


PUBLIC = everyone(200)
# Logged in, whoever you are (and the anonymous are sent to log in).
ANY_ACCOUNT = row(LOGIN, 200, 200, 200, 200, 200)
# What a member asks and reads of their own (superusers hold every permission).
MEMBERS = row(LOGIN, 403, 200, 403, 403, 200)
# The member's own request: anyone else gets a 404, as if it did not exist.
OWN_REQUEST = row(LOGIN, 404, 200, 404, 404, 404)
# The staff workspace: the request is routed to the communications team.
STAFF = row(LOGIN, 403, 403, 200, 200, 200)
OFFICER_ONLY = row(LOGIN, 403, 403, 403, 200, 200)
# A staff action sent empty: refused as incomplete (400) once the sender may act.
STAFF_ACTION = post(LOGIN, 403, 403, 400, 400, 400)


# view name -> expected outcome per role (one line per URL pattern).
# Optional arguments for the URL come from ARGUMENTS, by parameter name, unless
# the entry is a tuple (outcomes, {parameter: ARGUMENTS key}).
EXPECTED = {
    "home": PUBLIC,
    "accessibility": PUBLIC,
    "favicon.ico": everyone(301),
    "login": row(200, 200, 200, 200, 200, 200),
    "logout": post(200, 200, 200, 200, 200, 200),
    "password_change": ANY_ACCOUNT,
    "password_change_done": ANY_ACCOUNT,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": everyone(200),  # a link that does not work says so
    "password_reset_complete": PUBLIC,
    "second_factor:manage": ANY_ACCOUNT,
    "second_factor:verify": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "second_factor:setup": ANY_ACCOUNT,
    "second_factor:recovery_codes": post(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "second_factor:turn_off": post(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "protocol:contents": PUBLIC,
    "protocol:all": PUBLIC,
    "protocol:versions": PUBLIC,
    "protocol:compare": PUBLIC,
    "protocol:as_of": PUBLIC,
    "protocol:acknowledge": ANY_ACCOUNT,
    # The current version's numbered address leads to its address without a number.
    "protocol:version_contents": everyone(REDIRECT),
    "protocol:version_all": everyone(REDIRECT),
    "protocol:version_section": everyone(REDIRECT),
    "protocol:section": PUBLIC,
    "search:page": PUBLIC,
    "search:go": everyone(404),  # only to a page of the portal
    "search:report": OFFICER_ONLY,
    "search:api": PUBLIC,
    "search:suggest": PUBLIC,
    "search:token": PUBLIC,
    "quiz:index": PUBLIC,
    "quiz:start": PUBLIC,
    # With no practice set started, to the start page.
    "quiz:practice": everyone(REDIRECT),
    "quiz:practice_feedback": everyone(REDIRECT),
    "quiz:report": OFFICER_ONLY,
    "quiz:report_csv": OFFICER_ONLY,
    "quiz:attempt": row(LOGIN, 404, 200, 404, 404, 404),
    # The member's unfinished check: back to its questions; no certificate yet.
    "quiz:feedback": row(LOGIN, 404, REDIRECT, 404, 404, 404),
    "quiz:result": row(LOGIN, 404, REDIRECT, 404, 404, 404),
    "quiz:certificate": row(LOGIN, 404, 404, 404, 404, 404),
    "quiz:discard": post(LOGIN, 404, REDIRECT, 404, 404, 404),
    "advice:ask": MEMBERS,
    "advice:my_requests": ANY_ACCOUNT,
    "advice:detail": OWN_REQUEST,
    "advice:sent": OWN_REQUEST,
    "advice:follow_up": post(LOGIN, 404, 200, 404, 404, 404),
    "advice:withdraw": post(LOGIN, 404, REDIRECT, 404, 404, 404),
    # The member's file, and the staff handling the request.
    "advice:attachment": row(LOGIN, 404, 200, 200, 200, 200),
    "faq:list": PUBLIC,
    "postcheck:page": PUBLIC,
    "postcheck:ask": post(LOGIN, 403, 200, 403, 403, 200),
    "postcheck:api": post(400, 400, 400, 400, 400, 400),  # open to readers; empty is refused
    "staff:queue": STAFF,
    "staff:request": STAFF,
    "staff:reply": post(*STAFF.values()),
    "staff:note": STAFF_ACTION,
    "staff:assign": STAFF_ACTION,
    "staff:status": STAFF_ACTION,
    "staff:urgency": STAFF_ACTION,
    "staff:route": STAFF_ACTION,
    "staff:access": OFFICER_ONLY,
    "staff:rechecked": post(LOGIN, 403, 403, REDIRECT, REDIRECT, REDIRECT),
    "staff:figures": OFFICER_ONLY,
    "staff:figures_csv": OFFICER_ONLY,
}


@dataclass
class World:
    """What the URLs' arguments point at."""

    document: str
    number: int
    section: str
    reference: str
    attachment: int
    attempt: int
    users: dict


@pytest.fixture
def world(sample_version, settings, tmp_path):
    settings.STAFF_REQUIRE_SECOND_FACTOR = False  # the second step has its own tests
    member = make_user("matrix_member", roles.MEMBERS)
    users = {
        "anonymous": None,
        "no role": User.objects.create_user("matrix_nobody", password="x"),
        "member": member,
        "comms": make_user("matrix_comms", roles.COMMUNICATIONS, staff=True),
        "officer": make_user("matrix_officer", roles.MONITORING_OFFICER, staff=True),
        "superuser": User.objects.create_superuser("matrix_admin", "admin@example.org", "x"),
    }
    topic = make_topic("Matrix: posting", team=roles.COMMUNICATIONS)
    advice_request = ask(member, topic)
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment = Attachment.objects.create(
        request=advice_request,
        file=SimpleUploadedFile("note.pdf", b"%PDF-1.4 matrix"),
        name="note.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=member,
    )
    attempt = start_attempt(member, sample_version, Attempt.Mode.CHECK)
    return World(
        document=sample_version.document.slug,
        number=sample_version.number,
        section=sample_version.sections.order_by("order").first().slug,
        reference=advice_request.reference,
        attachment=attachment.pk,
        attempt=attempt.pk,
        users=users,
    )


# URL parameter -> its value, from the world (per pattern where the name is shared).
ARGUMENTS = {
    "document": lambda w, name: w.document,
    "number": lambda w, name: w.number,
    "section": lambda w, name: w.section,
    "reference": lambda w, name: w.reference,
    "pk": lambda w, name: w.attachment if name == "advice:attachment" else w.attempt,
    "position": lambda w, name: 1,
    "token": lambda w, name: "not-a-valid-token",
    "uidb64": lambda w, name: "MQ",
    "table": lambda w, name: "topics",
}


def url_patterns(patterns=None, prefix="", namespace=None):
    """Every pattern as (route, view name, parameter names), walking includes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name or route
            if namespace and pattern.name:
                name = f"{namespace}:{pattern.name}"
            yield (
                route,
                name,
                list(pattern.pattern.converters) or re.findall(r"\(\?P<(\w+)>", route),
            )


def _outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return REDIRECT
    return response.status_code


def _clients(world):
    clients = {}
    for role, user in world.users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def _path(world, route, name, parameters):
    values = {p: ARGUMENTS[p](world, name) for p in parameters}
    if name != route and not name.startswith("admin:"):
        return reverse(name, kwargs=values)
    path = "/" + route  # an unnamed pattern: fill in its route
    for parameter, value in values.items():
        path = re.sub(rf"<(\w+:)?{parameter}>|\(\?P<{parameter}>[^)]*\)", str(value), path)
    return path.replace("^", "").replace("$", "")


def test_every_url_pattern_is_in_the_table():
    unknown = [
        name
        for route, name, _ in url_patterns()
        if not route.startswith("admin/") and name not in EXPECTED
    ]
    assert not unknown, (
        "New URL patterns: add a line for each to EXPECTED in tests/test_access_matrix.py, "
        "saying who may open it, e.g.\n" + "\n".join(f'    "{name}": MEMBERS,' for name in unknown)
    )


def test_the_table_names_no_url_that_is_gone():
    names = {name for _, name, _ in url_patterns()}
    assert not set(EXPECTED) - names


def test_each_role_reaches_exactly_what_the_table_says(world):
    clients = _clients(world)
    wrong = []
    for route, name, parameters in url_patterns():
        if route.startswith("admin/") or name not in EXPECTED:
            continue
        path = _path(world, route, name, parameters)
        method = "post" if isinstance(EXPECTED[name], Post) else "get"
        for role, expected in EXPECTED[name].items():
            client = clients[role]
            got = _outcome(getattr(client, method)(path))
            if world.users[role] is not None and "_auth_user_id" not in client.session:
                client.force_login(world.users[role])  # after logging out
            if got != expected:
                wrong.append(f"{name} ({path}) as {role}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


# The admin: staff only. A model's pages follow the role's permissions on the model
# (``_admin_rule``); these are the admin's other pages, with arguments from the world.
ADMIN_EXPECTED = {
    "admin:index": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200, 200),
    "admin:login": row(200, 200, 200, REDIRECT, REDIRECT, REDIRECT),
    "admin:logout": post(REDIRECT, REDIRECT, REDIRECT, 200, 200, 200),
    "admin:password_change": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200, 200),
    "admin:password_change_done": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200, 200),
    "admin:autocomplete": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 403, 403),
    "admin:jsi18n": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200, 200),
    "admin:app_list": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200, 200),
    "admin/(?P<url>.*)$": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 404, 404, 404),
    # The request is routed to the communications team: both may follow its link.
    "admin:view_on_site": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT, REDIRECT, REDIRECT),
    # Django's own "view on site" address, shadowed by the portal's above.
    "admin/r/<path:content_type_id>/<path:object_id>/": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT, REDIRECT, REDIRECT
    ),
    "admin:auth_user_password_change": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 403, 200),
    "admin:otp_totp_totpdevice_config": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 403, 200),
    "admin:otp_totp_totpdevice_qrcode": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 403, 200),
    "admin:protocol_document_withdraw": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, REDIRECT, REDIRECT
    ),
    "admin:protocol_version_import": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 200, 200),
    "admin:protocol_version_new_draft": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, REDIRECT, REDIRECT
    ),
    "admin:protocol_version_publish": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, REDIRECT, REDIRECT
    ),
    # Who has read a version (members' names and addresses): the Monitoring Officer's.
    "admin:protocol_version_acknowledgements": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 200, 200
    ),
    # Only the Monitoring Officer drafts FAQ entries: anyone else is sent back with a
    # message (as is the officer here: the request has no reply to draft from).
    "admin:advice_faqentry_from_request": post(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT, REDIRECT, REDIRECT
    ),
}

ADMIN_ARGUMENTS = {
    "app_label": lambda w, name: "protocol",
    "url": lambda w, name: "no-such-page",
    "content_type_id": lambda w, name: w.admin["content_type_id"],
    "object_id": lambda w, name: w.admin["object_id"],
    "pk": lambda w, name: w.admin[name.split("_")[1]],
    "request_id": lambda w, name: w.admin["request_id"],
    "id": lambda w, name: w.users["member"].pk,
}

_MODEL_PAGE = re.compile(
    r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?:(?P<add>add/)|<path:object_id>/(?P<page>\w*/?))?$"
)


def _admin_rule(user, route):
    """What a role gets on a model's admin pages: what that model's admin grants it
    (read-only records refuse adding and deleting even to superusers). Object pages
    are asked for an object that does not exist: with permission the admin says so
    and goes back (REDIRECT), without it refuses (403)."""
    if user is None or not user.is_staff:
        return ADMIN_LOGIN
    match = _MODEL_PAGE.match(route)
    model_admin = admin.site.get_model_admin(apps.get_model(match["app"], match["model"]))
    request = RequestFactory().get("/admin/")
    request.user = user
    if match["add"]:
        return 200 if model_admin.has_add_permission(request) else 403
    if match["page"] is None:  # the list
        if (match["app"], match["model"]) in LIST_REDIRECTS:
            return REDIRECT
        return 200 if model_admin.has_view_or_change_permission(request) else 403
    if match["page"] == "delete/":
        return REDIRECT if model_admin.has_delete_permission(request) else 403
    if match["page"] == "change/":
        return REDIRECT if model_admin.has_view_or_change_permission(request) else 403
    return REDIRECT  # the object's address and its history: "no such object" comes first


# Lists that lead elsewhere: the search log's is the search report (which checks
# who may see it: search:report above).
LIST_REDIRECTS = {("protocol", "searchlog"): REDIRECT}

# Records of members' personal data and of logins: the communications team may not
# open their lists in the admin, whatever the admin's methods say.
NOT_FOR_COMMS = [
    "auth/user",
    "axes/accessattempt",
    "axes/accessfailurelog",
    "otp_totp/totpdevice",
    "otp_static/staticdevice",
    "protocol/acknowledgement",
    "protocol/searchlog",
    "protocol/notification",
    "quiz/attempt",
]


@pytest.fixture
def admin_world(world):
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from protocol.advice.models import AdviceRequest
    from protocol.models import Version

    advice_request = AdviceRequest.objects.get(reference=world.reference)
    advice_request.status = AdviceRequest.Status.ANSWERED
    advice_request.save(update_fields=["status"])
    version = Version.objects.get(document__slug=world.document, number=world.number)
    world.admin = {
        "content_type_id": ContentType.objects.get_for_model(AdviceRequest).pk,
        "object_id": advice_request.pk,
        "request_id": advice_request.pk,
        "totp": TOTPDevice.objects.create(
            user=world.users["member"], name="app", confirmed=False
        ).pk,
        "document": version.document_id,
        "version": version.pk,
        "faqentry": advice_request.pk,
    }
    return world


def test_every_admin_page_is_staff_only_and_follows_the_roles_permissions(admin_world):
    world = admin_world
    clients = _clients(world)
    wrong = []
    for route, name, parameters in url_patterns():
        if not route.startswith("admin/"):
            continue
        explicit = ADMIN_EXPECTED.get(name)
        if explicit is None and not _MODEL_PAGE.match(route):
            wrong.append(f"{name} ({route}): add it to ADMIN_EXPECTED, saying who may open it")
            continue
        if explicit is not None:
            values = {p: ADMIN_ARGUMENTS[p](world, name) for p in parameters}
        else:
            values = {"object_id": 0} if "object_id" in parameters else {}
        path = "/" + route
        for parameter, value in values.items():
            path = re.sub(rf"<(\w+:)?{parameter}>|\(\?P<{parameter}>[^)]*\)", str(value), path)
        path = path.replace("^", "").replace("$", "")
        path = re.sub(r"\((\w+\|)+\w+\)", "", path)
        method = "post" if isinstance(explicit, Post) else "get"
        for role, client in clients.items():
            expected = explicit[role] if explicit else _admin_rule(world.users[role], route)
            got = _outcome(getattr(client, method)(path))
            if world.users[role] is not None and "_auth_user_id" not in client.session:
                client.force_login(world.users[role])
            if got != expected:
                wrong.append(f"{name} ({path}) as {role}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_the_communications_team_cannot_list_personal_or_login_records(admin_world):
    client = _clients(admin_world)["comms"]
    opened = [model for model in NOT_FOR_COMMS if client.get(f"/admin/{model}/").status_code == 200]
    assert not opened
