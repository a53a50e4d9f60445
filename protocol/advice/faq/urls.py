"""The FAQ page, mounted at /faq/."""

from django.urls import path

from protocol.advice.faq import views

app_name = "faq"

urlpatterns = [
    path("", views.faq_list, name="list"),
]
