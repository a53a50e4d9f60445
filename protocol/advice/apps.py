from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "protocol.advice"
    label = "advice"
    verbose_name = "Ask the Monitoring Officer"

    def ready(self):
        from protocol.advice import checks  # noqa: F401  (registers the deploy checks)
