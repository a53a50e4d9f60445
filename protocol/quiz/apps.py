from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "protocol.quiz"
    label = "quiz"
    verbose_name = "Quiz"
