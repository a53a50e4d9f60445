from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("favicon.ico", views.favicon),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("protocol/", include("protocol.urls")),
    path("", include("protocol.search.urls")),
    path("", include("protocol.postcheck.urls")),
    path("quiz/", include("protocol.quiz.urls")),
    path("advice/", include("protocol.advice.urls")),
    path("faq/", include("protocol.advice.faq.urls")),
    path("staff/", include("protocol.advice.staff.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "portal.views.server_error"
