"""Stable URLs: the current version without a number, every version with one."""

from django.urls import path

from protocol import views

app_name = "protocol"

urlpatterns = [
    path("<slug:document>/", views.contents, name="contents"),
    path("<slug:document>/all/", views.whole_document, name="all"),
    path("<slug:document>/versions/", views.versions, name="versions"),
    path("<slug:document>/compare/", views.compare, name="compare"),
    path("<slug:document>/as-of/", views.as_of, name="as_of"),
    path("<slug:document>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<slug:document>/v<int:number>/", views.contents, name="version_contents"),
    path("<slug:document>/v<int:number>/all/", views.whole_document, name="version_all"),
    path("<slug:document>/v<int:number>/<slug:section>/", views.section, name="version_section"),
    path("<slug:document>/<slug:section>/", views.section, name="section"),
]
