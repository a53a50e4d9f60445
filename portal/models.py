"""The portal's own tables."""

from django.db import models
from django.utils import timezone


class ThrottleEntryQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(expires__lt=timezone.now())


class ThrottleEntry(models.Model):
    """One rate-limit count (portal/throttling.py) of a scope shared by every web
    process: one client's requests in one window, raised by one upsert."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.PositiveIntegerField("count")
    expires = models.DateTimeField(db_index=True)

    objects = ThrottleEntryQuerySet.as_manager()

    class Meta:
        db_table = "portal_throttle"
        verbose_name = "rate-limit count"

    def __str__(self):
        return self.cache_key
