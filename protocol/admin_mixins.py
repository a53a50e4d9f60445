"""Admin behaviour shared by the portal's model admins, written once.

* ``ReadOnlyAdminMixin``: records the portal writes itself (e-mails sent,
  acknowledgements, the admin's history, quiz attempts, the search log) are
  shown, never added, changed or deleted by hand.
* ``FrozenWithVersionMixin``: a row that belongs to a version is frozen with
  it: once the version is published its sections and rules, and once it is
  superseded its quiz questions, are shown read-only.
"""

from protocol.models import Version


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FrozenWithVersionMixin:
    """For model admins and inlines. ``version_of(obj)`` names the version an
    object (for an inline: the parent object) belongs to; ``is_frozen(version)``
    says whether that version's rows may still change."""

    def version_of(self, obj) -> Version | None:
        raise NotImplementedError

    def is_frozen(self, version: Version) -> bool:
        return not version.is_editable

    def _frozen(self, obj) -> bool:
        version = self.version_of(obj) if obj is not None else None
        return version is not None and self.is_frozen(version)

    def has_add_permission(self, request, *args, **kwargs):
        obj = args[0] if args else kwargs.get("obj")
        return not self._frozen(obj) and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)
