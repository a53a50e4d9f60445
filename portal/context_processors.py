"""Values every page's layout needs."""

import functools
import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    from protocol.postcheck.access import may_check_post

    # An error page for a request refused before authentication (a bad Host
    # header, say) has no user: it is shown as to a visitor.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "protocol_requires_login": settings.PROTOCOL_REQUIRE_LOGIN,
        # Called by the template only where a page shows the link (a query at most).
        "may_check_post": functools.partial(may_check_post, user),
        "monitoring_officer": monitoring_officer_contact(),
        # Set by SecondFactorMiddleware: the password is given, the code not yet.
        "second_step_pending": getattr(request, "second_step_pending", False),
    }


def monitoring_officer_contact() -> dict[str, str]:
    """The Monitoring Officer's telephone number (as shown and as a tel: link) and hours."""
    phone = settings.MONITORING_OFFICER_PHONE
    digits = re.sub(r"[^0-9+]", "", phone)
    return {"phone": phone, "tel": f"tel:{digits}", "hours": settings.MONITORING_OFFICER_HOURS}
