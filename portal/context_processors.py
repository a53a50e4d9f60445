"""Values every page's layout needs."""

from django.conf import settings


def portal(request):
    return {"protocol_requires_login": settings.PROTOCOL_REQUIRE_LOGIN}
