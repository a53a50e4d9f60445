"""Who may read the protocol: written once, used by every page that shows it.

The published protocol is public unless ``PROTOCOL_REQUIRE_LOGIN`` is set;
then only logged-in users may read it (its pages, search and the quiz).
Pages use the ``reader`` decorator; code that answers otherwise than with a
page (the JSON search API answers 401) asks ``may_read_protocol``.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse


def may_read_protocol(user) -> bool:
    """Whether ``user`` (anonymous or not) may read the published protocol."""
    return user.is_authenticated or not settings.PROTOCOL_REQUIRE_LOGIN


def reader(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Lets a view through when the reader may read the protocol; otherwise
    sends them to log in and back."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_read_protocol(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
