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
        leave_caches_open_if_nothing_to_close()


def leave_caches_open_if_nothing_to_close():
    """Django closes every cache after each request, for backends that hold a
    connection per request (memcached). The portal's caches (per-process
    memory, Redis with its pool of connections) close nothing, and asking each
    of them cost every page about a twentieth of its time: the closing is
    left out when no configured cache would do anything."""
    from django.conf import settings
    from django.core import signals
    from django.core.cache import caches, close_caches
    from django.core.cache.backends.base import BaseCache

    if all(type(caches[alias]).close is BaseCache.close for alias in settings.CACHES):
        signals.request_finished.disconnect(close_caches)
    else:
        signals.request_finished.connect(close_caches)
