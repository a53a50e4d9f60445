from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import checks  # noqa: F401  (registers the deploy checks)
        from portal.middleware import start_idle_clock
        from portal.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="portal-sync-roles")
        user_logged_in.connect(start_idle_clock, dispatch_uid="portal-staff-idle-clock")
