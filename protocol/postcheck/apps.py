from django.apps import AppConfig


class PostCheckConfig(AppConfig):
    name = "protocol.postcheck"
    label = "postcheck"
    verbose_name = "Check my post"
