"""Values every page's layout needs."""

import re

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    return {
        "protocol_requires_login": settings.PROTOCOL_REQUIRE_LOGIN,
        "monitoring_officer": monitoring_officer_contact(),
    }


def monitoring_officer_contact() -> dict[str, str]:
    """The Monitoring Officer's telephone number (as shown and as a tel: link) and hours."""
    phone = settings.MONITORING_OFFICER_PHONE
    digits = re.sub(r"[^0-9+]", "", phone)
    return {"phone": phone, "tel": f"tel:{digits}", "hours": settings.MONITORING_OFFICER_HOURS}
