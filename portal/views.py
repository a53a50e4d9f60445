"""Site-wide pages: the home page, the accessibility statement, logging in and the
error pages.

Every error page (400, 403, 404, 500 and a refused form) extends the portal's
layout: ``templates/<status>.html`` and ``403_csrf.html``.
"""

import logging
import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LoginView, PasswordResetView
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse

from portal import throttling
from portal.forms import LoginForm, QueuedPasswordResetForm
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
    """The accessibility statement, in the shape of the model statement for the
    Public Sector Bodies Accessibility Regulations 2018, with the Authority's details
    from settings."""
    phone = settings.ACCESSIBILITY_CONTACT_PHONE
    statement = {
        "authority": settings.AUTHORITY_NAME,
        "email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "phone": phone,
        "tel": "tel:" + re.sub(r"[^0-9+]", "", phone),
        "reply_days": settings.ACCESSIBILITY_REPLY_WORKING_DAYS,
        "prepared": settings.ACCESSIBILITY_STATEMENT_PREPARED,
        "reviewed": settings.ACCESSIBILITY_STATEMENT_REVIEWED,
        "tested": settings.ACCESSIBILITY_LAST_TESTED,
        "max_attachment_mb": settings.ADVICE_ATTACHMENT_MAX_MB,
    }
    return render(request, "accessibility.html", {"statement": statement})


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

    form_class = LoginForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(failure_limit=settings.LOGIN_FAILURE_LIMIT, **kwargs)

    def get_default_redirect_url(self):
        if self.request.user.has_perm("advice.work_on_advice_requests"):
            return reverse("staff:queue")
        return super().get_default_redirect_url()


class PortalPasswordResetView(PasswordResetView):
    """Asking for a reset link, throttled per client and per address asked for: over
    the limit the form comes back (status 429) with the address still in it. The
    e-mail goes through the outbox: it is queued, never sent in the request."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().lower()
        if throttling.throttled(self.request, "password_reset") or throttling.throttled(
            self.request, "password_reset_address", key=f"email:{address}"
        ):
            wait = throttling.too_many_requests_text(self.request)
            form.add_error(None, f"Too many reset links have been asked for. {wait}")
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(throttling.retry_after(self.request))
            return response
        return super().form_valid(form)


def admin_view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect (``/admin/r/…``), for objects the
    user may see in the admin only.

    Django's own shortcut redirects to any object's address without asking
    who is looking, so a guessed number would tell the communications team
    the reference of a request routed to another team. Here the object must
    be in the queryset its admin shows this user (for advice requests,
    ``handled_by``, the staff workspace's rule); anything else is a 404.
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ContentType.DoesNotExist, ValueError):
        raise Http404("No such page.") from None
    model_admin = admin.site.get_model_admin(model) if admin.site.is_registered(model) else None
    if model_admin is None or not model_admin.has_view_permission(request):
        raise Http404("No such page.")
    try:
        visible = model_admin.get_queryset(request).filter(pk=object_id).exists()
    except (ValidationError, ValueError, TypeError):
        visible = False
    if not visible:
        raise Http404("No such page.")
    return contenttype_views.shortcut(request, content_type_id, object_id)
