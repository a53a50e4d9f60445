"""Ask the Monitoring Officer; a member's own requests by reference (e.g. MO-2026-0042)."""

from django.urls import path

from protocol.advice import views

app_name = "advice"

urlpatterns = [
    path("ask/", views.ask, name="ask"),
    path("requests/", views.my_requests, name="my_requests"),
    path("requests/<str:reference>/", views.detail, name="detail"),
    path("requests/<str:reference>/sent/", views.sent, name="sent"),
    path("requests/<str:reference>/follow-up/", views.follow_up, name="follow_up"),
    path("requests/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
]
