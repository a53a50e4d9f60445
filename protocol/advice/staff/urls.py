"""The staff workspace's pages, mounted at /staff/."""

from django.urls import path

import protocol.advice.urls  # noqa: F401  (registers the <reference:> converter)
from protocol.advice.citations import views as citation_views
from protocol.advice.staff import figures, views

app_name = "staff"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("requests/<reference:reference>/", views.request_page, name="request"),
    path("requests/<reference:reference>/reply/", views.reply, name="reply"),
    path("requests/<reference:reference>/note/", views.note, name="note"),
    path("requests/<reference:reference>/assign/", views.assign, name="assign"),
    path("requests/<reference:reference>/status/", views.change_status, name="status"),
    path("requests/<reference:reference>/urgency/", views.change_urgency, name="urgency"),
    path("requests/<reference:reference>/route/", views.reroute, name="route"),
    path("requests/<reference:reference>/access/", views.access_log, name="access"),
    path("figures/", figures.figures_page, name="figures"),
    path("figures/<slug:table>.csv", figures.figures_csv, name="figures_csv"),
    path(
        "requests/<reference:reference>/rechecked/",
        citation_views.mark_rechecked,
        name="rechecked",
    ),
]
