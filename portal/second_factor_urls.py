"""Two-step login, under /accounts/two-step/."""

from django.urls import path

from portal import second_factor_views as views

app_name = "second_factor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("code/", views.verify, name="verify"),
    path("set-up/", views.setup, name="setup"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("turn-off/", views.turn_off, name="turn_off"),
]
