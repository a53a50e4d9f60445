"""Site-wide pages: the home page, the accessibility statement and logging in."""

from django.contrib.auth.views import LoginView
from django.shortcuts import render
from django.urls import reverse

from protocol.models import Version


def home(request):
    current_versions = (
        Version.objects.current().select_related("document").order_by("document__title")
    )
    return render(request, "home.html", {"current_versions": current_versions})


def accessibility(request):
    return render(request, "accessibility.html")


class PortalLoginView(LoginView):
    """Staff who answer advice requests land on their queue; everyone else on the
    usual page (or wherever ``next`` says)."""

    def get_default_redirect_url(self):
        if self.request.user.has_perm("advice.work_on_advice_requests"):
            return reverse("staff:queue")
        return super().get_default_redirect_url()
