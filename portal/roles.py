"""The portal's roles, as Django groups, and the permissions each one holds.

The groups are created by a migration (protocol/migrations/0002_roles.py);
later features add their permissions here and a migration that calls
``sync_roles``.
"""

MEMBERS = "Members"
MONITORING_OFFICER = "Monitoring Officer"
COMMUNICATIONS = "Communications team"

ALL_ROLES = [MEMBERS, MONITORING_OFFICER, COMMUNICATIONS]

# group name -> list of "app_label.codename"
ROLE_PERMISSIONS = {
    MEMBERS: [],
    MONITORING_OFFICER: [
        f"protocol.{action}_{model}"
        for model in ("document", "version", "section", "rule")
        for action in ("add", "change", "delete", "view")
    ],
    COMMUNICATIONS: [
        f"protocol.view_{model}" for model in ("document", "version", "section", "rule")
    ],
}


def sync_roles(apps, schema_editor=None):
    """Create the groups and give each exactly its listed permissions.

    Used from migrations, so permissions are created first: on a fresh
    database they would otherwise only appear after the last migration.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = ROLE_PERMISSIONS[name]
        permissions = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
