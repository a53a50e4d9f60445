"""Site-wide pages: the home page, the accessibility statement, logging in and the
error pages.

Every error page (400, 403, 404, 500 and a refused form) extends the portal's
layout: ``templates/<status>.html`` and ``403_csrf.html``.
"""

import logging

from django.contrib.auth.views import LoginView
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse

from protocol.models import Version

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    current_versions = (
        Version.objects.current().in_force().select_related("document").order_by("document__title")
    )
    return render(request, "home.html", {"current_versions": current_versions})


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever the page links; WhiteNoise serves the file."""
    return HttpResponsePermanentRedirect(static("portal/favicon.ico"))


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check, in the portal's layout (Django's own is bare)."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """The 500 page in the portal's layout, rendered without the request's context
    (which may be what failed), and plain text if even the layout cannot render."""
    try:
        html = loader.get_template("500.html").render()
    except Exception:  # noqa: BLE001 - the last resort must not fail
        logger.exception("The 500 page could not be rendered")
        html = (
            '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
            "<title>Sorry, something went wrong – Members' Guidance Portal</title></head>"
            "<body><main><h1>Sorry, something went wrong</h1><p>Please try again later.</p>"
            "</main></body></html>"
        )
    return HttpResponseServerError(html)


class PortalLoginView(LoginView):
    """Staff who answer advice requests land on their queue; everyone else on the
    usual page (or wherever ``next`` says)."""

    def get_default_redirect_url(self):
        if self.request.user.has_perm("advice.work_on_advice_requests"):
            return reverse("staff:queue")
        return super().get_default_redirect_url()
