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

Once a process has seen which user a session holds (a session's key is new
at every login, so it holds one user for its life), the session's row comes
in the same query as the user (``session_and_user``, read by
``portal.sessions``): a logged-in reader's request starts with one query,
not two.
"""

from contextvars import ContextVar

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


def _with_facts(user_pk):
    return (
        get_user_model()
        .objects.filter(pk=user_pk)
        .annotate(
            **roles.group_facts(),
            **second_factor.loaded_facts(),
            **{OWN_PERMISSIONS: _permissions_text("user")},
            **{GROUP_PERMISSIONS: _permissions_text("group__user")},
        )
    )


_user_with_facts = PreparedObjectsQuery(_with_facts, kinds=(int,))

# The user with their facts and, beside them, the row of a session they hold:
# what every request of a logged-in reader reads first, in one query
# (``portal.sessions``). The session's columns are None when it is gone.
SESSION_DATA = "portal_session_data"
SESSION_EXPIRY = "portal_session_expiry"


def _session_column(session_key, column):
    from django.contrib.sessions.models import Session

    return Subquery(Session.objects.filter(session_key=session_key).values(column)[:1])


session_and_user = PreparedObjectsQuery(
    lambda session_key, user_pk: _with_facts(user_pk).annotate(
        **{
            SESSION_DATA: _session_column(session_key, "session_data"),
            SESSION_EXPIRY: _session_column(session_key, "expire_date"),
        }
    ),
    kinds=(str, int),
)

# The user read with the session at this request, if it was (``loaded_with_session``):
# taken by the first ``get_user`` that asks for them, so it serves that request only.
_loaded_with_session = ContextVar("loaded_with_session", default=None)


def loaded_with_session(user) -> None:
    """Hand ``user``, read with their session just now (or None), to the
    ``get_user`` that follows in the same request."""
    _loaded_with_session.set(user)


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user_pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _loaded_with_session.get()
        _loaded_with_session.set(None)
        if user is None or user.pk != user_pk:
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
