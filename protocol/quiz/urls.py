"""The quiz lives at /quiz/; the quiz on a document at /quiz/<document>/..."""

from django.urls import path

from protocol.quiz import views

app_name = "quiz"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:document>/", views.start, name="start"),
    path("<slug:document>/practice/", views.practice, name="practice"),
    path("<slug:document>/practice/feedback/", views.practice_feedback, name="practice_feedback"),
    path("<slug:document>/report/", views.report_page, name="report"),
    path("<slug:document>/report.csv", views.report_csv, name="report_csv"),
    path("<slug:document>/attempts/<int:pk>/", views.attempt, name="attempt"),
    path(
        "<slug:document>/attempts/<int:pk>/feedback/<int:position>/",
        views.feedback,
        name="feedback",
    ),
    path("<slug:document>/attempts/<int:pk>/result/", views.result, name="result"),
    path("<slug:document>/attempts/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<slug:document>/attempts/<int:pk>/discard/", views.discard, name="discard"),
]
