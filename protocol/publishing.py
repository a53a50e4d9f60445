"""A version's life: draft -> published (current) -> superseded.

``publish()`` is the one way a draft becomes current. It locks the document
row so two officers publishing at once still leave exactly one current
version; the conditional unique constraint on Version backs that up.
"""

from django.db import transaction
from django.utils import timezone

from protocol.models import Document, Version


class PublishError(ValueError):
    pass


@transaction.atomic
def publish(version, *, by=None, change_note=None, effective_date=None):
    """Make a draft the current version of its document and supersede the old one."""
    Document.objects.select_for_update().get(pk=version.document_id)
    version = Version.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise PublishError(f"{version} is not a draft, so it cannot be published.")
    now = timezone.now()
    # A queryset update: the superseded version's text is untouched, only its status.
    Version.objects.filter(document_id=version.document_id).current().update(
        status=Version.Status.SUPERSEDED
    )
    if change_note is not None:
        version.change_note = change_note
    version.effective_date = effective_date or version.effective_date or timezone.localdate(now)
    version.status = Version.Status.PUBLISHED
    version.published_at = now
    version.published_by = by
    version.save()
    return version
