from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("favicon.ico", views.favicon),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        views.PortalPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/two-step/", include("portal.second_factor_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("protocol/", include("protocol.urls")),
    path("", include("protocol.search.urls")),
    path("", include("protocol.postcheck.urls")),
    path("quiz/", include("protocol.quiz.urls")),
    path("advice/", include("protocol.advice.urls")),
    path("faq/", include("protocol.advice.faq.urls")),
    path("staff/", include("protocol.advice.staff.urls")),
    # Before the admin's own URLs: its "view on site" redirect, checked (see the view).
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(views.admin_view_on_site),
    ),
    path("admin/", admin.site.urls),
]

handler500 = "portal.views.server_error"
