"""Site-wide pages: the home page and the accessibility statement."""

from django.shortcuts import render

from protocol.models import Version


def home(request):
    current_versions = (
        Version.objects.current().select_related("document").order_by("document__title")
    )
    return render(request, "home.html", {"current_versions": current_versions})


def accessibility(request):
    return render(request, "accessibility.html")
