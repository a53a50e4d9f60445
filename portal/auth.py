"""Authentication backend: Django's ModelBackend, loading the logged-in user
with what every page asks about them, in one query compiled once per process.

Every page asks who the reader is: the middleware whether they are staff
(the idle timeout, the second factor) and whether they turned two-step login
on; the navigation what they may do ("Ask the Monitoring Officer", "My
requests", the staff links); the reading pages whether they are a member.
Asked one by one, that was five queries at every request beside the user's
own. Here the user comes with those facts as annotations (``roles``,
``second_factor`` and their permissions, each written where its rule lives),
read at every request as before, so a change of group, permission or device
shows on the next one. A user loaded any other way (at login, in a
management command) has no such facts, and each question asks the database.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Concat

from portal import roles, second_factor
from protocol.caching import PreparedObjectsQuery, PreparedQuery

# Every "app_label.codename" the user holds, their own and their groups', in two
# texts ("\n" never appears in a permission's name).
OWN_PERMISSIONS = "portal_own_permissions"
GROUP_PERMISSIONS = "portal_group_permissions"
_SEPARATOR = "\n"


def _permissions_of(user_pk):
    return Permission.objects.filter(Q(user__pk=user_pk) | Q(group__user__pk=user_pk)).order_by()


_permissions = PreparedQuery(
    lambda user_pk: (
        _permissions_of(user_pk).values_list("content_type__app_label", "codename").distinct()
    ),
    kinds=(int,),
)


def _permissions_text(via):
    """Every "app_label.codename" the user holds ``via`` their own permissions
    ("user") or their groups' ("group__user"), in one text, or None."""
    return Subquery(
        Permission.objects.filter(**{via: OuterRef("pk")})
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(
            names=StringAgg(
                Concat("content_type__app_label", Value("."), "codename"), Value(_SEPARATOR)
            )
        )
        .values("names")
    )


_user_with_facts = PreparedObjectsQuery(
    lambda user_pk: (
        get_user_model()
        .objects.filter(pk=user_pk)
        .annotate(
            **roles.group_facts(),
            **second_factor.loaded_facts(),
            **{OWN_PERMISSIONS: _permissions_text("user")},
            **{GROUP_PERMISSIONS: _permissions_text("group__user")},
        )
    ),
    kinds=(int,),
)


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user_pk = int(user_id)
        except (TypeError, ValueError):
            return None
        users = _user_with_facts(user_pk)
        user = users[0] if users else None
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            if hasattr(user_obj, GROUP_PERMISSIONS):
                text = _SEPARATOR.join(
                    getattr(user_obj, name) or "" for name in (OWN_PERMISSIONS, GROUP_PERMISSIONS)
                )
                user_obj._perm_cache = set(filter(None, text.split(_SEPARATOR)))
            else:
                user_obj._perm_cache = {
                    f"{app}.{codename}" for app, codename in _permissions(user_obj.pk)
                }
        return user_obj._perm_cache
