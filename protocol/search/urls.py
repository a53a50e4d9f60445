"""Search: the page at /search/, the JSON API and the Monitoring Officer's report."""

from django.urls import path

from protocol.search import views as search

app_name = "search"

urlpatterns = [
    path("search/", search.search_page, name="page"),
    path("search/go/<str:token>/", search.go, name="go"),
    path("search/report/", search.report, name="report"),
    path("api/search", search.api_search, name="api"),
    path("api/search/suggest", search.api_suggest, name="suggest"),
    path("api/search/token", search.api_token, name="token"),
]
