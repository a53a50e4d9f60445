"""The portal's own tables."""

from django.db import models


class ThrottleEntry(models.Model):
    """One rate-limit count (portal/throttling.py): the table behind the ``throttle``
    cache, in the shape of Django's database cache, so migrations create it."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "portal_throttle"
        verbose_name = "rate-limit count"

    def __str__(self):
        return self.cache_key
