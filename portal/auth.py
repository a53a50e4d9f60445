"""Authentication backend: Django's ModelBackend, with a user's permissions
read in one query compiled once per process.

Every page's navigation asks what the reader may do ("Ask the Monitoring
Officer", "My requests", the staff links). Django's backend reads a user's own
permissions and their groups' in two queries the ORM compiles afresh on every
request; on the reading pages that was a third of a member's database time.
The answer is the same set, read at every request as before, so a change of
group or permission shows at once.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from protocol.caching import PreparedQuery

_permissions = PreparedQuery(
    lambda user_pk: (
        Permission.objects.filter(Q(user__pk=user_pk) | Q(group__user__pk=user_pk))
        .order_by()
        .values_list("content_type__app_label", "codename")
        .distinct()
    ),
    kinds=(int,),
)


class PortalModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = {
                f"{app}.{codename}" for app, codename in _permissions(user_obj.pk)
            }
        return user_obj._perm_cache
