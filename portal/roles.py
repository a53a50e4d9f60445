"""The portal's roles, as Django groups, and the permissions each one holds.

The groups are created by a migration (protocol/migrations/0002_roles.py)
and brought in step with ROLE_PERMISSIONS after every ``migrate``, so a
feature adds its permissions here and nothing else.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet

MEMBERS = "Members"
MONITORING_OFFICER = "Monitoring Officer"
COMMUNICATIONS = "Communications team"

ALL_ROLES = [MEMBERS, MONITORING_OFFICER, COMMUNICATIONS]
# The Authority's own staff: they read members' personal data, so they log in with a
# second factor and are logged out when idle (portal/second_factor.py, portal/middleware.py).
STAFF_ROLES = [MONITORING_OFFICER, COMMUNICATIONS]


def members() -> "QuerySet":
    """Who is a member: every active account in the Members group (one row each)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, groups__name=MEMBERS).distinct()


# The group facts ``is_member`` and ``is_staff`` ask, as annotations on a user
# query: the logged-in user is loaded with them (portal/auth.py), so the middleware
# and the pages ask these questions at every request for no query. They are read
# afresh with the user at each request: a change of group shows on the next one.
IN_MEMBERS = "portal_in_members"
IN_STAFF_ROLE = "portal_in_staff_role"


def group_facts() -> dict:
    """``{attribute: Exists(...)}`` for ``QuerySet.annotate()`` on users."""
    from django.contrib.auth.models import Group
    from django.db.models import Exists, OuterRef

    def in_groups(names):
        return Exists(Group.objects.filter(user=OuterRef("pk"), name__in=names))

    return {IN_MEMBERS: in_groups([MEMBERS]), IN_STAFF_ROLE: in_groups(STAFF_ROLES)}


def _in_groups(user, fact: str, names) -> bool:
    """The fact loaded with ``user`` when there is one, else asked (one query)."""
    loaded = getattr(user, fact, None)
    if loaded is not None:
        return bool(loaded)
    return user.groups.filter(name__in=names).exists()


def is_member(user) -> bool:
    """Whether ``user`` is a member, by the same rule as ``members()`` (no query
    for a user loaded with ``group_facts()``, else one)."""
    return user.is_authenticated and user.is_active and _in_groups(user, IN_MEMBERS, [MEMBERS])


def is_staff(user) -> bool:
    """Whether ``user`` is one of the Authority's staff: in a staff role, or with
    access to the admin (staff status or superuser)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return _in_groups(user, IN_STAFF_ROLE, STAFF_ROLES)


def teams() -> "QuerySet":
    """The staff teams advice requests go to: every group but Members, by name."""
    from django.contrib.auth.models import Group

    return Group.objects.exclude(name=MEMBERS).order_by("name")


def monitoring_officers() -> "QuerySet":
    """Every active account in the Monitoring Officer's group."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, groups__name=MONITORING_OFFICER)


# group name -> list of "app_label.codename"
ROLE_PERMISSIONS = {
    MEMBERS: [
        "advice.ask_monitoring_officer",
    ],
    MONITORING_OFFICER: [
        *(
            f"protocol.{action}_{model}"
            for model in ("document", "version", "section", "rule")
            for action in ("add", "change", "delete", "view")
        ),
        "protocol.view_notification",
        "protocol.view_acknowledgement",
        # "Who has read it": every member's name and e-mail; only here.
        "protocol.view_acknowledgements",
        "admin.view_logentry",
        *(
            f"protocol.{action}_{model}"
            for model in ("synonym", "bestbet")
            for action in ("add", "change", "delete", "view")
        ),
        "protocol.view_searchlog",
        *(
            f"quiz.{action}_{model}"
            for model in ("question", "option")
            for action in ("add", "change", "delete", "view")
        ),
        "quiz.view_attempt",
        "quiz.view_quiz_report",
        # Advice: maintains topics, routing and bank holidays; sees every request.
        *(
            f"advice.{action}_{model}"
            for model in ("topic", "routingrule", "bankholiday")
            for action in ("add", "change", "delete", "view")
        ),
        "advice.view_all_advice_requests",
        "advice.view_advice_figures",
        "advice.work_on_advice_requests",
        "advice.view_request_access",
        *(f"advice.{action}_cannedreply" for action in ("add", "change", "delete", "view")),
        "advice.view_requestaccess",
        "advice.view_advicerequest",
        "advice.change_advicerequest",
        "advice.add_message",
        "advice.view_message",
        "advice.view_adviceevent",
        "advice.view_answeredbyguidance",
        # FAQ entries made from answers: only the Monitoring Officer publishes them.
        *(f"advice.{action}_faqentry" for action in ("add", "change", "view")),
        "advice.publish_faqentry",
        "advice.view_citation",
        "advice.view_recheck",
        # Check my post: the checks and the rules they cite; the weekly counts.
        "postcheck.view_check",
        "postcheck.change_check",
        *(f"postcheck.{action}_citation" for action in ("add", "change", "delete", "view")),
        "postcheck.view_weeklycount",
    ],
    COMMUNICATIONS: [
        *(f"protocol.view_{model}" for model in ("document", "version", "section", "rule")),
        # Advice: only the requests routed to the team (AdviceRequest.objects.handled_by).
        "advice.work_on_advice_requests",
        "advice.view_cannedreply",
        "advice.view_advicerequest",
        "advice.change_advicerequest",
        "advice.add_message",
        "advice.view_message",
        "advice.view_adviceevent",
    ],
}


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly its listed permissions.

    Used from migrations, so permissions are created first: on a fresh
    database they would otherwise only appear after the last migration.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    apply_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def apply_roles(Group, Permission) -> None:
    """Make the groups match ROLE_PERMISSIONS; permissions not yet created are skipped."""
    for name in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = set()
        for dotted in ROLE_PERMISSIONS[name]:
            app_label, codename = dotted.split(".")
            wanted.add((app_label, codename))
        permissions = [
            permission
            for permission in Permission.objects.filter(
                codename__in={codename for _, codename in wanted}
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    """Keep the groups in step after every migrate (and after a test flush)."""
    from django.contrib.auth.models import Group, Permission

    apply_roles(Group, Permission)
