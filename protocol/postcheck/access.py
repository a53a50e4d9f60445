"""Who may check a post: whoever may read the protocol (``portal.access``), or,
with ``POST_CHECK_MEMBERS_ONLY`` set, only members and staff."""

import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.access import may_read_protocol
from portal.roles import is_member


def may_check_post(user) -> bool:
    if not may_read_protocol(user):
        return False
    if settings.POST_CHECK_MEMBERS_ONLY:
        return user.is_authenticated and (user.is_staff or is_member(user))
    return True


def checker(view):
    """Lets a page through for those who may check a post; others log in, or are
    refused (403) when logged in but not a member."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_check_post(request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied("Checking a post is for members.")
        return view(request, *args, **kwargs)

    return wrapper
