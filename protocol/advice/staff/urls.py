"""The staff workspace's pages, mounted at /staff/."""

from django.urls import path

from protocol.advice.staff import figures

app_name = "staff"

urlpatterns = [
    path("figures/", figures.figures_page, name="figures"),
    path("figures/<slug:table>.csv", figures.figures_csv, name="figures_csv"),
]
