from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "protocol.advice"
    label = "advice"
    verbose_name = "Ask the Monitoring Officer"
