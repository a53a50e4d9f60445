"""Check my post: the page at /check-post/, asking about a post, and the JSON API."""

from django.urls import path

from protocol.postcheck import views

app_name = "postcheck"

urlpatterns = [
    path("check-post/", views.check_page, name="page"),
    path("check-post/ask/", views.ask_about_post, name="ask"),
    path("api/check-post", views.api_check_post, name="api"),
]
