"""The staff workspace's pages, mounted at /staff/."""

from django.urls import path  # noqa: F401

app_name = "staff"

urlpatterns = []
